# LogLevel landing:trace1 (t/conf/extra.conf.in): every response the
# filter sees logs one line with its decision and the reason, and every
# reason has a tag of its own.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_debug);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

my @cases = (
    # what, request, the line it logs
    ['rendered', '/observe/page.md',
     qr{\[landing:trace1\] .*LANDING15: rendered: layout 'Landing', \d+ bytes of Markdown to \d+ bytes of HTML: \S+/observe/page\.md}],
    ['no front matter', '/observe/plain.md',
     qr{\[landing:trace1\] .*LANDING04: pass: no front matter: /observe/plain\.md}],
    ['another layout', '/observe/other.md',
     qr{\[landing:trace1\] .*LANDING13: pass: layout 'Blog' is not configured: \S+/observe/other\.md}],
    ['no layout', '/observe/no-layout.md',
     qr{\[landing:trace1\] .*LANDING08: pass: front matter names no layout: \S+/observe/no-layout\.md}],
    ['invalid YAML', '/observe/broken.md',
     qr{\[landing:warn\] .*LANDING11: \S+/observe/broken\.md:\d+:\d+: invalid front matter, passing through: }],
    ['status', '/asis/notfound.asis',
     qr{\[landing:trace1\] .*LANDING06: pass: status 404, not 200: /asis/notfound\.asis}],
    ['encoding', '/asis/encoded.asis',
     qr{\[landing:trace1\] .*LANDING07: pass: body has Content-Encoding identity-test: /asis/encoded\.asis}],
    ['subrequest', '/include/page.shtml',
     qr{\[landing:trace1\] .*LANDING01: pass: subrequest: /set/reference-architectures\.md}],
    ['size', '/limit/over.md',
     qr{\[landing:warn\] .*LANDING05: pass: body of \S+/limit/over\.md is larger than LandingMaxSize}],
);

plan tests => 2 * @cases + 3;

my %tags;
for my $c (@cases) {
    my ($what, $url, $want) = @$c;
    my $mark = error_log_mark();
    GET $url;
    my @lines = grep { /\[landing:/ } split /\n/, error_log_since($mark);
    ok t_cmp(scalar(@lines), 1, "$what: one line") or t_debug(@lines);
    ok t_cmp($lines[0] // '', $want, "$what: the decision and its reason");
    $tags{$1}++ if ($lines[0] // '') =~ /(LANDING\d+):/;
}
ok t_cmp(scalar(keys %tags), scalar(@cases), 'each reason has its own tag');

# A cache hit. Each child has a cache of its own: ask until the child
# that rendered the page answers.
my $hit = '';
GET '/observe/cached/page.md';
for (1 .. 10) {
    my $mark = error_log_mark();
    GET '/observe/cached/page.md';
    $hit = error_log_since($mark);
    last if $hit =~ /LANDING17/;
}
my @lines = grep { /\[landing:/ } split /\n/, $hit;
ok t_cmp(scalar(@lines), 1, 'cache hit: one line');
ok t_cmp($lines[0] // '',
         qr{\[landing:trace1\] .*LANDING17: cache hit: \S+/observe/cached/page\.md},
         'cache hit: logged as such');
