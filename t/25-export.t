# landing-render --out: the export of examples/ is a working static site.
# Served by a plain httpd with no mod_landing, every page is crawled and
# every internal link and image answers 200; exported with --relative,
# every link is relative and names a file on disk, so the site works
# from file://.
use strict;
use warnings FATAL => 'all';

use Cwd qw(abs_path);
use File::Find ();
use File::Path qw(make_path remove_tree);
use HTML::LinkExtor;
use LWP::UserAgent;
use Test::More;

use lib 't/lib';
use LandingPorts qw(free_port wait_port);
use URI;
use URI::Escape qw(uri_unescape);

my $top = abs_path('.');
my $cli = "$top/build/landing-render";
chomp(my $apxs = `sh -c 'command -v apxs'`);
plan skip_all => 'apxs is not installed' unless $apxs;
die "build landing-render first\n" unless -x $cli;
chomp(my $sbindir = `$apxs -q SBINDIR`);
chomp(my $target = `$apxs -q TARGET`);
chomp(my $modules = `$apxs -q LIBEXECDIR`);
my $httpd = "$sbindir/$target";

my $work = "$top/t/logs/export";
remove_tree($work);
make_path("$work/logs");

# The demo's settings: the <Directory> block of tools/demo's
# configuration, read by --config with the tree where it is here, as a
# docs repository would keep it (paths relative to the current directory).
my ($block) = slurp('tools/demo') =~ m{^(<Directory "\$docs">\n.*?^</Directory>\n)}ms
    or die 'tools/demo: no <Directory "$docs"> block';
$block =~ s/\$docs/examples/g;
$block =~ s/\$port/8080/g;
open my $fh, '>', "$work/docs.conf" or die $!;
print $fh $block;
close $fh;

# Every Markdown page of the example site, by its path under examples/.
# (A Markdown file without front matter, notes.md, is no page: copied.)
my @md;
File::Find::find({ no_chdir => 1, wanted => sub {
    push @md, substr($_, length("examples/"))
        if -f $_ && /\.md$/ && slurp($_) =~ /\A---\r?\n/;
} }, 'examples');
@md = sort @md;
ok(@md >= 8, scalar(@md) . ' pages in examples/');

# Does the URL path $p name something in examples/ (a file, a directory,
# a page by its .html name)? The example pages also link to pages of the
# site they were taken from, which are not there: dead in the source
# and on the server too, not the export's to mend.
sub in_source {
    my $p = uri_unescape(shift =~ s/[?#].*//sr);
    my $f = "examples$p";
    return -e $f || ($f =~ s/\.html$/.md/ && -f $f);
}

sub run {
    my @args = @_;
    my $out = `'$cli' @{[map { "'$_'" } @args]} 2>&1`;
    return ($? >> 8, $out);
}

my ($rc, $log) = run('--config', "$work/docs.conf", '--out', "$work/site",
                     'examples');
is($rc, 0, '--out examples/: exit 0') or diag($log);
like($log, qr/^landing-render: ${\ scalar(@md)} pages rendered, \d+ files copied to \Q$work\E\/site, 0 problems$/m,
     'the summary');
ok(!-e "$work/site/nav.yml" && !-e "$work/site/layouts/wide.html",
   'the navigation file and the templates are not exported');
is_deeply([grep { !-f "$work/site/" . s/\.md$/.html/r } @md], [],
          'every page is exported as .html');

# --- served by a plain httpd --------------------------------------------

my $port = free_port();
open $fh, '>', "$work/httpd.conf" or die $!;
print $fh <<"CONF";
ServerRoot "$work"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$work/logs/httpd.pid"
ErrorLog "$work/logs/error_log"
LogLevel warn
<IfModule !mpm_event_module>
LoadModule mpm_event_module "$modules/mod_mpm_event.so"
</IfModule>
LoadModule authz_core_module "$modules/mod_authz_core.so"
LoadModule mime_module "$modules/mod_mime.so"
LoadModule dir_module "$modules/mod_dir.so"
TypesConfig /etc/mime.types
StartServers 1
ServerLimit 1
ThreadsPerChild 8
MaxRequestWorkers 8
DocumentRoot "$work/site"
DirectoryIndex index.html
<Directory "$work/site">
    Require all granted
</Directory>
CONF
close $fh;
system($httpd, '-f', "$work/httpd.conf", '-k', 'start') == 0
    or BAIL_OUT("httpd did not start: see $work/logs/error_log");
END { stop_httpd() if $httpd && $work }
wait_port($port) or BAIL_OUT("httpd on $port did not start");

my $ua = LWP::UserAgent->new(timeout => 10, max_redirect => 3);
my $base = "http://127.0.0.1:$port";
# Every page, from the home page and from the export's list, so that a
# page no link reaches is crawled too; at most a few hundred requests.
my @queue = ('/', map { '/' . s/\.md$/.html/r } @md);
my (%seen, %status, %crawled);
while (defined(my $path = shift @queue)) {
    next if $seen{$path}++;
    last if keys(%seen) > 500;
    my $res = $ua->get("$base$path");
    $status{$path} = $res->code;
    next unless $res->is_success
                && ($res->header('Content-Type') // '') =~ m{^text/html};
    my (@bad, $links, $elsewhere);
    $links = $elsewhere = 0;
    $crawled{$path =~ s{/$}{/index.html}r} = 1;
    for my $link (links($res->decoded_content)) {
        my $uri = URI->new_abs($link, "$base$path");
        next unless $uri->scheme =~ /^https?$/
                    && $uri->host_port eq "127.0.0.1:$port";
        my $p = $uri->path_query;
        if (!in_source($uri->path)) {
            $elsewhere++;
            next;
        }
        $links++;
        unless (exists $status{$p}) {
            $status{$p} = $ua->head("$base$p")->code;
            push @queue, $p if $p =~ m{(?:/|\.html)$};
        }
        push @bad, "$link ($status{$p})" if $status{$p} != 200;
    }
    is(join(' ', @bad), '', "$path: its $links internal links and images "
                            . "answer 200 ($elsewhere lead out of "
                            . "examples/)");
}
is_deeply([sort keys %crawled], [sort map { '/' . s/\.md$/.html/r } @md],
          'every page was crawled, and nothing else is HTML');
is($status{'/'}, 200, 'the home page is served as /');

# --- --relative, from disk ----------------------------------------------

($rc, $log) = run('--config', "$work/docs.conf", '--relative', '--out',
                  "$work/rel", 'examples');
is($rc, 0, '--relative: exit 0') or diag($log);
for my $page (@md) {
    (my $file = "$work/rel/$page") =~ s/\.md$/.html/;
    open my $h, '<:raw', $file or die "$file: $!";
    my $html = do { local $/; <$h> };
    my (@bad, $n);
    for my $link (links($html)) {
        next if $link =~ m{^[a-z][a-z0-9+.-]*:}i || $link =~ /^#/;
        $n++;
        if ($link =~ m{^/}) {
            push @bad, "$link (not relative)";
            next;
        }
        (my $path = $link) =~ s/[?#].*//s;
        my $dir = $file =~ s{[^/]*$}{}r;
        my $site = URI->new_abs($path, "http://x/$page")->path;
        next unless in_source($site);
        my $on_disk = uri_unescape("$dir$path");
        push @bad, "$link (no such file)" unless -f $on_disk;
    }
    is(join(' ', @bad), '', "$page: its $n links are relative and name "
                            . "files on disk");
}
like(slurp("$work/rel/guide/getting-started.html"),
     qr{href="\.\./index\.html"}, '--relative: the home page as ../index.html');
like(slurp("$work/site/guide/getting-started.html"),
     qr{href="/guide/"}, 'served: a directory stays a directory');

done_testing();

sub links {
    my $html = shift;
    my @l;
    my $p = HTML::LinkExtor->new(sub {
        my ($tag, %attr) = @_;
        push @l, grep { defined } @attr{qw(href src)};
    });
    $p->parse($html);
    $p->eof;
    return @l;
}

sub slurp {
    my $file = shift;
    open my $h, '<:raw', $file or die "$file: $!";
    local $/;
    return <$h>;
}



sub stop_httpd {
    my $pidfile = "$work/logs/httpd.pid";
    return unless -e $pidfile;
    system($httpd, '-f', "$work/httpd.conf", '-k', 'stop');
    for (1 .. 50) {
        last unless -e $pidfile;
        select undef, undef, undef, 0.1;
    }
}
