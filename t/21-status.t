# SetHandler landing-status: the HTML view, the ?auto view, and counters
# that move with what the filter does, summed over every child.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET POST);
use Apache::TestUtil qw(t_cmp t_write_file);
use lib 't/lib';
use LandingTest qw(source);

plan tests => 37;

# The ?auto view as a hash.
sub counters {
    my $res = GET '/landing-status?auto';
    my %c = $res->content =~ /^(\w+): (.*)$/mg;
    return \%c;
}

# How much each counter moved while $code ran.
sub delta {
    my $code = shift;
    my $before = counters();
    $code->();
    my $after = counters();
    my %d;
    for my $k (keys %$after) {
        next unless $after->{$k} =~ /^\d+$/;
        $d{$k} = $after->{$k} - ($before->{$k} // 0);
    }
    return \%d;
}

# --- the ?auto view ----------------------------------------------------

my $res = GET '/landing-status?auto';
ok t_cmp($res->code, 200, '?auto: 200');
ok t_cmp($res->header('Content-Type'), 'text/plain; charset=utf-8',
         '?auto: plain text');
my $auto = $res->content;
ok t_cmp($auto, qr{\AVersion: mod_landing/\d+\.\d+\.\d+\n}, '?auto: version first');
my @keys = qw(UptimeSeconds Rendered Passed PassedSubrequest PassedStatus
              PassedEncoding PassedNoFrontMatter PassedNoLayout
              PassedOtherLayout PassedInvalid PassedSize PassedError
              CacheHits CacheMisses CacheEvictions BytesIn BytesOut
              RenderUnder1ms RenderUnder5ms RenderUnder20ms
              RenderUnder100ms Render100msOrMore
              CacheEntries CacheBytes CacheSize CacheSlots CacheTorn);
my @missing = grep { $auto !~ /^\Q$_\E: \d+$/m } @keys;
ok t_cmp("@missing", '', '?auto: every counter, as "Key: number"');
ok t_cmp(GET('/landing-status?foo=1&auto')->content, qr{\AVersion: },
         '?auto among other arguments');
ok t_cmp($res->header('Cache-Control'), 'no-store', 'never cached');

# --- the HTML view -----------------------------------------------------

$res = GET '/landing-status';
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'HTML by default');
my $html = $res->content;
ok t_cmp($html, qr{\A<!doctype html>.*<title>mod_landing status</title>}s,
         'an HTML page');
ok t_cmp($html, qr{counting since [^<]+ GMT \(\d+ seconds\)},
         'since when it counts');
for my $h ('Passed through, by reason', 'Render cache', 'Bytes',
           'Render time', 'Render cache now, all children') {
    ok t_cmp($html, qr{<h2>\Q$h\E</h2>}, "section: $h");
}
ok t_cmp($html, qr{<th scope="row">invalid front matter</th><td>\d+</td>},
         'a reason, with its count');
ok t_cmp(POST('/landing-status', content => 'x')->code, 405,
         'only GET (and HEAD)');

# --- the counters move -------------------------------------------------

my $page = source('observe/page.md');
my $d = delta(sub { GET '/observe/page.md' });
my $body = GET('/observe/page.md')->content;
ok t_cmp($d->{Rendered}, 1, 'a render counts one page rendered');
ok t_cmp($d->{BytesIn}, length($page), 'bytes in: the Markdown');
ok t_cmp($d->{BytesOut}, length($body), 'bytes out: the page sent');
my $timed = 0;
$timed += $d->{$_} for grep { /^Render(Under|100)/ } keys %$d;
ok t_cmp($timed, 1, 'the render falls in one time bucket');
ok t_cmp($d->{Passed}, 0, 'nothing passed through');

$d = delta(sub { GET '/observe/plain.md' });
ok t_cmp($d->{PassedNoFrontMatter}, 1, 'no front matter');
ok t_cmp($d->{Rendered}, 0, 'a pass-through renders nothing');
ok t_cmp(delta(sub { GET '/observe/other.md' })->{PassedOtherLayout}, 1,
         'another layout');
ok t_cmp(delta(sub { GET '/observe/no-layout.md' })->{PassedNoLayout}, 1,
         'no layout');
ok t_cmp(delta(sub { GET '/observe/broken.md' })->{PassedInvalid}, 1,
         'invalid front matter');
ok t_cmp(delta(sub { GET '/asis/notfound.asis' })->{PassedStatus}, 1,
         'a status other than 200');
ok t_cmp(delta(sub { GET '/asis/encoded.asis' })->{PassedEncoding}, 1,
         'a Content-Encoding');
ok t_cmp(delta(sub { GET '/include/page.shtml' })->{PassedSubrequest}, 1,
         'a subrequest');
$d = delta(sub { GET '/limit/over.md' });
ok t_cmp($d->{PassedSize}, 1, 'over LandingMaxSize');
ok t_cmp($d->{Passed}, 1, 'Passed sums the reasons');

# The render cache: a new page is a miss, and then a hit. The cache is
# shared by every child; another child may still be storing the page.
my $dir = Apache::Test::vars('t_logs') . '/observe-gen';
t_write_file("$dir/new.md", "---\nlayout: Landing\n---\n# New\n");
$d = delta(sub { GET '/observe-gen/new.md' });
ok t_cmp($d->{CacheMisses}, 1, 'a page not in the cache: a miss');
ok t_cmp($d->{Rendered}, 1, 'a miss renders');
$d = delta(sub {
    for (1 .. 10) {
        my $before = counters()->{CacheHits};
        GET '/observe-gen/new.md';
        last if counters()->{CacheHits} > $before;
    }
});
ok t_cmp($d->{CacheHits} >= 1, 1, "then hits ($d->{CacheHits})");
ok t_cmp($d->{Rendered}, $d->{CacheMisses},
         'only misses render (another child may miss first)');

# Evictions: render more distinct pages than the render cache holds.
my $size = 32 * 1024 * 1024;
for my $conf (glob(Apache::Test::vars('t_conf') . '/*.conf')) {
    open my $fh, '<', $conf or next;
    while (<$fh>) {
        $size = $1 * {'' => 1, K => 1024, M => 1024**2}->{uc $2}
            if /^\s*LandingCacheSize\s+(\d+)([KkMm]?)\s*$/;
    }
}
my $filler = "---\nlayout: Landing\n---\n" . ("Some text to fill the cache.\n" x 300);
# As many pages as twice the cache holds, by the size of one rendered.
t_write_file("$dir/0.md", $filler);
my $page_len = length((GET "/observe-gen/0.md")->content) || 20_000;
my $n = int(2 * $size / $page_len) + 2;
t_write_file("$dir/$_.md", $filler) for 1 .. $n;
$d = delta(sub { GET "/observe-gen/$_.md" for 1 .. $n });
ok t_cmp($d->{CacheEvictions} >= 1, 1,
         "$n pages of $page_len bytes through a cache of $size bytes: "
         . "$d->{CacheEvictions} evictions");
my $now = counters();
ok t_cmp($now->{CacheSize} == $size && $now->{CacheBytes} <= $size
         && $now->{CacheEntries} > 0, 1,
         "the shared cache now: $now->{CacheEntries} pages, "
         . "$now->{CacheBytes} of $now->{CacheSize} bytes");
