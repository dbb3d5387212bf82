# The module's own index (LandingSearchRoot) under each MPM: a private
# httpd (not the suite's server) for prefork, worker and event in turn.
# mod_watchdog runs the refresh in one child under any of them; a page
# added to the tree must be found within a few refreshes, and a page
# removed must go, while several children answer searches.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp t_debug t_write_file);
use File::Path qw(rmtree);
use File::Spec;
use LWP::UserAgent;

use lib 't/lib';
use LandingPorts qw(free_port);
use LandingTest qw(file_text);

my $vars = Apache::Test::vars();
my $modules = do {
    my $dir = `sh -c 'apxs -q LIBEXECDIR 2>/dev/null'`;
    chomp $dir;
    $dir;
};
my @mpms = grep { -e "$modules/mod_mpm_$_.so" } qw(prefork worker event);

plan tests => 5 * @mpms;

my $dir = "$vars->{t_logs}/search-mpms";
my $module = File::Spec->rel2abs("$vars->{t_dir}/../.libs/mod_landing.so");
my $ua = LWP::UserAgent->new(timeout => 10);

sub log_text { file_text("$dir/error.log") }

# Up to @p tries tenths of a second until @p test is true.
sub within {
    my ($tries, $test) = @_;
    for (1 .. $tries) {
        return 1 if $test->();
        select(undef, undef, undef, 0.1);
    }
    return 0;
}

for my $mpm (@mpms) {
    rmtree($dir);
    mkdir $dir;
    for my $i (1 .. 12) {
        t_write_file("$dir/docs/p$i.md", "---\nlayout: Landing\ntitle: "
                     . "Page $i\n---\nA page about lanterns, number $i.\n");
    }
    my $port = free_port();
    my $base = "http://127.0.0.1:$port";
    my $threads = $mpm eq 'prefork' ? 'ServerLimit 8'
                                    : "ThreadsPerChild 4\nServerLimit 4";
    t_write_file("$dir/httpd.conf", <<"CONF");
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/httpd.pid"
ErrorLog "$dir/error.log"
DefaultRuntimeDir "$dir"
LogLevel notice landing:info
LoadModule mpm_${mpm}_module "$modules/mod_mpm_$mpm.so"
LoadModule authz_core_module "$modules/mod_authz_core.so"
LoadModule mime_module "$modules/mod_mime.so"
LoadModule landing_module "$module"
TypesConfig /dev/null
AddType text/markdown .md
StartServers 3
MaxRequestWorkers 8
$threads
LandingSearchRefresh 1
DocumentRoot "$dir/docs"
<Directory "$dir/docs">
    Require all granted
    SetOutputFilter LANDING
</Directory>
<Location /search>
    SetHandler landing-search
    LandingSearchRoot "$dir/docs" /
</Location>
CONF
    my $started = system($vars->{httpd}, '-f', "$dir/httpd.conf", '-k',
                         'start') == 0
        && within(100, sub { $ua->get("$base/p1.md")->is_success });
    ok t_cmp($started, 1, "$mpm: a private httpd starts")
        or t_debug(log_text());

    # Built at startup: all twelve pages, whichever child answers.
    my $all = within(100, sub {
        my $html = $ua->get("$base/search?q=lanterns")->content;
        return $html =~ /12 results for/;
    });
    ok t_cmp($all, 1, "$mpm: the index built at startup has every page");

    t_write_file("$dir/docs/new.md", "---\nlayout: Landing\ntitle: Fresh"
                 . "\n---\nA page about wombats.\n");
    my $found = within(100, sub {
        # Several asks: several children must all see the new index.
        my $n = grep { $ua->get("$base/search?q=wombats")->content
                       =~ /1 result for/ } 1 .. 4;
        return $n == 4;
    });
    ok t_cmp($found, 1, "$mpm: a page added is found after a refresh, "
             . "by every child asked");
    unlink "$dir/docs/new.md";
    my $gone = within(100, sub {
        $ua->get("$base/search?q=wombats")->content =~ /No results/;
    });
    ok t_cmp($gone, 1, "$mpm: and gone once it is removed");
    ok t_cmp(log_text(), qr{LANDING93: search index of .*12 pages},
             "$mpm: the log says the index was built");

    system($vars->{httpd}, '-f', "$dir/httpd.conf", '-k', 'stop');
    within(50, sub { !-e "$dir/httpd.pid" });
}
