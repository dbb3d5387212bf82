# Typos that would leave a page as raw Markdown are logged once per file
# (and again when the file changes), with the file and line: a layout
# that differs from a configured one only in case (LANDING61) and a
# "Layout:" key (LANDING62). Other unknown layouts stay at trace1
# (LANDING13), as a tree may hold pages for other layouts.
# landing-render --check reports the same.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestRequest qw(GET);
use Apache::TestUtil qw(t_cmp t_debug t_write_file t_mkdir);
use lib 't/lib';
use LandingTest qw(error_log_mark error_log_since);
use LandingCLI qw(run_cli);

plan tests => 17;

# One kept-alive connection: one child, whose record of warnings is its own.
Apache::TestRequest::user_agent(keep_alive => 1, reset => 1);

my $gen = Apache::Test::vars('documentroot') . '/gen';
t_mkdir($gen);

sub fetch {
    my ($url) = @_;
    my $mark = error_log_mark();
    my $res = GET $url;
    return ($res, error_log_since($mark));
}

# layout: landing
t_write_file("$gen/warn-case.md",
             "---\ntitle: Case\nlayout: landing\n---\n# Case\n");
my ($res, $log) = fetch('/gen/warn-case.md');
ok t_cmp($res->header('Content-Type') // '', qr{^text/markdown},
         'layout: landing passes through');
ok t_cmp($log, qr{\[landing:warn\].*LANDING61: \Q$gen\E/warn-case\.md:3: layout 'landing' is not configured; did you mean 'Landing'\?},
         'LANDING61 warns with file and line');
($res, $log) = fetch('/gen/warn-case.md');
ok t_cmp($log !~ /LANDING61/ ? 1 : 0, 1, 'once per file') or t_debug($log);
ok t_cmp($log, qr{LANDING13: pass: layout 'landing' is not configured},
         'the trace1 line is still there');
t_write_file("$gen/warn-case.md",
             "---\ntitle: Case again\nlayout: landing\n---\n# Case\n");
($res, $log) = fetch('/gen/warn-case.md');
ok t_cmp($log, qr{LANDING61: \Q$gen\E/warn-case\.md:3:},
         'again once the file changes');

# Layout: Landing
t_write_file("$gen/warn-key.md", "---\nLayout: Landing\ntitle: Key\n---\n# Key\n");
($res, $log) = fetch('/gen/warn-key.md');
ok t_cmp($res->header('Content-Type') // '', qr{^text/markdown},
         'Layout: Landing passes through');
ok t_cmp($log, qr{\[landing:warn\].*LANDING62: \Q$gen\E/warn-key\.md:2: front matter key 'Layout' should be 'layout'},
         'LANDING62 warns with file and line');
($res, $log) = fetch('/gen/warn-key.md');
ok t_cmp($log !~ /LANDING62/ ? 1 : 0, 1, 'once per file');

# layout: Landnig -- another layout, silent but at trace1.
t_write_file("$gen/warn-other.md", "---\nlayout: Landnig\n---\n# Other\n");
($res, $log) = fetch('/gen/warn-other.md');
ok t_cmp($log =~ /LANDING6[12]/ ? 1 : 0, 0, 'another layout: no warning');
ok t_cmp($log, qr{LANDING13: pass: layout 'Landnig' is not configured},
         'another layout: trace1');

# No layout key at all: no warning.
t_write_file("$gen/warn-none.md", "---\ntitle: None\n---\n# None\n");
($res, $log) = fetch('/gen/warn-none.md');
ok t_cmp($log =~ /LANDING6[12]/ ? 1 : 0, 0, 'no layout key: no warning');

# landing-render --check, the same words.
my ($rc, $out) = run_cli('--check', "$gen/warn-case.md");
ok t_cmp($rc, 1, '--check: a problem');
ok t_cmp($out, qr{^\Q$gen\E/warn-case\.md:3:9: layout 'landing' is not configured; did you mean 'Landing'\?$}m,
         '--check: did you mean');
($rc, $out) = run_cli('--check', "$gen/warn-key.md");
ok t_cmp($rc, 1, '--check: Layout: is a problem');
ok t_cmp($out, qr{^\Q$gen\E/warn-key\.md:2:\d+: front matter key 'Layout' should be 'layout'}m,
         '--check: the Layout key');
($rc, $out) = run_cli('--check', "$gen/warn-other.md");
ok t_cmp($out, qr{layout 'Landnig' is not configured \(known: Landing\)},
         '--check: other layouts as before');
($rc, $out) = run_cli('--check', "$gen/warn-none.md");
ok t_cmp($rc, 0, '--check: no layout key is no problem');
