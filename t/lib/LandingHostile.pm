# Helpers for the hostile-input suite (t/5x-hostile-*.t): generated
# pages, requests bounded in time, and one check per case that the answer
# is well formed and the server is still up.
package LandingHostile;
use strict;
use warnings FATAL => 'all';

use Apache::Test ();
use Apache::TestRequest ();
use Apache::TestUtil qw(t_cmp);
use Encode ();
use Exporter 'import';
use File::Path qw(make_path);
use Time::HiRes ();
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

our @EXPORT_OK = qw(gen_file gen_dir bounded_get check_case
                    tests_per_case still_up no_crash_since crash_re);

# Every case must be answered within this many seconds.
our $BOUND = 5;

# Lines httpd or a sanitizer writes when a child dies.
sub crash_re {
    return qr{exit signal|AddressSanitizer|LeakSanitizer|runtime error:|
              \[cmark\]|Segmentation fault|Aborted}x;
}

# The directory generated pages go to (t/htdocs/hostile-gen, ignored by
# git), made on first use.
sub gen_dir {
    my $dir = Apache::Test::vars('documentroot') . '/hostile-gen';
    make_path("$dir/split");
    return $dir;
}

# Write @p $bytes to hostile-gen/@p $rel; returns the URL.
sub gen_file {
    my ($rel, $bytes) = @_;
    my $path = gen_dir() . "/$rel";
    open my $fh, '>:raw', $path or die "$path: $!";
    print $fh $bytes;
    close $fh or die "$path: $!";
    return "/hostile-gen/$rel";
}

# GET (or another method) with the whole exchange bounded at $BOUND
# seconds: a hung request becomes undef, not a hung test.
sub bounded_get {
    my ($url, @headers) = @_;
    my $method = 'GET';
    if (@headers && $headers[0] =~ /^(?:GET|HEAD)$/) {
        $method = shift @headers;
    }
    Apache::TestRequest::user_agent(reset => 1, timeout => $BOUND,
                                    keep_alive => 0);
    my $res;
    my $ok = eval {
        local $SIG{ALRM} = sub { die "timeout\n" };
        alarm $BOUND;
        no strict 'refs';
        $res = &{"Apache::TestRequest::$method"}($url, @headers);
        alarm 0;
        1;
    };
    alarm 0;
    return $ok ? $res : undef;
}

# Is the server answering a plain page?
sub still_up {
    my $res = bounded_get('/hostile/alive.md');
    return $res && $res->code == 200
        && $res->content =~ m{<title>Alive</title>};
}

# Did any child die since @p $mark?
sub no_crash_since {
    my $mark = shift;
    my $log = error_log_since($mark);
    my $re = crash_re();
    my @bad = grep { /$re/ } split /\n/, $log;
    return join("\n", @bad);
}

use constant tests_per_case => 5;

# One hostile case, tests_per_case() tests:
#
#   name     => what the case is
#   url      => the request
#   expect   => 'rendered' or 'source'
#   source   => the bytes a 'source' answer must carry
#   like     => for 'rendered': a pattern the page must match
#   unlike   => a pattern the body must not match (optional)
#   log      => a pattern the error log must gain (optional; without it
#               no warning may be logged for the request)
#
# The tests: an answer within the bound with status 200; an exact
# Content-Length; the body; the log; and the server is still answering
# with no child lost.
sub check_case {
    my %c = @_;
    my $mark = error_log_mark();
    my $t0 = Time::HiRes::time();
    my $res = bounded_get($c{url}, @{ $c{headers} || [] });
    my $took = Time::HiRes::time() - $t0;

    Apache::Test::ok(t_cmp($res ? $res->code : 'no answer within '
                           . "$BOUND s", 200, "$c{name}: 200 within "
                           . "$BOUND s (took " . sprintf('%.2f', $took)
                           . ' s)'));
    my $body = $res ? $res->content : '';
    my $len = $res ? $res->header('Content-Length') : undef;
    Apache::Test::ok(t_cmp($len, length($body),
                           "$c{name}: exact Content-Length"));
    if (($c{expect} // '') eq 'source') {
        my $same = $res && $body eq $c{source}
            && ($res->header('Content-Type') // '') !~ m{^text/html};
        Apache::Test::ok($same);
        Apache::TestUtil::t_debug("$c{name}: body is not the source bytes: "
            . length($body) . ' vs ' . length($c{source}) . ' bytes, '
            . ($res ? $res->header('Content-Type') // '' : '')) unless $same;
    }
    else {
        # A page is valid UTF-8 whatever its source held; patterns
        # match its characters.
        my $copy = $body;
        my $text = eval { Encode::decode('UTF-8', $copy, Encode::FB_CROAK()) };
        my $ok = $res && defined $text
            && ($res->header('Content-Type') // '')
               eq 'text/html; charset=utf-8'
            && $text =~ /\A<!doctype html>/
            && (!$c{like} || $text =~ $c{like})
            && (!$c{unlike} || $text !~ $c{unlike});
        Apache::Test::ok($ok);
        Apache::TestUtil::t_debug("$c{name}: not the page expected ("
            . ($res ? $res->header('Content-Type') // '' : 'no answer')
            . '): ' . substr($body, 0, 300)) unless $ok;
    }
    # The log: the expected warning, or none at all for this request.
    # Messages for other requests may land in between; only lines that
    # carry a LANDING tag and name this URL's file count.
    Time::HiRes::sleep(0.05);
    my $log = error_log_since($mark);
    (my $file = $c{url}) =~ s{\?.*}{};
    $file =~ s{.*/}{};
    my @ours = grep { /LANDING\d+: / && /\[landing:(?:warn|error)/
                      && /\Q$file\E/ } split /\n/, $log;
    if ($c{log}) {
        Apache::Test::ok(t_cmp(join("\n", @ours), $c{log},
                               "$c{name}: logged"));
    }
    else {
        Apache::Test::ok(t_cmp(join("\n", @ours), '',
                               "$c{name}: nothing logged"));
    }
    my $crash = no_crash_since($mark);
    Apache::Test::ok(t_cmp(still_up() && $crash eq '' ? 1 : "crash: $crash",
                           1, "$c{name}: server still answering"));
    return $res;
}

1;
