# The browser test: headless Chromium (Debian's package, driven by
# playwright-core from npm) loads the seed page, a page with headings and
# the concepts page with components, and pages served with zero
# configuration, at 1280x800, 1280x1800 and 390x844;
# t/browser/check.mjs checks the card grids, the components' cards and
# badges, the sidebar, the "On this page" links, the built-in stylesheet
# (linked, applied, taken from the cache on a second view; and a page
# with it inline that requests none), console errors and requests, and
# the header's search box (submitted, a result followed to its heading),
# and saves screenshots in t/artifacts. Each of its checks is one test.
# Without Node.js, playwright-core or a Chromium that starts, the test
# skips with one line saying why.
use strict;
use warnings FATAL => 'all';

use Apache::Test ();
use Apache::TestRequest ();
use File::Spec;
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

my $t_dir = Apache::Test::vars('t_dir');
my $top = File::Spec->rel2abs("$t_dir/..");
my $out = "$t_dir/artifacts";
my $base = 'http://' . Apache::TestRequest::hostport();

sub skip_all {
    print "1..0 # SKIP $_[0]\n";
    exit 0;
}

my ($node) = grep { -x "$_/node" } split /:/, $ENV{PATH};
skip_all('no node (Node.js) on PATH: the browser test needs it') unless $node;

# The cards the concepts page's Markdown has, for check.mjs to find.
my $docroot = Apache::Test::vars('documentroot');
my @cards;
{
    open my $fh, '<', "$docroot/docs/cards/concepts-cards.md" or die $!;
    local $/;
    my $src = <$fh>;
    while ($src =~ m{<Card\s([^>]*)>}g) {
        my $attrs = $1;
        my %a;
        $a{$1} = $2 while $attrs =~ m{([\w-]+)="([^"]*)"}g;
        my $title = $a{cardTitle} // $a{'card-title'};
        s/(["\\])/\\$1/g for $title, $a{href};
        push @cards, qq({"title":"$title","href":"$a{href}"});
    }
}

my @cmd = ("$node/node", "$top/t/browser/check.mjs", '--out', $out,
           '--inline', "$base/sheet/inline/page.md",
           '--cards', 'containers=[' . join(',', @cards) . ']',
           # examples/ with LandingSet search (t/conf/search.conf.in).
           '--search', "$base/examples/guide/getting-started.md=restart httpd",
           "seed=$base/docs/cards/reference-architectures.md",
           "headings=$base/docs/cards/headings.md",
           "gfm=$base/docs/cards/gfm.md",
           "containers=$base/docs/cards/concepts-cards.md",
           # zero configuration: no LandingNav, no LandingSet
           "zero-short=$base/zero/user-guide/getting-started/short.md",
           "zero-headings=$base/zero/user-guide/getting-started/headings.md",
           "zero-seed=$base/zero/reference-architectures.md");
my $mark = error_log_mark();
open my $fh, '-|', @cmd or skip_all("cannot run node: $!");
my @lines = <$fh>;
close $fh;
my $status = $?;

my (@results, $contexts);
for (@lines) {
    chomp;
    my ($kind, $name, $why) = split /\t/, $_, 3;
    next unless defined $kind && defined $name;
    skip_all($name) if $kind eq 'SKIP';
    $contexts = $name if $kind eq 'CONTEXTS';
    push @results, [$kind, $name, $why] if $kind =~ /^(?:PASS|FAIL)$/;
}

# TAP by hand, so that each check keeps its name. A run that stopped
# early (fewer checks than the pages and widths make) fails.
my $n = 0;
sub tap {
    my ($pass, $name, $why) = @_;
    $n++;
    print +($pass ? 'ok' : 'not ok') . " $n - $name\n";
    print "# $why\n" if !$pass && defined $why && length $why;
}
# The server saw the stylesheet once per browser context (a page at a
# window size; each context has a cache of its own): no second view
# fetched it again, and the inline page fetched none (LANDING70 at
# trace1).
my $fetched = () = error_log_since($mark)
    =~ /LANDING70: the built-in stylesheet: \S+/g;
$contexts //= 'none';
print '1..' . (@results + 2) . "\n";
tap($fetched eq $contexts, "the stylesheet reached the server $fetched "
    . "times, once for each of the $contexts browser contexts");
tap(@results >= 70 && $status == 0,
    'check.mjs ran every check (' . scalar(@results) . ", exit $status)",
    join("\n# ", grep { !/^(?:PASS|FAIL|CONTEXTS)\t/ } @lines));
tap($_->[0] eq 'PASS', $_->[1], $_->[2]) for @results;
