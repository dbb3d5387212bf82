# Every configuration block in README.md and docs/*.md passes httpd's
# configtest ("apache2 -t") with the freshly built module loaded, so that
# no pasted block fails. A block is configuration when its first line
# that is not a comment is an httpd section or a directive (see
# looks_like_config); a fenced block marked "apache" always is.
#
# Paths in a block are the reader's, not this machine's: the files that
# directives read at startup are made in a scratch directory first
# (LandingLayout: a copy of the built-in template; LandingComponent: a
# copy of the built-in Card; LandingNav: a small
# navigation; <Directory>, DocumentRoot and Alias: a directory), and
# the block is tested with its paths moved there.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp t_debug t_write_file t_mkdir);
use File::Basename qw(dirname);
use File::Path qw(make_path rmtree);
use File::Spec;

my $vars = Apache::Test::vars();
my $top = File::Spec->rel2abs("$vars->{t_dir}/..");
my $module = "$top/.libs/mod_landing.so";
my $scratch = "$vars->{t_logs}/doc-config";
rmtree($scratch);
make_path($scratch);

my @files = ("$top/README.md", sort glob("$top/docs/*.md"));

# Directives and sections that start a configuration block.
my $SECTION = qr{<(?:Directory|DirectoryMatch|Location|LocationMatch|Files|
                     FilesMatch|IfModule|VirtualHost|If|Proxy)\b}x;
my $DIRECTIVE = qr{(?:Landing[A-Z]\w*|SetOutputFilter|AddOutputFilter\w*|
                      RemoveOutputFilter|LoadModule|DirectoryIndex|AddType|
                      Alias|DocumentRoot|CacheEnable|CacheDisable|
                      CacheQuickHandler|CacheLock|CacheSocache\w*|Header|
                      LogLevel|ProxyPass\w*|Require|ServerName|Listen|
                      DeflateAlterETag|AddEncoding|FilterProvider|
                      FilterChain|SetHandler|Options|AllowOverride|
                      ExpiresActive|ExpiresByType|ExpiresDefault|
                      MaxRequestWorkers|ThreadsPerChild|ServerLimit|
                      StartServers|BrotliAlterETag|SetEnvIf\w*)\s}x;

sub looks_like_config {
    my ($text) = @_;
    for my $line (split /\n/, $text) {
        next if $line =~ /^\s*(#|$)/;
        return $line =~ /^\s*(?:$SECTION|$DIRECTIVE)/ ? 1 : 0;
    }
    return 0;
}

# The code blocks of a Markdown file: [line, text, info string].
sub code_blocks {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!";
    my @lines = <$fh>;
    my @blocks;
    my ($i, $prev_blank) = (0, 1);
    while ($i < @lines) {
        my $l = $lines[$i];
        # A fence, also inside a list item (indented).
        if ($l =~ /^(\s*)(```+|~~~+)\s*(\S*)/) {
            my ($indent, $fence, $info, $start) = (length $1, $2, $3, $i + 1);
            my @body;
            $i++;
            while ($i < @lines && $lines[$i] !~ /^\s*\Q$fence\E\s*$/) {
                (my $b = $lines[$i++]) =~ s/^ {0,$indent}//;
                push @body, $b;
            }
            push @blocks, [$start + 1, join('', @body), $info];
            $i++;
            $prev_blank = 0;
            next;
        }
        if ($prev_blank && $l =~ /^(?: {4}|\t)\S/) {
            my $start = $i + 1;
            my @body;
            while ($i < @lines
                   && ($lines[$i] =~ /^(?: {4}|\t)/ || $lines[$i] =~ /^\s*$/)) {
                push @body, $lines[$i++];
            }
            pop @body while @body && $body[-1] =~ /^\s*$/;
            s/^(?: {4}|\t)// for @body;
            push @blocks, [$start, join('', @body), ''];
            $prev_blank = 1;
            next;
        }
        $prev_blank = $l =~ /^\s*$/;
        $i++;
    }
    return @blocks;
}

my @config;
for my $file (@files) {
    (my $rel = $file) =~ s{^\Q$top\E/}{};
    for my $b (code_blocks($file)) {
        my ($line, $text, $info) = @$b;
        next unless $info =~ /^apache(conf)?$/ || looks_like_config($text);
        push @config, ["$rel:$line", $text];
    }
}

plan tests => 1 + @config;
ok t_cmp(scalar(@config) > 5, 1, 'configuration blocks found in README.md '
         . 'and docs/ (' . scalar(@config) . ')');

# The modules a block may use, when this httpd has them: the test
# server's LoadModule lines give their paths.
my %have;
{
    open my $fh, '<', "$vars->{t_dir}/conf/httpd.conf" or die $!;
    while (<$fh>) {
        $have{$1} = $_ if /^\s*LoadModule\s+(\w+)_module\s/;
    }
}
my $modules = ($have{mime} // '') =~ /"?(\/\S+?\.so)"?\s*$/ ? dirname($1)
            : '/usr/lib/apache2/modules';
my $mpm_seen = 0;
my $loads = '';
for my $m (qw(mpm_event mpm_prefork mpm_worker unixd authz_core authz_host
              mime dir alias deflate filter headers setenvif expires env
              log_config cache cache_disk socache_shmcb socache_memcache
              cache_socache proxy proxy_http slotmem_shm proxy_balancer
              lbmethod_byrequests status rewrite brotli include cgid)) {
    next if $m =~ /^mpm_/ && $mpm_seen;
    my $line = $have{$m} // (-f "$modules/mod_$m.so"
        ? "LoadModule ${m}_module $modules/mod_$m.so\n" : '');
    $mpm_seen++ if $line && $m =~ /^mpm_/;
    $have{$m} ||= $line if $line;
    $loads .= $line;
}

my $n = 0;
for my $c (@config) {
    my ($where, $text) = @$c;
    my $dir = "$scratch/" . ++$n;
    make_path("$dir/root");
    my $body = sandbox($dir, $text);
    t_write_file("$dir/httpd.conf", "ServerRoot $dir\n$loads"
        . "LoadModule landing_module $module\n"
        . "ErrorLog $dir/error_log\nPidFile $dir/pid\n"
        . "DefaultRuntimeDir $dir\nListen 127.0.0.1:1\n"
        . "ServerName localhost\n" . $body);
    my $out = `'$vars->{httpd}' -t -f '$dir/httpd.conf' 2>&1`;
    ok t_cmp($? >> 8, 0, "$where: apache2 -t accepts it")
        or t_debug("$text\n---\n$out");
}

# The block with every absolute file path moved under $dir/root, and
# the files that httpd reads at startup made there.
sub sandbox {
    my ($dir, $text) = @_;
    my $root = "$dir/root";
    my @out;
    for my $line (split /\n/, $text) {
        # The module is loaded already, from the build.
        next if $line =~ /^\s*LoadModule\s+landing_module\b/;
        # Other modules: from this httpd's module directory.
        if ($line =~ /^\s*LoadModule\s+(\w+)_module\s/) {
            next if $have{$1};
            $line =~ s{\s(\S+/)?(mod_\w+\.so)\s*$}{ $modules/$2};
        }
        if ($line =~ /^\s*<(Directory|DirectoryMatch)\s+"?(\/[^">\s]*)/) {
            my $p = $2;
            make_path("$root$p") unless $1 eq 'DirectoryMatch';
            $line =~ s{\Q$p\E}{$root$p};
        }
        elsif ($line =~ /^\s*(DocumentRoot|CacheRoot)\s+"?(\/[^"\s]*)/) {
            my $p = $2;
            make_path("$root$p");
            $line =~ s{\Q$p\E}{$root$p};
        }
        elsif ($line =~ /^\s*Alias\s+\S+\s+"?(\/[^"\s]*)/) {
            my $p = $1;
            make_path("$root$p");
            $line =~ s{\Q$p\E}{$root$p};
        }
        elsif ($line =~ /^\s*LandingLayout\s+\S+\s+"?(\/[^"\s]*)/) {
            my $p = $1;
            make_path(dirname("$root$p"));
            system('cp', "$top/conf/landing.html", "$root$p");
            $line =~ s{\Q$p\E}{$root$p};
        }
        elsif ($line =~ /^\s*LandingComponent\s+\S+\s+"?(\/[^"\s]*)/) {
            my $p = $1;
            make_path(dirname("$root$p"));
            system('cp', "$top/conf/components/Card.html", "$root$p");
            $line =~ s{\Q$p\E}{$root$p};
        }
        elsif ($line =~ /^\s*LandingNav\s+"?(\/[^"\s]*)/) {
            my $p = $1;
            make_path(dirname("$root$p"));
            t_write_file("$root$p", "- title: Home\n  path: /\n");
            $line =~ s{\Q$p\E}{$root$p};
        }
        elsif ($line =~ /^\s*LandingSearchRoot\s+"?(\/[^"\s]*)/) {
            my $p = $1;
            make_path("$root$p");
            $line =~ s{\Q$p\E}{$root$p};
        }
        elsif ($line =~ /^\s*(ErrorLog|CustomLog|TransferLog|LandingSearchIndex)\s+"?(\/[^"\s]*)/) {
            my $p = $2;
            make_path(dirname("$root$p"));
            $line =~ s{\Q$p\E}{$root$p};
        }
        push @out, $line;
    }
    return join("\n", @out) . "\n";
}
