# Revalidation behind mod_deflate. With "Accept-Encoding: gzip" a page's
# ETag goes out as "L...-gzip" (DeflateAlterETag AddSuffix, the default);
# sent back in If-None-Match it gets a 304 whose ETag and Vary are the
# compressed page's (mod_deflate leaves a response without a body alone,
# so the filter puts them there), with SetOutputFilter LANDING;DEFLATE and with
# AddOutputFilterByType, from the render cache and from the early 304
# (LandingCache Off: the file is not read).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_debug);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);

my @dirs = qw(deflate deflate-bytype deflate-nocache deflate-bytype-nocache);
plan tests => 10 * @dirs;

Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

for my $dir (@dirs) {
    my $url = "/$dir/page.md";
    my @gzip = ('Accept-Encoding' => 'gzip');
    my $res = GET $url, @gzip;
    ok t_cmp($res->header('Content-Encoding'), 'gzip', "$dir: compressed");
    my $tag = $res->header('ETag') // '';
    ok t_cmp($tag, qr{^"L[0-9a-f]{16}-gzip"$}, "$dir: ETag with -gzip");
    (my $plain = $tag) =~ s/-gzip"$/"/;

    my $mark = error_log_mark();
    $res = GET $url, @gzip, 'If-None-Match' => $tag;
    my $log = error_log_since($mark);
    ok t_cmp($res->code, 304, "$dir: If-None-Match with the -gzip ETag: 304");
    ok t_cmp($res->header('ETag'), $tag, "$dir: the 304's ETag has -gzip")
        or t_debug($res->as_string);
    ok t_cmp($res->header('Vary') // '', qr{Accept-Encoding},
             "$dir: the 304 has Vary: Accept-Encoding");
    ok t_cmp($log, qr{LANDING60: If-None-Match \Q$tag\E compared as \Q$plain\E},
             "$dir: trace1 says the suffix was taken off");
    ok t_cmp($log,
             $dir =~ /nocache/ ? qr{LANDING18: not modified} : qr{LANDING17: cache hit},
             $dir =~ /nocache/ ? "$dir: the early 304, file unread"
                               : "$dir: the 304 from the render cache");

    (my $weak = $tag) =~ s/^/W\//;
    ok t_cmp((GET $url, @gzip, 'If-None-Match' => "\"x\", $weak")->code, 304,
             "$dir: a weak -gzip tag in a list: 304");
    ok t_cmp((GET $url, 'If-None-Match' => $tag)->code, 304,
             "$dir: without Accept-Encoding, the -gzip tag: 304");
    my $other = $tag;
    substr($other, 2, 1) = substr($tag, 2, 1) eq '0' ? '1' : '0';
    ok t_cmp((GET $url, @gzip, 'If-None-Match' => $other)->code, 200,
             "$dir: another page's -gzip tag: 200");
}
