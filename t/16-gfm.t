# GitHub Flavored Markdown through a real httpd: tables with their
# alignments, struck text and task lists by default; LandingMarkdownExtensions
# none, all, and in .htaccess, each list replacing its parent's; an
# unknown name stops httpd with the list of known ones; the setting is
# part of the page's ETag.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET GET_BODY);
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);
use LandingTest ();

plan tests => 27;

# The default: table, strikethrough, tasklist.
my $res = GET '/gfm/page.md';
ok t_cmp($res->code, 200, 'a GFM page renders');
my $b = $res->content;
ok t_cmp($b, qr{<table>\n<thead>\n<tr>\n<th align="left">Flow</th>\n<th align="center">Where the form lives</th>\n<th align="right">Needs a backend</th>},
         'table: header row with the three alignments');
ok t_cmp($b, qr{<td align="right"><del>yes</del> <strong>no</strong></td>},
         'table cell with struck and strong text');
ok t_cmp($b, qr{<td><code>LandingMaxSize</code></td>\n<td>8M</td>\n<td><a href="#tables">the directive</a> \| escaped pipe</td>},
         'a table without outer pipes, an escaped pipe in a cell');
ok t_cmp($b, qr{<blockquote>\n<table>}, 'a table in a quote');
ok t_cmp($b, qr{<li><input type="checkbox" checked="" disabled="" /> tables</li>},
         'task list: a done item');
ok t_cmp($b, qr{<li><input type="checkbox" disabled="" /> nested, open</li>},
         'task list: an open nested item');
ok t_cmp($b, qr{<del>strikethrough</del>}, 'strikethrough');
ok t_cmp($b, qr{\[\^engine\]}, 'footnotes are off by default');
ok t_cmp($b, qr{<script>alert}, 'the tagfilter is off by default');
ok t_cmp($b, qr{Visit www\.example\.com or https://example\.com/path\?a=1&amp;b=2\.},
         'autolinks are off by default');
ok t_cmp($b, qr{<a href="#task-lists">Task lists</a>},
         'headings around the tables are in "On this page"');
my $default_etag = $res->header('ETag');

# none: CommonMark only (in the content: the stylesheet names these).
$b = GET_BODY '/gfm/none/page.md';
my ($main) = $b =~ m{(<main.*</main>)}s;
ok defined $main && $main !~ /<table>/ && $main !~ /<del>/
    && $main !~ /type="checkbox"/;
ok t_cmp($b, qr{<p>\| Flow +\| Where the form lives}, 'none: a table stays text');

# All six.
$res = GET '/gfm/all/page.md';
$b = $res->content;
ok t_cmp($b, qr{<sup class="footnote-ref"><a href="#fn-engine" id="fnref-engine" data-footnote-ref>1</a></sup>},
         'all: footnote reference');
ok t_cmp($b, qr{<section class="footnotes" data-footnotes>\n<ol>\n<li id="fn-engine">},
         'all: the footnote section');
ok t_cmp($b, qr{<h3 id="a-heading-inside-a-footnote">A heading inside a footnote<a class="header-anchor"},
         'all: a heading inside a footnote gets its id');
ok t_cmp($b, qr{<a href="#a-heading-inside-a-footnote">}, 'all: and is in "On this page"');
ok $b !~ /Never cited/;
ok t_cmp($b, qr{&lt;script>alert}, 'all: the tagfilter escapes <script>');
ok t_cmp($b, qr{<a href="http://www\.example\.com">www\.example\.com</a>},
         'all: autolinks');
ok $res->header('ETag') ne $default_etag;

# .htaccess: its list replaces the parent's.
$b = GET_BODY '/gfm/htaccess/page.md';
($main) = $b =~ m{(<main.*</main>)}s;
ok defined $main && $main !~ /<table>/
    && $main =~ /<del>strikethrough<\/del>/ && $main =~ /data-footnotes/;

# A bad .htaccess list: a 500 and a line naming the name and the list.
my $mark = error_log_mark();
$res = GET '/gfm/htaccess/bad/page.md';
ok t_cmp($res->code, 500, 'an unknown name in .htaccess: 500');
ok t_cmp(error_log_since($mark),
         qr{LandingMarkdownExtensions: unknown extension 'tabels' \(known: table strikethrough tasklist autolink tagfilter footnotes\)},
         'the error log names it and the known ones');

# At startup: httpd stops with the name and the known ones.
my ($rc, $out) = LandingTest::config_test('gfm-config',
    "LandingMarkdownExtensions table strikeout\n");
ok t_cmp($out, qr{line \d+ of \S+httpd\.conf:\s+LandingMarkdownExtensions: unknown extension 'strikeout' \(known: table strikethrough tasklist autolink tagfilter footnotes\)},
         'an unknown name stops httpd: file, line, name and the known ones');
($rc, $out) = LandingTest::config_test('gfm-config',
    "LandingMarkdownExtensions none table\n");
ok $rc != 0 && $out =~ /'none' alone/;
