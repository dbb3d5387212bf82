#!/usr/bin/perl
# A Landing page of unknown length: front matter, then LINES lines (from
# the query string, default 20000) of 64 bytes each, flushed as they go.
use strict;
use warnings;

my ($lines) = ($ENV{QUERY_STRING} // '') =~ /^(\d+)$/;
$lines //= 20000;
$| = 1;
print "Content-Type: text/markdown\r\n\r\n";
print "---\nlayout: Landing\ntitle: Streamed\n---\n";
my $line = sprintf("%-63s\n", 'A streamed line of Markdown, long enough.');
for (1 .. $lines) {
    print $line;
}
