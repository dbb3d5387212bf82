# LANDING works with SetOutputFilter, AddOutputFilter and
# AddOutputFilterByType.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp);

plan tests => 9;

for my $case (['/set/reference-architectures.md', 'Reference Architectures'],
              ['/add/page.md', 'Page by extension'],
              ['/bytype/page.md', 'Page by type']) {
    my ($url, $title) = @$case;
    my $res = GET $url;
    ok t_cmp($res->code, 200, "$url status");
    ok t_cmp($res->header('Content-Type'), 'text/html; charset=utf-8',
             "$url rendered");
    ok t_cmp($res->content, qr{<title>\Q$title\E</title>}, "$url title");
}
