# Helpers for the tests of landing-render: running it, and reading the
# test server's configuration to find the options that reproduce what the
# server does for a page.
package LandingCLI;
use strict;
use warnings FATAL => 'all';

use Apache::Test ();
use Exporter 'import';
use File::Spec;
use File::Temp qw(tempfile);
use Text::ParseWords qw(quotewords);

our @EXPORT_OK = qw(cli_path run_cli settings_for module_directives
                    missing_options config_files);

# Every directive of the module that changes a page's bytes, and the
# landing-render option that gives it (apply() below turns the test
# server's directives into these options).
our %OPTION = (
    LandingLayout             => '--layout',
    LandingComponent          => '--component',
    LandingSet                => '--set',
    LandingNav                => '--nav',
    LandingRawHTML            => '--no-raw-html',
    LandingMarkdownExtensions => '--extensions',
    LandingHeadingIds         => '--no-heading-ids',
    LandingEditBase           => '--edit-base',
    LandingCanonicalBase      => '--canonical-base',
    LandingMaxSize            => '--max-size',
    LandingStylesheet         => '--stylesheet',
);

# The module's directives that never change a page's bytes, and why.
our %NOT_PAGE_CHANGING = (
    LandingCache        => 'whether a page is cached, not its bytes',
    LandingCacheSize    => 'the render cache\'s size',
    LandingCacheDir     => 'where the shared render cache lives',
    LandingCacheGzip    => 'whether the cache keeps a gzipped copy; the '
                           . 'page\'s bytes are the same',
    LandingMaxSizeLimit => 'what .htaccess may set (over it: a 500, '
                           . 'which the comparison checks)',
    LandingRenderMemory => 'memory for renders in flight; over it, a page '
                           . 'waits, then passes through (load, not '
                           . 'configuration)',
    LandingRenderWait   => 'how long a render waits for memory',
    LandingSearchIndex  => 'the index a landing-search location reads '
                           . '(a handler of its own, no page\'s bytes)',
    LandingSearchRoot   => 'the tree a landing-search location indexes',
    LandingSearchRefresh => 'how often that index is updated',
);

# The directives in mod_landing.c's command table.
sub module_directives {
    my $t = Apache::Test::vars('t_dir');
    my $src = slurp("$t/../mod_landing.c");
    my ($table) = $src =~ /command_rec\s+\w+\[\]\s*=\s*\{(.*?)\n\};/s
        or die "mod_landing.c: no command table";
    return $table =~ /AP_INIT_\w+\(\s*"(\w+)"/g;
}

# The module's directives that change a page but that landing-render,
# this file or the manual do not cover: a list of [directive, what is
# missing].
sub missing_options {
    my $t = Apache::Test::vars('t_dir');
    my (undef, $help) = run_cli('--help');
    my $doc = slurp("$t/../docs/landing-render.md");
    my @missing;
    for my $d (module_directives()) {
        next if $NOT_PAGE_CHANGING{$d};
        my @what;
        push @what, "no landing-render option names it in --help (a row "
                    . "in landing-render.c's option_table with directive "
                    . "\"$d\", and its case in apply_directive())"
            unless $help =~ /^\s+--[\w-]+.*\n?\s*\Q$d\E\b/m;
        push @what, "no entry in %LandingCLI::OPTION (t/lib/LandingCLI.pm) "
                    . "naming its option, and no branch in LandingCLI::apply "
                    . "turning the test server's $d into it"
            unless $OPTION{$d};
        push @what, "no row in docs/landing-render.md's table of options"
            unless $doc =~ /^\|[^\n]*`\Q$d\E\b/m;
        push @missing, [$d, join('; ', @what)] if @what;
    }
    return @missing;
}


# The freshly built renderer, next to the module's build.
sub cli_path {
    my $t = Apache::Test::vars('t_dir');
    return File::Spec->rel2abs("$t/../build/landing-render");
}

# Run @cmd (landing-render when the first word is an option or a file);
# returns (exit status, stdout bytes, stderr text). stdin is /dev/null.
sub run_cli {
    my @args = @_;
    my ($ofh, $ofile) = tempfile(UNLINK => 1);
    my ($efh, $efile) = tempfile(UNLINK => 1);
    my $cmd = cli_path();
    my $pid = fork;
    die "fork: $!" unless defined $pid;
    if ($pid == 0) {
        open STDIN, '<', '/dev/null' or die;
        open STDOUT, '>&', $ofh or die;
        open STDERR, '>&', $efh or die;
        exec { $cmd } $cmd, @args or die "exec $cmd: $!";
    }
    waitpid $pid, 0;
    my $rc = $? >> 8;
    return ($rc, slurp($ofile), slurp($efile));
}

sub slurp {
    my $file = shift;
    open my $fh, '<:raw', $file or die "$file: $!";
    local $/;
    return scalar(<$fh>) // '';
}

# The configuration files the suite adds (t/conf/*.conf made from
# *.conf.in), which the server includes in this order.
sub config_files {
    my $t = Apache::Test::vars('t_dir');
    return map { (my $f = $_) =~ s/\.in$//; $f } sort glob("$t/conf/*.conf.in");
}

# The <Directory> sections of every configuration file the suite adds,
# and the top-level directives as the section "/": a list of [directory,
# [[directive, args...], ...]]. Include is followed; <VirtualHost>,
# <Location>, <Files> and <If> are other requests' and passed over.
my @sections;
sub sections {
    return @sections if @sections;
    my @top;
    read_sections($_, \@top) for config_files();
    push @sections, ['/', \@top];
    return @sections;
}

sub read_sections {
    my ($file, $top) = @_;
    open my $fh, '<', $file or die "$file: $!";
    my $skip = 0;
    my $cur = $top;
    while (my $line = <$fh>) {
        $line =~ s/^\s+|\s+$//g;
        next if $line eq '' || $line =~ /^#/;
        if ($line =~ m{^<Directory\s+"?([^">]+)"?\s*>}i) {
            my @d;
            push @sections, [$1, \@d];
            $cur = \@d;
        }
        elsif ($line =~ m{^</Directory>}i) {
            $cur = $top;
        }
        elsif ($line =~ m{^<(Location|Files|If\b|VirtualHost)}i) {
            $skip++;
        }
        elsif ($line =~ m{^</(Location|Files|If|VirtualHost)\b}i) {
            $skip--;
        }
        elsif ($line =~ /^<\/?IfModule/i) {
            next;    # every module the suite needs is loaded
        }
        elsif (!$skip && $line =~ /^Include(?:Optional)?\s+"?([^"]+)"?$/i) {
            read_sections($1, $cur) if -f $1;
        }
        elsif (!$skip) {
            push @$cur, [quotewords('\s+', 0, $line)];
        }
    }
}

sub size_of {
    my $v = shift;
    my %unit = (k => 1024, m => 1024**2, g => 1024**3);
    $v =~ /^(\d+)([kmg]?)$/i or return undef;
    return $1 * ($2 ? $unit{lc $2} : 1);
}

# Apply one directive to the settings %$s.
sub apply {
    my ($s, $d, @a) = @_;
    my $n = lc $d;
    if ($n eq 'setoutputfilter') {
        $s->{filters} = [split /;/, $a[0]];
    }
    elsif ($n eq 'addoutputfilter') {
        push @{$s->{filters_md}}, split /;/, $a[0]
            if grep { /^\.?md$/i } @a[1 .. $#a];
    }
    elsif ($n eq 'addoutputfilterbytype') {
        push @{$s->{filters_type}}, map { [$_, @a[1 .. $#a]] }
            split /;/, $a[0];
    }
    elsif ($n eq 'landingset') {
        push @{$s->{set}}, "$a[0]=$a[1]";
    }
    elsif ($n eq 'landinglayout') {
        $s->{layout}{$a[0]} = $a[1];
    }
    elsif ($n eq 'landingcomponent') {
        $s->{component}{$a[0]} = $a[1];
    }
    elsif ($n eq 'landingrawhtml') {
        $s->{raw} = lc($a[0]) eq 'on' ? 1 : 0;
    }
    elsif ($n eq 'landingmaxsize') {
        $s->{max} = size_of($a[0]);
    }
    elsif ($n eq 'landingmarkdownextensions') {
        # The list as written; a bad one is a 500 the command line
        # refuses too (it exits with a usage error), so it is not compared.
        my $list = join(' ', @a);
        if ($list =~ /^[\w, ]+$/
            && !grep { !/^(table|strikethrough|tasklist|autolink|tagfilter|footnotes|none)$/ }
                    split /[ ,]+/, $list) {
            $s->{extensions} = $list;
        }
        else {
            $s->{error} = 1;    # a 500 from .htaccess
        }
    }
    elsif ($n eq 'landingstylesheet') {
        $s->{stylesheet} = $a[0];
    }
    elsif ($n eq 'landingnav') {
        $s->{nav} = lc($a[0]) eq 'none' ? undef : $a[0];
    }
    elsif ($n eq 'landingheadingids') {
        $s->{ids} = lc($a[0]) eq 'on' ? 1 : 0;
    }
    elsif ($n =~ /^landing(editbase|canonicalbase)$/) {
        $s->{$1} = lc($a[0]) eq 'none' ? undef : $a[0];
    }
    elsif ($NOT_PAGE_CHANGING{(grep { lc($_) eq $n } keys %NOT_PAGE_CHANGING)[0] // ''}) {
        # Caches and memory: when a page is made, not its bytes.
    }
    elsif ($n =~ /^landing/) {
        $s->{unknown}{$d} = 1;
    }
    elsif ($n =~ /^(header|requestheader|expires|cache\w*|allowoverride|
                   options|addtype|addencoding|addhandler|require|
                   directoryindex|loglevel)$/x) {
        # Headers, caching and access: not the body's bytes.
    }
    else {
        $s->{other}{$d} = 1;
    }
}

# What the server does with the file $rel (relative to the document
# root), and what landing-render needs to do the same: a hash with
#   opts     => [options]: LANDING renders it, as landing-render with
#               these options does;
#   strip    => a pattern of the bytes removed before LANDING sees them
#               (mod_bucketeer's delimiters);
#   htaccess => 1 when .htaccess files set some of it (which --config
#               does not read);
#   live     => [templates] that other tests edit while the server runs;
# or, when landing-render has nothing to reproduce,
#   status   => 500: the configuration is an error for this page;
#   plain    => 1: no LANDING filter, the server sends the file;
# and why => what that is. A directive this cannot reproduce dies: the
# comparison has no skips.
sub settings_for {
    my $rel = shift;
    my $vars = Apache::Test::vars();
    my $root = $vars->{documentroot};
    my $file = "$root/$rel";
    my %s = (raw => 1, max => 8 * 1024 * 1024, ids => 1);
    my $htaccess = 0;

    my @applies = sort { length($a->[0]) <=> length($b->[0]) }
                  grep { $_->[0] eq '/' || index($file, "$_->[0]/") == 0 }
                  sections();
    for my $sec (@applies) {
        for my $d (@{$sec->[1]}) {
            # At the top level only what reaches every directory counts
            # (LoadModule, LogLevel, Cache* do not change a body).
            next if $sec->[0] eq '/' && $d->[0] !~ /^(landing|\w*outputfilter)/i;
            apply(\%s, @$d);
        }
    }
    # .htaccess files from the document root down.
    my @parts = split m{/}, $rel;
    pop @parts;
    my $dir = $root;
    for my $p ('', @parts) {
        $dir .= "/$p" if $p ne '';
        my $ht = "$dir/.htaccess";
        next unless -f $ht;
        $htaccess = 1;
        open my $fh, '<', $ht or die "$ht: $!";
        while (my $line = <$fh>) {
            $line =~ s/^\s+|\s+$//g;
            next if $line eq '' || $line =~ /^#/;
            my @w = quotewords('\s+', 0, $line);
            # Directives that name files may not be used there.
            return { status => 500, why => ".htaccess with $w[0]" }
                if $w[0] =~ /^landing(layout|component|nav|cachesize)$/i;
            # Over LandingMaxSizeLimit (the server's 8M here): a 500.
            return { status => 500, why => ".htaccess with $w[0] $w[1]" }
                if $w[0] =~ /^landingmaxsize$/i
                   && (size_of($w[1]) // 0) > 8 * 1024 * 1024;
            apply(\%s, @w);
            return { status => 500, why => ".htaccess with $line" }
                if $s{error};
        }
    }

    my @filters = (@{$s{filters} || []}, @{$s{filters_md} || []},
                   map { $_->[0] } grep { grep { $_ eq 'text/markdown' }
                                          @$_[1 .. $#$_] }
                   @{$s{filters_type} || []});
    return { plain => 1, why => 'not filtered by LANDING' }
        unless grep { $_ eq 'LANDING' } @filters;
    my %r = (htaccess => $htaccess);
    for my $f (grep { $_ ne 'LANDING' } @filters,
               map { $_->[0] } @{$s{filters_type} || []}) {
        if ($f eq 'BUCKETEER') {
            # It splits the body at ^B, ^F and ^P and takes them out.
            $r{strip} = qr/[\x02\x06\x10]/;
        }
        elsif ($f ne 'DEFLATE') {   # the test client asks for no gzip
            die "$rel: the filter $f: what does it do to the body?";
        }
    }
    die "$rel: settings the command line lacks: "
        . join(' ', sort keys %{$s{unknown}})
        if %{$s{unknown} || {}};
    die "$rel: directives that change the body: "
        . join(' ', sort keys %{$s{other}}) if $s{other};

    my @opts;
    for my $name (sort keys %{$s{layout} || {}}) {
        push @opts, '--layout', "$name=$s{layout}{$name}";
    }
    for my $name (sort keys %{$s{component} || {}}) {
        push @opts, '--component', "$name=$s{component}{$name}";
    }
    # Templates under t/logs are rewritten by other tests while the server
    # runs (and the server rereads them at most once a second).
    $r{live} = [grep { index($_, $vars->{t_logs}) == 0 }
                values(%{$s{layout} || {}}),
                values(%{$s{component} || {}})];
    delete $r{live} unless @{$r{live}};
    push @opts, map { ('--set', $_) } @{$s{set} || []};
    push @opts, '--no-raw-html' unless $s{raw};
    push @opts, '--nav', $s{nav} if defined $s{nav};
    push @opts, '--extensions', $s{extensions} if defined $s{extensions};
    push @opts, '--no-heading-ids' unless $s{ids};
    push @opts, '--edit-base', $s{editbase} if defined $s{editbase};
    push @opts, '--canonical-base', $s{canonicalbase}
        if defined $s{canonicalbase};
    push @opts, '--max-size', $s{max} if $s{max} != 8 * 1024 * 1024;
    push @opts, '--stylesheet', $s{stylesheet} if defined $s{stylesheet};
    $r{opts} = \@opts;
    return \%r;
}

1;
