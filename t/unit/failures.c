/*
 * Unit tests for what a failed render says about itself: a page past a
 * bound that counts work or memory fails the same way every time; one
 * given up at cmark's time limit (on the clock) says so, so that the
 * module does not remember it (mod_landing.c, render()).
 */
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "page.h"
#include "pageconf.h"
#include "tap.h"

static apr_pool_t *pool;

static char *page_of(const char *unit, int n, const char *middle,
                     const char *unit2, int n2)
{
    apr_size_t a = strlen(unit), b = strlen(unit2);
    const char *fm = "---\nlayout: Landing\n---\n";
    char *s = apr_palloc(pool, strlen(fm) + a * n + strlen(middle)
                               + b * n2 + 2);
    char *q = s;
    int i;

    q = stpcpy(q, fm);
    for (i = 0; i < n; i++) {
        q = stpcpy(q, unit);
    }
    q = stpcpy(q, middle);
    for (i = 0; i < n2; i++) {
        q = stpcpy(q, unit2);
    }
    strcpy(q, "\n");
    return s;
}

int main(void)
{
    landing_page_conf_t pc;
    landing_page_t page;
    landing_template_t *tpl;
    landing_page_result_e res;
    const char *err, *s;

    apr_initialize();
    apr_pool_create(&pool, NULL);
    landing_pageconf_builtin(pool, &tpl, &err);
    landing_pageconf_make(pool, &pc, NULL, tpl, NULL, 1);

    /* 30,000 nested lists, then 30,000 blank lines (CVE-2023-24824):
     * cmark-gfm's time on it is quadratic, and the clock stops it. */
    s = page_of(" -", 30000, "x", "\n", 30000);
    res = landing_page_render(pool, &pc, s, strlen(s), "/x", &page);
    is_int(res, LANDING_PAGE_TOO_BIG, "nested lists then blank lines: too big");
    ok(page.timed_out, "... at the time limit: not certain");

    /* Image openers (CVE-2023-22486): refused by a count, before cmark. */
    s = page_of("![[a](b)", 20000, "", "", 0);
    res = landing_page_render(pool, &pc, s, strlen(s), "/x", &page);
    is_int(res, LANDING_PAGE_TOO_BIG, "image openers: too big");
    ok(!page.timed_out, "... by a count: certain, though the last parse "
       "on this thread timed out");

    s = page_of("Plain words. ", 100, "", "", 0);
    res = landing_page_render(pool, &pc, s, strlen(s), "/x", &page);
    is_int(res, LANDING_PAGE_RENDERED, "a plain page renders");
    ok(!page.timed_out, "... and did not time out");
    landing_buf_release(page.html);

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
