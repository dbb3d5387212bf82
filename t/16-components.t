# Components (t/conf/components.conf.in): the concepts page written for
# VuePress with the built-in Cards, Card and Badge; components of our own
# (LandingComponent); one that replaces a built-in; unknown components,
# logged with file and line; safe mode; the directive's errors; and
# .htaccess, where it is not allowed.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET GET_BODY);
use Apache::TestUtil qw(t_cmp t_write_file);
use lib 't/lib';
use LandingTest qw(source error_log_mark error_log_since config_test);

plan tests => 45;

# The page's content, without the stylesheet (which names the classes).
sub content {
    my $b = shift;
    return $b =~ m{<div class="content">(.*)</main>}s ? $1 : '';
}

# --- the concepts page: every card, with its title, meta and link -------

my $src = source('docs/cards/concepts-cards.md');
my $res = GET '/docs/cards/concepts-cards.md';
ok t_cmp($res->code, 200, 'concepts: 200');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'concepts: rendered');
my $c = content($res->content);

my @cards;
while ($src =~ m{<Card\s([^>]*)>}g) {
    my $attrs = $1;
    my %a;
    $a{$1} = $2 while $attrs =~ m{([\w-]+)="([^"]*)"}g;
    push @cards, { href => $a{href},
                   title => $a{cardTitle} // $a{'card-title'},
                   meta => $a{cardMeta} // $a{'card-meta'} };
}
ok t_cmp(scalar(@cards), 4, 'the source has four cards');
for my $card (@cards) {
    (my $title = $card->{title}) =~ s/&/&amp;/g;
    ok t_cmp($c, qr{<a class="main-card__main-link" href="\Q$card->{href}\E">\Q$title\E</a>},
             "card '$card->{title}': its title links to $card->{href}");
}
ok t_cmp($c, qr{<span class="main-card__tag">Guide · 6 min</span>},
         'card-meta shown');
ok t_cmp($c, qr{<img class="main-card__image" src="/img/concepts/policies\.svg" alt="">},
         'headerImage shown');
ok t_cmp($c, qr{<p class="landing-card__footer">Read the policy guide</p>},
         'showFooter with cardLinkText');
my @grids = $c =~ /<div class="landing-cards">/g;
ok t_cmp(scalar(@grids), 2, 'two card grids');
ok t_cmp($c, qr{<div class="main-card__text landing-card__text">\s*<p>The <strong>delegation</strong> protocol}s,
         'Markdown in a Card is Markdown');
ok t_cmp($c, qr{<li>\s*<p>servers issue tokens</p>\s*</li></ul></div>}s,
         'the slot ends balanced, inside the card');
ok t_cmp($c, qr{<span class="badge warning">beta</span>}, 'badge with a type');
ok t_cmp($c, qr{<span class="badge tip">stable</span>}, 'badge, tip by default');
ok t_cmp(scalar(() = $c =~ m{</?[A-Z]}g), 0, 'no component left in the page');
# No link inside a link.
my $nested = 0;
for my $a ($c =~ m{<a\b(.*?)</a>}gs) {
    $nested++ if $a =~ /<a\b/;
}
ok t_cmp($nested, 0, 'no link inside a link');

# --- components of our own ------------------------------------------------

my $mark = error_log_mark();
$c = content(GET_BODY '/components/page.md');
ok t_cmp($c, qr{<aside class="note note_info" id="n1"><p class="note__title">Read &amp; heed</p>}s,
         'user component: kebab-case attribute as camelCase, entity escaped once');
ok t_cmp($c, qr{<p>A <strong>Markdown</strong> slot, with a <a href="/docs/">link</a>\.</p>}s,
         'its slot is Markdown');
ok t_cmp($c, qr{<p class="note__page">User components at /components/page\.md</p></aside>},
         'page.* and path');
ok t_cmp($c, qr{<span class="api-status">events: unstable v2</span>},
         'bound literals: false and a number');
ok t_cmp($c, qr{<span class="badge tip">built-in</span>},
         'the built-ins next to our own');
ok t_cmp($c, qr{<a class="main-card__main-link" href="/one">One</a>},
         'a built-in Card');
ok t_cmp($c, qr{<Mystery kind="x">kept as it is</Mystery>},
         'an unknown component stays as it is');
ok t_cmp($c, qr{<aside class="note note_warn">dropped binding}, 'an '
         . 'expression is dropped, the component kept');
my $log = error_log_since($mark);
my @unknown = $log =~ /(LANDING50: .*)/g;
ok t_cmp(scalar(@unknown), 1, 'one warning for the unknown component');
ok t_cmp($log, qr{\[landing:warn\] .*LANDING50: \S+/components/page\.md:21: unknown component <Mystery>; LandingComponent maps it to a template},
         'logged at warn, with file and line');
ok t_cmp($log, qr{\[landing:info\] .*LANDING51: \S+/components/page\.md:23: <Note>: the Vue expression ':dynamic="someVar"' is not evaluated; dropped},
         'the dropped expression, at info');

# Rendered once, served from the cache after: no second warning.
$mark = error_log_mark();
GET_BODY '/components/page.md' for 1 .. 3;
ok t_cmp(scalar(() = error_log_since($mark) =~ /LANDING50/g) <= 2, 1,
         'not logged on every request');

# A LandingComponent with a built-in's name replaces it, in its
# directory only.
$c = content(GET_BODY '/components/override/badge.md');
ok t_cmp($c, qr{<p>Mine: <em class="my-badge">replaced</em>\.</p>},
         'LandingComponent Badge replaces the built-in');
$c = content(GET_BODY '/components/page.md');
ok t_cmp($c, qr{<span class="badge tip">built-in</span>},
         'the parent keeps the built-in');

# --- a template that changes on disk ---------------------------------------

# Each child checks its templates on its own: one kept-alive connection
# keeps to one child.
Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);
my $live = Apache::Test::vars('t_logs') . '/live-component.html';
my $t0 = time;
utime $t0 - 600, $t0 - 600, $live;
$res = GET '/components/live/page.md';
ok t_cmp($res->content, qr{<b class="live-v1">here</b>\.}, 'a component '
         . 'from a file');
my $etag = $res->header('ETag');
t_write_file($live, "<b class=\"live-v2\">{{text}}</b>\n");
utime $t0, $t0, $live;
# Checked at most once a second.
my $seen = '';
for (1 .. 30) {
    $res = GET '/components/live/page.md';
    $seen = $res->content;
    last if $seen =~ /live-v2/;
    select undef, undef, undef, 0.1;
}
ok t_cmp($seen, qr{<b class="live-v2">here</b>}, 'a changed template is '
         . 'used within a second');
ok t_cmp($res->header('ETag') ne $etag, 1, 'and the ETag changes');
$mark = error_log_mark();
t_write_file($live, "<b>{{#open}}</b>\n");
utime $t0 + 10, $t0 + 10, $live;
for (1 .. 30) {
    $seen = error_log_since($mark);
    last if $seen =~ /LANDING20/;
    GET '/components/live/page.md';
    select undef, undef, undef, 0.1;
}
ok t_cmp($seen, qr{LANDING20: LandingComponent Live: \S*live-component\.html:1: section 'open' is never closed; keeping the last good version},
         'a broken template is reported with its file and line');
ok t_cmp((GET '/components/live/page.md')->content, qr{live-v2},
         'and the last good version keeps serving');
t_write_file($live, "<b class=\"live-v1\">{{text}}</b>\n");
Apache::TestRequest::user_agent(keep_alive => 0, reset => 1);

# --- safe mode: components go with the raw HTML --------------------------

$c = content(GET_BODY '/components/safe/page.md');
ok t_cmp(scalar(() = $c =~ /class="(?:note|badge)/g), 0,
         'LandingRawHTML Off: no component expanded');
ok t_cmp(scalar(() = $c =~ m{<[A-Z]}g), 0, 'and no component tag left');
ok t_cmp($c, qr{<p>Slot text stays\.</p>}, 'the Markdown between stays');
ok t_cmp($c, qr{<nav class="table-of-contents" aria-label="Contents"><ul><li><a href="#a-heading">A heading</a></li></ul></nav>},
         '[[toc]] works in safe mode');

# --- the directive ---------------------------------------------------------

my ($rc, $out) = config_test('components',
                             "LandingComponent card /dev/null\n");
ok t_cmp($out, qr{LandingComponent: component name 'card' must start with an uppercase letter},
         'a name must start with an uppercase letter');
($rc, $out) = config_test('components',
                          "LandingComponent Card /nonexistent/Card.html\n");
ok t_cmp($out, qr{LandingComponent: cannot open template '/nonexistent/Card\.html'},
         'a missing template stops httpd');
my $bad = Apache::Test::vars('t_logs') . '/components/Bad.html';
open my $fh, '>', $bad or die "$bad: $!";
print $fh "line 1\n{{#slot}}\n";
close $fh;
($rc, $out) = config_test('components', "LandingComponent Bad $bad\n");
ok t_cmp($out, qr{LandingComponent: template error: \Q$bad\E:2: section 'slot' is never closed},
         'a broken template stops httpd, with its file and line');

$mark = error_log_mark();
$res = GET '/components-htaccess/page.md';
ok t_cmp($res->code, 500, '.htaccess with LandingComponent: 500');
ok t_cmp(error_log_since($mark),
         qr{components-htaccess/\.htaccess: LandingComponent not allowed here},
         '.htaccess with LandingComponent: clear log line');
