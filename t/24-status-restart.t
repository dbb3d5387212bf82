# The status counters live in shared memory that outlives restarts: a
# private httpd (not the suite's server, which other tests rely on)
# counts a page, restarts gracefully and then plainly, and keeps counting
# from where it was, with every child writing to the same counters.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp t_debug t_write_file);
use File::Path qw(rmtree);
use File::Spec;
use IO::Socket::INET;
use LWP::UserAgent;
use lib 't/lib';
use LandingTest qw(source file_text);

plan tests => 9;

my $vars = Apache::Test::vars();
my $dir = "$vars->{t_logs}/restart";
rmtree($dir);
mkdir $dir;
mkdir "$dir/docs";
t_write_file("$dir/docs/page.md", source('observe/page.md'));

# A free port: bind to port 0, note what the kernel chose, let it go.
my $sock = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
                                 LocalPort => 0, ReuseAddr => 1) or die $!;
my $port = $sock->sockport;
close $sock;

my $loads = do {
    open my $fh, '<', "$vars->{t_dir}/conf/httpd.conf" or die $!;
    join '', grep { /^\s*LoadModule\s+(mpm_\w+|authz_core|unixd|mime)_module/ }
             <$fh>;
};
my $module = File::Spec->rel2abs("$vars->{t_dir}/../.libs/mod_landing.so");
my $conf = "$dir/httpd.conf";
t_write_file($conf, <<"CONF");
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/httpd.pid"
ErrorLog "$dir/error_log"
LogLevel notice
$loads
LoadModule landing_module "$module"
TypesConfig /dev/null
AddType text/markdown .md
DocumentRoot "$dir/docs"
<Directory "$dir/docs">
    Require all granted
    SetOutputFilter LANDING
    # Every request renders, so that each one moves the counter.
    LandingCache Off
</Directory>
<Location /landing-status>
    SetHandler landing-status
</Location>
CONF

my $ua = LWP::UserAgent->new(timeout => 10);
my $base = "http://127.0.0.1:$port";
sub rendered {
    my $res = $ua->get("$base/landing-status?auto");
    return $res->content =~ /^Rendered: (\d+)$/m ? $1 : -1;
}
sub log_text { file_text("$dir/error_log") }
# Run "httpd -k $what", then wait until the server has read its
# configuration again ("resuming normal operations" once more).
sub httpd_k {
    my ($what, $generation) = @_;
    system($vars->{httpd}, '-f', $conf, '-k', $what) == 0
        or return 0;
    for (1 .. 300) {
        my @resumed = log_text() =~ /resuming normal operations/g;
        return 1 if @resumed >= $generation && rendered() >= 0;
        select(undef, undef, undef, 0.1);
    }
    return 0;
}

ok t_cmp(httpd_k('start', 1), 1, 'a private httpd starts') or t_debug(log_text());
$ua->get("$base/page.md") for 1 .. 3;
ok t_cmp(rendered(), 3, 'three renders counted');

ok t_cmp(httpd_k('graceful', 2), 1, 'graceful restart');
ok t_cmp(rendered(), 3, 'the counters survive a graceful restart');
$ua->get("$base/page.md");
ok t_cmp(rendered(), 4, 'and keep counting');

ok t_cmp(httpd_k('restart', 3), 1, 'plain restart');
ok t_cmp(rendered(), 4, 'the counters survive a restart');
$ua->get("$base/page.md");
ok t_cmp(rendered(), 5, 'and keep counting');

system($vars->{httpd}, '-f', $conf, '-k', 'stop');
ok t_cmp(log_text() =~ /LANDING31|Segmentation|exit signal/ ? 0 : 1, 1,
         'no shared memory errors, no crashed children') or t_debug(log_text());
