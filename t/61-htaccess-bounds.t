# Bounds that .htaccess cannot lift: LandingMaxSize from an .htaccess
# file above LandingMaxSizeLimit (by default the server's LandingMaxSize)
# is refused with a 500 and an error-log line naming the limit; lower
# values work. Sizes past apr_off_t are refused at startup.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);
use LandingTest ();

plan tests => 17;

my $mark = error_log_mark();
my $res = GET '/htaccess-maxsize/over/page.md';
ok t_cmp($res->code, 500, '.htaccess LandingMaxSize 100G: 500');
ok t_cmp(error_log_since($mark),
         qr{htaccess-maxsize/over/\.htaccess: LandingMaxSize 100G is over LandingMaxSizeLimit 8M},
         '... and the error log names the limit');

$res = GET '/htaccess-maxsize/at/page.md';
ok t_cmp($res->code, 200, '.htaccess LandingMaxSize at the limit: 200');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         '... rendered');

$res = GET '/htaccess-maxsize/below/page.md';
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         '.htaccess LandingMaxSize 1K: a small page is rendered');
$res = GET '/htaccess-maxsize/below/big.md';
ok t_cmp($res->code, 200, '... a page over 1K: 200');
ok t_cmp($res->header('Content-Type'), 'text/markdown',
         '... passes through: the lower bound holds');

# The default limit is the server's own LandingMaxSize: 2K in this
# virtual host, 8M in the main server.
$res = GET '/htaccess-maxsize/3k/page.md';
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'LandingMaxSize 3K from .htaccess: fine under 8M');
Apache::TestRequest::module('landing_limit');
$mark = error_log_mark();
$res = GET '/htaccess-maxsize/3k/page.md';
ok t_cmp($res->code, 500, '... refused in a server whose LandingMaxSize is 2K');
ok t_cmp(error_log_since($mark),
         qr{LandingMaxSize 3K is over LandingMaxSizeLimit 2K},
         '... naming that limit');
Apache::TestRequest::module('default');

# --- startup -----------------------------------------------------------
sub config_test { LandingTest::config_test('htaccess-bounds', @_) }
my ($rc, $out) = config_test("LandingMaxSize 17179869201G\n");
ok t_cmp($out, qr{LandingMaxSize: '17179869201G' is too large \(at most 9223372036854775807 bytes\)},
         'a size that wraps apr_off_t is refused');
($rc, $out) = config_test("LandingMaxSizeLimit 8589934592G\n");
ok t_cmp($out, qr{LandingMaxSizeLimit: '8589934592G' is too large},
         'the limit too');
($rc, $out) = config_test("LandingMaxSizeLimit 64M\nLandingMaxSize 9223372036854775807\n");
ok t_cmp($rc, 0, 'the largest size and a limit are accepted');
($rc, $out) = config_test("<VirtualHost 127.0.0.1:1>\nLandingMaxSizeLimit 1M\n</VirtualHost>\n");
ok $rc != 0;
ok t_cmp($out, qr{LandingMaxSizeLimit cannot occur within <VirtualHost> section},
         'LandingMaxSizeLimit is for the server config only');
($rc, $out) = config_test("<Directory />\nLandingMaxSizeLimit 1M\n</Directory>\n");
ok t_cmp($out, qr{LandingMaxSizeLimit not allowed in <Directory> context}, '... not in <Directory>');
($rc, $out) = config_test("LandingMaxSizeLimit 0\n");
ok t_cmp($out, qr{LandingMaxSizeLimit: '0' is not a positive size}, '... not 0');
