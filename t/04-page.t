# What a rendered page holds: title, lang, description, meta, escaping,
# BOM and CRLF, raw HTML on and off, site variables.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET_BODY);
use Apache::TestUtil qw(t_cmp);

plan tests => 27;

my $b;

# Title from the first H1 when front matter has none; the H1's text
# without markup.
$b = GET_BODY '/set/h1-title.md';
ok t_cmp($b, qr{<title>The First Heading</title>}, 'title from first H1');
ok t_cmp($b, qr{<html lang="en">}, 'default lang is en');

# Site variables: " | site name" in <title>, site lang as default.
$b = GET_BODY '/site/page.md';
ok t_cmp($b, qr{<title>Site page \| Example Docs</title>},
         'title with site name');
ok t_cmp($b, qr{<html lang="de">}, 'lang from LandingSet lang');
ok t_cmp($b, qr{Example Docs}, 'site name in the chrome');
$b = GET_BODY '/site/lang.md';
ok t_cmp($b, qr{<html lang="en-GB">}, 'front matter lang wins');

# meta: a description entry becomes the description; the others become
# meta tags; values are escaped.
$b = GET_BODY '/set/meta.md';
ok t_cmp($b, qr{<html lang="fr">}, 'lang from front matter');
ok t_cmp($b, qr{<meta name="description" content="A page about &quot;meta&quot; &amp; &lt;tags&gt;">},
         'description from the meta list, escaped');
ok t_cmp($b, qr{<meta name="keywords" content="docs, apache">}, 'name meta');
ok t_cmp($b, qr{<meta property="og:title" content="Open Graph title">},
         'property meta');
my @desc = $b =~ /name="description"/g;
ok t_cmp(scalar @desc, 1, 'one description');

$b = GET_BODY '/set/description.md';
ok t_cmp($b, qr{<meta name="description" content="Front matter description wins">},
         'front matter description wins over meta');
ok $b !~ /the meta list's description/;

# Hostile front matter is escaped wherever it lands; template syntax in a
# page stays literal.
$b = GET_BODY '/set/hostile.md';
ok t_cmp($b, qr{<title>&lt;/title&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;</title>},
         'title escaped');
ok $b !~ /<script>alert/;
ok t_cmp($b, qr{content="&quot;&gt;&lt;script&gt;alert\(2\)&lt;/script&gt;"},
         'description escaped in the attribute');
ok t_cmp($b, qr{<html lang="en&quot; onload=&quot;alert\(3\)">}, 'lang escaped');
ok t_cmp($b, qr{<meta name="&quot;&gt;&lt;x" content="\{\{site.name\}\} &quot; onmouseover=&#39;y&#39;">},
         'meta name and content escaped, braces literal');
ok t_cmp($b, qr{<h1>Body \{\{title\}\} \{\{\{content\}\}\}</h1>},
         'template syntax in the body stays literal');

# BOM and CRLF; "..." closes front matter.
$b = GET_BODY '/set/bom-crlf.md';
ok t_cmp($b, qr{<title>BOM and CRLF</title>}, 'BOM + CRLF front matter');
ok t_cmp($b, qr{<h1>Windows page</h1>}, 'CRLF body');

# Raw HTML: kept by default, removed with LandingRawHTML Off.
$b = GET_BODY '/set/reference-architectures.md';
ok t_cmp($b, qr{<figure class="main-card main-card_size_large">}, 'raw HTML kept');
$b = GET_BODY '/safe/page.md';
ok $b !~ /<div class="raw">/;
ok $b !~ /<span class="rawinline">/;
ok t_cmp($b, qr{<!-- raw HTML omitted -->}, 'safe mode marks omissions');
ok $b !~ /javascript:/;
ok t_cmp($b, qr{<a href="/ok">a good link</a>}, 'safe links kept');
