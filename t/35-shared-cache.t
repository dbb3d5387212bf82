# The render cache every child shares (LandingCacheDir): a private httpd
# (not the suite's server) whose cache writers are made to die half way
# through a write, then a full cache under load from several clients at
# once, with a graceful restart in the middle; every page served must be
# whole and the page of its URL (its bytes' MD5 against a render without
# the cache), plain or gzipped. Then the startup errors of an unusable
# LandingCacheDir.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp t_debug t_write_file);
use Digest::MD5 qw(md5_hex);
use File::Path qw(rmtree);
use File::Spec;
use IO::Uncompress::Gunzip qw(gunzip);
use LWP::UserAgent;
use POSIX ();

use lib 't/lib';
use LandingPorts qw(free_port);

plan tests => 29;

my $vars = Apache::Test::vars();
my $dir = "$vars->{t_logs}/shared-cache";
rmtree($dir);
mkdir $dir;
mkdir "$dir/docs";

# Pages of different sizes, each with words of its own.
my $pages = 40;
for my $i (1 .. $pages) {
    my $para = join(' ', ("word$i") x 20) . "\n\n";
    t_write_file("$dir/docs/p$i.md",
                 "---\nlayout: Landing\ntitle: Page $i\n---\n# Page $i\n\n"
                 . ($para x (20 + 7 * $i)));
}

my $port = free_port();

my $loads = do {
    open my $fh, '<', "$vars->{t_dir}/conf/httpd.conf" or die $!;
    join '', grep { /^\s*LoadModule\s+(mpm_\w+|authz_core|unixd|mime|setenvif)_module/ }
             <$fh>;
};
my $module = File::Spec->rel2abs("$vars->{t_dir}/../.libs/mod_landing.so");

sub conf_text {
    my ($name, $port, $extra) = @_;
    return <<"CONF";
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/$name.pid"
ErrorLog "$dir/$name.log"
LogLevel notice
$loads
LoadModule landing_module "$module"
TypesConfig /dev/null
AddType text/markdown .md
DocumentRoot "$dir/docs"
$extra
<Directory "$dir/docs">
    Require all granted
    SetOutputFilter LANDING
    AllowOverride FileInfo
</Directory>
<Location /landing-status>
    SetHandler landing-status
</Location>
# Tests only: the request names the step its cache writer dies at.
SetEnvIf X-Landing-Crash "^(write|claimed|renamed)\$" LANDING_TEST_CACHE_CRASH=\$1
CONF
}

my $conf = "$dir/httpd.conf";
# Room for a few of the 40 pages only: the cache is full all the time.
t_write_file($conf, conf_text('httpd', $port, <<"EXTRA"));
LandingCacheDir "$dir/cache"
LandingCacheSize 400K
StartServers 2
EXTRA

my $ua = LWP::UserAgent->new(timeout => 10);
my $base = "http://127.0.0.1:$port";
sub log_text {
    my $name = shift // 'httpd';
    open my $fh, '<', "$dir/$name.log" or return '';
    local $/;
    return scalar <$fh>;
}
sub counters {
    my %c = $ua->get("$base/landing-status?auto")->content =~ /^(\w+): (.*)$/mg;
    return \%c;
}
sub httpd_k {
    my ($what, $generation) = @_;
    local $ENV{LANDING_TEST_HOOKS} = 1;
    system($vars->{httpd}, '-f', $conf, '-k', $what) == 0 or return 0;
    for (1 .. 300) {
        my @resumed = log_text() =~ /resuming normal operations/g;
        return 1 if @resumed >= $generation
                    && $ua->get("$base/landing-status?auto")->is_success;
        select(undef, undef, undef, 0.1);
    }
    return 0;
}

ok t_cmp(httpd_k('start', 1), 1, 'a private httpd starts')
    or t_debug(log_text());

# The pages as rendered without the cache: the reference.
t_write_file("$dir/docs/.htaccess", "LandingCache Off\n");
my %want;
for my $i (1 .. $pages) {
    my $res = $ua->get("$base/p$i.md");
    $want{"/p$i.md"} = md5_hex($res->content) if $res->is_success;
}
unlink "$dir/docs/.htaccess";
ok t_cmp(scalar(keys %want), $pages, 'every page rendered without the cache');

# What a response holds: the page's MD5 (gunzipped when it came gzipped),
# or why it is not one.
sub body_of {
    my $res = shift;
    return 'status ' . $res->code unless $res->code == 200;
    my $body = $res->content;
    my $enc = $res->header('Content-Encoding') // '';
    return 'length' unless length($body) == ($res->header('Content-Length') // -1);
    if ($enc eq 'gzip') {
        my $plain;
        gunzip(\$body => \$plain) or return 'bad gzip';
        $body = $plain;
    }
    elsif ($enc ne '') {
        return "encoding $enc";
    }
    return md5_hex($body);
}

# --- a writer dies half way ------------------------------------------------

my %step_page = (write => 1, claimed => 2, renamed => 3);
for my $step (qw(write claimed renamed)) {
    my $url = "/p$step_page{$step}.md";
    my $res = $ua->get("$base$url", 'X-Landing-Crash' => $step);
    ok t_cmp($res->code == 200 ? 'answered' : 'died', 'died',
             "a writer killed at '$step' answers nothing");
    my @got = map { body_of($ua->get("$base$url",
                                     'Accept-Encoding' => $_ % 2 ? 'gzip' : 'identity')) }
              1 .. 4;
    ok t_cmp(join(' ', grep { $_ ne $want{$url} } @got), '',
             "... then the whole page, plain and gzipped, every time");
}
# httpd logs a child's end when it reaps it, within a second or so.
my @aborted;
for (1 .. 50) {
    @aborted = log_text() =~ /exit signal Abort/g;
    last if @aborted >= 3;
    select(undef, undef, undef, 0.1);
}
ok t_cmp(scalar(@aborted), 3, 'three children aborted, as asked');

# --- gzip as-is, with its own ETag ----------------------------------------

my $plain = $ua->get("$base/p5.md");
$plain = $ua->get("$base/p5.md");
my $gz = $ua->get("$base/p5.md", 'Accept-Encoding' => 'gzip');
ok t_cmp($gz->header('Content-Encoding'), 'gzip', 'gzip to a client that takes it');
ok t_cmp($gz->header('ETag'), substr($plain->header('ETag'), 0, -1) . '-gzip"',
         'the gzipped copy has the ETag with -gzip, as mod_deflate gives');
ok t_cmp($gz->header('Vary') // '', qr/Accept-Encoding/, 'Vary: Accept-Encoding, gzipped');
ok t_cmp($plain->header('Vary') // '', qr/Accept-Encoding/, '... and plain');
my $res = $ua->get("$base/p5.md", 'Accept-Encoding' => 'gzip',
                   'If-None-Match' => $gz->header('ETag'));
ok t_cmp($res->code . ' ' . ($res->header('ETag') // ''),
         '304 ' . $gz->header('ETag'), 'its ETag revalidates: 304 with it');
$res = $ua->get("$base/p5.md", 'Accept-Encoding' => 'gzip', 'Range' => 'bytes=0-9');
ok t_cmp($res->code . ' ' . length($res->content), '206 10',
         'a range of the gzipped copy');
ok t_cmp($res->content, substr($gz->content, 0, 10), '... its first bytes');
$res = $ua->head("$base/p5.md", 'Accept-Encoding' => 'gzip');
ok t_cmp($res->header('Content-Length'), length($gz->content),
         'HEAD: the gzipped length');

# --- a full cache under load, and a graceful restart -----------------------

# Four clients at once, each asking for random pages, half of them
# gzipped; each reports the requests whose body was not the page.
sub load {
    my ($n) = @_;
    my @kids;
    for my $k (1 .. 4) {
        pipe(my $r, my $w) or die $!;
        my $pid = fork;
        if (!$pid) {
            close $r;
            srand($k * 7919 + $$);
            my $ua = LWP::UserAgent->new(timeout => 10, keep_alive => 1);
            my ($bad, $failed) = (0, 0);
            for (1 .. $n) {
                my $url = '/p' . (1 + int rand $pages) . '.md';
                my $res = $ua->get("$base$url",
                                   'Accept-Encoding' => rand() < 0.5 ? 'gzip' : 'identity');
                # A connection closed by a graceful restart is no page.
                if ($res->code == 500 && ($res->header('Client-Warning') // '')) {
                    $failed++;
                    next;
                }
                $bad++ if body_of($res) ne $want{$url};
            }
            print $w "$bad $failed\n";
            close $w;
            # Not exit: that would run Apache::TestUtil's END, which
            # removes the files t_write_file wrote.
            POSIX::_exit(0);
        }
        close $w;
        push @kids, [$pid, $r];
    }
    return \@kids;
}
sub results {
    my $kids = shift;
    my ($bad, $failed) = (0, 0);
    for (@$kids) {
        my ($pid, $r) = @$_;
        my $line = <$r> // "999 0";
        my ($b, $f) = split ' ', $line;
        $bad += $b;
        $failed += $f;
        waitpid $pid, 0;
    }
    return ($bad, $failed);
}

my $before = counters();
my ($bad, $failed) = results(load(100));
my $after = counters();
ok t_cmp($bad, 0, '400 requests over a full cache: every body the page of its URL');
ok t_cmp($after->{CacheEvictions} - $before->{CacheEvictions} > 0, 1,
         'with evictions (' . ($after->{CacheEvictions} - $before->{CacheEvictions}) . ')');
ok t_cmp($after->{CacheBytes} <= $after->{CacheSize}, 1,
         "within LandingCacheSize ($after->{CacheBytes} of $after->{CacheSize} bytes)");
ok t_cmp($after->{CacheTorn}, 0, 'no torn file found');
ok t_cmp($after->{CacheEntries} > 0, 1, "the status page shows the entries ($after->{CacheEntries})");

my $kids = load(100);
select(undef, undef, undef, 0.5);
ok t_cmp(httpd_k('graceful', 2), 1, 'a graceful restart under load');
($bad, $failed) = results($kids);
ok t_cmp($bad, 0, '... every body still the page of its URL'
                  . ($failed ? " ($failed requests cut by the restart)" : ''));
my $kept = counters();
ok t_cmp($kept->{CacheEntries} > 0, 1, 'the cache is kept across the restart');
$ua->get("$base/p7.md");
$before = counters();
$res = $ua->get("$base/p7.md");
ok t_cmp(body_of($res) eq $want{'/p7.md'}
         && counters()->{CacheHits} - $before->{CacheHits} == 1, 1,
         'a page cached after the restart is a hit, whole');

system($vars->{httpd}, '-f', $conf, '-k', 'stop');
my @crashes = log_text() =~ /(Segmentation fault|exit signal (?!Abort)\w+)/g;
ok t_cmp("@crashes", '', 'no child crashed but those asked to');

# --- startup errors ------------------------------------------------------

# httpd stops at startup, saying why, when the children could not write
# the cache's directory or it is not one.
sub start_fails {
    my ($name, $extra) = @_;
    my $p = free_port();
    my $c = "$dir/$name.conf";
    t_write_file($c, conf_text($name, $p, $extra));
    my $rc = system("$vars->{httpd} -f $c -k start >/dev/null 2>&1");
    if ($rc == 0) {
        sleep 1;
        system($vars->{httpd}, '-f', $c, '-k', 'stop');
    }
    return ($rc != 0 ? 'refused' : 'started') . ': ' . log_text($name);
}
mkdir "$dir/readonly";
chmod 0555, "$dir/readonly";
ok t_cmp(start_fails('ro', qq{LandingCacheDir "$dir/readonly"}),
         qr{^refused: .*LANDING80: LandingCacheDir: \Q$dir\E/readonly is not writable by user}s,
         'a directory the children cannot write: a startup error');
t_write_file("$dir/afile", "x");
ok t_cmp(start_fails('file', qq{LandingCacheDir "$dir/afile"}),
         qr{^refused: .*LANDING80: LandingCacheDir: \Q$dir\E/afile is not a directory}s,
         'a file, not a directory: a startup error');
