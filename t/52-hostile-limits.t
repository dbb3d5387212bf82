# Hostile input, part 3: the size limit at its edge, a streamed body far
# past it, a body in one-byte buckets and one-byte filter calls
# (mod_bucketeer), and clients that go away in the middle of a response.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp t_debug);
use IO::Socket::INET ();
use lib 't/lib';
use LandingTest qw(source error_log_mark error_log_since);
use LandingHostile qw(gen_file bounded_get check_case tests_per_case
                      still_up no_crash_since);

my $limit = 8 * 1024 * 1024;    # LandingMaxSize's default

# A page of exactly @p $size bytes: front matter, then plain lines.
sub page_of_size {
    my ($size, $title) = @_;
    my $head = "---\nlayout: Landing\ntitle: $title\n---\n";
    my $line = "Plain text, no markup, one line after another.\n";
    my $body = $line x int(($size - length $head) / length $line);
    $body .= 'x' x ($size - length($head) - length($body));
    return $head . $body;
}

# A page with a BOM, CRLF and multi-byte characters, so that splits fall
# inside each of them.
my $split_src = "\xEF\xBB\xBF---\r\nlayout: Landing\r\n"
    . "title: \"\xC3\x9Cberschrift \xE2\x80\x94 split \xF0\x9F\x93\x84\"\r\n"
    . "description: Caf\xC3\xA9\r\n---\r\n" . source('hostile/bom-crlf.md')
    . "\r\n" . do {
        my $s = source('set/reference-architectures.md');
        $s =~ s/\A---\n.*?\n---\n//s;
        $s;
    };

my @cases = (
    { name => 'a body exactly at the limit', expect => 'rendered',
      url => gen_file('at-limit.md', page_of_size($limit, 'At the limit')),
      like => qr{<title>At the limit</title>} },
    { name => 'a body one byte over the limit', expect => 'source',
      url => gen_file('over-limit.md', page_of_size($limit + 1, 'Over')),
      log => qr{LANDING05: pass: body of \S*over-limit\.md is larger than LandingMaxSize} },
);

# The streamed page: 64 bytes a line, past a 64K limit.
my $stream_lines = 40_000;
my $stream = "---\nlayout: Landing\ntitle: Streamed\n---\n"
    . sprintf("%-63s\n", 'A streamed line of Markdown, long enough.')
      x $stream_lines;

my @split = (
    ['one-byte buckets (^B after every byte)', 'buckets.md', "\x02"],
    ['one byte per filter call (^P after every byte)', 'calls.md', "\x10"],
);
my $disconnects = 6;

plan tests => tests_per_case * @cases + 4 + 4 * @split + $disconnects + 3;

check_case(%$_, $_->{expect} eq 'source'
                ? (source => source(substr $_->{url}, 1)) : ())
    for @cases;

# --- a streamed body (CGI) far past the limit -------------------------------

my $mark = error_log_mark();
my $res = bounded_get("/hostile/cgi/stream.cgi?$stream_lines");
ok t_cmp($res ? $res->code : 'no answer', 200, 'streamed: 200 within 5 s');
ok $res && $res->content eq $stream;
t_debug('streamed: got ' . ($res ? length $res->content : 0) . ' of '
        . length($stream) . ' bytes');
ok t_cmp($res ? $res->header('Content-Type') : '', qr{^text/markdown},
         'streamed: the CGI\'s own type');
ok t_cmp(error_log_since($mark),
         qr{LANDING05: pass: body of \S*/hostile/cgi/stream\.cgi is larger than LandingMaxSize \(\d+ bytes so far\)},
         'streamed: warning names the URL');

# --- mod_bucketeer --------------------------------------------------------

# The breadcrumbs show the URL, which differs; the rest must not.
sub page_body {
    my $res = shift;
    return undef unless $res;
    (my $body = $res->content) =~ s{<nav class="breadcrumbs".*?</nav>}{}s;
    return $body;
}

my $clean_url = gen_file('split-clean.md', $split_src);
my $clean = page_body(bounded_get($clean_url));
for my $s (@split) {
    my ($name, $file, $mark_byte) = @$s;
    (my $spread = $split_src) =~ s/(.)/$1$mark_byte/gs;
    my $r = bounded_get(gen_file("split/$file", $spread));
    ok t_cmp($r ? $r->code : 'no answer', 200, "$name: 200 within 5 s");
    ok t_cmp($r ? $r->header('Content-Type') : '',
             'text/html; charset=utf-8', "$name: rendered");
    my $same = $r && defined $clean && page_body($r) eq $clean;
    ok $same;
    t_debug("$name: not the same page as the unsplit body") unless $same;
    ok t_cmp($r ? $r->header('Content-Length') : -1,
             $r ? length($r->content) : 0, "$name: exact Content-Length");
}

# --- clients that leave ---------------------------------------------------

# Send a request, read a little of the answer, hang up. Returns the
# status line and the Content-Length announced.
sub hang_up {
    my ($path, $read) = @_;
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                     PeerPort => Apache::Test::vars('port'),
                                     Timeout => 5) or return ('', '');
    print $sock "GET $path HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              . "Connection: close\r\n\r\n";
    my $got = '';
    my $ok = eval {
        local $SIG{ALRM} = sub { die "timeout\n" };
        alarm 5;
        while (length $got < $read) {
            my $n = sysread $sock, $got, 4096, length $got;
            last unless $n;
        }
        alarm 0;
        1;
    };
    alarm 0;
    close $sock;
    my ($status) = $got =~ /\A(HTTP\/1\.1 \d+)/;
    my ($len) = $got =~ /\r\nContent-Length: (\d+)\r\n/i;
    return ($status // '', $len // '');
}

$mark = error_log_mark();
my $big = '/hostile-gen/at-limit.md';
my $full = bounded_get($big, 'HEAD');
my $full_len = $full ? $full->header('Content-Length') : 'none';
for my $read (1, 1000, 65536) {
    my ($status, $len) = hang_up($big, $read);
    ok t_cmp("$status $len", "HTTP/1.1 200 $full_len",
             "left after $read bytes of a rendered page: it began well");
}
for my $read (0, 100, 100_000) {
    my ($status) = hang_up("/hostile/cgi/stream.cgi?$stream_lines", $read);
    ok t_cmp($status, $read ? 'HTTP/1.1 200' : '',
             "left after $read bytes of a streamed page");
}
ok t_cmp(still_up(), 1, 'the server still answers');
sleep 1;    # let the parent notice a child that died, if one did
ok t_cmp(no_crash_since($mark), '', 'no child died');
ok t_cmp(error_log_since($mark) =~ /LANDING0[23]: / ? 'read error logged'
         : 'none', 'none', 'a client that left is not a read error');
