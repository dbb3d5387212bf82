# Navigation aids of the built-in chrome (issue 14): the site's title and
# breadcrumbs at zero configuration (linked only where something is
# served, asked of httpd once per render and never on a cache hit),
# previous and next page, and "last updated".
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_write_file);
use File::Path qw(rmtree);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

plan tests => 33;

my $root = Apache::Test::vars('documentroot');

sub crumbs {
    my $b = shift;
    my ($ol) = $b =~ m{<ol class="breadcrumbs__list">(.*?)</ol>}s;
    return join ' | ', map {
        m{<a href="([^"]*)"[^>]*>([^<]*)</a>} ? "$2=$1"
        : m{<span>([^<]*)</span>} ? "$1=" : '?'
    } ($ol // '') =~ m{<li class="breadcrumbs__item">(.*?)</li>}gs;
}

# --- zero configuration -------------------------------------------------

my $page = '/zero/user-guide/getting-started/short.md';
my $res = GET $page;
my $b = $res->content;
ok t_cmp($res->code, 200, "$page renders");
ok t_cmp(crumbs($b), 'Home=/ | Zero= | The user guide=/zero/user-guide/ | '
         . 'Getting started= | First steps with Landing pages='
         . '/zero/user-guide/getting-started/short.md',
         'crumbs: titles from names and index pages; links only where '
         . 'something is served');
my ($brand) = $b =~ m{<span class="site-header__name">([^<]*)</span>};
my ($footer) = $b =~ m{<footer class="site-footer">.*?<p>(.*?)</p>}s;
ok t_cmp($brand, 'Documentation', 'brand: the default name');
ok t_cmp($footer, qr{Back to top}, 'the footer says something else');

# A page no other test has asked for, so that its first request renders
# it (LogLevel landing:trace2 in /zero logs each look-up as LANDING71).
my $fresh_rel = "zero/user-guide/getting-started/fresh-$$.md";
t_write_file("$root/$fresh_rel", "---\nlayout: Landing\ntitle: Fresh\n---\n# Fresh\n");
my $mark = error_log_mark();
$b = GET("/$fresh_rel")->content;
my @looked = error_log_since($mark) =~ /LANDING71: breadcrumb (\S+): /g;
ok t_cmp("@looked", '/ /zero/ /zero/user-guide/ '
         . '/zero/user-guide/getting-started/',
         'one look-up per directory, the root once for title and Home');

# Each child has its own render cache: of several requests some are
# rendered (by a child that has not yet) and some are hits; only the
# renders look anything up.
$mark = error_log_mark();
my $same = 1;
for (1 .. 8) {
    $same &&= GET("/$fresh_rel")->content eq $b;
}
my $log = error_log_since($mark);
my $renders = () = $log =~ /LANDING15: rendered: .*fresh-$$\.md/g;
my $hits = () = $log =~ /LANDING17: cache hit: .*fresh-$$\.md/g;
my $lookups = () = $log =~ /LANDING71/g;
ok t_cmp($same, 1, 'the same page every time');
ok t_cmp($hits > 0 && $lookups == 4 * $renders ? 1 : 0, 1,
         "look-ups only when rendered ($renders renders, $hits cache hits, "
         . "$lookups look-ups)");
unlink "$root/$fresh_rel";

# A directory that gets an index page later: the rendered page (in the
# cache, under the same validators) keeps its crumb unlinked until the
# page is rendered again, here because its source changed.
my $dir = "$root/zero/later";
rmtree($dir);
t_write_file("$dir/sub/page.md", "---\nlayout: Landing\ntitle: Later\n---\n# Later\n");
my $first = GET '/zero/later/sub/page.md';
ok t_cmp(crumbs($first->content), qr{ \| Sub= \| Later=}, 'no index: not linked');
t_write_file("$dir/sub/index.md", "---\nlayout: Landing\ntitle: Now indexed\n---\n");
my $cached = GET '/zero/later/sub/page.md';
ok t_cmp($cached->header('ETag'), $first->header('ETag'),
         'an index page appears: the page\'s ETag is unchanged');
ok t_cmp(GET('/zero/later/sub/page.md', 'If-None-Match' => $first->header('ETag'))->code,
         304, 'so a client that has the page keeps it');
my $t = time + 5;
utime $t, $t, "$dir/sub/page.md";
my $fresh = GET '/zero/later/sub/page.md';
ok t_cmp(crumbs($fresh->content), qr{ \| Now indexed=/zero/later/sub/ \| Later=},
         'rendered again: linked, titled as the index page');
ok t_cmp($fresh->header('ETag') ne $first->header('ETag') ? 1 : 0, 1,
         'with a new ETag');
rmtree($dir);

# The root's index page names the site; a LandingSet name wins.
$b = GET('/site/page.md')->content;
ok t_cmp(($b =~ m{<span class="site-header__name">([^<]*)</span>})[0],
         'Example Docs', 'LandingSet name is the brand');

# --- previous and next ----------------------------------------------------

$b = GET('/docs/guide/install.md')->content;
ok t_cmp($b, qr{<nav class="page-nav" aria-label="Previous and next page">},
         'a labelled navigation landmark');
ok t_cmp($b, qr{<a class="page-nav__link page-nav__link_prev" href="/docs/guide/index.md" rel="prev">.*?Guide</span></a>}s,
         'prev: the section page before the first child');
ok t_cmp($b, qr{<a class="page-nav__link page-nav__link_next" href="/docs/guide/configure.md" rel="next">.*?Configure</span></a>}s,
         'next: the next item');
$b = GET('/docs/guide/from-1.md')->content;
ok t_cmp($b, qr{rel="next">.*?Cards</span>}s,
         'after the last page of a section: the next section');
$b = GET('/docs/cards/concepts-cards.md')->content;
ok t_cmp($b !~ /rel="next"/ ? 1 : 0, 1,
         'the last page: no next (an external URL is no page)');
ok t_cmp($b, qr{rel="prev">.*?GitHub Flavored Markdown</span>}s, 'but a prev');
$b = GET('/docs/')->content;
ok t_cmp($b !~ /rel="prev"/ ? 1 : 0, 1, 'the first page: no prev');

$b = GET('/docs/aids/own-links.md')->content;
ok t_cmp($b, qr{href="/docs/guide/install.md" rel="prev">.*?Install</span>}s,
         'front matter prev: a path, titled by the nav');
ok t_cmp($b, qr{href="/docs/cards/gfm.md" rel="next">.*?Somewhere else</span>}s,
         'front matter next: title and path');
$b = GET('/docs/aids/no-links.md')->content;
ok t_cmp($b !~ /class="page-nav"/ ? 1 : 0, 1,
         'next: false, and a javascript: prev ignored (not in the nav): none');
$b = GET('/zero/user-guide/getting-started/short.md')->content;
ok t_cmp($b !~ /class="page-nav"/ ? 1 : 0, 1, 'no nav: no page links');

# --- last updated --------------------------------------------------------

$b = GET('/zero/updated/dated.md')->content;
ok t_cmp($b, qr{<p class="last-updated">Last updated: <time datetime="2024-05-01">May 1, 2024</time></p>},
         'front matter lastUpdated, in English');
$b = GET('/zero/updated/german.md')->content;
ok t_cmp($b, qr{<time datetime="2024-03-09">9\. M\x{c3}\x{a4}rz 2024</time>},
         'lang: de, the day in UTC');
ok t_cmp(GET('/zero/updated/hidden.md')->content !~ /<p class="last-updated">/ ? 1 : 0, 1,
         'lastUpdated: false hides it');
ok t_cmp(GET('/zero/user-guide/index.md')->content !~ /<p class="last-updated">/ ? 1 : 0, 1,
         'without LandingSet lastUpdated on: not shown');

# The file's mtime: part of the validators already, so a new date comes
# with a new ETag and Last-Modified.
my $file = "$root/zero/updated/mtime.md";
my $when = 1700000000;    # 2023-11-14 22:13:20 UTC
utime $when, $when, $file;
$res = GET '/zero/updated/mtime.md';
ok t_cmp($res->content, qr{<time datetime="2023-11-14">November 14, 2023</time>},
         'no front matter date: the file\'s mtime');
my ($etag, $lm) = ($res->header('ETag'), $res->header('Last-Modified'));
$when += 86400;
utime $when, $when, $file;
$res = GET '/zero/updated/mtime.md';
ok t_cmp($res->content, qr{November 15, 2023}, 'a day later');
ok t_cmp($res->header('ETag') ne $etag ? 1 : 0, 1, 'a new ETag');
ok t_cmp($res->header('Last-Modified') ne $lm ? 1 : 0, 1, 'a new Last-Modified');
ok t_cmp(GET('/zero/updated/mtime.md', 'If-None-Match' => $etag)->code, 200,
         'the old ETag does not revalidate');
