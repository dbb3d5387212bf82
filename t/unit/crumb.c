/* Unit tests for src/crumb (breadcrumb titles from URL segments and index
 * pages), src/prevnext (front matter's prev and next) and src/date
 * ("last updated"). */
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "crumb.h"
#include "date.h"
#include "frontmatter.h"
#include "nav.h"
#include "prevnext.h"
#include "tap.h"

static apr_pool_t *pool;

static const char *seg(const char *s)
{
    return landing_crumb_title(pool, s, strlen(s));
}

static void test_segment_titles(void)
{
    is_str(seg("getting-started"), "Getting started", "dashes: spaces, "
           "first letter capital");
    is_str(seg("API_v2"), "API v2", "underscores; capitals kept");
    is_str(seg("--a--b--"), "A b", "runs and ends of dashes");
    is_str(seg("guide"), "Guide", "one word");
    is_str(seg("---"), "---", "nothing but dashes: as it is");
    is_str(seg("\xc3\xbc" "ber-uns"), "\xc3\xbc" "ber uns",
           "a non-ASCII first letter is left as it is");
    is_str(landing_crumb_title(pool, "user-guide/x", 10), "User guide",
           "only the bytes given");
}

static const char *index_title(const char *src)
{
    const char *t = landing_crumb_index_title(pool, src, strlen(src));
    return t ? t : "(none)";
}

static void test_index_titles(void)
{
    is_str(index_title("---\nlayout: Landing\ntitle: The guide\n---\n"
                       "# Heading\n"), "The guide", "front matter title");
    is_str(index_title("---\nlayout: Landing\n---\n\nIntro.\n\n"
                       "# Getting *started* #\n"), "Getting *started*",
           "else the first h1, its closing #s dropped");
    is_str(index_title("# Plain Markdown"), "Plain Markdown",
           "no front matter, no final newline");
    is_str(index_title("```\n# not a heading\n```\n## Two\n# One\n"), "One",
           "not in fenced code, not an h2");
    is_str(index_title("    # indented code\n#hashtag\n"), "(none)",
           "four spaces of indent and no space after # are no heading");
    is_str(index_title("<h1>HTML</h1>\n"), "(none)", "HTML: none");
    is_str(index_title("---\ntitle: \"open\n"), "(none)",
           "broken front matter: none");
}

static const char *pn_link(const char *fm_src, const char *key,
                        landing_value_t *from_nav, const landing_nav_t *nav)
{
    landing_fm_t fm;
    landing_value_t *v;

    if (landing_fm_parse(pool, fm_src, strlen(fm_src), NULL, &fm)
        != LANDING_FM_OK) {
        return "(bad fm)";
    }
    v = landing_prevnext_link(pool, nav, fm.data, key, from_nav);
    if (v == NULL) {
        return "(none)";
    }
    return apr_pstrcat(pool, landing_value_get_str(v, "title"), "=",
                       landing_value_get_str(v, "path"), NULL);
}

static void test_prevnext(void)
{
    static const char yaml[] =
        "- title: Setting up\n  path: /guide/setup.md\n";
    landing_nav_t *nav = NULL;
    const char *err;
    landing_value_t *nav_link = landing_value_map(pool);

    landing_value_set_cstr(pool, nav_link, "title", "Nav page");
    landing_value_set_cstr(pool, nav_link, "path", "/nav.md");
    ok(landing_nav_compile(pool, yaml, sizeof(yaml) - 1, "nav.yml", &nav,
                           &err) == APR_SUCCESS, "nav compiles");

    is_str(pn_link("---\nlayout: Landing\n---\n", "prev", nav_link, nav),
           "Nav page=/nav.md", "absent: the navigation's");
    is_str(pn_link("---\nprev: false\n---\n", "prev", nav_link, nav),
           "(none)", "false: none");
    is_str(pn_link("---\nnext: true\n---\n", "next", nav_link, nav),
           "Nav page=/nav.md", "true: the navigation's");
    is_str(pn_link("---\nprev: /guide/setup.md\n---\n", "prev", NULL, nav),
           "Setting up=/guide/setup.md", "a path: titled by the nav");
    is_str(pn_link("---\nprev: /guide/first-steps.md\n---\n", "prev", NULL,
                NULL), "First steps=/guide/first-steps.md",
           "a path the nav does not have: its name as a title");
    is_str(pn_link("---\nnext: ../intro/\n---\n", "next", NULL, NULL),
           "Intro=../intro/", "a relative path");
    is_str(pn_link("---\nnext: /guide/index.md\n---\n", "next", NULL, NULL),
           "Guide=/guide/index.md", "an index page: its directory's name");
    is_str(pn_link("---\nnext:\n  title: Onwards\n  path: /b.md\n---\n",
                "next", NULL, NULL), "Onwards=/b.md", "title and path");
    is_str(pn_link("---\nnext:\n  text: Onwards\n  link: /b.md\n---\n",
                "next", NULL, NULL), "Onwards=/b.md",
           "VuePress 2's text and link");
    is_str(pn_link("---\nprev: javascript:alert(1)\n---\n", "prev", nav_link,
                nav), "Nav page=/nav.md", "a javascript: URL is ignored");
    is_str(pn_link("---\nprev: //evil.example/\n---\n", "prev", NULL, nav),
           "(none)", "another host's path is ignored");
    is_str(pn_link("---\nprev: https://example.org/x\n---\n", "prev", NULL,
                nav), "X=https://example.org/x", "a web address");
}

static const char *date_text(const char *s, const char *lang)
{
    apr_time_t t;
    if (!landing_date_parse(s, &t)) {
        return "(invalid)";
    }
    return landing_date_text(pool, t, lang);
}

static void test_dates(void)
{
    apr_time_t t;
    landing_value_t *v;

    is_str(date_text("2024-05-01", "en"), "May 1, 2024", "English");
    is_str(date_text("2024-05-01", "en-GB"), "May 1, 2024",
           "the first subtag counts");
    is_str(date_text("2024-03-09", "de"), "9. M\xc3\xa4rz 2024", "German");
    is_str(date_text("2024-12-25", "fr"), "25 d\xc3\xa9" "cembre 2024",
           "French");
    is_str(date_text("2024-08-02", "es"), "2 de agosto de 2024", "Spanish");
    is_str(date_text("2024-08-02", "pt-BR"), "2 de agosto de 2024",
           "Portuguese");
    is_str(date_text("2024-08-02", "it"), "2 agosto 2024", "Italian");
    is_str(date_text("2024-08-02", "NL"), "2 augustus 2024",
           "Dutch, any case");
    is_str(date_text("2024-08-02", "ja"),
           "2024\xe5\xb9\xb4" "8\xe6\x9c\x88" "2\xe6\x97\xa5", "Japanese");
    is_str(date_text("2024-08-02", "fi"), "2024-08-02",
           "another language: the ISO date");
    is_str(date_text("2024-08-02T23:30:00+02:00", "en"), "August 2, 2024",
           "a time and zone: the day in UTC");
    is_str(date_text("2024-08-02T23:30:00-02:00", "en"), "August 3, 2024",
           "west of UTC: the next day");
    is_str(date_text("2024-08-02 10:00", "en"), "August 2, 2024",
           "a space and no seconds");
    is_str(date_text("2024-08-02T10:00:00.123Z", "en"), "August 2, 2024",
           "fractions of a second");
    ok(!landing_date_parse("2023-02-29", &t), "no 29 February in 2023");
    ok(landing_date_parse("2024-02-29", &t), "29 February 2024");
    ok(!landing_date_parse("2024-13-01", &t), "no month 13");
    ok(!landing_date_parse("yesterday", &t), "not a date");
    ok(!landing_date_parse("2024-05-01x", &t), "trailing junk");
    ok(!landing_date_parse(NULL, &t), "NULL");

    v = landing_date_value(pool, apr_time_from_sec(1714521600), "de");
    is_str(landing_value_get_str(v, "iso"), "2024-05-01", "value: iso");
    is_str(landing_value_get_str(v, "text"), "1. Mai 2024", "value: text");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_segment_titles();
    test_index_titles();
    test_prevnext();
    test_dates();
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
