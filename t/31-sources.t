# Compression after rendering, and bodies that do not come from a file:
# mod_proxy, a gzipped proxied body through INFLATE, a CGI script; and
# mod_cache in front of the filter.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_write_file);
use IO::Uncompress::Gunzip qw(gunzip $GunzipError);
use File::Copy qw(copy);

plan tests => 31;

my $vars = Apache::Test::vars();

sub gunzipped {
    my $gz = shift;
    my $out;
    gunzip(\$gz => \$out) or die "gunzip: $GunzipError";
    return $out;
}

# DEFLATE after LANDING: the rendered page, compressed, with Vary.
for my $dir (qw(deflate deflate-bytype)) {
    my $plain = GET "/$dir/page.md";
    my $res = GET "/$dir/page.md", 'Accept-Encoding' => 'gzip';
    ok t_cmp($res->header('Content-Encoding'), 'gzip', "$dir: gzip");
    ok t_cmp($res->header('Vary'), qr{Accept-Encoding}, "$dir: Vary");
    ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
             "$dir: type");
    ok t_cmp(gunzipped($res->content), $plain->content,
             "$dir: decompresses to the page");
}
my $res = GET '/deflate/page.md';
ok !defined $res->header('Content-Encoding');

# mod_proxy: the backend sends Markdown; LANDING renders it.
$res = GET '/proxied/page.md';
ok t_cmp($res->code, 200, 'proxied: 200');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'proxied: rendered');
ok t_cmp($res->content, qr{<title>Reference Architectures</title>},
         'proxied: title');
ok t_cmp($res->header('Content-Length'), length($res->content),
         'proxied: exact Content-Length');
ok t_cmp($res->header('ETag'), qr{^"L[0-9a-f]{16}"$},
         'proxied: ETag from the body');
my $etag = $res->header('ETag');
ok t_cmp((GET '/proxied/page.md', 'If-None-Match' => $etag)->code, 304,
         'proxied: 304 for its ETag');

# The backend really sends gzip for the .gz file...
$res = GET '/backend/page-gz.md.gz', 'Accept-Encoding' => 'gzip';
ok t_cmp($res->header('Content-Encoding'), 'gzip', 'backend sends gzip');
# ...which LANDING alone leaves alone,
$res = GET '/proxied/page-gz.md.gz', 'Accept-Encoding' => 'gzip';
ok t_cmp($res->header('Content-Encoding'), 'gzip', 'encoded: passes through');
# ...and INFLATE;LANDING renders.
$res = GET '/proxied-gz/page-gz.md.gz';
ok t_cmp($res->code, 200, 'INFLATE;LANDING: 200');
ok !defined $res->header('Content-Encoding');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'INFLATE;LANDING: rendered');
ok t_cmp($res->content, qr{<figure class="main-card main-card_size_large">},
         'INFLATE;LANDING: the cards');

# A CGI script.
$res = GET '/cgi/page.cgi';
ok t_cmp($res->code, 200, 'CGI: 200');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'CGI: rendered');
ok t_cmp($res->content, qr{<title>From CGI</title>.*<em>CGI</em>}s,
         'CGI: the page');

# mod_cache in front, fresh: the second request is a cache hit with the
# same bytes.
my $first = GET '/cached-fresh/page.md';
my $second = GET '/cached-fresh/page.md';
ok t_cmp($second->header('X-Cache'), qr{^HIT}, 'mod_cache: HIT');
ok t_cmp($second->content, $first->content, 'mod_cache: same bytes');

# mod_cache in front, always stale: revalidated with our validators (a
# 304 from the filter), then a new page after a template change.
my $live = "$vars->{t_logs}/live-cached.html";
$first = GET '/cached-stale/page.md';
$second = GET '/cached-stale/page.md';
ok t_cmp($second->header('X-Cache'), qr{^REVALIDATE}, 'mod_cache: REVALIDATE');
ok t_cmp($second->content, $first->content, 'revalidated: same bytes');
t_write_file($live, "<!doctype html>\n<title>{{head_title}}</title>\n"
                    . "<body class=\"cached-v2\">{{{content}}}</body>\n");
my $t = time + 5;
utime $t, $t, $live;
sleep 2;
my $third = GET '/cached-stale/page.md';
ok t_cmp($third->content, qr{<body class="cached-v2">},
         'after a template change: the new page');
ok $third->header('ETag') ne $first->header('ETag');
my $fourth = GET '/cached-stale/page.md';
ok t_cmp($fourth->content, $third->content, 'and it stays');
copy("$vars->{t_dir}/conf/live.html.dist", $live);
