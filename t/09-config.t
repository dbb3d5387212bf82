# Bad configuration is reported clearly: at startup with file and line, or
# as a 500 for a .htaccess that tries a directive it may not use.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_write_file);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);
use LandingTest ();

plan tests => 12;

my $vars = Apache::Test::vars();
my $tmp = "$vars->{t_logs}/config-tests";
mkdir $tmp;

# "httpd -t" on a configuration; its exit code and output.
sub config_test { LandingTest::config_test('config-tests', @_) }

my ($rc, $out) = config_test("");
ok t_cmp($rc, 0, 'a configuration without Landing directives is fine');

t_write_file("$tmp/good.html", "<title>{{title}}</title>{{{content}}}\n");
($rc, $out) = config_test("LandingLayout Good $tmp/good.html\n");
ok t_cmp($rc, 0, 'a good template passes the config test');

($rc, $out) = config_test("LandingLayout Missing $tmp/nope.html\n");
ok $rc != 0;
ok t_cmp($out, qr{line \d+ of \S+httpd\.conf:\s+LandingLayout: cannot open template '\S*nope\.html'},
         'missing template: config file, line and template path');

t_write_file("$tmp/bad.html", "<html>\n<body>\n{{#items}}\n<li>{{name}}</li>\n{{/item}}\n");
($rc, $out) = config_test("\n\nLandingLayout Bad $tmp/bad.html\n");
ok $rc != 0;
ok t_cmp($out, qr{LandingLayout: template error: \S*bad\.html:5: '\{\{/item\}\}' does not match '\{\{#items\}\}' opened on line 3},
         'template syntax error: template file and line');

($rc, $out) = config_test("LandingMaxSize lots\n");
ok $rc != 0;
ok t_cmp($out, qr{LandingMaxSize: 'lots' is not a positive size}, 'bad size');

($rc, $out) = config_test("LandingSet 'bad key' x\n");
ok t_cmp($out, qr{LandingSet: variable name 'bad key'}, 'bad variable name');

($rc, $out) = config_test("LandingRawHTML maybe\n");
ok t_cmp($out, qr{LandingRawHTML must be On or Off}, 'bad flag');

# LandingLayout names a file: never from .htaccess.
my $mark = error_log_mark();
my $res = GET '/htaccess-layout/page.md';
ok t_cmp($res->code, 500, '.htaccess with LandingLayout: 500');
ok t_cmp(error_log_since($mark),
         qr{htaccess-layout/\.htaccess: LandingLayout not allowed here},
         '.htaccess with LandingLayout: clear log line');
