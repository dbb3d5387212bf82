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

our @EXPORT_OK = qw(cli_path run_cli settings_for);

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

# The <Directory> sections of every configuration file the suite adds
# (t/conf/*.conf made from *.conf.in), and the top-level directives as
# the section "/": a list of [directory, [[directive, args...], ...]].
my @sections;
sub sections {
    return @sections if @sections;
    my $t = Apache::Test::vars('t_dir');
    for my $in (sort glob("$t/conf/*.conf.in")) {
        (my $file = $in) =~ s/\.in$//;
        open my $fh, '<', $file or die "$file: $!";
        my ($dir, $skip) = ('/', 0);
        my @top;
        my $cur = \@top;
        while (my $line = <$fh>) {
            $line =~ s/^\s+|\s+$//g;
            next if $line eq '' || $line =~ /^#/;
            if ($line =~ m{^<Directory\s+"?([^">]+)"?\s*>}i) {
                my @d;
                push @sections, [$1, \@d];
                $cur = \@d;
            }
            elsif ($line =~ m{^</Directory>}i) {
                $cur = \@top;
            }
            elsif ($line =~ m{^<(Location|Files|If\b)}i) {
                $skip++;
            }
            elsif ($line =~ m{^</(Location|Files|If)\b}i) {
                $skip--;
            }
            elsif ($line =~ /^<\/?IfModule/i) {
                next;    # every module the suite needs is loaded
            }
            elsif (!$skip) {
                push @$cur, [quotewords('\s+', 0, $line)];
            }
        }
        push @sections, ['/', \@top];
    }
    return @sections;
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
            $s->{unknown}{$d} = 1;
        }
    }
    elsif ($n eq 'landingstylesheet') {
        $s->{stylesheet} = $a[0];
    }
    elsif ($n eq 'landingnav') {
        $s->{nav} = lc($a[0]) eq 'none' ? undef : $a[0];
    }
    elsif ($n =~ /^landing(headingids|editbase|canonicalbase)$/) {
        # Off and a URL change the page, and have no option; On and none
        # are the defaults.
        my $default = $n eq 'landingheadingids' ? 'on' : 'none';
        if (lc($a[0]) eq $default) {
            delete $s->{unknown}{$d};
        }
        else {
            $s->{unknown}{$d} = 1;
        }
    }
    elsif ($n =~ /^landing(cache|cachesize)$/) {
        # The render cache changes when a page is made, not its bytes.
    }
    elsif ($n =~ /^landing/) {
        $s->{unknown}{$d} = 1;
    }
    elsif ($n =~ /^(header|requestheader|expires|cache\w*|allowoverride|
                   options|addtype|addencoding|addhandler|require)$/x) {
        # Headers, caching and access: not the body's bytes.
    }
    else {
        $s->{other}{$d} = 1;
    }
}

# What landing-render needs to make the page the server sends for the
# file $rel (relative to the document root): a list of options, or undef
# and why not (the server does not render it, or does something the
# command line cannot).
sub settings_for {
    my $rel = shift;
    my $vars = Apache::Test::vars();
    my $root = $vars->{documentroot};
    my $file = "$root/$rel";
    my %s = (raw => 1, max => 8 * 1024 * 1024);

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
        open my $fh, '<', $ht or die "$ht: $!";
        while (my $line = <$fh>) {
            $line =~ s/^\s+|\s+$//g;
            next if $line eq '' || $line =~ /^#/;
            my @w = quotewords('\s+', 0, $line);
            # Directives that name files may not be used there.
            return (undef, ".htaccess with $w[0]: a 500")
                if $w[0] =~ /^landing(layout|component|nav|cachesize)$/i;
            # Over LandingMaxSizeLimit (the server's 8M here): a 500.
            return (undef, ".htaccess with $w[0] $w[1]: a 500")
                if $w[0] =~ /^landingmaxsize$/i
                   && (size_of($w[1]) // 0) > 8 * 1024 * 1024;
            apply(\%s, @w);
        }
    }

    my @filters = (@{$s{filters} || []}, @{$s{filters_md} || []},
                   map { $_->[0] } grep { grep { $_ eq 'text/markdown' }
                                          @$_[1 .. $#$_] }
                   @{$s{filters_type} || []});
    return (undef, 'not filtered by LANDING')
        unless grep { $_ eq 'LANDING' } @filters;
    my @others = grep { $_ ne 'LANDING' } @filters,
        map { $_->[0] } @{$s{filters_type} || []};
    return (undef, "other filters (@others)") if @others;
    return (undef, 'settings the command line lacks: '
                   . join(' ', sort keys %{$s{unknown}}))
        if %{$s{unknown} || {}};
    return (undef, 'directives that change the body: '
                   . join(' ', sort keys %{$s{other}})) if $s{other};
    return (undef, 'larger than its LandingMaxSize') if -s $file > $s{max};

    my @opts;
    for my $name (sort keys %{$s{layout} || {}}) {
        # Templates under t/logs are rewritten by other tests while the
        # server runs, and the server rereads them at most once a second.
        return (undef, 'its template is edited by other tests')
            if index($s{layout}{$name}, $vars->{t_logs}) == 0;
        push @opts, '--layout', "$name=$s{layout}{$name}";
    }
    for my $name (sort keys %{$s{component} || {}}) {
        return (undef, 'its component template is edited by other tests')
            if index($s{component}{$name}, $vars->{t_logs}) == 0;
        push @opts, '--component', "$name=$s{component}{$name}";
    }
    push @opts, map { ('--set', $_) } @{$s{set} || []};
    push @opts, '--no-raw-html' unless $s{raw};
    push @opts, '--nav', $s{nav} if defined $s{nav};
    push @opts, '--extensions', $s{extensions} if defined $s{extensions};
    push @opts, '--stylesheet', $s{stylesheet} if defined $s{stylesheet};
    return (\@opts, undef);
}

1;
