# Site search (SetHandler landing-search): an index the module builds and
# keeps itself, one built by landing-render --index, ranking on examples/,
# snippets and marks, escaping, paging, bad input, indexes that cannot be
# read, and an index replaced while it is read.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_debug t_write_file);
use File::Path qw(rmtree);
use Time::HiRes qw(sleep);
use lib 't/lib';
use LandingCLI qw(run_cli);
use LandingTest qw(error_log_mark error_log_since);

my $vars = Apache::Test::vars();
my $logs = $vars->{t_logs};
my $examples = "$vars->{t_dir}/../examples";

# Every page of examples/: its URL and its title.
my @titles;
for my $file (sort glob("$examples/*.md $examples/*/*.md")) {
    open my $fh, '<', $file or die "$file: $!";
    my $src = do { local $/; <$fh> };
    next unless $src =~ /\A---\n.*?^title:\s*"?(.+?)"?\s*$/ms;
    my $title = $1;
    (my $url = $file) =~ s{^\Q$examples\E}{/examples};
    $url =~ s{index\.md$}{};
    push @titles, [$url, $title];
}

plan tests => 2 * @titles + 50;

# The results' links, in order.
sub links {
    my $html = shift;
    return $html =~ /class="search-title" href="([^"]*)"/g;
}

sub search {
    my ($where, $q, $extra) = @_;
    (my $enc = $q) =~ s/([^A-Za-z0-9_.~-])/sprintf '%%%02X', ord $1/ge;
    return GET "$where?q=$enc" . ($extra // '');
}

# --- the module's own index of examples/ --------------------------------

# Built in the background at startup: wait for it, boundedly.
my $res;
for (1 .. 100) {
    $res = search('/search-examples', 'configuration');
    last if $res->code == 200;
    sleep 0.1;
}
ok t_cmp($res->code, 200, 'the module built the index of examples/ itself');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'an HTML page');
my $html = $res->content;
ok t_cmp($html, qr{<header class="site-header"}, 'in the site chrome');
ok t_cmp($html, qr{<title>Search: configuration \| Example Docs</title>},
         'titled with the query and the site');

# A query for each page's title puts that page first, and its link works.
for my $t (@titles) {
    my ($url, $title) = @$t;
    my @got = links(search('/search-examples', $title)->content);
    ok t_cmp($got[0] // '', $url, "'$title' finds $url first");
    ok t_cmp(GET($got[0] // '/none')->code, 200, "... and $url is served");
}

# Snippets mark the words; a match in a section links to its heading.
$html = search('/search-examples', 'restart httpd')->content;
my ($first) = links($html);
ok t_cmp($first // '', qr{^/examples/[^#]+#[\w-]+$},
         'a match in a section links to its heading');
my ($page, $anchor) = ($first // '') =~ /^([^#]+)#(.+)$/;
ok t_cmp(GET($page // '/')->content, qr{<h[2-6] id="\Q$anchor\E"},
         '... an id the served page has') if defined $anchor;
skip('no anchor') unless defined $anchor;
ok t_cmp($html, qr{<mark>restart</mark>}i, 'matched words are marked');
ok t_cmp($html, qr{class="search-section">Guide</p>},
         'the section from LandingNav');

# An empty query shows the form; no results says what was searched.
$html = GET('/search-examples')->content;
ok t_cmp($html =~ /<form class="search-page" role="search"/
         && $html !~ /search-summary/, 1, 'no query: the form alone');
$html = search('/search-examples', 'zzyzx qqq')->content;
ok t_cmp($html, qr{No results for <strong>zzyzx qqq</strong>},
         'no results: says so, with the words');

# --- an index built by landing-render --index ---------------------------

my $gen = "$logs/search-gen";
my $db = "$logs/search-built.db";
rmtree($gen);
unlink $db;
for my $i (1 .. 25) {
    t_write_file("$gen/p$i.md", "---\nlayout: Landing\ntitle: Widget $i\n"
        . "---\nThe widget number $i.\n\n## Details\n\nMore widget text.\n");
}
t_write_file("$gen/hostile.md", "---\nlayout: Landing\ntitle: "
    . "\"<img src=x onerror=alert(1)>\"\n---\nAn evil "
    . "<script>alert('gadget')</script> page: &lt;script&gt;gadget\n");
my ($rc, $out, $err) = run_cli('--path', '/search-gen/', '--index', $db, $gen);
ok t_cmp($rc, 0, 'landing-render --index builds an index');
ok t_cmp($err, qr{26 pages; 26 files read}, '... and says what it read');
($rc, $out, $err) = run_cli('--path', '/search-gen/', '--index', $db, $gen);
ok t_cmp($err, qr{0 files read.*unchanged}, 'run again: nothing to read');

# Paging: 10 a page, links to the others.
$html = search('/search-built', 'widget')->content;
ok t_cmp(scalar(() = links($html)), 10, 'ten results on a page');
ok t_cmp($html, qr{25 results for <strong>widget</strong>, page 1 of 3},
         'the count and the page');
ok t_cmp($html, qr{rel="next" href="/search-built\?q=widget&amp;page=2"},
         'a link to the next page');
$html = search('/search-built', 'widget', '&page=3')->content;
ok t_cmp(scalar(() = links($html)), 5, 'five on the last page');
ok t_cmp($html =~ /rel="prev"/ && $html !~ /rel="next"/, 1,
         'the last page links back only');
$html = search('/search-built', 'widget', '&page=9999')->content;
ok t_cmp($html, qr{page 1 of 3|page 3 of 3}, 'a page out of range is '
         . 'one that exists');

# Escaping: a hostile page and a hostile query.
$html = search('/search-built', 'gadget')->content;
ok t_cmp($html =~ /<script>alert|<img src=x/ ? 'injected' : 'escaped',
         'escaped', "a page's text and title cannot inject markup");
ok t_cmp($html, qr{&lt;img src=x onerror=alert\(1\)&gt;}, '... the title '
         . 'shows as text');
$res = search('/search-built', '"><script>alert(1)</script>');
ok t_cmp($res->code, 200, 'a hostile query: 200');
ok t_cmp($res->content =~ /<script>alert/ ? 'injected' : 'escaped',
         'escaped', '... and escaped everywhere');

# Whatever is typed is searched as words: never a 500.
my @codes;
for my $q ('"', 'NEAR(widget', 'widget*', 'title:widget', 'a AND OR NOT',
           "\0", "\xff\xfe widget", '(((', '^widget', 'x' x 5000,
           join(' ', ('widget') x 100)) {
    push @codes, search('/search-built', $q)->code;
}
ok t_cmp("@codes", join(' ', (200) x 11), 'FTS5 syntax, NUL, invalid '
         . 'UTF-8 and long queries: all 200');
ok t_cmp(GET('/search-built?q=%00widget%FF')->content,
         qr{\d+ results? for <strong>widget</strong>},
         'NUL and invalid bytes separate words');
ok t_cmp(GET('/search-built?q=widget&page=-3&page=x')->code, 200,
         'a bad page number: the first page');

# --- results from the render cache --------------------------------------

# The same words on the same index: the page kept, with its validator.
my $mark = error_log_mark();
my $asked = search('/search-built', 'widget details');
my $again = search('/search-built', 'widget details');
ok t_cmp($asked->header('ETag'), qr{^"S[0-9a-f]{16}"$},
         'a results page has an ETag');
ok t_cmp($again->header('ETag'), $asked->header('ETag'),
         '... the same for the same words on the same index');
ok t_cmp($again->content, $asked->content, '... and the same page');
ok t_cmp($again->header('Cache-Control'), 'no-cache',
         '... which the client revalidates every time');
ok t_cmp(error_log_since($mark),
         qr{LANDING96: search: results from the render cache},
         '... asked again, from the render cache');
ok t_cmp(GET('/search-built?q=widget%20details',
             'If-None-Match' => $asked->header('ETag'))->code, 304,
         'If-None-Match with it: 304');
my $other = search('/search-built', 'widget details', '&page=2');
ok t_cmp($other->header('ETag') ne $asked->header('ETag')
         && $other->content ne $asked->content, 1,
         'another page of results is another page');
ok t_cmp(search('/search-built-uncached', 'widget details')
         ->header('ETag'), undef, 'LandingCache Off: no cache, no ETag');
# In a cache of their own (an eighth of LandingCacheSize, under the
# cache directory's search/): queries never push the site's pages out.
my $cache = "$logs/landing-cache";
my @pages_before = sort glob("$cache/*.page");
$mark = error_log_mark();
for my $round (1, 2) {
    search('/search-built', "widget number $_") for 1 .. 3;
}
my $hits = () = error_log_since($mark) =~ /LANDING96/g;
ok t_cmp($hits, 3, 'three queries asked twice: the second three from the '
         . 'cache');
ok t_cmp(join(',', sort glob("$cache/*.page")), join(',', @pages_before),
         "... which holds them apart from the site's pages");
my $before = search('/search-built', 'widget')->header('ETag');

# --- indexes that cannot be read ----------------------------------------

t_write_file("$logs/search-corrupt.db", "this is not an SQLite database\n"
             x 100);
$mark = error_log_mark();
$res = search('/search-corrupt', 'widget');
ok t_cmp($res->code, 503, 'a corrupt index: 503');
ok t_cmp($res->content, qr{Search is unavailable right now},
         '... with a page that says search is unavailable');
ok t_cmp($res->content, qr{<header class="site-header"}, '... in the chrome');
ok t_cmp(error_log_since($mark),
         qr{LANDING91: search is unavailable: .*corrupt\.db.*not a database},
         '... and why in the log');
ok t_cmp($res->header('Retry-After'), 60, '... and when to come back');
$mark = error_log_mark();
ok t_cmp(search('/search-missing', 'widget')->code, 503, 'a missing index: '
         . '503');
ok t_cmp(error_log_since($mark), qr{LANDING91: .*does not exist},
         '... with a log line');
ok t_cmp(search('/search-none', 'widget')->code, 503,
         'a location with no index: 503');

# --- an index replaced while it is read --------------------------------

# A writer rebuilds the index 15 times (one page changes each time, so
# each run writes a new file and renames it over the old) while this
# process searches; every answer must be a whole result.
my $pid = fork;
die "fork: $!" unless defined $pid;
if ($pid == 0) {
    for my $n (1 .. 15) {
        t_write_file("$gen/p1.md", "---\nlayout: Landing\ntitle: Widget 1\n"
                     . "---\nThe widget, version $n" . (' pad' x $n) . "\n");
        run_cli('--path', '/search-gen/', '--index', $db, $gen);
    }
    exit 0;
}
my ($requests, %seen) = (0);
while (waitpid($pid, 1) == 0 && $requests < 2000) {
    my $r = search('/search-built-uncached', 'widget');
    $requests++;
    my ($total) = $r->content =~ /(\d+) results? for/;
    $seen{$r->code . ' ' . ($total // 'none')}++;
}
waitpid($pid, 0) if $requests >= 2000;
t_debug("$requests requests while the index was rebuilt: "
        . join(', ', map { "$_ x$seen{$_}" } sort keys %seen));
ok t_cmp(join(',', sort keys %seen), '200 25',
         'every search while the index was replaced found all 25 pages');
ok t_cmp(search('/search-built', 'version')->content,
         qr{1 result for <strong>version</strong>},
         'the newest index is read afterwards');
$res = search('/search-built', 'widget');
ok t_cmp($res->header('ETag') ne $before, 1,
         'a new index: the results page kept for the old one is not served');
ok t_cmp($res->content, qr{25 results for <strong>widget</strong>},
         '... but the new one\'s');

# --- the module's own index follows the tree ---------------------------

# LandingSearchRefresh 1: a new page is found within a second or two, and
# a page removed is gone as soon.
my $new = "$vars->{documentroot}/search-live/quokka.md";
t_write_file($new, "---\nlayout: Landing\ntitle: Quokka\n---\nA quokka.\n");
my $found = 0;
for (1 .. 50) {
    $found = 1, last if links(search('/search-live-find', 'quokka')->content);
    sleep 0.1;
}
unlink $new;
ok t_cmp($found, 1, 'a page added to the tree is found after a refresh');
my $gone = 0;
for (1 .. 50) {
    $gone = 1, last unless links(search('/search-live-find', 'quokka')
                                 ->content);
    sleep 0.1;
}
ok t_cmp($gone, 1, '... and not once it is removed');
