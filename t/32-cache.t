# The render cache: hits, misses, LRU eviction, invalidation on source
# change, LandingCache Off, and bodies that are not files (keyed by a hash
# of their bytes). One cache serves every child (LandingCacheDir); the
# requests still go over one kept-alive connection.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_write_file t_mkdir);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

plan tests => 29;

Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

my $gen = Apache::Test::vars('documentroot') . '/gen';
t_mkdir($gen);
t_mkdir("$gen/nocache");

# Pages of about 90 KB rendered: three fit in the test server's 300K
# cache, four do not. The chrome's own size is measured first.
my $paras = 0;
sub write_page {
    my ($name, $word, $mtime) = @_;
    my $para = join(' ', ($word) x 12) . "\n\n";
    my $src = "---\nlayout: Landing\ntitle: $name\n---\n# $name\n\n"
            . ($para x $paras);
    t_write_file("$gen/$name.md", $src);
    utime $mtime, $mtime, "$gen/$name.md" if defined $mtime;
}

# What one request did, from the trace1 line it logged.
sub fetch {
    my ($url, @headers) = @_;
    my $mark = error_log_mark();
    my $res = GET $url, @headers;
    my $log = error_log_since($mark);
    my $what = $log =~ /LANDING17: cache hit:/ ? 'hit'
             : $log =~ /LANDING16: cache hit \(body hash\)/ ? 'hash hit'
             : $log =~ /LANDING15: rendered:/ ? 'rendered'
             : $log =~ /LANDING18: not modified/ ? 'not modified'
             : 'unknown';
    return ($what, $res);
}

my $t = time - 100;
write_page('chrome', 'wc', $t);
my $chrome = length((GET '/gen/chrome.md')->content);
my $para_html = length('<p>' . join(' ', ('wa') x 12) . "</p>\n");
$paras = int((90_000 - $chrome) / $para_html);
write_page($_, "w$_", $t) for qw(a b c d);

my ($what, $res) = fetch('/gen/a.md');
ok t_cmp($what, 'rendered', 'first request: rendered');
ok t_cmp(length($res->content) > 80_000 && length($res->content) < 100_000,
         1, 'a page of about 90 KB');
my $page_a = $res->content;
($what, $res) = fetch('/gen/a.md');
ok t_cmp($what, 'hit', 'second request: a cache hit');
ok t_cmp($res->content, $page_a, 'the same bytes');
ok t_cmp($res->header('Content-Length'), length($page_a), 'exact length');

# A hit does not read the file: same size, same mtime, other bytes -
# still the cached page.
my $src = do { local $/; open my $fh, '<', "$gen/a.md" or die; <$fh> };
(my $same_size = $src) =~ s/wa/xa/g;
t_write_file("$gen/a.md", $same_size);
utime $t, $t, "$gen/a.md";
($what, $res) = fetch('/gen/a.md');
ok t_cmp($what, 'hit', 'unchanged size and mtime: a hit');
ok t_cmp($res->content, $page_a, 'without reading the file');

# A source change (mtime) is a miss with the new page.
utime $t + 1, $t + 1, "$gen/a.md";
($what, $res) = fetch('/gen/a.md');
ok t_cmp($what, 'rendered', 'source changed: rendered again');
ok t_cmp($res->content, qr{xa xa}, 'the new source');

# LRU: a, b, c fill the cache; a is used again; d evicts the least
# recently used, b, not a.
fetch('/gen/b.md');
fetch('/gen/c.md');
($what) = fetch('/gen/a.md');
ok t_cmp($what, 'hit', 'a is still cached');
($what) = fetch('/gen/d.md');
ok t_cmp($what, 'rendered', 'd: rendered');
($what) = fetch('/gen/a.md');
ok t_cmp($what, 'hit', 'a was used recently: kept');
($what) = fetch('/gen/b.md');
ok t_cmp($what, 'rendered', 'b was least recently used: evicted');
($what) = fetch('/gen/d.md');
ok t_cmp($what, 'hit', 'd: kept');

# LandingCache Off.
write_page('nocache/page', 'off', $t);
($what) = fetch('/gen/nocache/page.md');
ok t_cmp($what, 'rendered', 'cache off: rendered');
($what, $res) = fetch('/gen/nocache/page.md');
ok t_cmp($what, 'rendered', 'cache off: rendered again');
ok t_cmp($res->content, qr{<title>nocache/page</title>}, 'cache off: the page');

# A client (or a cache in front) that has the page revalidates it without
# a render: the file's size and mtime give the ETag before it is read.
my $nc_etag = $res->header('ETag');
($what, $res) = fetch('/gen/nocache/page.md', 'If-None-Match' => $nc_etag);
ok t_cmp($res->code, 304, 'cache off, If-None-Match with the ETag: 304');
ok t_cmp($what, 'not modified', '... without a render');
ok t_cmp($res->header('ETag'), $nc_etag, '... with the ETag');
($what, $res) = fetch('/gen/nocache/page.md',
                      'If-None-Match' => '"other", ' . $nc_etag);
ok t_cmp("$what " . $res->code, 'not modified 304', 'one of a list');
($what, $res) = fetch('/gen/nocache/page.md', 'If-None-Match' => '"other"');
ok t_cmp("$what " . $res->code, 'rendered 200', 'another ETag: rendered');
($what, $res) = fetch('/gen/nocache/page.md', 'If-None-Match' => $nc_etag,
                      'If-Match' => '"other"');
ok t_cmp("$what " . $res->code, 'rendered 412',
         'with If-Match, which comes first: the general path, 412');
utime $t + 5, $t + 5, "$gen/nocache/page.md";
($what, $res) = fetch('/gen/nocache/page.md', 'If-None-Match' => $nc_etag);
ok t_cmp("$what " . $res->code, 'rendered 200',
         'source changed: the old ETag gets the page');

# Over LandingMaxSize the file is no page any more: its old ETag gets the
# Markdown, not a 304.
$nc_etag = $res->header('ETag');
t_write_file("$gen/nocache/.htaccess", "LandingMaxSize 100\n");
$res = GET '/gen/nocache/page.md', 'If-None-Match' => $nc_etag;
ok t_cmp($res->code . ' ' . substr($res->content, 0, 3), '200 ---',
         'over LandingMaxSize: the old ETag gets the Markdown');
unlink "$gen/nocache/.htaccess";

# A body from a proxy: keyed by a hash of its bytes.
($what, $res) = fetch('/proxied/page.md');
my $proxied = $res->content;
($what, $res) = fetch('/proxied/page.md');
ok t_cmp($what, 'hash hit', 'proxied body: a hit by its hash');
ok t_cmp($res->content, $proxied, 'the same bytes');

# A different body at the same URL is a different page.
($what, $res) = fetch('/cgi/page.cgi');
($what, $res) = fetch('/cgi/page.cgi');
ok t_cmp($what, 'hash hit', 'CGI body: a hit by its hash');
ok t_cmp($res->content, qr{<title>From CGI</title>}, 'CGI page');
