# A fleet on 127.0.0.1: memcached, two backend httpd nodes with
# mod_landing serving two separate copies of the same docs tree, and a
# front httpd with mod_proxy_balancer and mod_cache (mod_cache_socache on
# mod_socache_memcache). Everything it starts is stopped at the end, and
# every run is bounded in time.
use strict;
use warnings FATAL => 'all';

use Cwd qw(abs_path);
use File::Copy qw(copy);
use File::Path qw(make_path remove_tree);
use LWP::UserAgent;
use POSIX ();
use Test::More;

use lib 't/lib';
use LandingPorts qw(free_ports wait_port);

my $top = abs_path('.');
chomp(my $apxs = `sh -c 'command -v apxs'`);
chomp(my $memcached = `sh -c 'command -v memcached'`);
chomp(my $wrk = `sh -c 'command -v wrk'`);
plan skip_all => 'memcached is not installed (apt-get install memcached)'
    unless $memcached;
plan skip_all => 'wrk is not installed (apt-get install wrk)' unless $wrk;
plan skip_all => 'apxs is not installed' unless $apxs;

chomp(my $sbindir = `$apxs -q SBINDIR`);
chomp(my $target = `$apxs -q TARGET`);
chomp(my $modules = `$apxs -q LIBEXECDIR`);
my $httpd = "$sbindir/$target";
my $module = "$top/.libs/mod_landing.so";
die "build the module first\n" unless -e $module;

my $work = "$top/t/logs/fleet";
remove_tree($work);
make_path($work);

my @ports = free_ports(4);
my ($p1, $p2, $pf, $pm) = @ports;
my @started;

# memcached, on loopback only, 64 MB.
my $mc_pid = fork // die $!;
if ($mc_pid == 0) {
    exec($memcached, '-l', '127.0.0.1', '-p', $pm, '-U', '0', '-m', '64')
        or POSIX::_exit(127);
}
wait_port($pm) or BAIL_OUT('memcached did not start');

# The docs tree, copied once per node with the same mtimes.
my @pages = qw(reference-architectures.md meta.md h1-title.md bom-crlf.md
               plain.md other-layout.md);
my $src = "$top/t/htdocs/set";
my $mtime = time - 86400;
for my $n (1, 2) {
    make_path("$work/node$n/docs", "$work/node$n/logs");
    for my $p (@pages) {
        copy("$src/$p", "$work/node$n/docs/$p") or die "$p: $!";
        utime $mtime, $mtime, "$work/node$n/docs/$p";
    }
    write_template("$work/node$n/chrome.html", 'v1');
    node_conf($n, $n == 1 ? $p1 : $p2);
}
front_conf();

for my $name (qw(node1 node2 front)) {
    start($name);
}
wait_port($_) or BAIL_OUT("httpd on $_ did not start") for $p1, $p2, $pf;

my $ua = LWP::UserAgent->new(timeout => 10);
sub get {
    my ($port, $path, @h) = @_;
    return $ua->get("http://127.0.0.1:$port$path", @h);
}

# 1. Both nodes give identical bytes and identical ETags for every page.
for my $p (@pages) {
    my $a = get($p1, "/$p");
    my $b = get($p2, "/$p");
    is($a->code, 200, "$p: node 1 answers");
    is($b->content, $a->content, "$p: identical bytes on both nodes");
    is($b->header('ETag'), $a->header('ETag'),
       "$p: identical ETag on both nodes");
}
my $page = '/reference-architectures.md';
my $etag1 = get($p1, $page)->header('ETag');
like($etag1, qr/^"L[0-9a-f]{16}"$/, 'a rendered page has its own ETag');

# 2. Node 1's ETag, answered by node 2: 304.
is(get($p2, $page, 'If-None-Match' => $etag1)->code, 304,
   "node 1's ETag answered by node 2: 304");
is(get($p2, $page, 'If-Modified-Since' =>
       get($p1, $page)->header('Last-Modified'))->code, 304,
   "node 1's Last-Modified answered by node 2: 304");

# 3. Through the front, the second request comes from the shared cache.
my $first = get($pf, $page);
my $second = get($pf, $page);
is($first->code, 200, 'front: 200');
like($first->header('X-Cache') // '', qr/^MISS/, 'front: first is a miss');
like($second->header('X-Cache') // '', qr/^HIT/,
     'front: second comes from the shared cache');
is($second->content, $first->content, 'front: the same bytes');
is($second->header('ETag'), $etag1, 'front: the nodes\' ETag');

# Revalidation while nothing changed: a conditional request to whichever
# node the balancer picks, answered 304.
my $reval = get($pf, $page, 'Cache-Control' => 'max-age=0');
like($reval->header('X-Cache') // '', qr/^REVALIDATE/,
     'front: revalidated with the nodes (304 from a node)');
is($reval->content, $first->content, 'revalidated: the same bytes');

# 4. The template changes on both nodes: revalidation brings the new page
# everywhere.
for my $n (1, 2) {
    write_template("$work/node$n/chrome.html", 'v2');
}
sleep 2;    # templates are checked at most once a second
my $new1 = get($p1, $page);
my $new2 = get($p2, $page);
like($new1->content, qr/class="fleet-v2"/, 'node 1 has the new template');
is($new2->content, $new1->content, 'node 2: the same new bytes');
is($new2->header('ETag'), $new1->header('ETag'), 'node 2: the same new ETag');
isnt($new1->header('ETag'), $etag1, 'the ETag changed with the template');
is(get($p2, $page, 'If-None-Match' => $etag1)->code, 200,
   'the old ETag gets a 200 now');
$reval = get($pf, $page, 'Cache-Control' => 'max-age=0');
like($reval->content, qr/class="fleet-v2"/,
     'front: revalidation brings the new page');
my $after = get($pf, $page);
like($after->header('X-Cache') // '', qr/^HIT/, 'front: cached again');
is($after->content, $new1->content, 'front: the new page from the cache');

# 5. A backend stops during a bounded load through the front. Requests
# bypass the cache (no-cache) so that each reaches a node. The balancer
# sends no new request to a member whose connection is refused, and tries
# the other member instead (maxattempts); what it cannot save is a request
# already sent to the node when it dies. So:
#   - a graceful stop (how an operator takes a node out) finishes what
#     the node has started; only a connection still in its accept queue
#     when the listener closes is reset (usually none);
#   - a hard stop loses at most the requests in flight on the node.
# Either way at most one per client connection: the member is then in
# error for retry=5 seconds, and refused connections go to the other
# member.
# The front does not reuse backend connections (disablereuse=On): with
# reuse, a graceful stop races the node closing its idle keep-alive
# connections, and a request sent on one of them is lost too.
my $conns = 8;
my %lost;
for my $case (['graceful-stop', 'node2'], ['stop', 'node1']) {
    my ($how, $node) = @$case;
    my $r = load_while_stopping($node, $how);
    diag(sprintf 'failover (%s of %s after 2s of 6s): %d requests, '
         . '%d non-2xx, %d socket errors', $how, $node, $r->{total},
         $r->{non2xx}, $r->{errors});
    ok($r->{total} > 100, "$how: the load ran");
    $lost{$how} = $r->{non2xx} + $r->{errors};
    # Put the node back for the next case.
    start($node);
    wait_port($node eq 'node1' ? $p1 : $p2);
    sleep 6;    # past retry=5, so the balancer uses it again
}
cmp_ok($lost{'graceful-stop'}, '<=', $conns,
       'graceful stop of a node: no more lost than the connections open');
cmp_ok($lost{stop}, '<=', $conns,
       'hard stop of a node: no more lost than the requests in flight');
is(get($pf, $page, 'Cache-Control' => 'no-cache')->code, 200,
   'the front still answers');

done_testing();

END {
    stop($_) for reverse @started;
    if ($mc_pid) {
        kill 'TERM', $mc_pid;
        waitpid $mc_pid, 0;
    }
}

# Run wrk through the front for 6 s, stopping $node ($how: stop or
# graceful-stop) after 2 s; return what wrk counted.
sub load_while_stopping {
    my ($node, $how) = @_;
    my $out_file = "$work/wrk-$how.out";
    my $pid = fork // die $!;
    if ($pid == 0) {
        open STDOUT, '>', $out_file or die $!;
        open STDERR, '>&', \*STDOUT;
        exec($wrk, '-t2', "-c$conns", '-d6s', '-H', 'Cache-Control: no-cache',
             "http://127.0.0.1:$pf$page")
            or POSIX::_exit(127);
    }
    sleep 2;
    stop($node, $how);
    waitpid $pid, 0;
    my $out = do { local $/; open my $fh, '<', $out_file or die $!; <$fh> };
    my %r = (total => 0, non2xx => 0, errors => 0);
    ($r{total}) = $out =~ /(\d+) requests in/;
    $r{total} //= 0;
    $r{non2xx} = $1 if $out =~ /Non-2xx or 3xx responses: (\d+)/;
    $r{errors} = $1 + $2 + $3 + $4
        if $out =~ /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/;
    return \%r;
}

sub write_template {
    my ($file, $version) = @_;
    open my $fh, '>', $file or die $!;
    print $fh "<!doctype html>\n<html lang=\"{{lang}}\"><head>"
        . "<title>{{head_title}}</title></head>\n"
        . "<body class=\"fleet-$version\"><main>{{{content}}}</main>"
        . "</body></html>\n";
    close $fh;
    # v2 is newer than v1, and old enough that caches hold it fresh for a
    # while (heuristic freshness: a tenth of its age).
    my $t = $version eq 'v1' ? $mtime : time - 3600;
    utime $t, $t, $file;
}

sub common_conf {
    my ($dir, $port) = @_;
    return <<"CONF";
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/logs/httpd.pid"
ErrorLog "$dir/logs/error_log"
LogLevel warn
<IfModule !mpm_event_module>
LoadModule mpm_event_module "$modules/mod_mpm_event.so"
</IfModule>
LoadModule authz_core_module "$modules/mod_authz_core.so"
LoadModule mime_module "$modules/mod_mime.so"
TypesConfig /etc/mime.types
StartServers 1
ServerLimit 2
ThreadsPerChild 16
MaxRequestWorkers 32
CONF
}

sub node_conf {
    my ($n, $port) = @_;
    my $dir = "$work/node$n";
    open my $fh, '>', "$dir/httpd.conf" or die $!;
    print $fh common_conf($dir, $port), <<"CONF";
LoadModule landing_module "$module"
AddType text/markdown .md
DocumentRoot "$dir/docs"
<Directory "$dir/docs">
    Require all granted
    SetOutputFilter LANDING
    LandingLayout Landing "$dir/chrome.html"
    # More layouts than one: their order in a hash walk differs between
    # processes, and must not change the ETag.
    LandingLayout Blog "$dir/chrome.html"
    LandingLayout News "$dir/chrome.html"
    LandingLayout Api "$dir/chrome.html"
    LandingSet name "Fleet Docs"
</Directory>
CONF
    close $fh;
}

sub front_conf {
    my $dir = "$work/front";
    make_path("$dir/logs");
    open my $fh, '>', "$dir/httpd.conf" or die $!;
    print $fh common_conf($dir, $pf), <<"CONF";
LoadModule slotmem_shm_module "$modules/mod_slotmem_shm.so"
LoadModule proxy_module "$modules/mod_proxy.so"
LoadModule proxy_http_module "$modules/mod_proxy_http.so"
LoadModule proxy_balancer_module "$modules/mod_proxy_balancer.so"
LoadModule lbmethod_byrequests_module "$modules/mod_lbmethod_byrequests.so"
LoadModule cache_module "$modules/mod_cache.so"
LoadModule cache_socache_module "$modules/mod_cache_socache.so"
LoadModule socache_memcache_module "$modules/mod_socache_memcache.so"
DefaultRuntimeDir "$dir/logs"

<Proxy "balancer://docs">
    BalancerMember "http://127.0.0.1:$p1" retry=5 connectiontimeout=1 disablereuse=On
    BalancerMember "http://127.0.0.1:$p2" retry=5 connectiontimeout=1 disablereuse=On
    ProxySet lbmethod=byrequests
</Proxy>
ProxyPass "/" "balancer://docs/"
ProxyPassReverse "/" "balancer://docs/"

CacheEnable socache /
CacheSocache "memcache:127.0.0.1:$pm"
CacheSocacheMaxSize 1048576
CacheHeader on
CacheDetailHeader on
CacheQuickHandler off
CONF
    close $fh;
}

sub start {
    my $name = shift;
    my $conf = "$work/$name/httpd.conf";
    system($httpd, '-f', $conf, '-k', 'start') == 0
        or BAIL_OUT("$name did not start: see $work/$name/logs/error_log");
    push @started, $name unless grep { $_ eq $name } @started;
}

sub stop {
    my ($name, $how) = @_;
    my $pidfile = "$work/$name/logs/httpd.pid";
    return unless -e $pidfile;
    system($httpd, '-f', "$work/$name/httpd.conf", '-k', $how // 'stop');
    for (1 .. 50) {
        last unless -e $pidfile;
        select undef, undef, undef, 0.1;
    }
}


