# Responses that are not Landing pages reach the client unchanged: same
# bytes, same headers.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(source error_log_mark error_log_since);

my @files = (
    # path, file under htdocs, expected Content-Type
    ['/set/plain.md',        'set/plain.md',        'text/markdown'],
    ['/set/other-layout.md', 'set/other-layout.md', 'text/markdown'],
    ['/set/no-layout.md',    'set/no-layout.md',    'text/markdown'],
    ['/set/broken.md',       'set/broken.md',       'text/markdown'],
    ['/set/unterminated.md', 'set/unterminated.md', 'text/markdown'],
    ['/set/notes.txt',       'set/notes.txt',       'text/plain'],
    ['/add/page.txt',        'add/page.txt',        'text/plain'],
    ['/bytype/page.txt',     'bytype/page.txt',     'text/plain'],
);

plan tests => 5 * @files + 10;

for my $f (@files) {
    my ($url, $file, $type) = @$f;
    my $src = source($file);
    my $res = GET $url;
    ok t_cmp($res->code, 200, "$url status");
    ok t_cmp($res->content, $src, "$url bytes unchanged");
    ok t_cmp($res->header('Content-Type'), qr{^\Q$type\E\b},
             "$url Content-Type unchanged");
    ok t_cmp($res->header('Content-Length'), length($src),
             "$url Content-Length unchanged");
    # The default handler's validators stay.
    ok t_cmp($res->header('ETag'), qr{^"}, "$url ETag kept");
}

# Invalid front matter logs a warning with the file, line and column.
my $mark = error_log_mark();
GET '/set/broken.md';
GET '/set/unterminated.md';
my $log = error_log_since($mark);
ok t_cmp($log, qr{\[landing:warn\].*LANDING11: \S*/set/broken\.md:\d+:\d+: invalid front matter.*quoted scalar},
         'broken YAML: warning with file, line, column and the YAML error');
ok t_cmp($log, qr{LANDING11: \S*/set/unterminated\.md:1:1: invalid front matter.*no closing},
         'unterminated front matter: warning');

# A status other than 200 passes through (mod_asis sets the status).
my $res = GET '/asis/notfound.asis';
ok t_cmp($res->code, 404, 'asis 404 status kept');
ok t_cmp($res->content, qr{\A---\nlayout: Landing\n}, '404 body unchanged');
ok t_cmp($res->header('Content-Type'), 'text/markdown', '404 type unchanged');

# A body that already has a Content-Encoding passes through.
$res = GET '/asis/encoded.asis';
ok t_cmp($res->header('Content-Encoding'), 'identity-test',
         'encoded: Content-Encoding kept');
ok t_cmp($res->content, qr{\A---\nlayout: Landing\n}, 'encoded body unchanged');

# The same asis page with status 200 and no encoding is rendered, so the
# two cases above are about status and encoding, not mod_asis.
$res = GET '/asis/ok.asis';
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'asis 200 is rendered');
ok t_cmp($res->content, qr{<title>As is</title>}, 'asis 200 title');

# A subrequest passes through: mod_include pulls the Landing page into an
# .shtml page with a subrequest, which gets the Markdown, not a page.
$res = GET '/include/page.shtml';
ok t_cmp($res->content,
         qr{<p>before</p>\n---\nlayout: Landing\ntitle: Reference Architectures\n---\n.*<p>after</p>}s,
         'subrequest body is the raw Markdown');
