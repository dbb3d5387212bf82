/*
 * The GitHub Flavored Markdown spec, through the module's renderer: every
 * example of the spec Debian's cmark-gfm package ships
 * (/usr/share/doc/cmark-gfm/spec.txt.gz, read from the installed package,
 * never copied here) is rendered by landing_md_render() with the
 * extensions its header names, raw HTML on and heading ids off, and must
 * give the spec's HTML exactly.
 *
 * Two examples are marked "disabled" in the spec: GitHub's task-list
 * items, whose expected HTML writes the checkbox's attributes in another
 * order and without " /". They are rendered with the tasklist extension
 * and compared once each <input> tag's attributes are put in order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "markdown.h"
#include "tap.h"

#define SPEC "/usr/share/doc/cmark-gfm/spec.txt.gz"
#define FENCE "````````````````````````````````"

static apr_pool_t *pool;

/* @p s with every "→" (the spec's way to show a tab) made a tab. */
static char *tabs(char *s)
{
    char *r = s, *w = s;
    while (*r) {
        if (strncmp(r, "\xe2\x86\x92", 3) == 0) {
            *w++ = '\t';
            r += 3;
        }
        else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each <input ...> with its attributes sorted and no " /" before ">". */
static char *inputs_in_order(char *html)
{
    char *out = apr_pstrdup(pool, ""), *p = html, *tag;

    while ((tag = strstr(p, "<input ")) != NULL) {
        char *end = strchr(tag, '>');
        char *attrs[8], *copy, *last, *a;
        int n = 0, i;
        if (end == NULL) {
            break;
        }
        out = apr_pstrcat(pool, out, apr_pstrndup(pool, p, tag - p),
                          "<input", NULL);
        copy = apr_pstrndup(pool, tag + 7, end - tag - 7);
        for (a = apr_strtok(copy, " ", &last); a && n < 8;
             a = apr_strtok(NULL, " ", &last)) {
            if (strcmp(a, "/") != 0) {
                attrs[n++] = a;
            }
        }
        qsort(attrs, n, sizeof(attrs[0]), cmp_str);
        for (i = 0; i < n; i++) {
            out = apr_pstrcat(pool, out, " ", attrs[i], NULL);
        }
        out = apr_pstrcat(pool, out, ">", NULL);
        p = end + 1;
    }
    return apr_pstrcat(pool, out, p, NULL);
}

typedef struct {
    int examples, passed, with_extensions, disabled;
} counts_t;

static void run_example(counts_t *c, const char *words, char *md, char *html)
{
    char *copy = apr_pstrdup(pool, words), *last, *w;
    int flags = LANDING_MD_RAW_HTML | LANDING_MD_NO_HEADING_IDS;
    int disabled = 0, named = 0;
    landing_md_t out;
    const char *got = NULL;

    for (w = apr_strtok(copy, " ", &last); w; w = apr_strtok(NULL, " ", &last)) {
        if (strcmp(w, "disabled") == 0) {
            disabled = 1;
            flags |= LANDING_GFM_TASKLIST;
        }
        else {
            int f = landing_gfm_flag(w);
            ok(f != 0, "example %d names a known extension (%s)",
               c->examples + 1, w);
            flags |= f;
            named = 1;
        }
    }
    c->examples++;
    c->with_extensions += named;
    c->disabled += disabled;
    tabs(md);
    tabs(html);
    if (landing_md_render(pool, md, strlen(md), flags, &out) == APR_SUCCESS) {
        got = out.html;
    }
    if (got && disabled) {
        got = inputs_in_order(apr_pstrdup(pool, got));
        html = inputs_in_order(html);
    }
    if (got && strcmp(got, html) == 0) {
        c->passed++;
    }
    else if (c->examples - c->passed <= 5) {
        diag("example %d (%s) differs:\n--- markdown\n%s--- want\n%s"
             "--- got\n%s", c->examples, words, md, html,
             got ? got : "(failed)\n");
    }
}

int main(void)
{
    FILE *f;
    char line[8192];
    char *md = NULL, *html = NULL, *words = NULL;
    int state = 0;
    counts_t c = { 0, 0, 0, 0 };

    apr_initialize();
    apr_pool_create(&pool, NULL);
    f = popen("gzip -dc " SPEC " 2>/dev/null", "r");
    if (!ok(f != NULL, "read %s", SPEC)) {
        return done_testing();
    }
    while (fgets(line, sizeof(line), f)) {
        if (state == 0 && strncmp(line, FENCE " example", 40) == 0) {
            words = apr_pstrdup(pool, line + 40);
            words[strcspn(words, "\n")] = '\0';
            md = apr_pstrdup(pool, "");
            state = 1;
        }
        else if (state == 1 && strcmp(line, ".\n") == 0) {
            html = apr_pstrdup(pool, "");
            state = 2;
        }
        else if (state != 0 && strcmp(line, FENCE "\n") == 0) {
            run_example(&c, words, md, html);
            state = 0;
        }
        else if (state == 1) {
            md = apr_pstrcat(pool, md, line, NULL);
        }
        else if (state == 2) {
            html = apr_pstrcat(pool, html, line, NULL);
        }
    }
    ok(pclose(f) == 0, "the spec is the installed package's (cmark-gfm)");
    /* 673 in cmark-gfm 0.29.0.gfm.6's spec: 649 CommonMark, 22 with an
     * extension, 2 task lists. */
    ok(c.examples >= 673, "%d examples in the spec", c.examples);
    ok(c.with_extensions >= 22, "%d of them with extensions",
       c.with_extensions);
    is_int(c.disabled, 2, "2 task-list examples");
    is_int(c.passed, c.examples, "every example renders as the spec says");
    diag("GFM spec: %d of %d examples pass (%d with extensions)", c.passed,
         c.examples, c.with_extensions + c.disabled);
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
