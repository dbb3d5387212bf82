# LandingNav: section tabs, the sidebar of the current section, the
# breadcrumbs (from the tree, or from the URL), aria-current, footer
# links, and the landmarks of the default chrome.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET_BODY);
use Apache::TestUtil qw(t_cmp);

plan tests => 46;

sub part {
    my ($html, $re) = @_;
    my ($m) = $html =~ $re;
    return $m // '';
}
sub tabs     { part(shift, qr{(<nav class="tabs".*?</nav>)}s) }
sub sidebar  { part(shift, qr{(<nav class="sidebar".*?</nav>)}s) }
sub crumbs   { part(shift, qr{(<nav class="breadcrumbs".*?</nav>)}s) }
sub crumb_titles {
    my $c = crumbs(shift);
    # A crumb is a link, or a <span> where nothing is served.
    return join ' / ', $c =~ m{<li class="breadcrumbs__item"><(?:a [^>]*|span)>([^<]*)</(?:a|span)>}g;
}

# --- a page in the tree ---------------------------------------------------
my $b = GET_BODY '/docs/guide/install.md';
my $t = tabs($b);
ok t_cmp($t, qr{^<nav class="tabs" aria-label="Sections">}, 'tabs nav');
ok t_cmp($t, qr{<a class="tabs__link" href="/docs/guide/index.md" aria-current="true">Guide</a>},
         'the current section is marked');
ok t_cmp($t, qr{<a class="tabs__link" href="/docs/">Start</a>}, 'other tab');
ok t_cmp($t, qr{<a class="tabs__link" href="https://example.org/">Elsewhere</a>},
         'a tab may be a URL');
ok t_cmp(scalar(() = $t =~ /aria-current/g), 1, 'one tab marked');

my $s = sidebar($b);
ok t_cmp($s, qr{^<nav class="sidebar" aria-label="Section: Guide">}, 'sidebar of the section');
ok t_cmp($s, qr{<a class="sidebar__title" href="/docs/guide/index.md">Guide</a>}, 'section title');
ok t_cmp($s, qr{<li class="sidebar__item is-active"><a class="sidebar__link" href="/docs/guide/install.md" aria-current="page">Install</a></li>},
         'the current page: aria-current="page"');
ok t_cmp($s, qr{<li class="sidebar__item is-collapsed"><a class="sidebar__link" href="/docs/guide/configure.md">Configure</a></li>},
         'a group off the current path is collapsed');
ok t_cmp(($s !~ /advanced\.md|from-1\.md/) ? 1 : 0, 1, 'its children are not shown');
ok t_cmp(($s !~ /Reference architectures/) ? 1 : 0, 1, 'other sections are not in it');
ok t_cmp(scalar(() = $b =~ /<a [^>]*aria-current="page"/g), 2,
         'sidebar and breadcrumb mark the page');

ok t_cmp(crumb_titles($b), 'Test Docs / Guide / Install', 'breadcrumbs: ancestors');
ok t_cmp(crumbs($b), qr{^<nav class="breadcrumbs" aria-label="breadcrumb">\s*<ol }, 'breadcrumb nav, ordered list');
ok t_cmp(crumbs($b), qr{<a href="/docs/guide/install.md" aria-current="page">Install</a>}, 'last crumb is the page');

# --- two levels down: ancestors expanded, text escaped ---------------------
$b = GET_BODY '/docs/guide/advanced.md';
$s = sidebar($b);
ok t_cmp($s, qr{<li class="sidebar__item is-active"><a class="sidebar__link" href="/docs/guide/configure.md">Configure</a><ul class="sidebar__list">\s*<li class="sidebar__item is-active"><a class="sidebar__link" href="/docs/guide/advanced.md" aria-current="page">Advanced &lt;options&gt; &amp; &quot;more&quot;</a></li></ul></li>},
         'the ancestor is expanded, the page nested and escaped');
ok t_cmp($s, qr{href="/docs/guide/upgrade.md">Upgrade</a></li>}, 'the other group stays collapsed');
ok $s !~ /from-1/;
ok t_cmp(crumb_titles($b), 'Test Docs / Guide / Configure / Advanced &lt;options&gt; &amp; &quot;more&quot;',
         'breadcrumbs through the tree');
ok t_cmp(tabs($b), qr{aria-current="true">Guide<}, 'tab still marked');

# --- the section's own page, named by index.md in the nav -----------------
for my $url ('/docs/guide/', '/docs/guide/index.md') {
    $b = GET_BODY $url;
    ok t_cmp(tabs($b), qr{href="/docs/guide/index.md" aria-current="page">Guide</a>},
             "$url: the section's tab is the page");
    ok t_cmp(sidebar($b), qr{<a class="sidebar__title" href="/docs/guide/index.md" aria-current="page">Guide</a>},
             "$url: sidebar title is the page");
}

# --- a page the tree does not list ----------------------------------------
$b = GET_BODY '/docs/guide/unlisted.md';
ok t_cmp(crumb_titles($b), 'Test Docs / Start / Guide / Not in the nav',
         'breadcrumbs from URL segments, named by the tree');
ok t_cmp(crumbs($b), qr{<a href="/docs/guide/unlisted.md" aria-current="page">Not in the nav</a>},
         'the page itself is current');
ok t_cmp(sidebar($b), qr{aria-label="Section: Guide"}, 'section by path prefix');
ok t_cmp((sidebar($b) !~ /aria-current/) ? 1 : 0, 1, 'nothing current in the sidebar');
ok t_cmp(tabs($b), qr{aria-current="true">Guide<}, 'tab by path prefix');

$b = GET_BODY '/docs/other/deep/page.md';
ok t_cmp(crumb_titles($b), 'Test Docs / Start / Other / Deep / Deep page',
         'unknown directories named by their segment, read as a title');
ok t_cmp(crumbs($b), qr{<li class="breadcrumbs__item"><span>Other</span></li>},
         'a directory with nothing to serve (no index page): not a link');
ok t_cmp(($b !~ /<nav class="sidebar"/) ? 1 : 0, 1, 'no section with pages: no sidebar');
ok $b !~ /<div class="layout[^"]*layout_sidebar/;

# --- front matter, footer, other trees -------------------------------------
$b = GET_BODY '/docs/toc-off.md';
ok t_cmp(($b !~ /<nav class="breadcrumbs"/) ? 1 : 0, 1, 'showBreadcrumb: no hides them');
ok t_cmp(tabs($b), qr{<nav class="tabs"}, 'tabs stay');

$b = GET_BODY '/docs/guide/install.md';
ok t_cmp($b, qr{<nav class="site-footer__nav" aria-label="Footer">\s*<ul class="site-footer__links">\s*<li><a href="/docs/privacy.md">Privacy &amp; terms</a></li>\s*<li><a href="https://example.org/project">Project site</a></li>},
         'footer links from the nav file');

# The home page has no breadcrumbs (one crumb).
$b = GET_BODY '/docs/';
ok t_cmp(tabs($b), qr{href="/docs/" aria-current="page">Start</a>}, 'start page tab');
ok t_cmp(crumb_titles($b), 'Test Docs / Start', 'start page crumbs');

# Without LandingNav: no tabs or sidebar, breadcrumbs from the URL.
$b = GET_BODY '/set/h1-title.md';
ok t_cmp(($b !~ /<nav class="(?:tabs|sidebar|site-footer__nav)"/) ? 1 : 0, 1, 'no nav: no tabs, sidebar, footer links');
ok t_cmp(crumb_titles($b), 'Home / Set / The First Heading', 'no nav: URL breadcrumbs');

# LandingNav none in a child directory.
$b = GET_BODY '/noids/child/page.md';
ok t_cmp(($b !~ /<nav class="tabs"/) ? 1 : 0, 1, 'LandingNav none');

# --- the chrome: landmarks, skip link, logo ------------------------------
$b = GET_BODY '/docs/guide/install.md';
ok t_cmp($b, qr{<html lang="en">}, 'lang');
ok t_cmp($b, qr{<header class="site-header">.*<main id="main_content".*</main>.*<footer class="site-footer">}s,
         'header, main, footer landmarks in order');
ok t_cmp($b, qr{<img class="site-header__logo" src="/img/logo.svg" alt="">\s*<span class="site-header__name">Test Docs</span>},
         'logo and site name in the header');
ok t_cmp($b, qr{<link rel="icon" href="/img/logo.svg">}, 'the logo is the icon');
ok t_cmp(($b !~ m{\bsrc="(?:[a-z]+:)?//}i && $b !~ /<script/i) ? 1 : 0, 1,
         'no script, no resource from another host');
