# Custom containers through a real httpd: concepts-cards.md (the seed of
# the VuePress pages issue) renders its tip, warning and details as
# VuePress's default theme does, the details closed; containers work in
# lists, quotes and each other, never in code, and their headings are in
# "On this page"; with LandingRawHTML Off they still render.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET GET_BODY);
use Apache::TestUtil qw(t_cmp);
use File::Temp qw(tempdir);
use lib 't/lib';
use LandingCLI qw(run_cli);
use LandingTest qw(linked_stylesheet);

plan tests => 22;

sub content {
    my ($b) = @_;
    my ($main) = $b =~ m{(<main.*</main>)}s;
    return defined $main ? $main : '';
}

my $res = GET '/docs/cards/concepts-cards.md';
ok t_cmp($res->code, 200, 'concepts-cards.md renders');
my $main = content($res->content);
ok t_cmp($main, qr{<div class="custom-block tip"><p class="custom-block-title">Before you start</p>\n<p>You need an <strong>admin</strong> account\. See <a href="/docs/getting-started/">Getting started</a>\.</p>\n</div>},
         'the tip: its title, its Markdown');
ok t_cmp($main, qr{<div class="custom-block warning"><p class="custom-block-title">WARNING</p>\n<p>Tokens in this guide are examples; never paste real ones\.</p>\n</div>},
         'the warning, with the default title');
ok t_cmp($main, qr{<details class="custom-block details"><summary>Show the raw response</summary>\n<pre><code class="language-json">\{ &quot;active&quot;: true \}\n</code></pre>\n</details>},
         'the details: a summary, the code block inside');
# The details starts closed; no marker is left as text.
ok $main !~ /<details[^>]*\bopen\b/;
ok $main !~ /^:::/m;
ok t_cmp(linked_stylesheet($res->content), qr{\.custom-block\.tip \{},
         'the stylesheet the page links styles them');

# LandingRawHTML Off: raw HTML goes, containers stay.
$main = content(GET_BODY '/safe/concepts-cards.md');
ok t_cmp($main, qr{<div class="custom-block tip"><p class="custom-block-title">Before you start</p>},
         'safe mode: the tip');
ok t_cmp($main, qr{<div class="custom-block warning">}, 'safe mode: the warning');
ok t_cmp($main, qr{<details class="custom-block details"><summary>Show the raw response</summary>},
         'safe mode: the details');
ok t_cmp($main, qr{raw HTML omitted}, 'safe mode: the raw HTML is removed');

# Every place a container goes.
$res = GET '/docs/cards/containers.md';
ok t_cmp($res->code, 200, 'the containers page renders');
my $b = $res->content;
$main = content($b);
ok t_cmp($main, qr{<p>Intro text\.</p>\n<div class="custom-block tip">},
         'no blank line before the opener');
ok t_cmp($main, qr{<h2 id="inside-a-tip">Inside a tip<a class="header-anchor"},
         'a heading in a container gets its id');
ok t_cmp($b, qr{<a href="#inside-a-tip">Inside a tip</a>}, 'and is in "On this page"');
ok t_cmp($main, qr{<li>A list item\n<div class="custom-block danger"><p class="custom-block-title">Careful</p>\n<p>Nested in a list\.</p>\n</div>\n</li>\n<li>Next item</li>},
         'in a list item, the list still tight');
ok t_cmp($main, qr{<blockquote>\n<div class="custom-block warning"><p class="custom-block-title">WARNING</p>\n<p>In a quote\.</p>\n</div>\n</blockquote>},
         'in a block quote');
ok t_cmp($main, qr{<details class="custom-block details"><summary>More</summary>\n<div class="custom-block tip"><p class="custom-block-title">Inner</p>\n<p>Nested one level\.</p>\n</div>\n</details>},
         ':::: around :::');
ok t_cmp($main, qr{<pre><code>::: tip\nnot a container\n:::\n</code></pre>},
         'markers in code are code');

# landing-render says the same, and --check reports an unclosed one.
my $page = Apache::Test::vars('documentroot') . '/docs/cards/containers.md';
my ($rc, $out) = run_cli($page);
ok t_cmp($out, qr{<details class="custom-block details"><summary>More</summary>},
         'landing-render renders them too');
my $dir = tempdir(CLEANUP => 1);
my $unclosed = "$dir/unclosed.md";
open my $fh, '>', $unclosed or die "$unclosed: $!";
print $fh "---\nlayout: Landing\n---\n\n::: tip\nnever closed\n";
close $fh;
($rc, $out) = run_cli('--check', $unclosed);
ok t_cmp($rc, 1, '--check: an unclosed container is a problem');
ok t_cmp($out, qr{\Q$unclosed\E:5:1: custom container '::: tip' is not closed},
         '--check: file:line');
