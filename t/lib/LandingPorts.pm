# Ports on 127.0.0.1 for the tests that start their own servers (the
# fleet, the export crawl, the shared cache): free ones to listen on, and
# waiting until a server listens.
package LandingPorts;
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use IO::Socket::INET ();

our @EXPORT_OK = qw(free_port free_ports wait_port);

# @p $n ports the kernel had free a moment ago (all held at once, so they
# differ).
sub free_ports {
    my $n = shift;
    my (@socks, @ports);
    for (1 .. $n) {
        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                      LocalPort => 0, Listen => 1,
                                      ReuseAddr => 1) or die $!;
        push @socks, $s;
        push @ports, $s->sockport;
    }
    close $_ for @socks;
    return @ports;
}

sub free_port { return (free_ports(1))[0] }

# True once something accepts connections on @p $port, false after 5 s.
sub wait_port {
    my $port = shift;
    for (1 .. 50) {
        my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                      PeerPort => $port, Timeout => 1);
        return 1 if $s;
        select undef, undef, undef, 0.1;
    }
    return 0;
}

1;
