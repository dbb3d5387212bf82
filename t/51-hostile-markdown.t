# Hostile input, part 2: Markdown shapes that make parsers slow or big
# (cmark's own pathological tests, at their sizes, and the shapes of
# cmark-gfm's 2023 CVEs), a 3 MB line, and
# thousands of headings. Each is rendered, or, past cmark's bounds
# (src/mdguard.h), passes through unchanged with a logged error; either
# way within 5 s, and the server keeps answering.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use lib 't/lib';
use LandingTest qw(source);
use LandingHostile qw(gen_file check_case tests_per_case);

my $fm = "---\nlayout: Landing\ntitle: Pathological\n---\n";
my $too_big = qr{LANDING12: rendering \S+ failed \(page too big\), passing through};

# name, file, Markdown, 'rendered' and a pattern, or 'source' and a log.
my @shapes = (
    ['50,000 nested block quotes', 'deep-quotes.md', ('> ' x 50_000) . "a\n",
     qr{(?:<blockquote>\n){1000}}],
    ['1,000 nested lists, indented', 'deep-lists.md',
     join('', map { ('  ' x $_) . "* a\n" } 0 .. 999),
     qr{(?:<li>a\n<ul>\n){999}<li>a</li>}],
    ['50,000 nested lists on one line', 'deep-lists-inline.md',
     ('- ' x 50_000) . "a\n", qr{(?:<ul>\n<li>\n){1000}}],
    ['50,000 nested brackets', 'brackets.md',
     ('[' x 50_000) . 'a' . (']' x 50_000) . "\n", qr{<p>\[{50000}a\]{50000}</p>}],
    ['65,000 link openers', 'link-openers.md', ('[a' x 65_000) . "\n",
     qr{<p>(?:\[a){65000}</p>}],
    ['65,000 link closers', 'link-closers.md', ('a]' x 65_000) . "\n",
     qr{<p>(?:a\]){65000}</p>}],
    ['65,000 emphasis openers', 'emph-openers.md', ('_a ' x 65_000) . "\n",
     qr{<p>(?:_a ){64999}_a</p>}],
    ['65,000 emphasis closers', 'emph-closers.md', ('a_ ' x 65_000) . "\n",
     qr{<p>(?:a_ ){64999}a_</p>}],
    ['unclosed links', 'unclosed-links.md', ('[a](b' x 30_000) . "\n",
     qr{<p>(?:\[a\]\(b){30000}</p>}],
    ['growing backtick runs', 'backticks.md',
     join('', map { 'e' . ('`' x $_) } 1 .. 2000) . "\n", qr{<p>e`}],
    ['80,000 link references', 'references.md',
     join('', map { "[$_]: /u$_\n" } 1 .. 80_000) . ('[1] ' x 5000) . "\n",
     qr{<p>(?:<a href="/u1">1</a> ){4999}<a href="/u1">1</a></p>}],
    ['20,000 equal headings', 'equal-headings.md', "## a\n" x 20_000,
     qr{<h2 id="a-19999">}],
    ['a 3 MB line', 'line-3mb.md', 'x' x (3 << 20), qr{<p>(?:x{32768}){96}</p>}],
    # Quadratic in cmark 0.30 (CVE-2023-22486): refused before parsing.
    ['"![[]()" x 160,000 (quadratic in cmark 0.30)', 'image-openers.md',
     ('![[]()' x 160_000) . "\n", 'source', $too_big],
    ['"![[a](b)" x 20,000', 'image-links.md', ('![[a](b)' x 20_000) . "\n",
     'source', $too_big],
    # More memory than the budget: cmark gives up, and frees it all.
    ['unclosed emphasis, 120 times its size in memory', 'memory.md',
     ('*a ' x 300_000) . "\n", 'source', $too_big],
    ['nested strong emphasis', 'strong-emph.md',
     ('*a **a ' x 65_000) . 'b' . (' a** a*' x 65_000) . "\n",
     'source', $too_big],
    # Quadratic in cmark-gfm 0.29.0.gfm.6 (the CVEs of 2023): refused by
    # a pre-scan or by the parse's time limit, never a hang.
    ['CVE-2023-22483: strikethrough runs', 'tildes.md',
     '~e' . (',z~~' x 25_000) . "\n", 'source', $too_big],
    ['CVE-2023-22483: a table header over 50,000 lines', 'table-header.md',
     ":-\n" . (":\n" x 50_000) . ":-\n", 'source', $too_big],
    ['CVE-2023-24824: 30,000 nested lists, then blank lines', 'lists-blank.md',
     (' -' x 30_000) . 'x' . ("\n" x 30_000), 'source', $too_big],
    ['CVE-2023-24824: emphasis in 50,000 nested quotes', 'quote-emph.md',
     ('>' x 50_000) . ('a*' x 50_000) . "\n", 'source', $too_big],
    ['CVE-2023-37463: 2,000 columns over 40,000 short rows', 'padded.md',
     ('|x' x 2000) . "|\n" . ('|-' x 2000) . "|\n" . ("a\n" x 40_000),
     'source', $too_big],
);

plan tests => tests_per_case * @shapes;

for my $s (@shapes) {
    my ($name, $file, $md, $expect, $re) = @$s;
    my $url = gen_file($file, $fm . $md);
    if ($expect eq 'source') {
        check_case(name => $name, url => $url, expect => 'source',
                   source => source("hostile-gen/$file"), log => $re);
    }
    else {
        check_case(name => $name, url => $url, like => $expect);
    }
}
