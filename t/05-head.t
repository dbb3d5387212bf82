# HEAD answers with the same headers as GET, for rendered pages and for
# pages that pass through.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET HEAD);
use Apache::TestUtil qw(t_cmp);

my @urls = ('/set/reference-architectures.md', '/set/plain.md',
            '/set/meta.md', '/add/page.md');
my @headers = qw(Content-Type Content-Length Last-Modified ETag);

plan tests => @urls * (@headers + 1);

for my $url (@urls) {
    my $get = GET $url;
    my $head = HEAD $url;
    for my $h (@headers) {
        ok t_cmp($head->header($h), $get->header($h), "$url: HEAD $h");
    }
    ok t_cmp($head->content, '', "$url: HEAD has no body");
}
