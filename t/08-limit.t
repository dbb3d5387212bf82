# LandingMaxSize: a body over the limit is never rendered; it goes out
# unchanged with its own headers, and a warning names the file.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(source error_log_mark error_log_since);

plan tests => 6;

my $res = GET '/limit/under.md';
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'under the limit: rendered');

my $mark = error_log_mark();
$res = GET '/limit/over.md';
ok t_cmp($res->code, 200, 'over the limit: 200');
ok t_cmp($res->content, source('limit/over.md'), 'over: bytes unchanged');
ok t_cmp($res->header('Content-Type'), 'text/markdown', 'over: type unchanged');
ok t_cmp($res->header('ETag'), qr{^"}, 'over: ETag kept');
ok t_cmp(error_log_since($mark),
         qr{\[landing:warn\].*LANDING05: .*/limit/over\.md is larger than LandingMaxSize},
         'over: warning names the file');
