# LandingEditBase and LandingCanonicalBase: the edit link is the base plus
# the file's path below its document root or Alias; the canonical link is
# the base plus the request path; front matter editLink and canonicalUrl;
# per-directory merge and .htaccess.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET_BODY);
use Apache::TestUtil qw(t_cmp);

plan tests => 21;

my $edit = 'https://git.example.org/docs/edit/main';
sub edit_link {
    my ($m) = $_[0] =~ m{<p class="edit-link"><a href="([^"]*)">Edit this page</a></p>};
    return $m // '';
}
sub canonical {
    my @m = $_[0] =~ m{<link rel="canonical" href="([^"]*)">}g;
    return join ' ', @m;
}

my $b = GET_BODY '/docs/guide/install.md';
ok t_cmp(edit_link($b), "$edit/docs/guide/install.md",
         'edit link: base (trailing / dropped) + path below the document root');
ok t_cmp(canonical($b), 'https://docs.example.org/docs/guide/install.md',
         'canonical: base + request path');
ok t_cmp($b, qr{<link rel="canonical" href="[^"]*">\n.*</head>}s, 'canonical is in the head');

# A directory index: the file that was served. The index file's own URL
# first, so that a render cache mixing the two would show.
$b = GET_BODY '/docs/guide/index.md';
ok t_cmp(canonical($b), 'https://docs.example.org/docs/guide/index.md',
         'the index file asked for by name');
$b = GET_BODY '/docs/guide/';
ok t_cmp(edit_link($b), "$edit/docs/guide/index.md", 'directory index: its file');
ok t_cmp(canonical($b), 'https://docs.example.org/docs/guide/', 'canonical: the requested URL');

# Under an Alias the path is relative to the alias's directory.
$b = GET_BODY '/aliased/install.md';
ok t_cmp(edit_link($b), "$edit/install.md", 'Alias: relative to its target');
ok t_cmp(canonical($b), 'https://docs.example.org/aliased/install.md', 'Alias: canonical is the URL');

# Names that need escaping.
$b = GET_BODY '/docs/with%20space/%C3%BCn%C3%AF%20code.md';
ok t_cmp(edit_link($b), "$edit/docs/with%20space/%c3%bcn%c3%af%20code.md",
         'edit link percent-encoded');
ok t_cmp(canonical($b), 'https://docs.example.org/docs/with%20space/%c3%bcn%c3%af%20code.md',
         'canonical percent-encoded');

# Front matter.
$b = GET_BODY '/docs/toc-off.md';
ok t_cmp(edit_link($b), '', 'editLink: false hides it');
ok $b !~ /<p class="edit-link"/;
$b = GET_BODY '/docs/canonical.md';
ok t_cmp(canonical($b), 'https://elsewhere.example.org/page?a=1&amp;b=2',
         'canonicalUrl overrides, escaped');
$b = GET_BODY '/docs/canonical-js.md';
ok t_cmp(canonical($b), 'https://docs.example.org/docs/canonical-js.md',
         'canonicalUrl that is no web address: ignored, the base serves');
$b = GET_BODY '/docs/no-canonical.md';
ok t_cmp(canonical($b), '', 'canonicalUrl: false removes it');

# A child directory: LandingCanonicalBase none, the edit base inherited.
$b = GET_BODY '/docs/cards/reference-architectures.md';
ok t_cmp(canonical($b), '', 'LandingCanonicalBase none in a child');
ok t_cmp(edit_link($b), "$edit/docs/cards/reference-architectures.md", 'edit base inherited');

# From .htaccess.
$b = GET_BODY '/htaccess-links/page.md';
ok t_cmp(edit_link($b), 'https://edit.example.org/from-htaccess/htaccess-links/page.md',
         '.htaccess: LandingEditBase');
ok t_cmp(canonical($b), 'https://canonical.example.org/htaccess-links/page.md',
         '.htaccess: LandingCanonicalBase');

# Without the directives: neither.
$b = GET_BODY '/set/plain.md';
ok t_cmp(edit_link($b) . canonical($b), '', 'no directives, no links');
ok $b !~ /<link rel="canonical"|<p class="edit-link"/;
