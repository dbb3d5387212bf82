# Helpers shared by the Apache::Test files.
package LandingTest;
use strict;
use warnings FATAL => 'all';

use Apache::Test ();
use Exporter 'import';
use File::Spec ();

our @EXPORT_OK = qw(source error_log_since error_log_mark config_test
                    linked_stylesheet file_text);

# The bytes of a file under t/htdocs.
sub source {
    my $rel = shift;
    my $path = Apache::Test::vars('documentroot') . "/$rel";
    open my $fh, '<:raw', $path or die "$path: $!";
    local $/;
    return scalar <$fh>;
}

# The text of @p $path, or '' when it is not there (yet): a log file of a
# server a test starts itself.
sub file_text {
    my $path = shift;
    open my $fh, '<', $path or return '';
    local $/;
    return scalar(<$fh>) // '';
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

# Run "httpd -t" on a configuration of @p $body, in the scratch folder
# t/logs/@p $dir, with the running test server's MPM and authz modules
# (so that httpd gets as far as our directives) and the freshly built
# module. Returns the exit code and the output.
sub config_test {
    my ($dir, $body) = @_;
    my $vars = Apache::Test::vars();
    my $tmp = "$vars->{t_logs}/$dir";
    mkdir $tmp;
    my $loads = do {
        open my $fh, '<', "$vars->{t_dir}/conf/httpd.conf" or die $!;
        join '', grep { /^\s*LoadModule\s+(mpm_\w+|authz_core|unixd)_module/ }
                 <$fh>;
    };
    my $module = File::Spec->rel2abs("$vars->{t_dir}/../.libs/mod_landing.so");
    my $conf = "$tmp/httpd.conf";
    open my $fh, '>', $conf or die "$conf: $!";
    print $fh "ServerRoot $tmp\n$loads"
        . "LoadModule landing_module $module\n"
        . "ErrorLog $tmp/error_log\nPidFile $tmp/pid\nListen 127.0.0.1:1\n"
        . $body;
    close $fh;
    my $out = `$vars->{httpd} -t -f $conf 2>&1`;
    return ($? >> 8, $out);
}

# The stylesheet a page links (<link rel="stylesheet">), fetched from the
# test server; '' when the page links none.
sub linked_stylesheet {
    my $html = shift;
    my ($href) = $html =~ m{<link rel="stylesheet" href="([^"]+)">};
    return '' unless defined $href;
    require Apache::TestRequest;
    return Apache::TestRequest::GET_BODY($href);
}

1;
