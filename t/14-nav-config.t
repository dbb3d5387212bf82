# A broken LandingNav file stops httpd at startup with the file, line and
# column; the link directives check their argument; LandingNav is not
# allowed in .htaccess.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_write_file);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);
use LandingTest ();

plan tests => 25;

my $vars = Apache::Test::vars();
my $t_dir = $vars->{t_dir};
my $tmp = "$vars->{t_logs}/nav-config-tests";
mkdir $tmp;

# "httpd -t" on a configuration; its exit code and output.
sub config_test { LandingTest::config_test('nav-config-tests', @_) }

# A nav file with @p $yaml; the result of "httpd -t" with it.
sub nav_test {
    my ($name, $yaml) = @_;
    t_write_file("$tmp/$name.yml", $yaml);
    return config_test("LandingNav $tmp/$name.yml\n");
}

my ($rc, $out) = nav_test('good', <<'YAML');
- title: Home
  path: /
- title: Guide
  path: /guide/
  children:
    - title: Install
      path: /guide/install.md
YAML
ok t_cmp($rc, 0, 'a good nav file passes the config test');
($rc, $out) = config_test("LandingNav $t_dir/conf/nav.yml\n");
ok t_cmp($rc, 0, "the test suite's nav file too");

($rc, $out) = nav_test('syntax', <<'YAML');
- title: Home
  path: /
- title: "Guide
  path: /guide/
YAML
ok t_cmp(($rc != 0) ? 1 : 0, 1, 'YAML syntax error stops httpd');
ok t_cmp($out, qr{line \d+ of \S+httpd\.conf:\s+LandingNav: \S+/syntax\.yml:\d+:\d+: },
         'syntax error: config line, then file:line:column');

($rc, $out) = nav_test('childs', <<'YAML');
- title: Home
  path: /
  childs: []
YAML
ok $rc != 0;
ok t_cmp($out, qr{LandingNav: \S+/childs\.yml:3:11: unknown key 'childs' \(an item has title, path and children\)},
         'unknown key: line and column of its value');

($rc, $out) = nav_test('notitle', <<'YAML');
- title: Home
  path: /
- path: /guide/
  children:
    - title: Install
      path: /guide/install.md
YAML
ok $rc != 0;
ok t_cmp($out, qr{LandingNav: \S+/notitle\.yml:3:3: the item has no 'title'},
         'missing title: where the item starts');

($rc, $out) = nav_test('relative', <<'YAML');
- title: Guide
  path: /guide/
  children:
    - title: Install
      path: install.md
YAML
ok $rc != 0;
ok t_cmp($out, qr{LandingNav: \S+/relative\.yml:5:13: path 'install\.md' must start with '/' or be a URL with a scheme},
         'relative path');

($rc, $out) = nav_test('children', <<'YAML');
- title: Guide
  path: /guide/
  children: /guide/install.md
YAML
ok t_cmp($out, qr{children\.yml:3:13: 'children' must be a list of items},
         'children must be a list');

($rc, $out) = nav_test('scalar', "just some text\n");
ok t_cmp($out, qr{scalar\.yml:1:1: the navigation must be a list of items}, 'not a list');

($rc, $out) = nav_test('footer', <<'YAML');
nav:
  - title: Home
    path: /
footer:
  - title: Imprint
    path: /imprint.md
    children: []
YAML
ok t_cmp($out, qr{footer\.yml:7:15: unknown key 'children' \(an item has title and path\)},
         'footer links have no children');

($rc, $out) = nav_test('topkey', "nav: []\nfooters: []\n");
ok t_cmp($out, qr{topkey\.yml:2:10: unknown key 'footers' \(the file has 'nav' and 'footer'\)},
         'unknown top-level key');

($rc, $out) = config_test("LandingNav $tmp/missing.yml\n");
ok $rc != 0;
ok t_cmp($out, qr{LandingNav: cannot read '\S+/missing\.yml'}, 'missing file');

($rc, $out) = config_test("LandingNav none\n");
ok t_cmp($rc, 0, 'LandingNav none');

($rc, $out) = config_test("LandingHeadingIds maybe\n");
ok t_cmp($out, qr{LandingHeadingIds must be On or Off}, 'bad flag');

($rc, $out) = config_test("LandingEditBase 'https://a b'\n");
ok t_cmp($out, qr{LandingEditBase: 'https://a b' is not a URL}, 'bad edit base');

($rc, $out) = config_test("LandingCanonicalBase https://docs.example.org\n"
                          . "LandingEditBase none\n");
ok t_cmp($rc, 0, 'good link bases');

# A base without a scheme: refused, with what to write instead.
($rc, $out) = config_test("LandingEditBase git.example.com/edit\n");
ok t_cmp($out, qr{LandingEditBase: 'git\.example\.com/edit' has no scheme; give a whole URL such as 'https://git\.example\.com/edit', or 'none'},
         'edit base without a scheme');
($rc, $out) = config_test("LandingCanonicalBase //docs.example.org\n");
ok t_cmp($out, qr{LandingCanonicalBase: '//docs\.example\.org' has no scheme; give a whole URL such as 'https://docs\.example\.org'},
         'canonical base without a scheme');

# A tab in the nav file's indentation is named, with its line.
($rc, $out) = nav_test('tab', "nav:\n  - title: A\n\t path: /a.md\n");
ok t_cmp($out, qr{tab\.yml:3:1: a tab in the indentation; YAML indents with spaces only},
         'a tab in the nav file');

# LandingNav names a file: never from .htaccess.
my $mark = error_log_mark();
my $res = GET '/htaccess-nav/page.md';
ok t_cmp($res->code, 500, '.htaccess with LandingNav: 500');
ok t_cmp(error_log_since($mark), qr{htaccess-nav/\.htaccess: LandingNav not allowed here},
         '.htaccess with LandingNav: clear log line');
