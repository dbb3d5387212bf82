# landing-render: the same bytes as the module for every page the test
# server renders or passes through, --check's report and exit status,
# --out's exported tree, and usage errors.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_debug t_write_file);
use File::Find ();
use File::Path qw(rmtree);
use lib 't/lib';
use LandingCLI qw(cli_path run_cli settings_for);

my $vars = Apache::Test::vars();
my $root = $vars->{documentroot};

# Every Markdown file under the document root, and what reproduces the
# server's configuration for it.
my (@pages, @skipped);
File::Find::find({ no_chdir => 1, wanted => sub {
    return unless -f $_ && /\.md$/;
    (my $rel = $_) =~ s{^\Q$root\E/}{};
    my ($opts, $why) = settings_for($rel);
    if ($opts) {
        push @pages, [$rel, $opts];
    }
    else {
        push @skipped, "$rel: $why";
    }
} }, $root);
@pages = sort { $a->[0] cmp $b->[0] } @pages;

plan tests => 2 * @pages + 1 + 17 + 14 + 9;

# --- the same bytes as the server --------------------------------------

t_debug("not compared: $_") for @skipped;
# Most pages of the suite are comparable; a settings reader that skips
# everything must not pass.
ok t_cmp(scalar(@pages) >= 20, 1,
         scalar(@pages) . ' pages compared, ' . scalar(@skipped) . ' not');

for my $p (@pages) {
    my ($rel, $opts) = @$p;
    my $res = GET "/$rel";
    my ($rc, $out, $err) = run_cli(@$opts, '--path', "/$rel", "$root/$rel");
    my $rendered = ($res->header('Content-Type') // '') =~ m{^text/html};
    ok t_cmp($out, $res->content, "/$rel: the server's bytes (@$opts)");
    # The command line says something exactly when the server did not
    # render the page, or rendered it with components it logged.
    my $logged = $err =~ /\A(?:\S+:\d+:\d+: (?:unknown component|<[\w-]+>: )[^\n]*\n)+\z/;
    $err = '' if $rendered && $logged && $rc == 1;
    $rc = 0 if $rendered && $logged && $rc == 1;
    ok t_cmp($err eq '' && $rc == 0, $rendered,
             "/$rel: " . ($rendered ? 'rendered, quietly'
                                    : "not rendered, and says so: $err"));
}

# --- --check -----------------------------------------------------------

my $tmp = "$vars->{t_logs}/cli";
rmtree($tmp);
my $tree = "$tmp/check";
my $loop = "{{#page.c}}{{#.}}{{#.}}{{page.pad}}{{/.}}{{/.}}{{/page.c}}\n";
my $thirty = sub { '[' . join(',', ("*$_[0]") x 30) . ']' };
t_write_file("$tmp/loop.html", $loop);
t_write_file("$tmp/bad.html", "<p>\n{{#open}}\n");
t_write_file("$tree/good.md", "---\nlayout: Landing\ntitle: Good\n---\n# Good\n");
t_write_file("$tree/nofm.md", "# No front matter\n");
t_write_file("$tree/nolayout.md", "---\ntitle: Jekyll page\n---\ntext\n");
t_write_file("$tree/broken.md",
             "---\nlayout: Landing\ntitle: \"open quote\ntags: [a\n---\n");
t_write_file("$tree/other.md", "---\ntitle: Other\nlayout:   Blog\n---\nx\n");
# A page whose layout multiplies aliased front matter past the bound.
t_write_file("$tree/sub/loop.md", "---\nlayout: Loop\npad: " . ('x' x 1024)
             . "\na: &a [" . join(',', 1 .. 30) . "]\nb: &b "
             . $thirty->('a') . "\nc: " . $thirty->('b') . "\n---\nbody\n");
t_write_file("$tree/notes.txt", "---\nlayout: \"open\n");
t_write_file("$tree/.hidden/bad.md", "---\nlayout: \"open\n");

my ($rc, $out, $err) = run_cli('--layout', "Loop=$tmp/loop.html", '--check',
                               $tree);
ok t_cmp($rc, 1, '--check: exit 1 when a page has a problem');
my @lines = split /\n/, $out;
ok t_cmp(scalar(@lines), 3, '--check: one line per problem') or t_debug($out);
ok t_cmp($lines[0] // '',
         qr{^\Q$tree\E/broken\.md:\d+:\d+: invalid front matter: .*quoted scalar},
         'invalid front matter: file:line:col: message');
ok t_cmp($lines[1] // '',
         "$tree/other.md:3:11: layout 'Blog' is not configured "
         . "(known: Landing,Loop)",
         'unknown layout: at its value');
ok t_cmp($lines[2] // '',
         "$tree/sub/loop.md:2:9: layout 'Loop' failed: page too big",
         'a template that fails, in a subdirectory');
ok t_cmp($err, qr{3 problems in 6 pages checked},
         'summary on stderr; .txt and hidden files are not walked');

($rc, $out, $err) = run_cli('--check', "$tree/good.md", "$tree/nofm.md",
                            "$tree/nolayout.md");
ok t_cmp($rc, 0, '--check: exit 0 when all is well');
ok t_cmp($out . $err, '', '--check: quiet when all is well');

($rc, $out) = run_cli('--check', "$tree/notes.txt");
ok t_cmp($out, qr{^\Q$tree\E/notes\.txt:\d+:\d+: invalid front matter},
         'a file named on the command line is checked whatever its name');

($rc, $out, $err) = run_cli('--layout', "Bad=$tmp/bad.html", '--check',
                            $tree);
ok t_cmp($rc, 1, 'a broken --layout template: exit 1');
ok t_cmp($err, qr{\Q$tmp\E/bad\.html:2: section 'open' is never closed},
         'a broken template: its file, line and error');

($rc, $out, $err) = run_cli('--check', "$tmp/nope");
ok t_cmp($rc == 1 && $err =~ m{\Q$tmp\E/nope: }, 1,
         'a path that does not exist is a problem');

# Components: an unknown one and a Vue expression are problems, at their
# lines; --component maps a name as LandingComponent does.
t_write_file("$tmp/comp/page.md", "---\nlayout: Landing\n---\n\n<Foo/>\n\n"
             . "<Card :href=\"link\" cardTitle=\"x\">y</Card>\n");
t_write_file("$tmp/comp/Foo.html", "<b>foo</b>\n");
($rc, $out, $err) = run_cli('--check', "$tmp/comp/page.md");
ok t_cmp($rc, 1, 'components with problems: exit 1');
ok t_cmp($out, "$tmp/comp/page.md:5:1: unknown component <Foo>; "
         . "LandingComponent maps it to a template\n"
         . "$tmp/comp/page.md:7:1: <Card>: the Vue expression "
         . "':href=\"link\"' is not evaluated; dropped\n",
         'an unknown component and a dropped expression, at their lines');
($rc, $out) = run_cli('--component', "Foo=$tmp/comp/Foo.html", '--check',
                      "$tmp/comp/page.md");
ok t_cmp($out !~ /Foo/ && $out =~ /<Card>/, 1, '--component maps a name');
($rc, $out) = run_cli('--component', "Foo=$tmp/comp/Foo.html",
                      "$tmp/comp/page.md");
ok t_cmp($out, qr{<b>foo</b>}, '--component: the template is used');
($rc, $out, $err) = run_cli('--component', "foo=$tmp/comp/Foo.html",
                            "$tmp/comp/page.md");
ok t_cmp($rc == 2 && $err =~ /must start with an uppercase letter/, 1,
         '--component: a name that is no component name');

# --- --out -------------------------------------------------------------

my $src = "$tmp/site";
my $dst = "$tmp/export";
t_write_file("$src/index.md",
             "---\nlayout: Landing\ntitle: Home\n---\n# Home\n[Guide](guide/intro.md)\n");
t_write_file("$src/guide/intro.md",
             "---\nlayout: Landing\ntitle: Intro\n---\n# Intro\n");
t_write_file("$src/README.md", "# Not a Landing page\n");
t_write_file("$src/broken.md", "---\nlayout: Landing\ntitle: \"x\n---\n");
my $svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n\x00\xff";
t_write_file("$src/img/logo.svg", $svg);

($rc, $out, $err) = run_cli('--set', 'name=Export', '--out', $dst, $src);
ok t_cmp($rc, 1, '--out: exit 1, a page had a problem');
ok t_cmp($err, qr{^\Q$src\E/broken\.md:\d+:\d+: invalid front matter}m,
         '--out: the problem is reported');
ok t_cmp($err !~ /\r|\[\d+\/\d+\]/, 1,
         '--out: no progress line when stderr is no terminal');
my (undef, $index) = run_cli('--set', 'name=Export', '--path', '/index.md',
                             "$src/index.md");
ok t_cmp(LandingCLI::slurp("$dst/index.html"), $index,
         'index.md became index.html, as rendering it alone does');
ok t_cmp(LandingCLI::slurp("$dst/guide/intro.html"),
         qr{<title>Intro \| Export</title>}, 'subdirectories are exported');
ok t_cmp(!-e "$dst/index.md" && !-e "$dst/guide/intro.md", 1,
         'rendered pages are not copied as well');
ok t_cmp(LandingCLI::slurp("$dst/README.md"), "# Not a Landing page\n",
         'a Markdown file without front matter is copied unchanged');
ok t_cmp(LandingCLI::slurp("$dst/broken.md"),
         LandingCLI::slurp("$src/broken.md"), 'a broken page is copied');
ok t_cmp(LandingCLI::slurp("$dst/img/logo.svg"), $svg,
         'other files are copied byte for byte');
# The built-in stylesheet, where the exported pages link it; or nowhere
# when it is in the pages.
my ($css_url) = LandingCLI::slurp("$dst/guide/intro.html")
    =~ m{<link rel="stylesheet" href="(/\.landing/landing\.[0-9a-f]{16}\.css)">};
ok t_cmp(defined $css_url && -f "$dst$css_url"
         && LandingCLI::slurp("$dst$css_url")
            eq LandingCLI::slurp("$vars->{t_dir}/../conf/landing.css"), 1,
         'the built-in stylesheet is exported where the pages link it');
($rc) = run_cli('--stylesheet', 'inline', '--out', "$tmp/inline", "$src/guide");
ok t_cmp(!-e "$tmp/inline/.landing"
         && LandingCLI::slurp("$tmp/inline/intro.html") =~ /<style>/, 1,
         '--stylesheet inline: the stylesheet in the pages, no file for it');

# On a terminal, a progress line (script(1) gives the program a pty).
SKIP: {
    my $script = `command -v script 2>/dev/null`;
    chomp $script;
    skip 'script(1) is not installed', 2 unless $script;
    my $cmd = join ' ', map { "'$_'" } cli_path(), '--out', "$tmp/tty", $src;
    my $tty = `'$script' -qec "$cmd" /dev/null 2>&1`;
    ok t_cmp($tty, qr{\r\e\[K\[5/5\] img/logo\.svg}, 'a progress line on a terminal');
    ok t_cmp($tty, qr{2 pages rendered, 3 files copied}, 'and a summary');
}

# The output directory inside the tree is not exported into itself.
($rc) = run_cli('--out', "$src/_site", "$src/guide", $src);
ok t_cmp(-e "$src/_site/intro.html" && !-e "$src/_site/_site", 1,
         'the output directory is skipped by the walk');


# --- usage -------------------------------------------------------------

my @bad = (
    [[], 'no arguments'],
    [['--bogus', "$src/index.md"], 'an unknown option'],
    [['--set', 'novalue', "$src/index.md"], '--set without ='],
    [['--layout', 'bad name=x', "$src/index.md"], 'a bad layout name'],
    [['--check', '--out', $dst, $src], '--check with --out'],
    [["$src/index.md", "$src/README.md"], 'two files without --out'],
    [['--check'], '--check without a path'],
    [['--stylesheet', 'static/', "$src/index.md"], 'a --stylesheet path not from /'],
);
for my $b (@bad) {
    my ($args, $name) = @$b;
    ($rc, $out, $err) = run_cli(@$args);
    ok t_cmp($rc == 2 && $err =~ /^usage: landing-render /m && $out eq '', 1,
             "$name: usage on stderr, exit 2");
}
($rc, $out) = run_cli('--help');
ok t_cmp($rc == 0 && $out =~ /^usage: landing-render /, 1,
         '--help: usage on stdout, exit 0');
