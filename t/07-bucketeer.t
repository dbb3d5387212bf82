# Bodies split into many buckets and many filter calls (mod_bucketeer:
# ^B splits a bucket, ^P passes the brigade on) render exactly like the
# same bytes in one piece: splits inside the fence, a key, a value, and
# inside multi-byte UTF-8 characters.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp);

plan tests => 8;

sub page_part {
    my $html = shift;
    my ($title) = $html =~ m{(<title>.*?</title>)}s;
    my ($main) = $html =~ m{(<h1\b.*?</main>)}s;
    return ($title // 'no title') . ($main // 'no main');
}

for my $name (qw(split early)) {
    my $split = GET "/bucketeer/$name.md";
    my $whole = GET "/set/$name-clean.md";
    ok t_cmp($split->code, 200, "$name: status");
    ok t_cmp($split->header('Content-Type'), 'text/html; charset=utf-8',
             "$name: rendered");
    # The chrome shows the request path (breadcrumbs), which differs;
    # the title and the content from the H1 on come from the body alone.
    ok t_cmp(page_part($split->content), page_part($whole->content),
             "$name: same page as the unsplit body");
    ok t_cmp($split->header('Content-Length'), length($split->content),
             "$name: exact Content-Length");
}
