# Helpers shared by the Apache::Test files.
package LandingTest;
use strict;
use warnings FATAL => 'all';

use Apache::Test ();
use Exporter 'import';

our @EXPORT_OK = qw(source error_log_since error_log_mark);

# The bytes of a file under t/htdocs.
sub source {
    my $rel = shift;
    my $path = Apache::Test::vars('documentroot') . "/$rel";
    open my $fh, '<:raw', $path or die "$path: $!";
    local $/;
    return scalar <$fh>;
}

sub error_log_path {
    return Apache::Test::vars('t_logs') . '/error_log';
}

# The error log's current size: a mark to read new lines from.
sub error_log_mark {
    return -s error_log_path() || 0;
}

# What the error log gained since @p $mark.
sub error_log_since {
    my $mark = shift;
    open my $fh, '<:raw', error_log_path() or die $!;
    seek $fh, $mark, 0;
    local $/;
    return scalar(<$fh>) // '';
}

1;
