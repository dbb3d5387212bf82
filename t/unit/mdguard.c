/*
 * Unit tests for the bounds on hostile input below the filter: cmark's
 * (src/mdguard) and the template expander's work bound (src/template).
 * Each case also shows that ordinary input is not affected.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <cmark-gfm-extension_api.h>

#include "markdown.h"
#include "mdguard.h"
#include "page.h"
#include "pageconf.h"
#include "tap.h"
#include "template.h"

#define DATA_DIR "t/unit/data/"

static apr_pool_t *pool;

/* @p unit repeated @p n times, NUL-terminated, from the pool. */
static char *repeat(const char *unit, apr_size_t n, apr_size_t *len)
{
    apr_size_t u = strlen(unit), i;
    char *s = apr_palloc(pool, u * n + 1);

    for (i = 0; i < n; i++) {
        memcpy(s + i * u, unit, u);
    }
    s[u * n] = '\0';
    *len = u * n;
    return s;
}

static char *slurp(const char *path, apr_size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
        return NULL;
    }
    rewind(f);
    s = apr_palloc(pool, (apr_size_t)n + 1);
    *len = fread(s, 1, (apr_size_t)n, f);
    s[*len] = '\0';
    fclose(f);
    return s;
}

static void test_bracket_work(void)
{
    apr_size_t len;
    char *s;

    /* Each link matched walks over every image opener still open. */
    s = repeat("![[]()", 100, &len);
    is_int((long)landing_mdguard_bracket_work(s, len), 100 * 101 / 2,
           "![[]() x100: the walk grows with every repetition");
    s = repeat("![[]()", 10000, &len);
    ok(landing_mdguard_bracket_work(s, len) > LANDING_MD_MAX_BRACKET_WORK,
       "![[]() x10000 (60 KB) is past the bound");
    s = repeat("![[a](b)", 10000, &len);
    ok(landing_mdguard_bracket_work(s, len) > LANDING_MD_MAX_BRACKET_WORK,
       "![[a](b) x10000 is past the bound");

    /* Paragraphs are separate: a blank line empties cmark's stack. */
    s = repeat("![[]()\n\n", 10000, &len);
    is_int((long)landing_mdguard_bracket_work(s, len), 10000,
           "one per paragraph when blank lines separate them");
    s = repeat("![[]()\n", 10000, &len);
    ok(landing_mdguard_bracket_work(s, len) > LANDING_MD_MAX_BRACKET_WORK,
       "lines without blank lines are one paragraph");

    /* Link openers cost a walk once: a matched link deactivates them. */
    s = apr_pstrcat(pool, repeat("[", 50000, &len), "a",
                    repeat("]", 50000, &len), NULL);
    is_int((long)landing_mdguard_bracket_work(s, strlen(s)), 49999,
           "nested brackets: linear");
    s = repeat("\\![[]()", 10000, &len);
    ok(landing_mdguard_bracket_work(s, len) < 20000,
       "an escaped '!' opens no image");
    s = repeat("![img](a.png) [link](b) ", 100000, &len);
    is_int((long)landing_mdguard_bracket_work(s, len), 0,
           "closed images and links cost nothing");
    s = repeat("[a", 1100000, &len);
    ok(landing_mdguard_bracket_work(s, len) > LANDING_MD_MAX_BRACKET_WORK,
       "more than LANDING_MD_MAX_OPEN_BRACKETS open is past the bound");
    is_int((long)landing_mdguard_bracket_work("", 0), 0, "empty input");

    /* The bound that lets most pages skip the count. */
    s = repeat("![[]()", 100, &len);
    ok(landing_mdguard_bracket_bound(s, len)
       >= landing_mdguard_bracket_work(s, len), "the bound holds for ![[]()");
    is_int((long)landing_mdguard_bracket_bound(s, len), 101 * 600,
           "(images + 1) x length");
    s = repeat("[a", 400000, &len);
    is_int((long)landing_mdguard_bracket_bound(s, len), 800000,
           "no images: the length");
    ok(landing_mdguard_bracket_bound(s, len) >= 399999, "and it holds");
    s = repeat("![[]()", 10000, &len);
    ok(landing_mdguard_bracket_bound(s, len) > LANDING_MD_MAX_BRACKET_WORK,
       "the hostile page is over the bound, so it is counted");
    s = repeat("[a", 1100000, &len);
    ok(landing_mdguard_bracket_bound(s, len) > LANDING_MD_MAX_BRACKET_WORK,
       "past LANDING_MD_MAX_OPEN_BRACKETS bytes the bound says nothing");
    is_int((long)landing_mdguard_bracket_bound("a!", 2), 2,
           "a '!' at the very end");
    is_int((long)landing_mdguard_bracket_work("]]]![", 5), 0,
           "closers without openers, an opener at the very end");
}

static void test_parse_bounds(void)
{
    apr_size_t len;
    cmark_node *doc;
    landing_md_t md;
    char *s;

    s = slurp(DATA_DIR "reference-architectures.md", &len);
    if (ok(s != NULL, "read the seed page")) {
        is_int(landing_mdguard_parse(s, len, CMARK_OPT_VALIDATE_UTF8,
                                     LANDING_GFM_DEFAULT, &doc),
               APR_SUCCESS, "a real page parses");
        ok(doc != NULL, "and gives a document");
        ok(landing_mdguard_last_peak() < 16 * len + 65536,
           "using %lu bytes for %lu of input",
           (unsigned long)landing_mdguard_last_peak(), (unsigned long)len);
        /* The tree and its arena go together. */
        landing_mdguard_free_doc(doc);
    }

    /* Quadratic time: refused before cmark sees it. */
    s = repeat("![[]()", 30000, &len);
    is_int(landing_md_render(pool, s, len, 0, &md), LANDING_MD_TOO_COMPLEX,
           "![[]() x30000: refused");

    /* Memory: unclosed emphasis takes over 120 times its size. */
    s = repeat("*a ", 1000000, &len);
    is_int(landing_mdguard_parse(s, len, 0, LANDING_GFM_DEFAULT, &doc), LANDING_MD_TOO_COMPLEX,
           "3 MB of '*a ': past the memory budget");
    ok(doc == NULL, "no document");
    ok(landing_mdguard_last_peak()
       <= LANDING_MD_MEMORY_BASE + LANDING_MD_MEMORY_FACTOR * len,
       "gave up at the budget (%lu bytes)",
       (unsigned long)landing_mdguard_last_peak());
    s = repeat("*a ", 1800000, &len);
    is_int(landing_mdguard_parse(s, len, 0, LANDING_GFM_DEFAULT, &doc), LANDING_MD_TOO_COMPLEX,
           "5.4 MB of '*a ': refused");
    ok(landing_mdguard_last_peak() <= LANDING_MD_MEMORY_MAX,
       "within LANDING_MD_MEMORY_MAX whatever the size (%lu bytes)",
       (unsigned long)landing_mdguard_last_peak());
    s = repeat("[a", 1000000, &len);
    is_int(landing_mdguard_parse(s, len, 0, LANDING_GFM_DEFAULT, &doc), LANDING_MD_TOO_COMPLEX,
           "2 MB of '[a': refused");

    /* Giving up leaves nothing behind that breaks the next parse. */
    s = repeat("Some *text* and a [link](/x).\n\n", 100000, &len);
    if (is_int(landing_md_render(pool, s, len, 0, &md), APR_SUCCESS,
               "3 MB of ordinary text after that: rendered")) {
        ok(md.html_len > len, "all of it");
    }
    s = repeat("> ", 50000, &len);
    is_int(landing_md_render(pool, s, len, 0, &md), APR_SUCCESS,
           "50000 nested quotes (100 KB): rendered");
}

/* cmark-gfm's HTML for @p s, parsed with its own allocator. */
static char *gfm_html(const char *s, apr_size_t len, int opts, int exts)
{
    cmark_parser *parser = cmark_parser_new(opts | landing_gfm_options(exts));
    cmark_node *doc;
    char *html;

    landing_gfm_attach(parser, exts);
    cmark_parser_feed(parser, s, len);
    doc = cmark_parser_finish(parser);
    html = cmark_render_html(doc, opts,
                             cmark_parser_get_syntax_extensions(parser));
    cmark_parser_free(parser);
    cmark_node_free(doc);
    return html;
}

/* Give up at every point of a parse: each budget below what the page
 * needs stops cmark somewhere else. Nothing may leak (asan-unit checks)
 * or break, and with enough room the HTML is cmark's own. The page has
 * every extension's syntax, and every extension is on. */
static void test_give_up_anywhere(void)
{
    const int opts = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_UNSAFE;
    const int exts = LANDING_GFM_ALL & ~LANDING_GFM_TAGFILTER;
    apr_size_t len, budget, peak;
    int refused = 0, wrong = 0;
    cmark_node *doc;
    char *s, *plain, *html;

    s = slurp(DATA_DIR "gfm.md", &len);
    if (!ok(s != NULL, "read the GFM page")) {
        return;
    }
    plain = gfm_html(s, len, opts, exts);
    if (landing_mdguard_parse_within(s, len, opts, exts, (apr_size_t)-1,
                                     &doc)
        != APR_SUCCESS) {
        ok(0, "parse without a budget");
        free(plain);
        return;
    }
    landing_mdguard_free_doc(doc);
    peak = landing_mdguard_last_peak();
    for (budget = 0; budget <= peak; budget += 7) {
        apr_status_t rv = landing_mdguard_parse_within(s, len, opts, exts,
                                                       budget, &doc);
        if (rv == LANDING_MD_TOO_COMPLEX && doc == NULL) {
            refused++;
            continue;
        }
        html = rv == APR_SUCCESS ? cmark_render_html(doc, opts, NULL) : NULL;
        wrong += (html == NULL || strcmp(html, plain) != 0);
        landing_mdguard_free(html);
        if (doc) {
            landing_mdguard_free_doc(doc);
        }
    }
    ok(refused > (int)(peak / 7) - 2,
       "gave up at %d of %lu budgets below the peak", refused,
       (unsigned long)peak / 7 + 1);
    is_int(wrong, 0, "no parse under a budget gave other HTML");
    if (is_int(landing_mdguard_parse_within(s, len, opts, exts, peak, &doc),
               APR_SUCCESS, "the peak is enough")) {
        html = cmark_render_html(doc, opts, NULL);
        is_str(html, plain, "and gives cmark's own HTML");
        landing_mdguard_free(html);
        landing_mdguard_free_doc(doc);
    }
    free(plain);
}

static void test_page_result(void)
{
    landing_page_conf_t pc;
    landing_template_t *builtin;
    landing_page_t page;
    const char *err, *src;
    apr_size_t len;
    char *body;

    if (!ok(landing_pageconf_builtin(pool, &builtin, &err) == APR_SUCCESS,
            "the built-in chrome compiles")) {
        return;
    }
    landing_pageconf_make(pool, &pc, apr_hash_make(pool), builtin, NULL, 0);
    body = repeat("![[]()", 30000, &len);
    src = apr_pstrcat(pool, "---\nlayout: Landing\n---\n", body, NULL);
    is_int(landing_page_render(pool, &pc, src, strlen(src), "/p.md", &page),
           LANDING_PAGE_TOO_BIG, "a page past cmark's bounds is too big");
    ok(page.html == NULL, "and has no HTML");
}

static void test_template_work(void)
{
    landing_template_t *tpl;
    landing_value_t *root = landing_value_map(pool);
    landing_value_t *list = landing_value_list(pool);
    landing_buf_t out;
    const char *err;
    char *src = "";
    int i;

    /* 30 nested sections over one two-item list: 2^30 expansions. */
    landing_value_push(pool, list, landing_value_cstr(pool, "x"));
    landing_value_push(pool, list, landing_value_cstr(pool, "y"));
    for (i = 0; i < 30; i++) {
        landing_value_set(pool, root, apr_psprintf(pool, "s%d", i), list);
        src = apr_psprintf(pool, "{{#s%d}}%s{{/s%d}}", i, src, i);
    }
    if (!ok(landing_template_compile(pool, src, strlen(src), "n.html", &tpl,
                                     &err) == APR_SUCCESS,
            "30 nested sections compile")) {
        return;
    }
    landing_buf_init(&out, 64);
    landing_template_expand(tpl, root, &out);
    is_int(out.failed, LANDING_BUF_TOO_BIG,
           "expanding them stops at the work bound");
    landing_buf_free(&out);

    /* The same template over lists of one item is cheap and complete. */
    list = landing_value_list(pool);
    landing_value_push(pool, list, landing_value_cstr(pool, "x"));
    for (i = 0; i < 30; i++) {
        landing_value_set(pool, root, apr_psprintf(pool, "s%d", i), list);
    }
    landing_buf_init(&out, 64);
    landing_template_expand(tpl, root, &out);
    is_int(out.failed, 0, "one item each: expanded");
    landing_buf_free(&out);
}

/* --- the bracket pre-scan against a plain model --------------------------
 * reference_work is the byte-at-a-time model the pre-scan started as; the
 * pre-scan skips plain text and looks back for blank lines instead, and
 * must count exactly the same. */
#define IMAGE (-2)

static int ref_is_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@')
           || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static apr_uint64_t reference_work(const char *s, apr_size_t len)
{
    const apr_uint64_t over = (apr_uint64_t)LANDING_MD_MAX_BRACKET_WORK + 1;
    long *stack = NULL;
    long top = -1, barrier = -1, last_link = -1, cap = 0;
    apr_uint64_t work = 0;
    apr_size_t i;
    int blank = 1;

    for (i = 0; i < len && work < over; i++) {
        long push = IMAGE;

        switch (s[i]) {
        case '\n':
            /* A blank line ends the paragraph, and cmark's stack with it.
             * Other block boundaries are not seen: that overestimates. */
            if (blank) {
                top = barrier = last_link = -1;
            }
            blank = 1;
            continue;
        case ' ':
        case '\t':
        case '\r':
            continue;
        case '\\':
            /* An escaped bracket is text. */
            if (i + 1 < len && ref_is_punct(s[i + 1])) {
                i++;
            }
            blank = 0;
            continue;
        case '!':
            blank = 0;
            if (i + 1 >= len || s[i + 1] != '[') {
                continue;
            }
            i++;
            break;
        case '[':
            blank = 0;
            push = last_link;
            break;
        case ']':
            blank = 0;
            if (top < 0) {
                continue;
            }
            if (stack[top] == IMAGE) {
                top--;
            }
            else if (top <= barrier) {
                /* An inactive link opener: popped, no walk. */
                last_link = stack[top--];
                barrier = last_link;
            }
            else {
                last_link = stack[top--];
                work += (apr_uint64_t)(top - barrier);
                if (last_link > barrier) {
                    barrier = last_link;
                }
            }
            continue;
        default:
            blank = 0;
            continue;
        }
        /* Push an opener. */
        if (top + 1 == cap) {
            long *grown;
            if (cap >= LANDING_MD_MAX_OPEN_BRACKETS) {
                work = over;
                break;
            }
            cap = cap ? cap * 2 : 256;
            grown = realloc(stack, sizeof(*stack) * cap);
            if (grown == NULL) {
                work = over;
                break;
            }
            stack = grown;
        }
        stack[++top] = push;
        if (push != IMAGE) {
            last_link = top;
        }
    }
    free(stack);
    return work;
}

static void test_bracket_model(void)
{
    static const char alphabet[] = "ab ![]\\\n\t\r()x";
    char buf[256];
    unsigned long seed = 12345;
    int i, differ = 0, under = 0;

    for (i = 0; i < 50000; i++) {
        apr_size_t n, k;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        n = (seed >> 33) % sizeof(buf);
        for (k = 0; k < n; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            buf[k] = alphabet[(seed >> 33) % (sizeof(alphabet) - 1)];
        }
        if (landing_mdguard_bracket_work(buf, n) != reference_work(buf, n)) {
            if (differ++ == 0) {
                diag("first difference on %.*s", (int)n, buf);
            }
        }
        if (landing_mdguard_bracket_bound(buf, n)
            < landing_mdguard_bracket_work(buf, n)) {
            if (under++ == 0) {
                diag("bound under the count on %.*s", (int)n, buf);
            }
        }
    }
    is_int(differ, 0, "the pre-scan counts as the plain model does "
           "(50000 random inputs)");
    is_int(under, 0, "the memchr bound is never under the count");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_bracket_work();
    test_parse_bounds();
    test_give_up_anywhere();
    test_page_result();
    test_template_work();
    test_bracket_model();
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
