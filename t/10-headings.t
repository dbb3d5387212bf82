# Heading ids and permalinks: VuePress slugs on h2..h6, repeats numbered,
# raw HTML headings and h1 left alone, cmark's output otherwise unchanged,
# and LandingHeadingIds Off (per directory and from .htaccess).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET_BODY);
use Apache::TestUtil qw(t_cmp);

plan tests => 24;

sub anchor {
    my ($level, $id, $html) = @_;
    return qq{<h$level id="$id">$html<a class="header-anchor" href="#$id" }
         . qq{aria-hidden="true" tabindex="-1">#</a></h$level>};
}

my $b = GET_BODY '/docs/cards/headings.md';

# The issue's examples, and markup inside a heading.
ok t_cmp($b, qr{\Q${\ anchor(2, 'add-a-sign-in-flow', 'Add a Sign-In Flow')}\E},
         'h2: id and permalink');
ok t_cmp($b, qr{\Q${\ anchor(3, 'uber-uns-quotes', "\xC3\x9C" . 'ber uns &amp; &quot;Quotes&quot;')}\E},
         'h3: NFKD, marks and punctuation dropped');
ok t_cmp($b, qr{\Q${\ anchor(3, '_1-numbered', '1. Numbered')}\E},
         'leading digit gets _');
ok t_cmp($b, qr{\Q${\ anchor(4, 'a-level-four-heading', 'A level-four heading')}\E},
         'h4 gets an id too');
ok t_cmp($b, qr{<h2 id="code-spans-and-emphasis-in-a-heading">Code <code>spans</code> and <em>emphasis</em> <br> in a heading<a },
         'inline markup kept; the id is the text alone');
ok t_cmp($b, qr{<h2 id="tags-like-main">Tags like &lt;main&gt;<a },
         'entities: decoded for the id, escaped in the heading');

# Repeats get -1, -2, in document order, across levels.
ok t_cmp($b, qr{<h2 id="repeated">Repeated<a .*<h2 id="repeated-1">Repeated<a .*<h3 id="repeated-2">Repeated<a }s,
         'repeats numbered');

# Left alone: h1, raw HTML headings, headings without a slug.
ok t_cmp($b, qr{<h1>Headings</h1>}, 'h1 unchanged');
ok t_cmp($b, qr{<h2 id="kept">A heading in raw HTML</h2>\n},
         'raw HTML heading unchanged');
ok t_cmp($b, qr{<h2>!!!</h2>}, 'punctuation only: no id');

# Headings inside quotes and lists count.
ok t_cmp($b, qr{<blockquote>\n<h2 id="quoted-heading">Quoted heading<a }, 'heading in a quote');
ok t_cmp($b, qr{<h2 id="listed-heading">Listed heading<a }, 'heading in a list item');

# Every id is there once.
my %seen;
$seen{$_}++ for $b =~ /\bid="([^"]+)"/g;
ok t_cmp(join(',', grep { $seen{$_} > 1 } sort keys %seen), '', 'ids are unique');

# Apart from ids and permalinks, the content is what cmark makes: the
# same page with LandingHeadingIds Off.
my $off = GET_BODY '/noids/headings.md';
my ($content) = $b =~ m{<div class="content">\n(.*?)\n    </div>}s;
my ($plain) = $off =~ m{<div class="content">\n(.*?)\n    </div>}s;
ok(defined $content && defined $plain && length $plain > 500);
(my $stripped = $content // '') =~
    s{ id="[^"]*"(?=>)|<a class="header-anchor" href="#[^"]*" aria-hidden="true" tabindex="-1">#</a>}{}g;
$stripped =~ s{<h2>A heading in raw HTML</h2>}{<h2 id="kept">A heading in raw HTML</h2>};
ok t_cmp($stripped, $plain, 'the rest of the content is byte for byte the same');

# LandingHeadingIds Off: plain headings, no "On this page".
$b = GET_BODY '/noids/page.md';
ok t_cmp($b, qr{<h2>Plain heading</h2>}, 'Off: no id');
ok $b !~ /class="header-anchor"/;
ok $b !~ /<nav class="toc"/;

# A child directory turns them on again.
$b = GET_BODY '/noids/child/page.md';
ok t_cmp($b, qr{<h2 id="plain-heading">Plain heading<a }, 'child: On again');

# From .htaccess (FileInfo).
$b = GET_BODY '/htaccess-links/page.md';
ok t_cmp($b, qr{<h2>A heading</h2>}, '.htaccess: LandingHeadingIds Off');

# Directories without the directive get ids (the default).
$b = GET_BODY '/docs/guide/install.md';
ok t_cmp($b, qr{\Q${\ anchor(2, 'steps', 'Steps')}\E}, 'default On');

# Chrome ids cannot collide with slugs: they hold '_' in the middle.
ok t_cmp($b, qr{<a class="skip-link" href="#main_content">}, 'skip link');
ok t_cmp($b, qr{<main id="main_content"}, 'its target');
ok t_cmp(scalar(() = $b =~ /id="main_content"/g), 1, 'one main_content');
