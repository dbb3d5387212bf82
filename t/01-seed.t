# The seed page renders as a complete page: chrome, title, both cards.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp);
use lib 't/lib';
use LandingTest qw(linked_stylesheet);

plan tests => 10;

my $docroot = Apache::Test::vars('documentroot');
my $src = do {
    local $/;
    open my $fh, '<', "$docroot/set/reference-architectures.md" or die $!;
    <$fh>;
};

my $res = GET '/set/reference-architectures.md';
my $body = $res->content;

ok t_cmp($res->code, 200, 'status');
ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
         'Content-Type');
ok t_cmp($res->header('Content-Length'), length($body),
         'Content-Length is exact');
ok t_cmp(substr($body, 0, 15), '<!doctype html>', 'starts with doctype');
ok t_cmp($body, qr{<title>Reference Architectures</title>}, 'title');
ok t_cmp($body, qr{<main\b[^>]*>.*<h1>Reference Architectures</h1>}s,
         'the H1 sits in <main>');

# Both raw HTML cards reach the page byte for byte.
my @cards = $src =~ m{(<figure class="main-card.*?</figure>)}gs;
ok t_cmp(scalar(@cards), 2, 'the source has two cards');
ok t_cmp(scalar(grep { index($body, $_) >= 0 } @cards), 2,
         'both cards are intact in the page');

# The default stylesheet, which the page links, styles the cards.
ok t_cmp(linked_stylesheet($body), qr{\.main-card\b}, 'the linked CSS styles the cards');
# Validators describe the page, not the .md file under it.
my $md_etag = (GET '/add/page.txt')->header('ETag');
my $etag = $res->header('ETag');
ok(defined($md_etag) && (!defined($etag) || $etag ne $md_etag));
