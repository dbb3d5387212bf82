# The built-in stylesheet out of the page: pages link it at a URL named
# by a hash of its bytes, which the module answers itself with the
# stylesheet's bytes, a year of caching, a strong ETag, Last-Modified,
# 304s, HEAD and ranges, compressed by mod_deflate after it. Another
# release's name gets this stylesheet for five minutes (a fleet
# mid-upgrade); only names of that form are the module's. LandingStylesheet puts the URL under a path
# of the site's (an Alias here), or the CSS back into every page.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET HEAD POST);
use Apache::TestUtil qw(t_cmp t_debug);
use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

plan tests => 64, need_module 'deflate';

my $t_dir = Apache::Test::vars('t_dir');
my $css = do {
    open my $fh, '<:raw', "$t_dir/../conf/landing.css" or die $!;
    local $/;
    <$fh>;
};

Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

# --- the page links it -------------------------------------------------

my $page = GET '/sheet/page.md';
my ($href) = $page->content =~ m{<link rel="stylesheet" href="([^"]+)">};
$href //= '';
ok t_cmp($href, qr{^/\.landing/landing\.[0-9a-f]{16}\.css$},
         'the page links the stylesheet at /.landing/landing.<hash>.css');
ok t_cmp(scalar($page->content =~ /<style/), '', 'no CSS in the page');
my ($hash) = $href =~ /landing\.([0-9a-f]{16})\.css/;
$hash //= 'none';

# The seed page (a link to it here: its directory's settings are the
# defaults), once the stylesheet is in the browser's cache.
my $seed = GET '/sheet/seed.md';
t_debug('seed page: ' . length($seed->content) . ' bytes');
ok t_cmp(length($seed->content) <= 4096, 1,
         'the seed page is at most 4 KB of HTML ('
         . length($seed->content) . ' bytes)');

# --- the stylesheet ----------------------------------------------------

my $mark = error_log_mark();
my $res = GET $href;
ok t_cmp($res->code, 200, 'the stylesheet: 200');
ok t_cmp($res->content eq $css, 1, 'its bytes are conf/landing.css');
ok t_cmp($res->header('Content-Type'), 'text/css; charset=utf-8',
         'Content-Type: text/css');
ok t_cmp($res->header('Content-Length'), length($css), 'exact Content-Length');
ok t_cmp($res->header('Cache-Control'), 'public, max-age=31536000, immutable',
         'cached for a year, immutable');
my $etag = $res->header('ETag') // '';
ok t_cmp($etag, "\"L$hash\"", 'a strong ETag, from the hash in the URL');
my $lm = $res->header('Last-Modified') // '';
ok t_cmp($lm, qr{^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$},
         'Last-Modified');
ok t_cmp($res->header('Accept-Ranges') // '', 'bytes', 'Accept-Ranges: bytes');
ok t_cmp(error_log_since($mark), qr{LANDING70: the built-in stylesheet: \Q$href\E},
         'trace1 says the module answered it');

# Revalidation.
$res = GET $href, 'If-None-Match' => $etag;
ok t_cmp($res->code, 304, 'If-None-Match with its ETag: 304');
ok t_cmp($res->header('ETag'), $etag, 'the 304 has the ETag');
ok t_cmp($res->content, '', 'and no body');
$res = GET $href, 'If-None-Match' => "\"x\", W/$etag";
ok t_cmp($res->code, 304, 'its weak tag in a list: 304');
ok t_cmp((GET $href, 'If-None-Match' => '"L0000000000000000"')->code, 200,
         'another ETag: 200');
ok t_cmp((GET $href, 'If-Modified-Since' => $lm)->code, 304,
         'If-Modified-Since its Last-Modified: 304');
ok t_cmp((GET $href, 'If-Match' => '"nope"')->code, 412,
         'If-Match with another ETag: 412');

# HEAD: the same headers, no body.
$res = HEAD $href;
ok t_cmp($res->code, 200, 'HEAD: 200');
ok t_cmp($res->header('Content-Length'), length($css), 'HEAD: Content-Length');
ok t_cmp($res->header('ETag'), $etag, 'HEAD: ETag');
ok t_cmp($res->content, '', 'HEAD: no body');

# Ranges (httpd's BYTERANGE filter).
$res = GET $href, Range => 'bytes=0-99';
ok t_cmp($res->code, 206, 'Range: 206');
ok t_cmp($res->header('Content-Range'), 'bytes 0-99/' . length($css),
         'Content-Range');
ok t_cmp($res->content eq substr($css, 0, 100), 1, 'the first 100 bytes');
$res = GET $href, Range => 'bytes=-10', 'If-Range' => $etag;
ok t_cmp($res->code, 206, 'If-Range with its ETag: 206');
ok t_cmp($res->content eq substr($css, -10), 1, 'the last 10 bytes');
$res = GET $href, Range => 'bytes=0-9', 'If-Range' => '"L0000000000000000"';
ok t_cmp($res->code, 200, 'If-Range with another ETag: the whole stylesheet');

# Another release's name (a fleet mid-upgrade: a page from an older or
# newer node asks this one): this release's stylesheet, cached briefly,
# never as immutable, with validators that describe what it sent.
my $old = '/.landing/landing.0000000000000000.css';
$mark = error_log_mark();
$res = GET $old;
ok t_cmp($res->code, 200, "another release's name: 200");
ok t_cmp($res->content eq $css, 1, "another release's name: this stylesheet");
ok t_cmp($res->header('Content-Type'), 'text/css; charset=utf-8',
         "another release's name: text/css");
ok t_cmp($res->header('Cache-Control'), 'public, max-age=300',
         "another release's name: five minutes, not immutable");
ok t_cmp($res->header('ETag'), $etag,
         "another release's name: the ETag of the bytes sent");
ok t_cmp($res->header('Last-Modified'), $lm,
         "another release's name: Last-Modified");
ok t_cmp(error_log_since($mark),
         qr{LANDING70: the built-in stylesheet: \Q$old\E \(another release's name},
         'trace1 says it was another release\'s name');
$res = GET $old, 'If-None-Match' => $etag;
ok t_cmp($res->code, 304, "another release's name, revalidated: 304");
ok t_cmp($res->header('Cache-Control') // '', 'public, max-age=300',
         "another release's name: the 304 keeps the short max-age");
$res = HEAD $old;
ok t_cmp($res->code . ' ' . ($res->header('Content-Length') // ''),
         '200 ' . length($css), "another release's name: HEAD");
ok t_cmp((GET "/mounted/_static/landing.0123456789abcdef.css")->code, 200,
         "another release's name under LandingStylesheet's path: 200");

# Only stylesheet names are the module's.
ok t_cmp((GET '/.landing/landing.0123456789ABCDEF.css')->code, 404,
         'upper-case hex digits: 404');
ok t_cmp((GET '/.landing/landing.00000000000000000.css')->code, 404,
         '17 hex digits: 404');
ok t_cmp((GET '/.landing/landing.000000000000000.css')->code, 404,
         '15 hex digits: 404');
ok t_cmp((GET '/.landing/other.css')->code, 404, 'another name: 404');
ok t_cmp((GET "$href/x")->code, 404, 'a path below it: 404');
$res = POST $href, content => 'x';
ok t_cmp($res->code, 405, 'POST: 405');
ok t_cmp($res->header('Allow') // '', qr{GET}, 'Allow names GET');

# Compressed by mod_deflate (AddOutputFilterByType DEFLATE text/css).
my @gzip = ('Accept-Encoding' => 'gzip');
$res = GET $href, @gzip;
ok t_cmp($res->header('Content-Encoding') // '', 'gzip', 'gzip: compressed');
my $plain;
gunzip(\$res->content => \$plain) or t_debug("gunzip: $GunzipError");
ok t_cmp(defined $plain && $plain eq $css, 1, 'gzip: the same bytes');
ok t_cmp(length($res->content) < length($css) / 2, 1,
         'gzip: less than half the size (' . length($res->content) . ' bytes)');
ok t_cmp($res->header('Vary') // '', qr{Accept-Encoding}, 'gzip: Vary');
my $gz_tag = $res->header('ETag') // '';
ok t_cmp($gz_tag, "\"L$hash-gzip\"", 'gzip: the ETag with -gzip');
$res = GET $href, @gzip, 'If-None-Match' => $gz_tag;
ok t_cmp($res->code, 304, 'gzip: If-None-Match with the -gzip tag: 304');
ok t_cmp($res->header('ETag'), $gz_tag, 'gzip: the 304 has the -gzip tag');

# --- under a path of the site's (LandingStylesheet URL-path) ------------

$page = GET '/mounted/page.md';
my ($mounted) = $page->content =~ m{<link rel="stylesheet" href="([^"]+)">};
$mounted //= '';
ok t_cmp($mounted, "/mounted/_static/landing.$hash.css",
         'LandingStylesheet /mounted/_static: the page links it there');
$res = GET $mounted;
ok t_cmp($res->code, 200, 'under the Alias: 200');
ok t_cmp($res->content eq $css, 1, 'under the Alias: the stylesheet');
ok t_cmp($res->header('Content-Type'), 'text/css; charset=utf-8',
         'under the Alias: text/css (not a page of LANDING)');
ok t_cmp($res->header('ETag'), $etag, 'under the Alias: the same ETag');
ok t_cmp((GET "/sheet/_static/landing.$hash.css")->code, 404,
         'that path is answered only where it is configured');
ok t_cmp((GET $href)->code, 200, '/.landing/ is answered there too');

# --- inline ------------------------------------------------------------

$page = GET '/sheet/inline/page.md';
ok t_cmp($page->code, 200, 'LandingStylesheet inline: 200');
ok t_cmp(index($page->content, "<style>$css</style>") >= 0, 1,
         'inline: the stylesheet is in the page');
ok t_cmp(scalar($page->content =~ /rel="stylesheet"/), '',
         'inline: nothing to fetch');
