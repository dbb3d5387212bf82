# A page in the render cache is answered before any handler runs, so a
# hit never opens its source: the same bytes and headers as through the
# filter, with HEAD, ranges, 304s (the -gzip tag too) and gzip. A changed
# source or template gives the new page at once, and the same URL with
# another handler or another filter before LANDING is not answered from
# the plain file's page.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET HEAD POST);
use Apache::TestUtil qw(t_cmp t_debug t_write_file t_mkdir);
use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

plan tests => 47, need_module 'deflate';

Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

my $dir = Apache::Test::vars('documentroot') . '/fast';
my $template = Apache::Test::vars('t_logs') . '/fast.html';
t_mkdir($dir);

sub write_page {
    my ($word, $mtime) = @_;
    t_write_file("$dir/page.md",
                 "---\nlayout: Landing\ntitle: Fast\n---\n# Fast\n\n"
                 . join(' ', ($word) x 40) . "\n\n"
                 . '<!--#set var="m" value="ssi-r" --><!--#echo var="m" -->an'
                 . "\n");
    utime $mtime, $mtime, "$dir/page.md";
}

# What answered a request, from its trace1 lines.
sub fetch {
    my ($method, $url, @headers) = @_;
    my $mark = error_log_mark();
    my $res = $method->($url, @headers);
    my $log = error_log_since($mark);
    my $what = $log =~ /LANDING17: cache hit: \S+ \(before the handler\)/
                   ? 'early hit'
             : $log =~ /LANDING17: cache hit:/ ? 'filter hit'
             : $log =~ /LANDING15: rendered:/ ? 'rendered'
             : 'other';
    return ($what, $res);
}

my $t = time - 100;
write_page('alpha', $t);

my ($what, $res) = fetch(\&GET, '/fast/page.md');
ok t_cmp($what, 'rendered', 'first request: rendered');
my $page = $res->content;
my $etag = $res->header('ETag') // '';
my $lm = $res->header('Last-Modified') // '';
ok t_cmp($page, qr{alpha alpha}, 'the page');

($what, $res) = fetch(\&GET, '/fast/page.md');
ok t_cmp($what, 'early hit', 'second request: answered before the handler');
ok t_cmp($res->code, 200, 'early hit: 200');
ok t_cmp($res->content eq $page, 1, 'early hit: the same bytes');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'early hit: Content-Type');
ok t_cmp($res->header('Content-Length'), length($page),
         'early hit: Content-Length');
ok t_cmp($res->header('ETag'), $etag, 'early hit: the same ETag');
ok t_cmp($res->header('Last-Modified'), $lm, 'early hit: Last-Modified');
ok t_cmp($res->header('Accept-Ranges') // '', 'bytes',
         'early hit: Accept-Ranges, as from the file');
ok t_cmp($res->header('Vary') // '', qr{Accept-Encoding},
         'early hit: Vary: Accept-Encoding');

($what, $res) = fetch(\&HEAD, '/fast/page.md');
ok t_cmp($what, 'early hit', 'HEAD: answered before the handler');
ok t_cmp($res->header('Content-Length'), length($page), 'HEAD: Content-Length');
ok t_cmp($res->header('ETag'), $etag, 'HEAD: ETag');
ok t_cmp($res->content, '', 'HEAD: no body');

($what, $res) = fetch(\&GET, '/fast/page.md', Range => 'bytes=10-19');
ok t_cmp($what, 'early hit', 'Range: answered before the handler');
ok t_cmp($res->code, 206, 'Range: 206');
ok t_cmp($res->content, substr($page, 10, 10), 'Range: those bytes of the page');
($what, $res) = fetch(\&GET, '/fast/page.md', Range => 'bytes=0-9',
                      'If-Range' => '"L0000000000000000"');
ok t_cmp($res->code . ' ' . length($res->content), '200 ' . length($page),
         'If-Range with another ETag: the whole page');

($what, $res) = fetch(\&GET, '/fast/page.md', 'If-None-Match' => $etag);
ok t_cmp($what, 'early hit', 'If-None-Match: answered before the handler');
ok t_cmp($res->code, 304, 'If-None-Match with the ETag: 304');
ok t_cmp($res->header('ETag'), $etag, 'the 304 has the ETag');
ok t_cmp((GET '/fast/page.md', 'If-Modified-Since' => $lm)->code, 304,
         'If-Modified-Since: 304');
ok t_cmp((GET '/fast/page.md', 'If-Match' => '"nope"')->code, 412,
         'If-Match with another ETag: 412');

# gzip, as stored, and its tag.
($what, $res) = fetch(\&GET, '/fast/page.md', 'Accept-Encoding' => 'gzip');
ok t_cmp($what, 'early hit', 'gzip: answered before the handler');
ok t_cmp($res->header('Content-Encoding') // '', 'gzip', 'gzip: compressed');
my $plain;
gunzip(\$res->content => \$plain) or t_debug("gunzip: $GunzipError");
ok t_cmp(defined $plain && $plain eq $page, 1, 'gzip: the page');
(my $gz_tag = $etag) =~ s/"$/-gzip"/;
ok t_cmp($res->header('ETag'), $gz_tag, 'gzip: the ETag with -gzip');
($what, $res) = fetch(\&GET, '/fast/page.md', 'Accept-Encoding' => 'gzip',
                      'If-None-Match' => $gz_tag);
ok t_cmp($res->code . ' ' . ($res->header('ETag') // ''), "304 $gz_tag",
         'the -gzip tag revalidates: 304 with that tag');

# A page whose cache file is larger than the module reads whole (16 KB):
# its bytes go out from the file, with the same answers.
t_write_file("$dir/big.md", "---\nlayout: Landing\ntitle: Big\n---\n# Big\n\n"
             . join('', map { "Paragraph $_ says " . ($_ * 7919 % 104729)
                                  . " and " . ($_ * 104729 % 7919) . ".\n\n" }
                        1 .. 4000));
($what, $res) = fetch(\&GET, '/fast/big.md');
my $big = $res->content;
ok t_cmp($what . ' ' . (length($big) > 100_000 ? 'large' : length($big)),
         'rendered large', 'a large page: rendered');
($what, $res) = fetch(\&GET, '/fast/big.md');
ok t_cmp($what, 'early hit', 'a large page: answered before the handler');
ok t_cmp($res->content eq $big && $res->header('Content-Length') == length($big)
         ? 1 : 0, 1, 'a large page: the same bytes and length');
($what, $res) = fetch(\&GET, '/fast/big.md', Range => 'bytes=70000-70099');
ok t_cmp($res->code . ' ' . $res->content, '206 ' . substr($big, 70000, 100),
         'a large page: a Range past the first 64 KB');
($what, $res) = fetch(\&GET, '/fast/big.md', 'Accept-Encoding' => 'gzip');
$plain = undef;
gunzip(\$res->content => \$plain) or t_debug("gunzip: $GunzipError");
ok t_cmp(defined $plain && $plain eq $big ? 1 : 0, 1,
         'a large page, gzipped: the page');
($what, $res) = fetch(\&HEAD, '/fast/big.md');
ok t_cmp($res->header('Content-Length') . ' ' . length($res->content),
         length($big) . ' 0', 'a large page, HEAD: its length, no body');
($what, $res) = fetch(\&GET, '/fast/big.md', 'If-None-Match' => $res->header('ETag'));
ok t_cmp($res->code, 304, 'a large page: 304');

# POST goes the usual way (the default handler sends a file for it too).
($what, $res) = fetch(\&POST, '/fast/page.md', content => 'x');
ok t_cmp($what . ' ' . $res->code, 'filter hit 200',
         'POST: the page through the filter, not before the handler');

# The source changed: a new page at once, never the cached one.
write_page('beta', $t + 10);
($what, $res) = fetch(\&GET, '/fast/page.md');
ok t_cmp($what, 'rendered', 'source changed: rendered again');
ok t_cmp($res->content, qr{beta beta}, 'source changed: the new text');
ok t_cmp(scalar($res->content =~ /alpha/), '', 'source changed: no old text');
ok $res->header('ETag') ne $etag;
$etag = $res->header('ETag');
($what, $res) = fetch(\&GET, '/fast/page.md');
ok t_cmp($what . ' ' . ($res->content =~ /beta beta/ ? 'beta' : 'old'),
         'early hit beta', 'then the new page before the handler');

# The template changed: a new page within a second.
t_write_file($template, "<!doctype html>\n<title>{{head_title}}</title>\n"
                        . "<body class=\"fast-v2\">{{{content}}}</body>\n");
my $tt = time + 5;
utime $tt, $tt, $template;
sleep 2;
($what, $res) = fetch(\&GET, '/fast/page.md');
ok t_cmp($what, 'rendered', 'template changed: rendered again');
ok t_cmp($res->content, qr{<body class="fast-v2">}, 'template changed: the new page');
ok $res->header('ETag') ne $etag;

# The same URL with another handler (SetHandler in an <If>): that
# handler answers, not the page cached for the plain file.
($what, $res) = fetch(\&GET, '/fast/page.md?status');
ok t_cmp($what ne 'early hit' && $res->content !~ /beta beta/
         && $res->content =~ /Render cache now/ ? 1 : 0, 1,
         'another handler on the URL answers it (the status page)');

# Another filter before LANDING (INCLUDES): the page of what it makes.
($what, $res) = fetch(\&GET, '/fast/page.md?ssi');
ok t_cmp($what ne 'early hit' && $res->content =~ /ssi-ran/ ? 1 : 0, 1,
         'a filter before LANDING: its output rendered, not the cached page');
