# Nothing from a page reaches the chrome unescaped or active:
# LandingRawHTML Off drops raw HTML and dangerous link targets; template
# syntax in a page is printed, never run; .htaccess files cannot point
# the module at a file, and what they may set is escaped.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);
use LandingHostile qw(bounded_get);

plan tests => 36;

# The content part of a page: what cmark wrote.
sub content_of {
    my $body = shift;
    return $body =~ m{<div class="content">(.*?)</div>\s*(?:<[^>]+>\s*)*</main>}s
        ? $1 : $body;
}

# --- LandingRawHTML Off -----------------------------------------------------

my $res = bounded_get('/hostile/safe/links.md');
ok t_cmp($res ? $res->code : 'no answer', 200, 'safe mode: 200');
my $safe = $res ? content_of($res->content) : '';
my $dangerous = qr{(?:href|src)\s*=\s*["']?\s*
                   (?:javascript|vbscript|file|
                      data:(?!image/(?:png|gif|jpeg|webp)[;,]))}xi;
ok t_cmp($safe =~ $dangerous ? $& : 'none', 'none',
         'no javascript:, vbscript:, file: or non-image data: target');
for my $text ('js', 'JS upper', 'vb', 'file', 'data html', 'entity',
              'spaced', 'ref js') {
    ok t_cmp($safe, qr{<a href="">\Q$text\E</a>},
             "safe mode: '$text' keeps its text, loses its target");
}
ok t_cmp($safe, qr{<a href="">javascript:alert\(6\)</a>},
         'safe mode: a javascript: autolink loses its target');
ok t_cmp($safe, qr{<img src="data:image/png;base64,iVBORw0KGgo=" alt="data image" />},
         'safe mode: a data: PNG image is kept');
ok t_cmp($safe, qr{<img src="" alt="svg image" />},
         'safe mode: a data: SVG image (it can script) is dropped');
ok t_cmp($safe, qr{<img src="" alt="js image" />},
         'safe mode: a javascript: image is dropped');
ok t_cmp($safe, qr{<a href="/ok">ok</a> <a href="https://example.org/">https</a> <a href="mailto:a\@example.org">mail</a>},
         'safe mode: ordinary links are kept');
ok t_cmp($safe =~ /<script|onerror|<a href="javascript/i ? $& : 'none',
         'none', 'safe mode: no raw HTML');
ok t_cmp(scalar(() = $safe =~ /<!-- raw HTML omitted -->/g), 4,
         'safe mode: each omission is marked');

# The same page with raw HTML on: the checks above can fail.
$res = bounded_get('/hostile/links.md');
my $raw = $res ? content_of($res->content) : '';
ok t_cmp($raw, qr{<script>alert\(10\)</script>},
         'raw HTML on: the script is there (so the test above can fail)');
ok t_cmp($raw, qr{<a href="javascript:alert\(1\)">js</a>},
         'raw HTML on is for trusted pages: link targets are kept too');

# --- template syntax stays literal -------------------------------------------

$res = bounded_get('/hostile/template-syntax.md');
my $page = $res ? $res->content : '';
ok t_cmp($page,
         qr{<title>\{\{\{content\}\}\} \{\{site\.name\}\} \{\{#meta\}\}x\{\{/meta\}\}</title>},
         'front matter title: printed, not expanded');
ok t_cmp($page, qr{<meta name="description" content="\{\{title\}\} \{\{\{stylesheet\}\}\}">},
         'description: printed, not expanded');
ok t_cmp($page, qr{<html lang="\{\{lang\}\}">}, 'lang: printed');
ok t_cmp($page,
         qr{<meta name="keywords" content="\{\{&gt; partial\}\} \{\{=&lt;% %&gt;=\}\} \{\{!c\}\} \{\{&amp;content\}\}">},
         'meta content: partials, delimiters, comments printed and escaped');
ok t_cmp($page, qr{<h1>Body \{\{title\}\} \{\{\{content\}\}\} \{\{#page\}\}\{\{/page\}\}</h1>},
         'body: printed');
ok t_cmp($page, qr{<p><code>\{\{code\}\}</code> and \{\{&amp; raw\}\} and \{\{\.\}\}</p>},
         'body: code and raw tags printed');
ok t_cmp(scalar(() = $page =~ /<style>|\.main-card \{/g), 0,
         'the stylesheet is not in the page (it is linked): '
         . '{{{stylesheet}}} did not run');

# --- .htaccess --------------------------------------------------------------

for my $d (['htaccess-layout', 'LandingLayout'],
           ['htaccess-nav', 'LandingNav']) {
    my ($dir, $directive) = @$d;
    my $mark = error_log_mark();
    $res = bounded_get("/hostile/$dir/page.md");
    ok t_cmp($res ? $res->code : 'no answer', 500,
             ".htaccess with $directive: 500");
    my $body = $res ? $res->content : '';
    ok t_cmp($body =~ /root:|SECRET-PAGE-TEXT|passwd|<title>Secret/
             ? "exposed: $&" : 'nothing', 'nothing',
             ".htaccess with $directive: no file content, no path");
    ok t_cmp(error_log_since($mark),
             qr{\Q$dir\E/\.htaccess: \Q$directive\E not allowed here},
             ".htaccess with $directive: the log says why");
}

$res = bounded_get('/hostile/htaccess-set/page.md');
$page = $res ? $res->content : '';
ok t_cmp($res ? $res->code : 'no answer', 200,
         '.htaccess with LandingSet: allowed');
ok t_cmp($page,
         qr{<title>Secret page \| &lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;q&quot;</title>},
         '.htaccess LandingSet name: escaped in the title');
ok t_cmp($page =~ /<script>alert/ ? 'script' : 'none', 'none',
         '.htaccess LandingSet: no script anywhere');
ok t_cmp($page, qr{<p>\{\{\{content\}\}\}</p>},
         '.htaccess LandingSet footer: template syntax printed');
