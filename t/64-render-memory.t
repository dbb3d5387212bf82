# LandingRenderMemory bounds the memory of renders in flight across the
# whole server, under prefork (one thread per child, where a per-child
# bound holds nothing) and event alike. A render that finds no room waits
# up to LandingRenderWait; then its page passes through, whole, with a
# warning, and the request never fails. Each MPM runs in a private httpd.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp t_debug t_write_file);
use File::Path qw(rmtree);
use File::Spec;
use IO::Socket::INET;
use LWP::UserAgent;
use POSIX ();

my @mpms = qw(prefork event);
plan tests => 9 * @mpms + 2;

my $vars = Apache::Test::vars();
chomp(my $modules = `$vars->{apxs} -q LIBEXECDIR`);
my $module = File::Spec->rel2abs("$vars->{t_dir}/../.libs/mod_landing.so");
my $loads = do {
    open my $fh, '<', "$vars->{t_dir}/conf/httpd.conf" or die $!;
    join '', grep { /^\s*LoadModule\s+(authz_core|unixd|mime)_module/ } <$fh>;
};

# A 2 MB page: its render is charged about 48 MB (src/budget.h), more
# than the budget of 40M, so it runs only when nothing else is in
# flight: one render at a time.
my $page = "---\nlayout: Landing\ntitle: Two megabytes\n---\n"
    . ("A paragraph of plain words that goes on for a while, and then "
       . "some more words.\n\n") x 26_000;

sub free_port {
    my $sock = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
                                     LocalPort => 0, ReuseAddr => 1) or die $!;
    my $port = $sock->sockport;
    close $sock;
    return $port;
}

sub slurp {
    open my $fh, '<:raw', $_[0] or return '';
    local $/;
    return scalar <$fh>;
}

# Start a private httpd with @p $mpm and @p $wait seconds of
# LandingRenderWait; return (base URL, a stop function, its error log).
sub start {
    my ($mpm, $wait) = @_;
    my $dir = "$vars->{t_logs}/render-memory-$mpm-$wait";
    rmtree($dir);
    mkdir $dir;
    mkdir "$dir/docs";
    t_write_file("$dir/docs/page$_.md", $page) for 1 .. 8;
    my $port = free_port();
    my $threads = $mpm eq 'prefork' ? '' : "ThreadsPerChild 8\nServerLimit 2\n"
        . "MaxRequestWorkers 16\nMinSpareThreads 8\nMaxSpareThreads 16\n";
    t_write_file("$dir/httpd.conf", <<"CONF");
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/httpd.pid"
ErrorLog "$dir/error_log"
LogLevel warn
LoadModule mpm_${mpm}_module "$modules/mod_mpm_$mpm.so"
$loads
LoadModule landing_module "$module"
TypesConfig /dev/null
AddType text/markdown .md
StartServers 2
$threads
LandingRenderMemory 40M
LandingRenderWait $wait
DocumentRoot "$dir/docs"
<Directory "$dir/docs">
    Require all granted
    SetOutputFilter LANDING
    LandingCache Off
</Directory>
<Location /landing-status>
    SetHandler landing-status
</Location>
CONF
    system($vars->{httpd}, '-f', "$dir/httpd.conf", '-k', 'start') == 0
        or die "httpd ($mpm) did not start: " . slurp("$dir/error_log");
    my $base = "http://127.0.0.1:$port";
    my $ua = LWP::UserAgent->new(timeout => 30);
    for (1 .. 100) {
        last if $ua->get("$base/landing-status?auto")->is_success;
        select undef, undef, undef, 0.1;
    }
    my $stop = sub {
        system($vars->{httpd}, '-f', "$dir/httpd.conf", '-k', 'stop');
        for (1 .. 100) {
            last unless -e "$dir/httpd.pid";
            select undef, undef, undef, 0.1;
        }
    };
    return ($base, $stop, "$dir/error_log");
}

sub counters {
    my $base = shift;
    my $res = LWP::UserAgent->new(timeout => 10)->get("$base/landing-status?auto");
    return { $res->content =~ /^(\w+): (\d+)$/mg };
}

# 8 clients at once, 3 requests each; returns "code:kind" counts, where
# kind is html (rendered) or md (passed through, byte for byte).
sub hammer {
    my $base = shift;
    my @kids;
    for my $i (1 .. 8) {
        pipe my $r, my $w or die $!;
        my $pid = fork // die $!;
        if ($pid == 0) {
            close $r;
            my $ua = LWP::UserAgent->new(timeout => 60);
            for (1 .. 3) {
                my $res = $ua->get("$base/page$i.md");
                my $kind = ($res->header('Content-Type') // '') =~ /html/
                    ? 'html' : $res->content eq $page ? 'md' : 'other';
                print $w $res->code . ":$kind\n";
            }
            close $w;
            # Not exit: END blocks would remove the files t_write_file made.
            POSIX::_exit(0);
        }
        close $w;
        push @kids, [$pid, $r];
    }
    my %seen;
    for my $k (@kids) {
        my $fh = $k->[1];
        $seen{$_}++ for map { chomp; $_ } <$fh>;
        waitpid $k->[0], 0;
    }
    return \%seen;
}

for my $mpm (@mpms) {
    # No waiting: renders that overlap find no room and pass through.
    my ($base, $stop, $log) = start($mpm, 0);
    my $seen = hammer($base);
    my $c = counters($base);
    t_debug("$mpm, wait 0: " . join(' ', map { "$_=$seen->{$_}" } sort keys %$seen)
            . " Rendered=$c->{Rendered} PassedBusy=$c->{PassedBusy}");
    ok t_cmp(($seen->{'200:html'} // 0) + ($seen->{'200:md'} // 0), 24,
             "$mpm, no wait: 24 requests, each 200 with the page or its source");
    ok t_cmp($c->{Rendered} >= 1, 1, "$mpm, no wait: some rendered");
    ok t_cmp($c->{PassedBusy} >= 1, 1,
             "$mpm, no wait: some found no room and passed through");
    ok t_cmp($c->{PassedBusy}, $seen->{'200:md'} // 0,
             "$mpm: each one counted as PassedBusy");
    ok t_cmp(slurp($log),
             qr{\[landing:warn\].*LANDING40: pass: renders in flight hold LandingRenderMemory \(\d+ of 41943040 bytes\), no room for \d+ more within 0 s: \S+/page\d\.md},
             "$mpm: the warning says what was full and for which file");
    $stop->();

    # Waiting: each render waits its turn, and every page is rendered.
    ($base, $stop, $log) = start($mpm, 30);
    $seen = hammer($base);
    $c = counters($base);
    t_debug("$mpm, wait 30: " . join(' ', map { "$_=$seen->{$_}" } sort keys %$seen));
    ok t_cmp($seen->{'200:html'} // 0, 24, "$mpm, waiting: all 24 rendered");
    ok t_cmp($c->{PassedBusy}, 0, "$mpm, waiting: none passed through");
    ok t_cmp($c->{Rendered}, 24, "$mpm, waiting: 24 renders counted");
    ok t_cmp(slurp($log) !~ /LANDING40/ ? 1 : 0, 1, "$mpm, waiting: no warning");
    $stop->();
}

# The directives are for the server config only, and checked.
use lib 't/lib';
use LandingTest ();
my ($rc, $out) = LandingTest::config_test('render-memory',
    "<VirtualHost 127.0.0.1:1>\nLandingRenderMemory 1G\n</VirtualHost>\n");
ok t_cmp($out, qr{LandingRenderMemory cannot occur within <VirtualHost> section},
         'LandingRenderMemory: server config only');
($rc, $out) = LandingTest::config_test('render-memory',
                                       "LandingRenderWait soon\n");
ok t_cmp($out, qr{LandingRenderWait: 'soon' is not a number of seconds from 0 to 3600},
         'LandingRenderWait: seconds');
