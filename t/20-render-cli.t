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
use File::Spec;
use lib 't/lib';
use LandingCLI qw(cli_path run_cli settings_for missing_options config_files);

my $vars = Apache::Test::vars();
my $root = $vars->{documentroot};

# Every Markdown file under the document root, and what the server does
# with it (LandingCLI::settings_for); none is left out.
my @pages;
File::Find::find({ no_chdir => 1, wanted => sub {
    return unless -f $_ && /\.md$/;
    (my $rel = $_) =~ s{^\Q$root\E/}{};
    push @pages, [$rel, settings_for($rel)];
} }, $root);
@pages = sort { $a->[0] cmp $b->[0] } @pages;
# A rendered page: its bytes and what the command line says, and its
# bytes again from --config with the server's own configuration files
# (not where .htaccess or mod_bucketeer change them); an error or a
# plain file: one test.
my $per_page = 0;
$per_page += $_->[1]{opts} ? 2 + !($_->[1]{htaccess} || $_->[1]{strip}) : 1
    for @pages;

plan tests => 3 + $per_page + 21 + 19 + 12;

# --- every directive that changes a page has an option ------------------

my @directives = LandingCLI::module_directives();
ok t_cmp(scalar(@directives) >= 10, 1,
         'the module\'s command table is read: ' . "@directives");
my @missing = map {
    "$_->[0] changes a page's bytes, but landing-render cannot give it: "
    . "$_->[1]. (A directive that never changes a page's bytes goes in "
    . "%NOT_PAGE_CHANGING in t/lib/LandingCLI.pm, with why.)"
} missing_options();
ok t_cmp(join("\n", @missing), '',
         'every directive that changes a page has a landing-render option');

# --- the same bytes as the server --------------------------------------

ok t_cmp(scalar(grep { $_->[1]{opts} } @pages) >= 60, 1,
         scalar(@pages) . ' pages, ' . scalar(grep { $_->[1]{opts} } @pages)
         . ' rendered by LANDING');

# The templates other tests edit (and remove: t_write_file's files go at
# the end of a test) as t/TEST.PL writes them, with an mtime no version
# the server holds has. A page using another one dies below: add it here.
my %live = (
    "$vars->{t_logs}/live.html" => LandingCLI::slurp("$vars->{t_conf}/live.html.dist"),
    "$vars->{t_logs}/live-cached.html" => LandingCLI::slurp("$vars->{t_conf}/live.html.dist"),
    "$vars->{t_logs}/live-component.html" => "<b class=\"live-v1\">{{text}}</b>\n",
    "$vars->{t_logs}/partials/layout.html" => "<!doctype html>\n<html lang=\"{{lang}}\">\n"
        . "<head>\n{{> landing/head}}\n</head>\n<body>\n"
        . "  {{> parts/note}}\n{{{content}}}\n</body>\n</html>\n",
    "$vars->{t_logs}/partials/parts/note.html" => "<p class=\"note-v1\">{{title}}</p>\n",
);
for my $file (sort keys %live) {
    open my $fh, '>', $file or die "$file: $!";
    print $fh $live{$file};
    close $fh or die "$file: $!";
    utime time - 3600, time - 3600, $file;
}

my @config = map { ('--config', $_) } config_files();
for my $p (@pages) {
    my ($rel, $how) = @$p;
    my $res = GET "/$rel";
    if ($how->{live}) {
        # Each child rereads a template at most once a second: wait until
        # the one answering has, as t/16 does.
        die "/$rel: a template under t/logs that %live in t/20 does not "
            . "restore: @{$how->{live}}"
            if grep { !exists $live{$_} } @{$how->{live}};
        my (undef, $want) = run_cli(@{$how->{opts}}, '--path', "/$rel",
                                    "$root/$rel");
        for (1 .. 40) {
            last if $res->content eq $want;
            select undef, undef, undef, 0.1;
            $res = GET "/$rel";
        }
    }
    if ($how->{status}) {
        ok t_cmp($res->code, $how->{status}, "/$rel: $how->{why}");
        next;
    }
    if ($how->{plain}) {
        ok t_cmp($res->content, LandingCLI::slurp("$root/$rel"),
                 "/$rel: $how->{why}, sent as it is");
        next;
    }
    my $opts = $how->{opts};
    my $file = "$root/$rel";
    if ($how->{strip}) {
        # What reaches LANDING: the file without the splitter's marks.
        (my $body = LandingCLI::slurp($file)) =~ s/$how->{strip}//g;
        # At the same path under another root, with the index pages of
        # the directories above it, which the breadcrumbs look for.
        my $copy = "$vars->{t_logs}/stripped";
        my @dirs = ('', map { join('/', (split m{/}, $rel)[0 .. $_]) . '/' }
                        0 .. (split m{/}, $rel) - 2);
        for my $d (@dirs) {
            for my $index ('index.md', 'index.html') {
                t_write_file("$copy/$d$index", LandingCLI::slurp("$root/$d$index"))
                    if -f "$root/$d$index";
            }
        }
        $file = "$copy/$rel";
        t_write_file($file, $body);
    }
    my ($rc, $out, $err) = run_cli(@$opts, '--path', "/$rel", $file);
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
    next if $how->{htaccess} || $how->{strip};
    ($rc, $out, $err) = run_cli(@config, '--path', "/$rel", $file);
    ok t_cmp($out, $res->content, "/$rel: the server's bytes with --config"
                                  . ($out eq '' ? " ($err)" : ''));
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
ok t_cmp($err, "landing-render: 6 pages checked, 3 problems\n",
         'summary on stderr; .txt and hidden files are not walked');

($rc, $out, $err) = run_cli('--check', "$tree/good.md", "$tree/nofm.md",
                            "$tree/nolayout.md");
ok t_cmp($rc, 0, '--check: exit 0 when all is well');
ok t_cmp($out . $err, "landing-render: 3 pages checked, 0 problems\n",
         '--check: only the summary when all is well');
($rc, $out, $err) = run_cli('--quiet', '--check', "$tree/good.md");
ok t_cmp($rc == 0 && $out . $err eq '', 1, '--quiet: not even the summary');
($rc, $out, $err) = run_cli('--quiet', '--check', $tree);
ok t_cmp($rc == 1 && $err eq '' && $out =~ /broken\.md/, 1,
         '--quiet: the problems, not the summary');

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

# One page's URL path: under --root, or under the current directory.
t_write_file("$tmp/rooted/sub/page.md", "---\nlayout: Landing\n---\nx\n");
($rc, $out) = run_cli('--canonical-base', 'https://x.org', '--root',
                      "$tmp/rooted", "$tmp/rooted/sub/page.md");
ok t_cmp($out, qr{<link rel="canonical" href="https://x\.org/sub/page\.md">},
         '--root: the path under it');
my $cwd_rel = File::Spec->abs2rel("$tree/good.md");
($rc, $out) = run_cli('--canonical-base', 'https://x.org', "$tree/good.md");
ok t_cmp($out, qr{<link rel="canonical" href="https://x\.org/\Q$cwd_rel\E">},
         'an absolute path: its path under the current directory');

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
t_write_file("$src/nav.yml", "nav:\n  - title: Intro\n    path: /guide/intro.md\n");

($rc, $out, $err) = run_cli('--set', 'name=Export', '--out', $dst, $src);
ok t_cmp($rc, 1, '--out: exit 1, a page had a problem');
ok t_cmp($err, qr{^\Q$src\E/broken\.md:\d+:\d+: invalid front matter}m,
         '--out: the problem is reported');
ok t_cmp($err !~ /\r|\[\d+\/\d+\]/, 1,
         '--out: no progress line when stderr is no terminal');
ok t_cmp($err, qr{\nlanding-render: 2 pages rendered, 4 files copied to \Q$dst\E, 1 problem\n\z},
         '--out: the summary, last, when stderr is no terminal');
($rc, $out, $err) = run_cli('--verbose', '--nav', "$src/nav.yml",
                            '--out', "$tmp/verbose", $src);
ok t_cmp($err, qr{^\Q$src\E/guide/intro\.md -> \Q$tmp\E/verbose/guide/intro\.html$}m,
         '--verbose: a line per page');
ok t_cmp($err, qr{^\Q$src\E/img/logo\.svg -> \Q$tmp\E/verbose/img/logo\.svg$}m,
         '--verbose: a line per file copied');
ok t_cmp(!-e "$tmp/verbose/nav.yml" && -e "$tmp/verbose/guide/intro.html", 1,
         'the navigation file --nav names is not exported');
($rc) = run_cli('--nav', "$src/nav.yml", '--out', "$tmp/named", $src,
                "$src/nav.yml");
ok t_cmp(-e "$tmp/named/nav.yml", 1, '... unless it is named');
my (undef, $index) = run_cli('--set', 'name=Export', '--path', '/index.md',
                             "$src/index.md");
$index =~ s{href="guide/intro\.md"}{href="guide/intro.html"}
    or die 'the page links to guide/intro.md';
ok t_cmp(LandingCLI::slurp("$dst/index.html"), $index,
         'index.md became index.html, as rendering it alone does, with '
         . 'its link to a page leading to the page\'s .html');
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
    ok t_cmp($tty, qr{\r\e\[K\[6/6\] img/logo\.svg}, 'a progress line on a terminal');
    ok t_cmp($tty, qr{2 pages rendered, 4 files copied}, 'and a summary');
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
    [['--relative', "$src/index.md"], '--relative without --out'],
    [['--max-size', '12Q', "$src/index.md"], 'a size that is none'],
    [['--edit-base', 'git.example.org/edit', "$src/index.md"],
     'a base URL without a scheme'],
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
