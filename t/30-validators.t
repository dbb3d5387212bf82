# Validators describe the rendered page: ETag and Last-Modified, 304 for
# If-None-Match and If-Modified-Since exactly when the page is unchanged,
# 412 for If-Match, ranges of the rendered bytes, and templates that are
# picked up from disk without a restart.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET HEAD);
use Apache::TestUtil qw(t_cmp t_write_file);
use HTTP::Date qw(time2str str2time);
use File::Copy qw(copy);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

plan tests => 40;

# Each child checks templates on its own; one kept-alive connection keeps
# every request on one child, so "the last good version" is that child's.
Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

my $vars = Apache::Test::vars();
my $docroot = $vars->{documentroot};
my $live = "$vars->{t_logs}/live.html";
my $page = "$docroot/live/page.md";
my $url = '/live/page.md';

# Give the source an mtime well in the past, and the template an older
# one still, so the source decides Last-Modified at first.
my $t0 = time - 3600;
utime $t0 - 600, $t0 - 600, $live;
utime $t0, $t0, $page;
sleep 2;    # let the layout's once-a-second check see the old mtime

my $res = GET $url;
my $etag = $res->header('ETag');
my $body = $res->content;
ok t_cmp($res->code, 200, 'rendered');
ok t_cmp($etag, qr{^"L[0-9a-f]{16}"$}, 'ETag of the page');
ok t_cmp(str2time($res->header('Last-Modified')), $t0,
         'Last-Modified is the source (newer than the template)');

# The .md's own validators would be size-mtime; the page's differ.
ok $etag !~ /^"[0-9a-f]+-[0-9a-f]+"$/;
ok t_cmp((GET $url)->header('ETag'), $etag, 'the same ETag again');

# Conditional GET and HEAD.
$res = GET $url, 'If-None-Match' => $etag;
ok t_cmp($res->code, 304, 'If-None-Match with the ETag: 304');
ok t_cmp($res->content, '', '304 has no body');
ok t_cmp($res->header('ETag'), $etag, '304 carries the ETag');
$res = HEAD $url, 'If-None-Match' => $etag;
ok t_cmp($res->code, 304, 'HEAD If-None-Match: 304');
$res = GET $url, 'If-None-Match' => '"something-else"';
ok t_cmp($res->code, 200, 'another ETag: 200');
ok t_cmp($res->content, $body, '... with the page');
$res = GET $url, 'If-Modified-Since' => time2str($t0);
ok t_cmp($res->code, 304, 'If-Modified-Since Last-Modified: 304');
$res = GET $url, 'If-Modified-Since' => time2str($t0 - 10);
ok t_cmp($res->code, 200, 'If-Modified-Since older: 200');
$res = GET $url, 'If-Match' => '"nope"';
ok t_cmp($res->code, 412, 'If-Match another ETag: 412');
$res = GET $url, 'If-Match' => $etag;
ok t_cmp($res->code, 200, 'If-Match the ETag: 200');

# Ranges are ranges of the rendered bytes.
$res = GET $url, Range => 'bytes=0-99';
ok t_cmp($res->code, 206, 'Range: 206');
ok t_cmp($res->content, substr($body, 0, 100), 'the first 100 rendered bytes');
ok t_cmp($res->header('Content-Range'), 'bytes 0-99/' . length($body),
         'Content-Range of the page');
$res = GET $url, Range => 'bytes=-50';
ok t_cmp($res->content, substr($body, -50), 'a suffix range');
$res = GET $url, Range => 'bytes=10-19', 'If-Range' => $etag;
ok t_cmp($res->code, 206, 'If-Range with the ETag: 206');
$res = GET $url, Range => 'bytes=10-19', 'If-Range' => '"old"';
ok t_cmp($res->code, 200, 'If-Range with another ETag: the whole page');
ok t_cmp($res->content, $body, '... all of it');

# The ETag follows the file's size and mtime, not its inode: a copy with
# the same bytes and mtime that replaces it keeps the ETag.
copy($page, "$page.new") or die $!;
utime $t0, $t0, "$page.new";
rename "$page.new", $page or die $!;
ok t_cmp((GET $url)->header('ETag'), $etag, 'new inode, same ETag');

# A source change changes the ETag.
utime $t0 + 5, $t0 + 5, $page;
my $etag2 = (GET $url)->header('ETag');
ok $etag2 ne $etag;
ok t_cmp((GET $url, 'If-None-Match' => $etag)->code, 200,
         'the old ETag gets the page after a source change');
utime $t0, $t0, $page;
ok t_cmp((GET $url)->header('ETag'), $etag, 'and back');

# A template change: picked up within a second, without a restart; the
# old validators get a 200 with the new page.
my $new_tpl = "<!doctype html>\n<html><head><title>{{head_title}}</title>"
            . "</head>\n<body class=\"live-v2\"><main>{{{content}}}</main>"
            . "</body></html>\n";
t_write_file($live, $new_tpl);
my $t1 = time;
utime $t1, $t1, $live;
sleep 2;
$res = GET $url, 'If-None-Match' => $etag;
ok t_cmp($res->code, 200, 'old ETag after a template change: 200');
ok t_cmp($res->content, qr{<body class="live-v2">}, 'the new template');
ok $res->header('ETag') ne $etag;
ok t_cmp(str2time($res->header('Last-Modified')), $t1,
         'Last-Modified is now the template');
$res = GET $url, 'If-Modified-Since' => time2str($t0);
ok t_cmp($res->code, 200, 'old If-Modified-Since after a template change: 200');
my $etag_v2 = (GET $url)->header('ETag');

# A template that becomes invalid: the last good one keeps serving, and
# the error names the file and line.
my $mark = error_log_mark();
t_write_file($live, "<html>\n<body>\n{{#broken}}\n</body>\n");
utime $t1 + 10, $t1 + 10, $live;
sleep 2;
$res = GET $url;
ok t_cmp($res->code, 200, 'broken template: still 200');
ok t_cmp($res->content, qr{<body class="live-v2">}, 'the last good template');
ok t_cmp($res->header('ETag'), $etag_v2, 'and its ETag');
ok t_cmp(error_log_since($mark),
         qr{LANDING20: LandingLayout Landing: \S*live\.html:3: section 'broken' is never closed; keeping the last good version},
         'the error names the template file and line');

# Fixed again: served at once.
t_write_file($live, $new_tpl =~ s/live-v2/live-v3/r);
utime $t1 + 20, $t1 + 20, $live;
sleep 2;
ok t_cmp((GET $url)->content, qr{<body class="live-v3">}, 'fixed template');

# Pages that pass through keep the handler's validators, and conditional
# requests on them still get their 304.
$res = GET '/set/plain.md';
my $md_etag = $res->header('ETag');
ok t_cmp((GET '/set/plain.md', 'If-None-Match' => $md_etag)->code, 304,
         'pass-through: If-None-Match: 304');
ok t_cmp((GET '/set/plain.md',
          'If-Modified-Since' => $res->header('Last-Modified'))->code, 304,
         'pass-through: If-Modified-Since: 304');
ok t_cmp((GET '/set/plain.md', 'If-None-Match' => '"x"')->content,
         $res->content, 'pass-through: another ETag gets the bytes');
ok t_cmp((GET '/set/plain.md', Range => 'bytes=0-4')->content,
         substr($res->content, 0, 5), 'pass-through: ranges of the source');

# Restore the template for other runs.
copy("$vars->{t_dir}/conf/live.html.dist", $live);
