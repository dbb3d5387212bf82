# "On this page": the h2 headings with their h3 headings nested, text
# escaped, links to the ids; showToc: false hides it.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET_BODY);
use Apache::TestUtil qw(t_cmp);

plan tests => 17;

my $b = GET_BODY '/docs/cards/headings.md';
my ($toc) = $b =~ m{(<nav class="toc" aria-label="On this page">.*?</nav>)}s;
ok t_cmp((defined $toc) ? 1 : 0, 1, 'the page has an "On this page" nav');
$toc //= '';

# h2 items with their h3 items nested; text escaped.
ok t_cmp($toc, qr{<li><a href="#add-a-sign-in-flow">Add a Sign-In Flow</a><ul><li><a href="#uber-uns-quotes">\xC3\x9Cber uns &amp; &quot;Quotes&quot;</a></li><li><a href="#_1-numbered">1\. Numbered</a></li></ul></li>},
         'h2 with its h3s nested, text escaped');
ok t_cmp($toc, qr{<li><a href="#code-spans-and-emphasis-in-a-heading">Code spans and emphasis  in a heading</a></li>},
         'markup dropped from the text');
ok t_cmp($toc, qr{<a href="#tags-like-main">Tags like &lt;main&gt;</a>},
         'angle brackets escaped');
ok t_cmp($toc, qr{<li><a href="#repeated">Repeated</a></li>\s*<li><a href="#repeated-1">Repeated</a><ul><li><a href="#repeated-2">Repeated</a></li></ul></li>},
         'repeats link to their own ids');

# Not in it: h4, raw HTML headings, headings without an id.
ok t_cmp(($toc !~ /a-level-four-heading/) ? 1 : 0, 1, 'no h4');
ok t_cmp(($toc !~ /#kept|raw HTML/) ? 1 : 0, 1, 'no raw HTML heading');
ok t_cmp(($toc !~ /!!!/) ? 1 : 0, 1, 'no heading without an id');

# Every link has a target in the page.
my @links = $toc =~ /href="#([^"]+)"/g;
ok t_cmp((@links >= 10) ? 1 : 0, 1, 'links: ' . scalar @links);
my %ids = map { $_ => 1 } $b =~ /\bid="([^"]+)"/g;
ok t_cmp(join(',', grep { !$ids{$_} } @links), '', 'every link has a target');

# The layout knows there is a toc.
ok t_cmp($b, qr{<div class="layout layout_sidebar layout_toc">}, 'layout class');

# showToc: false hides it; the headings keep their ids.
$b = GET_BODY '/docs/toc-off.md';
ok t_cmp(($b !~ /<nav class="toc"/) ? 1 : 0, 1, 'showToc: false');
ok $b !~ /<div class="layout[^"]*layout_toc/;
ok t_cmp($b, qr{<h2 id="a-section">}, 'ids stay');

# A quoted "false" is a string, so it shows.
$b = GET_BODY '/docs/quoted-false.md';
ok t_cmp($b, qr{<nav class="toc"}, 'showToc: "false" (quoted) shows it');

# No h2 or h3: no toc.
$b = GET_BODY '/docs/canonical.md';
ok t_cmp(($b !~ /<nav class="toc"/) ? 1 : 0, 1, 'no headings, no toc');
$b = GET_BODY '/set/h1-title.md';
ok t_cmp($b, qr{<nav class="toc" aria-label="On this page">.*<li><a href="#second">Second</a></li>}s,
         'outside the docs tree too, by default');
