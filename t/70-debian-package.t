# The Debian packages, as an administrator gets them: built from this
# tree with dpkg-buildpackage, checked by lintian, installed with
# "apt-get install ./...deb", enabled with a2enmod, serving a copy of
# examples/ through the system's apache2 on a private loopback port, then
# purged, leaving the machine as it was found.
#
# It needs root, and Apache::Test refuses root, so t/run-tests runs this
# file as root before it hands the suite to an unprivileged user, and
# keeps its TAP in a file named by LANDING_PACKAGE_TAP; in that run, this
# file prints the recorded TAP, so prove counts it with the rest. Run
# alone as root, "prove t/70-debian-package.t" does the real thing.
# Started by anyone else, it skips, saying why.
use strict;
use warnings FATAL => 'all';

use Cwd qw(getcwd);
use Fcntl qw(:flock);
use File::Temp qw(tempdir);
use HTTP::Tiny;
use IO::Socket::INET;
use Test::More;

if (my $tap = $ENV{LANDING_PACKAGE_TAP}) {
    # The run as root, recorded by t/run-tests.
    open my $fh, '<', $tap or do {
        print "1..1\nnot ok 1 - the package test's TAP ($tap): $!\n";
        exit 1;
    };
    print while <$fh>;
    exit 0;
}
plan skip_all => 'LANDING_PACKAGE_TEST=0 (or make asan-test)'
    if ($ENV{LANDING_PACKAGE_TEST} // '') eq '0';
plan skip_all => 'needs root (it builds, installs and purges Debian '
    . 'packages); run the test command as root'
    unless $> == 0;
plan skip_all => 'not a Debian system with apt-get and dpkg-buildpackage'
    unless -x '/usr/bin/apt-get' && -x '/usr/bin/dpkg-buildpackage';

my @PKGS = qw(libapache2-mod-landing landing-render);
my $top = getcwd();
-f "$top/debian/control" or BAIL_OUT("run from the top of the tree");

# One package test at a time on a machine: two would install and purge
# the same packages under each other.
open my $lock, '>', '/run/lock/mod-landing-package-test.lock'
    or die "lock: $!";
flock $lock, LOCK_EX or die "flock: $!";

sub installed {
    my %st;
    for (`dpkg-query -W -f='\${Package}:\${Architecture} \${db:Status-Abbrev}\n' 2>/dev/null`) {
        my ($p, $s) = split ' ', $_;
        $st{$p} = $s if $s && $s =~ /^[ih]i/;
    }
    return \%st;
}
sub listing {
    my ($dir) = @_;
    opendir my $dh, $dir or return '';
    return join ' ', sort map { -l "$dir/$_" ? "$_->" . readlink("$dir/$_") : $_ }
        grep { !/^\.\.?$/ } readdir $dh;
}
sub state_files {
    return join ' ', sort grep { m{/landing$} }
        glob '/var/lib/apache2/{module,site,conf}/*/*';
}
sub system_apache_running {
    for my $pidfile ('/run/apache2/apache2.pid', '/var/run/apache2/apache2.pid') {
        open my $fh, '<', $pidfile or next;
        my $pid = <$fh> // '';
        chomp $pid;
        return 1 if $pid =~ /^\d+$/ && kill 0, $pid;
    }
    return 0;
}

my $already = installed();
for my $p (@PKGS) {
    if (grep { /^\Q$p\E:/ } keys %$already) {
        plan skip_all => "$p is installed on this machine; the test would "
            . 'replace and purge it';
    }
}

plan tests => 26;

my $work = tempdir('landing-deb.XXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $work;
my $log = "$work/log";

# Run a command, its output appended to the log; true on success. On
# failure, the log's last lines go to the TAP diagnostics.
sub run {
    my ($what, @cmd) = @_;
    open my $lf, '>>', $log or die $!;
    print $lf "\n\$ @cmd\n";
    close $lf;
    my $rc = system('sh', '-c', 'exec "$@" >>"$LANDING_LOG" 2>&1', 'sh', @cmd);
    return 1 if $rc == 0;
    open my $in, '<', $log or die $!;
    my @lines = <$in>;
    diag "$what failed:\n", @lines[ -(@lines < 30 ? @lines : 30) .. -1 ];
    return 0;
}
$ENV{LANDING_LOG} = $log;
$ENV{DEBIAN_FRONTEND} = 'noninteractive';
my @APT = qw(apt-get -y -q -o DPkg::Lock::Timeout=300);

my $before = {
    packages => installed(),
    enabled  => listing('/etc/apache2/mods-enabled'),
    available => listing('/etc/apache2/mods-available'),
    state    => state_files(),
    running  => system_apache_running(),
};

my $server;          # the private httpd's configuration, when started
my $purged = 0;
sub stop_server {
    return unless $server;
    system('sh', '-c', '. /etc/apache2/envvars && '
        . 'exec apache2 -f "$1" -k stop >/dev/null 2>&1', 'sh', $server);
    my $pidfile = "$work/run/httpd.pid";
    for (1 .. 50) {
        last unless -e $pidfile;
        select undef, undef, undef, 0.1;
    }
    undef $server;
}
sub purge {
    return if $purged++;
    stop_server();
    my @present = grep { my $p = $_; grep { /^\Q$p\E:/ } keys %{ installed() } } @PKGS;
    run('apt-get purge', @APT, 'purge', @present) if @present;
    # Whatever "apt-get install" pulled in for them goes too.
    my $now = installed();
    my @new = grep { !$before->{packages}{$_} } keys %$now;
    run('apt-get purge (their dependencies)', @APT, 'purge', @new) if @new;
    # The maintainer scripts restart a running apache2; one that was
    # stopped stays stopped.
    if (!$before->{running} && system_apache_running()) {
        if (-d '/run/systemd/system') {
            system('systemctl', 'stop', 'apache2');
        } else {
            system('apache2ctl', 'stop');
        }
    }
}
END { purge() if defined $before && !$purged }
$SIG{INT} = $SIG{TERM} = sub { purge(); exit 1 };

# --- build ----------------------------------------------------------------

# A copy of the tree, without build products: dpkg-buildpackage writes
# into debian/ and puts the packages in the directory above.
my $src = "$work/src/mod-landing";
mkdir "$work/src";
ok run('copy the tree', 'sh', '-c',
       'mkdir -p "$2" && tar -C "$1" -cf - --exclude=./.git --exclude=./build '
       . '--exclude=./.libs --exclude="*.lo" --exclude="*.slo" --exclude="*.la" '
       . '--exclude="*.o" --exclude=./t/logs --exclude=./node_modules '
       . '--exclude=./t/artifacts --exclude=./debian/.debhelper . '
       . '| tar -C "$2" -xf -', 'sh', $top, $src),
    'a copy of the tree';

# The unit tests run in the suite itself: nocheck keeps this short.
ok run('dpkg-buildpackage', 'sh', '-c',
       'cd "$1" && DEB_BUILD_OPTIONS=nocheck exec dpkg-buildpackage -us -uc -b',
       'sh', $src),
    'dpkg-buildpackage -us -uc -b builds';
my ($version) = `dpkg-parsechangelog -l '$src/debian/changelog' -S Version` =~ /(\S+)/;
my %deb = map { $_ => "$work/src/${_}_${version}_" . `dpkg --print-architecture` =~ s/\s+//r . '.deb' } @PKGS;
ok((-f $deb{$_}), "$_ is built") for @PKGS;

my $depends = `dpkg-deb -f '$deb{'libapache2-mod-landing'}' Depends`;
like $depends, qr/\bapache2-api-\d+\b/,
    'libapache2-mod-landing depends on the apache2 module API (dh_apache2)';

SKIP: {
    skip 'lintian is not installed (tools/install-deps test installs it)', 1
        unless -x '/usr/bin/lintian';
    my ($changes) = glob "$work/src/*.changes";
    ok run('lintian', 'lintian', '--fail-on', 'error', $changes),
        'lintian reports no errors';
}

# --- install and enable -----------------------------------------------------

ok run('apt-get install', @APT, 'install', '--no-install-recommends',
       map { $deb{$_} } @PKGS),
    'apt-get install ./...deb';
ok((-f '/usr/lib/apache2/modules/mod_landing.so'
    && -f '/etc/apache2/mods-available/landing.load'
    && -f '/etc/apache2/mods-available/landing.conf'),
   'the module, landing.load and landing.conf are in place');
# As for Debian's own module packages, the postinst enables it
# (apache2-maintscript-helper); a2enmod then finds it enabled.
like `a2query -m landing 2>&1`, qr/^landing \(enabled by maintainer script\)/,
    'the postinst enabled the module';
{
    # The render cache's directory (LandingCacheDir in landing.conf),
    # the children's, as mod_cache_disk's is.
    my @st = stat '/var/cache/apache2/mod_landing';
    is((@st ? scalar(getpwuid $st[4]) . ' ' . sprintf('%o', $st[2] & 07777)
            : 'missing'), 'www-data 750',
       '/var/cache/apache2/mod_landing is made, owned by www-data');
}
ok run('a2enmod', 'a2enmod', 'landing'), 'a2enmod landing';
ok((readlink('/etc/apache2/mods-enabled/landing.load') // '')
       eq '../mods-available/landing.load',
   'mods-enabled/landing.load links to mods-available');
# The whole system configuration, with the module loaded, still parses.
ok run('apache2ctl configtest', 'apache2ctl', 'configtest'),
    'apache2ctl configtest passes with the module enabled';

my $render = `landing-render '$top/examples/index.md' 2>&1`;
like $render, qr{<title>mod_landing example docs},
    'the installed landing-render renders a page';

# --- serve examples/ ----------------------------------------------------------

# The system's apache2 binary and its enabled modules (mods-enabled, as
# a2enmod left it), on a free loopback port with its own pid file, logs
# and runtime directory, so that an apache2 already serving this machine
# is not touched.
my $port = do {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                  Listen => 1, ReuseAddr => 1) or die $!;
    $s->sockport;
};
mkdir "$work/run";
my $docs = "$work/docs";
run('copy examples/', 'cp', '-a', "$top/examples", $docs);
system('chmod', '-R', 'a+rX', $docs);
open my $cf, '>', "$work/run/httpd.conf" or die $!;
print $cf <<"CONF";
ServerRoot /etc/apache2
ServerName 127.0.0.1
DefaultRuntimeDir "$work/run"
PidFile "$work/run/httpd.pid"
Mutex file:$work/run default
ErrorLog "$work/run/error.log"
LogLevel warn landing:trace1
User \${APACHE_RUN_USER}
Group \${APACHE_RUN_GROUP}
Listen 127.0.0.1:$port
IncludeOptional mods-enabled/*.load
IncludeOptional mods-enabled/*.conf
AddType text/markdown .md
DocumentRoot "$docs"
<Directory "$docs">
    Require all granted
    SetOutputFilter LANDING
    DirectoryIndex index.md
    LandingNav "$docs/nav.yml"
</Directory>
CONF
close $cf;
ok run('apache2 -k start', 'sh', '-c', '. /etc/apache2/envvars && '
       . 'exec apache2 -f "$1" -k start', 'sh', "$work/run/httpd.conf"),
    "the system apache2 starts on 127.0.0.1:$port";
$server = "$work/run/httpd.conf";

my $http = HTTP::Tiny->new(timeout => 10);
my $res;
for (1 .. 50) {
    $res = $http->get("http://127.0.0.1:$port/");
    last if $res->{status} != 599;
    select undef, undef, undef, 0.1;
}
is $res->{status}, 200, 'GET / is answered';
like $res->{headers}{'content-type'} // '', qr{^text/html; charset=utf-8},
    'GET / is a rendered page (text/html)';
like $res->{content}, qr{<title>mod_landing example docs</title>.*<main}s,
    'index.md is rendered with the chrome';
like $res->{headers}{server} // '', qr{mod_landing/},
    'the Server header names the module loaded by landing.load'
    or diag `cat '$work/run/error.log'`;

$res = $http->get("http://127.0.0.1:$port/", { headers => { 'Accept-Encoding' => 'gzip' } });
is $res->{headers}{'content-encoding'} // '', 'gzip',
    'the second request: the cached page, gzipped as-is';
my @cached = glob '/var/cache/apache2/mod_landing/*.page';
is scalar(@cached), 1, 'the page is cached in /var/cache/apache2/mod_landing';

# --- purge --------------------------------------------------------------------

purge();
my $after = installed();
is join(' ', sort grep { !$before->{packages}{$_} } keys %$after), '',
    'no package is left installed';
is join(' ', sort grep { !$after->{$_} } keys %{ $before->{packages} }), '',
    'no package was removed';
is listing('/etc/apache2/mods-enabled') . ' | '
       . listing('/etc/apache2/mods-available') . ' | ' . state_files(),
   "$before->{enabled} | $before->{available} | $before->{state}",
   'mods-enabled, mods-available and a2enmod state as they were';
ok !(-e '/usr/lib/apache2/modules/mod_landing.so'
     || -e '/usr/bin/landing-render'),
   'the module and landing-render are gone';
ok !-e '/var/cache/apache2/mod_landing', 'purge removes the render cache';
