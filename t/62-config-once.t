# Configuration work is done when the configuration is read and merged:
# a directory with 10,000 LandingSet lines renders every one of them,
# merges with a child, keeps its ETag, and landing-render --set gives the
# same bytes. (Its cost per request is measured by bench/run, not here.)
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingCLI qw(run_cli);

plan tests => 9;

my $vars = Apache::Test::vars();
my $res = GET '/manyset/page.md';
ok t_cmp($res->code, 200, '10,000 LandingSet lines: 200');
ok t_cmp($res->content, qr{<p>Many\|v0\|v5000\|v9999\|</p>\n<p>Many/v1</p>},
         'the first, middle and last variables, and a section over them');
my $etag = $res->header('ETag');
ok t_cmp(GET('/manyset/page.md')->header('ETag'), $etag, 'the ETag holds');

$res = GET '/manyset/child/page.md';
ok t_cmp($res->content, qr{<p>Many\|v0\|child\|v9999\|Child footer</p>},
         'a child directory overrides one of 10,000 and adds one');
ok $res->header('ETag') ne $etag;
ok t_cmp(GET('/manyset/child/page.md')->header('ETag'),
         $res->header('ETag'), "the child's ETag holds");

# The command line, with the same 10,000 variables, gives the same page.
my @set = ('--set', 'name=Many', map { ('--set', "k$_=v$_") } 0 .. 9999);
my ($rc, $out, $err) = run_cli('--layout', "Landing=$vars->{t_conf}/many.html",
                               @set, '--path', '/manyset/page.md',
                               "$vars->{documentroot}/manyset/page.md");
ok t_cmp($rc, 0, 'landing-render with 10,000 --set');
ok t_cmp($out, GET('/manyset/page.md')->content, "... the server's bytes");
ok t_cmp($err, '', '... quietly');
