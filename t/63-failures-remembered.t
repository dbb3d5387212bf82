# A page that fails to render on a bound is remembered in the render cache
# under the key a page would have: the next requests pass it through
# without parsing it (the status page counts them, trace1 says so) until
# the source changes. Requests go over one keep-alive connection, so one
# child (and its render cache) answers them all.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_write_file);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

plan tests => 21;

Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

sub counters {
    my %c = GET('/landing-status?auto')->content =~ /^(\w+): (\d+)$/mg;
    return \%c;
}
sub delta {
    my $code = shift;
    my $before = counters();
    $code->();
    my $after = counters();
    return { map { $_ => $after->{$_} - ($before->{$_} // 0) } keys %$after };
}

# Past cmark's bound (as in t/51): each request would parse 160 KB.
my $page = "---\nlayout: Landing\ntitle: Too big\n---\n"
    . ('![[a](b)' x 20_000) . "\n";
my $root = Apache::Test::vars('documentroot') . '/remember-gen';
t_write_file("$root/$_/fail.md", $page) for qw(cached nocache split);

my $mark = error_log_mark();
my @codes;
my $d = delta(sub {
    for (1 .. 5) {
        my $res = GET '/remember-gen/cached/fail.md';
        push @codes, $res->code;
        ok t_cmp($res->content, $page, "request $_: the source, unchanged")
            if $_ == 1 || $_ == 5;
    }
});
ok t_cmp("@codes", '200 200 200 200 200', 'five requests: 200 each');
ok t_cmp($d->{PassedError}, 1, 'parsed and failed once');
ok t_cmp($d->{PassedFailedBefore}, 4, 'four passed through unparsed');
ok t_cmp($d->{Rendered}, 0, 'none rendered');
my $log = error_log_since($mark);
ok t_cmp(scalar(() = $log =~ /LANDING12: rendering \S+fail\.md failed \(page too big\)/g), 1,
         'one error-log line for the failure');
ok t_cmp($log, qr{LANDING12: .*remembered, not parsed again}, '... which says it is remembered');
ok t_cmp(scalar(() = $log =~ /LANDING19: pass: rendering failed before \(page too big\), not parsed again: \S+cached\/fail\.md/g), 4,
         'trace1: a line for each request that was not parsed');

# The source changes (a new mtime): parsed again, then remembered again.
utime time + 5, time + 5, "$root/cached/fail.md";
$d = delta(sub { GET '/remember-gen/cached/fail.md' for 1 .. 3 });
ok t_cmp($d->{PassedError}, 1, 'a changed source is parsed again, once');
ok t_cmp($d->{PassedFailedBefore}, 2, '... and remembered again');

# LandingCache Off: nothing is remembered.
$d = delta(sub { GET '/remember-gen/nocache/fail.md' for 1 .. 3 });
ok t_cmp($d->{PassedError}, 3, 'LandingCache Off: parsed every time');
ok t_cmp($d->{PassedFailedBefore} // 0, 0, '... never remembered');

# A body that is not the file (mod_bucketeer in front): found by its
# hash, after it is read.
$d = delta(sub {
    for (1 .. 3) {
        my $res = GET '/remember-gen/split/fail.md';
        push @codes, $res->code;
    }
});
ok t_cmp($d->{PassedError}, 1, 'a split body: parsed once');
ok t_cmp($d->{PassedFailedBefore}, 2, '... then known by its hash');
my $res = GET '/remember-gen/split/fail.md';
ok t_cmp($res->content, $page, '... and passed through unchanged');

# A page given up at cmark-gfm's time limit (CPU time, so the same page
# reaches it whatever the load) is remembered as well: 30,000 nested
# lists, then blank lines (CVE-2023-24824).
my $slow = "---\nlayout: Landing\ntitle: Slow\n---\n" . (' -' x 30_000) . 'x'
    . ("\n" x 30_000);
t_write_file("$root/cached/slow.md", $slow);
$mark = error_log_mark();
$d = delta(sub { GET '/remember-gen/cached/slow.md' for 1 .. 3 });
ok t_cmp($d->{PassedError}, 1, "cmark's time limit: parsed once");
ok t_cmp($d->{PassedFailedBefore}, 2, '... then remembered');
ok t_cmp(error_log_since($mark),
         qr{LANDING12: rendering \S+slow\.md failed \(page too big\), passing through; remembered},
         '... and the log says so');

# The status page's HTML view names the counter.
ok t_cmp(GET('/landing-status')->content,
         qr{rendering failed before \(not parsed again\)},
         'the status page shows the counter');
ok t_cmp(counters()->{Passed} >= counters()->{PassedFailedBefore}, 1,
         'Passed includes them');
