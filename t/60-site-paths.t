# Site paths mean this site: a URL that a page's front matter, the
# navigation or the request path puts into the chrome never starts with
# "//" or "/\" (which browsers take as another host).
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET_BODY);
use Apache::TestUtil qw(t_cmp t_write_file);
use lib 't/lib';
use LandingTest ();

plan tests => 14;

sub canonical {
    my @m = $_[0] =~ m{<link rel="canonical" href="([^"]*)">}g;
    return join ' ', @m;
}

# --- front matter canonicalUrl -------------------------------------------
my $b = GET_BODY '/sitepath/canonical-site.md';
ok t_cmp(canonical($b), '/guide/x.md', 'canonicalUrl: a site path is kept');
for my $case (['slashes', '//evil.example/x'],
              ['backslash', '/\\evil.example/x'],
              ['tab', "/\t/evil.example/x"]) {
    my ($name, $url) = @$case;
    $b = GET_BODY "/sitepath/canonical-$name.md";
    ok t_cmp(canonical($b),
             "https://docs.example.org/sitepath/canonical-$name.md",
             "canonicalUrl '$name' is no site path: the base serves");
    ok $b !~ /evil\.example/;
}

# --- breadcrumbs made of the request path ----------------------------------
Apache::TestRequest::module('landing_sitepath');
sub crumb_paths {
    my ($c) = $_[0] =~ m{(<nav class="breadcrumbs".*?</nav>)}s;
    return join ' ', ($c // '') =~ m{<a href="([^"]*)"}g;
}
$b = GET_BODY '/a/b.md';
ok t_cmp(crumb_paths($b), '/ /a/ /a/b.md', 'breadcrumbs of a plain path');
$b = GET_BODY '//evil.example/x.md';
ok t_cmp(crumb_paths($b), '/ /evil.example/ /evil.example/x.md',
         'a request path "//host/..." gives site paths');
ok t_cmp(join(" ", $b =~ m{href="(//[^"]*)"}g), "", "no link starts with //");
$b = GET_BODY '/%5Cevil.example/x.md';
ok t_cmp(crumb_paths($b), '/ /evil.example/ /evil.example/x.md',
         'a request path "/\\host/..." gives site paths');
ok t_cmp(join(" ", $b =~ m{href="(/\\[^"]*)"}g), "", "no link starts with /\\");
Apache::TestRequest::module('default');

# --- the navigation ----------------------------------------------------------
my $vars = Apache::Test::vars();
my $tmp = "$vars->{t_logs}/site-paths";
mkdir $tmp;
t_write_file("$tmp/slashes.yml", "- title: Evil\n  path: //evil.example/x\n");
my ($rc, $out) = LandingTest::config_test('site-paths',
                                          "LandingNav $tmp/slashes.yml\n");
ok t_cmp($out, qr{LandingNav: \S+/slashes\.yml:2:9: path '//evil\.example/x' leads to another host},
         'a nav path "//host" stops httpd, with file, line and column');
t_write_file("$tmp/backslash.yml",
             "nav: []\nfooter:\n  - title: Evil\n    path: '/\\evil.example/x'\n");
($rc, $out) = LandingTest::config_test('site-paths',
                                       "LandingNav $tmp/backslash.yml\n");
ok t_cmp($out, qr{backslash\.yml:4:11: path '/\\+evil\.example/x' leads to another host},
         'a footer path "/\\host" too');
