# Hostile input, part 1: broken and extreme structure. Each case gets a
# well-formed answer within 5 s (the page, or the bytes unchanged), an
# exact Content-Length, the warning it deserves, and leaves the server
# answering. Big inputs are written at test time into t/htdocs/hostile-gen.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(source);
use LandingHostile qw(gen_file check_case tests_per_case);

my $fm = "---\nlayout: Landing\ntitle: Generated\n";
my @cases = (
    # Fences.
    { name => 'empty body', url => '/hostile/empty.md', expect => 'source' },
    { name => '"---" alone', url => '/hostile/fence-alone.md',
      expect => 'source', log => qr{LANDING11: .*fence-alone\.md:1:1: .*no closing} },
    { name => '"---" and a newline', url => '/hostile/fence-nl.md',
      expect => 'source', log => qr{LANDING11: .*no closing} },
    { name => 'front matter, no body', url => '/hostile/no-body.md',
      like => qr{<title>Only front matter</title>.*<main}s },
    { name => 'front matter, no body, no final newline',
      url => '/hostile/no-body-no-eol.md',
      like => qr{<title>No final newline</title>} },
    { name => 'unterminated fence', url => '/hostile/unterminated.md',
      expect => 'source', log => qr{LANDING11: .*unterminated\.md:1:1: .*no closing} },

    # Size, count and depth bounds of front matter.
    { name => '1 MB of front matter',
      url => gen_file('fm-1mb.md', $fm . 'big: ' . ('v' x (1 << 20))
                                   . "\n---\n# Body\n"),
      expect => 'source', log => qr{LANDING11: .*larger than 65536 bytes} },
    { name => '100,000 keys',
      url => gen_file('fm-100k-keys.md', $fm . join('', map { "k$_: $_\n" }
                                                    1 .. 100_000)
                                         . "---\n# Body\n"),
      expect => 'source', log => qr{LANDING11: .*larger than 65536 bytes} },
    { name => '5,000 keys in 44 KB', url => '/hostile/many-values.md',
      expect => 'source', log => qr{LANDING11: .*more than 2000 values} },
    { name => '10,000 nested flow sequences',
      url => '/hostile/nested-flow.md',
      expect => 'source', log => qr{LANDING11: .*nests deeper than 32} },
    { name => '500,000 nested flow sequences (1 MB)',
      url => gen_file('fm-deep-flow.md', $fm . 'x: ' . ('[' x 500_000)
                                         . (']' x 500_000) . "\n---\nb\n"),
      expect => 'source', log => qr{LANDING11: .*larger than 65536 bytes} },
    { name => '40 nested block maps', url => '/hostile/nested-block.md',
      expect => 'source', log => qr{LANDING11: .*nests deeper than 32} },
    { name => 'alias bomb (9^9 "lol" if copied)',
      url => '/hostile/alias-bomb.md',
      like => qr{<title>Billion laughs</title>.*<h1>Laughs</h1>}s },
    { name => 'aliased meta entries', url => '/hostile/alias-meta.md',
      like => qr{(?:<meta name="keywords" content="a &amp; b">\n){4}} },

    # Bytes.
    { name => 'NUL bytes in the body', url => '/hostile/nul-body.md',
      like => qr{<h1>Before\x{FFFD}after</h1>}, unlike => qr{\0} },
    { name => 'a raw NUL in front matter',
      url => '/hostile/nul-front-matter.md',
      expect => 'source', log => qr{LANDING11: .*:3:12: .*control characters} },
    { name => 'an escaped NUL in front matter',
      url => '/hostile/nul-escape.md',
      like => qr{<title>escaped }, unlike => qr{\0} },
    { name => 'invalid UTF-8 in the title', url => '/hostile/utf8-title.md',
      expect => 'source', log => qr{LANDING11: .*utf8-title\.md:3:12: .*UTF-8} },
    { name => 'invalid UTF-8 in the body', url => '/hostile/utf8-body.md',
      like => qr{<h1>Head \x{FFFD}\(}, },
    { name => 'invalid UTF-8 in the H1 that becomes the title',
      url => '/hostile/utf8-h1.md',
      like => qr{<title>Title \x{FFFD}\(\x{FFFD} from H1</title>} },
    { name => 'BOM and CRLF', url => '/hostile/bom-crlf.md',
      like => qr{<title>BOM and CRLF</title>.*<h1>Windows heading</h1>\n<p>A line\nand another\.</p>}s },
    { name => 'lone CRs: no LF, so no front matter',
      url => '/hostile/lone-cr.md', expect => 'source' },
    { name => 'lone CRs in the body', url => '/hostile/lone-cr-body.md',
      like => qr{<h1>CR heading</h1>\n<p>text one</p>\n<p>second paragraph</p>} },
    { name => 'a lone CR inside front matter',
      url => '/hostile/lone-cr-fm.md',
      like => qr{<title>CR inside front matter</title>} },
);

plan tests => tests_per_case * @cases;

for my $c (@cases) {
    $c->{expect} //= 'rendered';
    if ($c->{expect} eq 'source') {
        (my $rel = $c->{url}) =~ s{^/}{};
        $c->{source} = source($rel);
    }
    check_case(%$c);
}
