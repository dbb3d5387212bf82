# Installation as httpd modules install: "make -f Makefile.apxs install"
# into a DESTDIR staging directory puts the module (loadable by httpd),
# landing-render and, on Debian, mods-available/landing.{load,conf} in
# place, so that a2enmod works. And the Server header names the module.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_debug t_write_file);
use File::Path qw(rmtree);
use File::Spec;
use lib 't/lib';
use LandingCLI qw(run_cli);

plan tests => 17;

my $vars = Apache::Test::vars();
my $top = File::Spec->rel2abs("$vars->{t_dir}/..");
my $apxs = $vars->{apxs};
chomp(my $libexec = `'$apxs' -q LIBEXECDIR`);
chomp(my $sysconf = `'$apxs' -q SYSCONFDIR`);
chomp(my $sbin = `'$apxs' -q SBINDIR`);
my $stage = "$vars->{t_logs}/install-stage";
rmtree($stage);

# --- the version in the Server header ----------------------------------

my (undef, $version) = run_cli('--version');
$version =~ s/^landing-render (\S+)\n\z/$1/;
ok t_cmp(GET('/')->header('Server'), qr{\bmod_landing/\Q$version\E\b},
         "Server header names mod_landing/$version (ServerTokens Full)");

# --- make install DESTDIR=... ------------------------------------------

# The build is done (make test built it): -o keeps make from rebuilding
# the module that the running test server has loaded.
my $out = `cd '$top' && make -s -f Makefile.apxs -o .libs/mod_landing.so \\
           -o build/landing-render install DESTDIR='$stage' 2>&1`;
ok t_cmp($?, 0, 'make install DESTDIR=... succeeds') or t_debug($out);

my $so = "$stage$libexec/mod_landing.so";
ok t_cmp(-f $so, 1, "the module is in DESTDIR + LIBEXECDIR ($libexec)");
my $bin = "$stage/usr/local/bin/landing-render";
ok t_cmp(-x $bin, 1, 'landing-render is in DESTDIR + BINDIR');

# The installed renderer runs on its own.
my $page = `'$bin' '$vars->{documentroot}/set/h1-title.md'`;
ok t_cmp($page, qr{<title>The First Heading</title>},
         'the installed landing-render renders a page');

# The installed module loads: "httpd -t" with the LoadModule lines of
# the test server (MPM, authz) and the staged module.
my $loads = do {
    open my $fh, '<', "$vars->{t_dir}/conf/httpd.conf" or die $!;
    join '', grep { /^\s*LoadModule\s+(mpm_\w+|authz_core|authz_host|
                                      unixd|mime|log_config|dir)_module/x }
             <$fh>;
};
my $tmp = "$stage/httpd-t";
sub config_test {
    my ($body) = @_;
    t_write_file("$tmp/httpd.conf", "ServerRoot $tmp\n$loads"
        . "ErrorLog $tmp/error_log\nPidFile $tmp/pid\nListen 127.0.0.1:1\n"
        . $body);
    my $out = `'$vars->{httpd}' -t -f '$tmp/httpd.conf' 2>&1`;
    return ($? >> 8, $out);
}
my ($rc, $msg) = config_test("LoadModule landing_module $so\n");
ok t_cmp($rc, 0, 'httpd -t loads the installed module') or t_debug($msg);

SKIP: {
    skip "not Debian's layout (SYSCONFDIR $sysconf)", 9
        unless $sysconf =~ m{/apache2$};
    my $avail = "$stage$sysconf/mods-available";
    my $load = LandingCLI::slurp("$avail/landing.load");
    my @lines = grep { !/^\s*(#|$)/ } split /\n/, $load;
    ok t_cmp("@lines", "LoadModule landing_module $libexec/mod_landing.so",
             'landing.load: one LoadModule line with the real path');
    my $conf = LandingCLI::slurp("$avail/landing.conf");
    ok t_cmp(join('|', grep { !/^\s*(#|$)/ } split /\n/, $conf),
             '<IfModule landing_module>|'
             . '    LandingCacheDir /var/cache/apache2/mod_landing|</IfModule>',
             'landing.conf: the render cache\'s directory, Debian\'s; the '
             . 'rest a commented example');

    # landing.load, pointed at the staged module, and landing.conf.
    (my $staged = $load) =~ s{ \Q$libexec\E/}{ $stage$libexec/};
    ($rc, $msg) = config_test("$staged\nInclude $avail/landing.conf\n");
    ok t_cmp($rc, 0, 'httpd -t with landing.load and landing.conf')
        or t_debug($msg);

    # The example, uncommented, is valid: explanations start "# " and
    # a word; every other "#" at the start of a line comments out config.
    (my $example = $conf) =~ s/^#(?! \S)//mg;
    ok t_cmp($example, qr{^<IfModule landing_module>\n.*^\s*<Location /landing-status>\n\s+SetHandler landing-status.*^</IfModule>}ms,
             'the example has the status page, inside <IfModule landing_module>');
    $example =~ s{/var/www/html/docs}{$tmp};
    ($rc, $msg) = config_test("$staged\n$example");
    ok t_cmp($rc, 0, 'httpd -t with the example uncommented')
        or t_debug($msg);

    # a2enmod, with the staged tree as its configuration directory.
    my $a2enmod = -x "$sbin/a2enmod" ? "$sbin/a2enmod" : '';
    skip 'no a2enmod', 4 unless $a2enmod;
    mkdir "$stage$sysconf/mods-enabled";
    local $ENV{APACHE_CONFDIR} = "$stage$sysconf";
    local $ENV{APACHE_STATE_DIRECTORY} = "$stage/var/lib/apache2";
    $msg = `'$a2enmod' landing 2>&1`;
    ok t_cmp($?, 0, 'a2enmod landing succeeds') or t_debug($msg);
    ok t_cmp($msg, qr{Enabling module landing}, 'a2enmod enables it');
    ok t_cmp(readlink("$stage$sysconf/mods-enabled/landing.load") // '',
             '../mods-available/landing.load', 'mods-enabled/landing.load');
    ok t_cmp(readlink("$stage$sysconf/mods-enabled/landing.conf") // '',
             '../mods-available/landing.conf', 'mods-enabled/landing.conf');
}

# --- make uninstall DESTDIR=... ----------------------------------------

$out = `cd '$top' && make -s -f Makefile.apxs uninstall DESTDIR='$stage' 2>&1`;
ok t_cmp($?, 0, 'make uninstall DESTDIR=... succeeds') or t_debug($out);
my @left = grep { -e $_ || -l $_ } $so, $bin,
    map { ("$stage$sysconf/mods-available/$_", "$stage$sysconf/mods-enabled/$_") }
        qw(landing.load landing.conf);
ok t_cmp("@left", '', 'make uninstall removes what make install put in place');
