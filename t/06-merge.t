# Every directive merges per directory: a child inherits what it does not
# set and overrides what it does.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET GET_BODY);
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(source);

plan tests => 16;

my $b;

# Parent: default chrome, site name, raw HTML off, a custom layout.
$b = GET_BODY '/merge/page.md';
ok t_cmp($b, qr{<title>Parent page \| Parent Site</title>}, 'parent site name');
ok $b !~ /<div class="raw">/;
ok t_cmp($b, qr{skip-link}, 'parent uses the default chrome');
$b = GET_BODY '/merge/custom.md';
ok t_cmp($b, qr{<body class="custom-layout" data-path="/merge/custom.md">},
         'parent LandingLayout Custom');
ok t_cmp($b, qr{<p class="footer">Parent footer</p>}, 'parent footer');

# Child: overrides name, raw HTML and the Landing layout; inherits the
# footer and the Custom layout.
$b = GET_BODY '/merge/child/page.md';
ok t_cmp($b, qr{<body class="plain-layout">}, 'child overrides layout Landing');
ok t_cmp($b, qr{<p class="site">Child Site</p>}, 'child overrides site name');
ok t_cmp($b, qr{<p class="footer">Parent footer</p>}, 'child inherits footer');
ok t_cmp($b, qr{<div class="raw">raw</div>}, 'child turns raw HTML on');
$b = GET_BODY '/merge/child/custom.md';
ok t_cmp($b, qr{<body class="custom-layout"}, 'child inherits layout Custom');
ok t_cmp($b, qr{<p class="site">Child Site</p>}, 'inherited layout, own site');

# Grandchild: a smaller size limit, everything else inherited.
my $res = GET '/merge/child/grandchild/page.md';
ok t_cmp($res->content, source('merge/child/grandchild/page.md'),
         'grandchild LandingMaxSize 50 passes the page through');
ok t_cmp($res->header('Content-Type'), 'text/markdown', 'unchanged type');

# The parent's 100K limit is inherited by the child.
$res = GET '/merge/child/page.md';
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'child renders under the inherited limit');

# Directories without LandingSet have no site name.
$b = GET_BODY '/set/no-site.md';
ok t_cmp($b, qr{<title>No site</title>}, 'no site name outside');

# .htaccess: LandingSet is allowed (FileInfo).
$b = GET_BODY '/htaccess/page.md';
ok t_cmp($b, qr{<title>Htaccess page \| From htaccess</title>},
         'LandingSet in .htaccess');
