# Layouts built from partials: a site's own layout made of the built-in
# partials (landing/head, landing/header, landing/footer) gives those
# parts the same bytes as the default chrome; a layout's partial file is
# followed on disk like the layout itself (a change is served within a
# second with a new ETag, a broken one is logged with its file and line
# while the last good version serves); and startup refuses a layout whose
# partial is missing or includes itself.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_write_file);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);
use LandingTest ();

plan tests => 26;

# Each child checks templates on its own; one kept-alive connection keeps
# every request on one child, so "the last good version" is that child's.
Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

my $vars = Apache::Test::vars();

# The part of @_[0] from the first match of $re's opening to its end tag.
sub element {
    my ($html, $tag, $class) = @_;
    return $html =~ m{(<$tag class="\Q$class\E".*?</$tag>)}s ? $1 : undef;
}

my $default = GET '/partials/page.md';
my $custom = GET '/partials/custom/page.md';
ok t_cmp($default->code, 200, 'the default chrome');
ok t_cmp($custom->code, 200, 'a layout made of built-in partials');
my ($d, $c) = ($default->content, $custom->content);
ok t_cmp($c, qr{<body class="custom-layout">}, "the layout's own markup");
ok t_cmp($c, qr{<p class="custom-banner">A custom middle</p>\n<h1>Built from partials</h1>},
         'its own middle, around the page');
ok t_cmp($c, qr{<title>Built from partials \| Partial Site</title>},
         'landing/head: the title');
ok t_cmp($c, qr{<link rel="stylesheet" href="/\.landing/landing\.[0-9a-f]{16}\.css">},
         'landing/head: the stylesheet, linked');
ok t_cmp($c, qr{<span class="site-header__name">Partial Site</span>},
         'landing/header: the site name');
ok t_cmp($c, qr{<p>Partial footer</p>}, 'landing/footer: the footer text');
# No part of the default chrome's grid.
ok !($c =~ /class="layout[ "]/);
for my $part (['header', 'site-header'], ['footer', 'site-footer']) {
    my $want = element($d, @$part);
    ok defined $want;    # the default chrome has it
    ok t_cmp(element($c, @$part), $want,
             "landing/$part->[0]: the same bytes as in the default chrome");
}
my ($dhead) = $d =~ m{<head>\n(.*?)</head>}s;
my ($chead) = $c =~ m{<head>\n(.*?)</head>}s;
ok t_cmp($chead, $dhead, 'landing/head: the same bytes as in the default chrome');
# The default chrome leaves no lines of blanks: its sections and
# partials stand alone on their lines.
ok t_cmp(join('|', $d =~ m{\n([ \t]+)\n}g), '', 'no lines of blanks');

# A partial file that changes. Its mtime is set well in the past first,
# then moved on, so that each version has a time of its own.
my $note = "$vars->{t_logs}/partials/parts/note.html";
my $url = '/partials/live/page.md';
my $t0 = time - 3600;
utime $t0, $t0, $note;
sleep 2;    # let the layout's once-a-second check see it
my $res = GET $url;
ok t_cmp($res->content, qr{<body>\n  <p class="note-v1">A live partial</p>\n<h1},
         'a partial file beside the layout, indented as its tag');
my $etag = $res->header('ETag');

t_write_file($note, "<p class=\"note-v2\">{{title}}!</p>\n");
utime $t0 + 10, $t0 + 10, $note;
sleep 2;
$res = GET $url, 'If-None-Match' => $etag;
ok t_cmp($res->code, 200, 'the old ETag after the partial changed: 200');
ok t_cmp($res->content, qr{<p class="note-v2">A live partial!</p>},
         'the changed partial, without a restart');
ok $res->header('ETag') ne $etag;    # a new ETag
my $etag2 = $res->header('ETag');

my $mark = error_log_mark();
t_write_file($note, "<p>\n{{#broken}}\n</p>\n");
utime $t0 + 20, $t0 + 20, $note;
sleep 2;
$res = GET $url;
ok t_cmp($res->content, qr{note-v2}, 'a broken partial: the last good version');
ok t_cmp($res->header('ETag'), $etag2, 'and its ETag');
ok t_cmp(error_log_since($mark),
         qr{LANDING20: LandingLayout Landing: \S*parts/note\.html:2: section 'broken' is never closed; keeping the last good version},
         "the error names the partial's file and line");

t_write_file($note, "<p class=\"note-v1\">{{title}}</p>\n");
utime $t0, $t0, $note;
sleep 2;
ok t_cmp((GET $url)->content, qr{note-v1}, 'fixed: served again');

# Startup: a missing partial, and partials that include each other.
sub config_test { LandingTest::config_test('partials-config', @_) }
my $tmp = "$vars->{t_logs}/partials-config";
mkdir $tmp;
t_write_file("$tmp/missing.html", "<body>\n\n{{> nav}}\n</body>\n");
my ($rc, $out) = config_test("LandingLayout Missing $tmp/missing.html\n");
ok t_cmp($out, qr{LandingLayout: template error: \S*missing\.html:3: partial 'nav': cannot open template '\S*/nav\.html'},
         'a missing partial: the layout file and line, and the path');
t_write_file("$tmp/loop.html", "{{> a}}\n");
t_write_file("$tmp/a.html", "{{> b}}\n");
t_write_file("$tmp/b.html", "x {{> a}}\n");
($rc, $out) = config_test("LandingLayout Loop $tmp/loop.html\n");
ok $rc != 0;
ok t_cmp($out, qr{\S*b\.html:1: partial 'a' includes itself \(\S*a\.html > \S*b\.html > \S*a\.html\)},
         'partials that include each other: refused at startup');
