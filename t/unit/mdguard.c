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
#include "memslot.h"
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

/* @p head, then @p unit @p n times, then @p tail, in the pool. */
static char *shape(const char *head, const char *unit, apr_size_t n,
                   const char *tail, apr_size_t *len)
{
    apr_size_t ul;
    char *mid = repeat(unit, n, &ul);
    char *s = apr_pstrcat(pool, head, mid, tail, NULL);
    *len = strlen(s);
    return s;
}

/* The pre-scans for cmark-gfm's extensions count what they say. */
static void test_extension_work(void)
{
    apr_size_t len;
    const char *s;

    s = "a ~~b~~ c ~d~\n\ne~~f~~\n";
    is_int((long)landing_mdguard_tilde_work(s, strlen(s)),
           4 * 4 + 2 * 2, "tilde runs: 4 then 2 in two paragraphs");
    is_int((long)landing_mdguard_tilde_work("no tildes\n", 10), 0,
           "no tilde: no work");
    s = shape("~e", ",z~~", 25000, "\n", &len);
    ok(landing_mdguard_tilde_work(s, len) > LANDING_MD_MAX_TILDE_WORK,
       "\"~e\" + \",z~~\" x25000 (100 KB, CVE-2023-22483) is past the bound");
    s = shape("", "a ~~b~~ c\n\n", 50000, "", &len);
    ok(landing_mdguard_tilde_work(s, len) <= LANDING_MD_MAX_TILDE_WORK,
       "50,000 paragraphs with struck text are not");

    s = "| a | b |\n|---|:-:|\n| 1 | 2 |\n";
    is_int((long)landing_mdguard_table_work(s, strlen(s)), 11 * 2,
           "a table: its header row's bytes times lines");
    s = shape(":-\n", ":\n", 50000, ":-\n", &len);
    ok(landing_mdguard_table_work(s, len) > LANDING_MD_MAX_TABLE_WORK,
       "\":\" x50000 closed by \":-\" (CVE-2023-22483) is past the bound");
    s = shape("", "Some text.\n\n| a | b |\n| --- | --- |\n| c | d |\n\n",
              20000, "", &len);
    ok(landing_mdguard_table_work(s, len) <= LANDING_MD_MAX_TABLE_WORK,
       "20,000 tables after paragraphs are not");
    s = shape("Title\n---\n", "text\n---\n", 100000, "", &len);
    ok(landing_mdguard_table_work(s, len) <= LANDING_MD_MAX_TABLE_WORK,
       "100,000 setext headings with no blank line are not");

    s = "see www.a.b and https://c.d or x\n";
    is_int((long)landing_mdguard_autolink_work(s, strlen(s)),
           7 * 7 + 11 * 11, "autolink words: squared lengths");
    s = shape("www.", ")", 100000, "\n", &len);
    ok(landing_mdguard_autolink_work(s, len) > LANDING_MD_MAX_AUTOLINK_WORK,
       "\"www.\" + \")\" x100000 (CVE-2023-22483) is past the bound");
}

/* The shapes cmark-gfm 0.29.0.gfm.6 takes quadratic time or memory over
 * (the CVEs of 2023) are refused, by a pre-scan, the memory budget or the
 * time limit, or rendered; the real pages with every extension render. */
static void test_cve_shapes(void)
{
    static const struct {
        const char *name, *head, *unit, *tail;
        apr_size_t n;
        int refused;     /* by a pre-scan or the budget: always */
    } shapes[] = {
        { "CVE-2023-22483 processing instructions", "-1", "<?x", "y\n",
          100000, 0 },
        { "CVE-2023-22483 emphasis", "", "*t _t*_ ", "\n", 40000, 0 },
        { "CVE-2023-22483 a title over lines", "[f]:u\n\"\n", "[f]\n",
          "[f]:u \"t\n", 25000, 1 },
        { "CVE-2023-22483 table rows", "", "|-\nt>|-\n", "y\n", 30000, 0 },
        { "CVE-2023-22483 table header", ":-\n", ":\n", ":-\n", 50000, 1 },
        { "CVE-2023-22483 strikethrough", "~e", ",z~~", "\n", 25000, 1 },
        { "CVE-2023-22483 autolink parentheses", "www.", ")", "\n", 100000,
          1 },
        { "CVE-2023-22486 image openers", "", "![[]()", "\n", 30000, 1 },
        { "CVE-2023-24824 nested lists, blank lines", "x", "\n", "", 0, 0 },
        { "CVE-2023-37463 padded rows", "", "", "", 0, 1 },
    };
    const int all = LANDING_GFM_ALL | LANDING_MD_RAW_HTML;
    apr_size_t i, len;
    landing_md_t md;
    char *s;

    for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
        apr_status_t rv;
        if (shapes[i].n == 0) {
            continue;
        }
        s = shape(shapes[i].head, shapes[i].unit, shapes[i].n,
                  shapes[i].tail, &len);
        rv = landing_md_render(pool, s, len, all, &md);
        if (shapes[i].refused) {
            is_int(rv, LANDING_MD_TOO_COMPLEX, "%s (%lu bytes): refused",
                   shapes[i].name, (unsigned long)len);
        }
        else {
            ok(rv == LANDING_MD_TOO_COMPLEX || rv == APR_SUCCESS,
               "%s (%lu bytes): refused or rendered, within bounds",
               shapes[i].name, (unsigned long)len);
        }
    }
    /* " -" x n + "x" + "\n" x n: n nested lists, then n blank lines. */
    s = apr_pstrcat(pool, repeat(" -", 30000, &len), "x",
                    repeat("\n", 30000, &len), NULL);
    ok(landing_md_render(pool, s, strlen(s), all, &md)
           == LANDING_MD_TOO_COMPLEX,
       "CVE-2023-24824 30,000 nested lists, then blank lines: refused");
    /* A header of 2,000 columns over 40,000 short rows, each padded to
     * the header's width: 80 million cells from 100 KB. */
    s = apr_pstrcat(pool, repeat("|x", 2000, &len), "|\n",
                    repeat("|-", 2000, &len), "|\n", repeat("a\n", 40000, &len),
                    NULL);
    is_int(landing_md_render(pool, s, strlen(s), all, &md),
           LANDING_MD_TOO_COMPLEX,
           "CVE-2023-37463 2,000 columns over 40,000 rows: refused");

    s = slurp(DATA_DIR "gfm.md", &len);
    is_int(landing_md_render(pool, s, len, all, &md), APR_SUCCESS,
           "the GFM page renders with every extension");
    s = apr_pstrcat(pool, "| a | b | c |\n| :-- | :-: | --: |\n",
                    repeat("| some cell | *more* | [a link](/x) |\n", 20000,
                           &len), NULL);
    is_int(landing_md_render(pool, s, strlen(s), all, &md), APR_SUCCESS,
           "a table of 20,000 rows (700 KB) renders");
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

/* The text of the first text node at or under @p n, in document order. */
static cmark_node *first_text(cmark_node *n)
{
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    cmark_node *found = NULL;

    while (found == NULL && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *c = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(c)
                                           == CMARK_NODE_TEXT) {
            found = c;
        }
    }
    cmark_iter_free(it);
    return found;
}

/* While a document is entered, what cmark allocates for it (the
 * literals it copies out) goes to its arena; past the budget, to the
 * heap; after leaving it, to the heap. Freed either way (ASan checks). */
static void test_enter(void)
{
    /* Paragraph text, which cmark copies out when asked for; the first
     * longer than the small blocks the arena keeps for reuse. */
    const char *text = "A sentence long enough that no block of sixty-four "
                       "bytes holds it ";
    const char *s = apr_psprintf(pool, "# Title\n\n%s*two* three.\n\n"
                                 "Four *five*.\n\nSix *seven*.\n", text);
    cmark_node *doc, *para, *t;
    long before = landing_mdguard_heap_blocks();
    apr_size_t peak;

    if (!is_int(landing_mdguard_parse(s, strlen(s), 0, 0, &doc),
                APR_SUCCESS, "parsed")) {
        return;
    }
    para = cmark_node_next(cmark_node_first_child(doc));
    landing_mdguard_enter(doc);
    t = first_text(para);
    is_str(cmark_node_get_literal(t), text, "a literal while entered");
    t = first_text(cmark_node_next(para));
    is_str(cmark_node_get_literal(t), "Four ", "another");
    is_int(landing_mdguard_heap_blocks(), before,
           "entered: nothing taken from the heap");
    {
        /* Another document parsed meanwhile leaves this one entered. */
        cmark_node *other;
        if (is_int(landing_mdguard_parse("x *y*\n", 6, 0, 0, &other),
                   APR_SUCCESS, "another parsed while it is entered")) {
            landing_mdguard_free_doc(other);
        }
        t = first_text(cmark_node_next(cmark_node_next(para)));
        is_str(cmark_node_get_literal(t), "Six ", "a literal after that");
        is_int(landing_mdguard_heap_blocks(), before,
               "still entered: nothing taken from the heap");
    }
    landing_mdguard_leave(doc);
    t = first_text(cmark_node_last_child(doc));
    cmark_node_set_literal(t, "Six, set after leaving ");
    is_str(cmark_node_get_literal(t), "Six, set after leaving ",
           "a literal set after leaving");
    is_int(landing_mdguard_heap_blocks(), before + 1,
           "left: it came from the heap");
    landing_mdguard_free_doc(doc);
    is_int(landing_mdguard_heap_blocks(), before,
           "freeing the document gave it back");

    /* A budget with no room left after the parse. */
    landing_mdguard_parse_within(s, strlen(s), 0, 0, (apr_size_t)-1, &doc);
    landing_mdguard_free_doc(doc);
    peak = landing_mdguard_last_peak();
    if (!is_int(landing_mdguard_parse_within(s, strlen(s), 0, 0, peak, &doc),
                APR_SUCCESS, "parsed within exactly its peak")) {
        return;
    }
    landing_mdguard_enter(doc);
    t = first_text(cmark_node_next(cmark_node_first_child(doc)));
    is_str(cmark_node_get_literal(t), text, "a literal past the budget");
    is_int(landing_mdguard_heap_blocks(), before + 1,
           "past the budget: from the heap");
    landing_mdguard_free_doc(doc);
    is_int(landing_mdguard_heap_blocks(), before,
           "freeing the document (entered) gave it back");
}

/* A document has an allocator of its own while a slot is free, and the
 * thread-local one after that; both kinds give cmark's own HTML, keep
 * what is allocated while entered in their arenas, and give their slot
 * back. */
static void test_slots(void)
{
    const int opts = CMARK_OPT_UNSAFE;
    const int exts = LANDING_GFM_ALL & ~LANDING_GFM_TAGFILTER;
    const char *s = "# Title\n\nSome *text* with a [link](/x \"t\") and "
                    "~~gone~~.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n";
    char *plain = gfm_html(s, strlen(s), opts, exts);
    cmark_node *own, *shared, *t;
    long heap = landing_mdguard_heap_blocks();
    int taken = landing_memslot_taken();
    char *html;

    landing_memslot_limit(taken + 1);
    if (!is_int(landing_mdguard_parse(s, strlen(s), opts, exts, &own),
                APR_SUCCESS, "parsed with the last slot")) {
        free(plain);
        landing_memslot_limit(-1);
        return;
    }
    is_int(landing_memslot_taken(), taken + 1, "it holds a slot");
    if (!is_int(landing_mdguard_parse(s, strlen(s), opts, exts, &shared),
                APR_SUCCESS, "parsed with no slot left")) {
        landing_mdguard_free_doc(own);
        free(plain);
        landing_memslot_limit(-1);
        return;
    }
    is_int(landing_memslot_taken(), taken + 1, "which took none");

    /* Both entered: the literals cmark copies out go to the arenas. */
    landing_mdguard_enter(own);
    landing_mdguard_enter(shared);
    t = first_text(cmark_node_next(cmark_node_first_child(own)));
    is_str(cmark_node_get_literal(t), "Some ", "a literal of the first");
    t = first_text(cmark_node_next(cmark_node_first_child(shared)));
    is_str(cmark_node_get_literal(t), "Some ", "and of the second");
    is_int(landing_mdguard_heap_blocks(), heap,
           "both entered: nothing from the heap");
    landing_mdguard_leave(own);
    landing_mdguard_leave(shared);

    /* Not entered: cmark's HTML string is heap memory, freed as such. */
    html = cmark_render_html(own, opts, NULL);
    is_str(html, plain, "the first gives cmark's own HTML");
    is_int(landing_mdguard_heap_blocks(), heap + 1,
           "rendered after leaving: from the heap");
    landing_mdguard_free(html);
    html = cmark_render_html(shared, opts, NULL);
    is_str(html, plain, "so does the second");
    landing_mdguard_free(html);
    is_int(landing_mdguard_heap_blocks(), heap, "both strings given back");

    landing_mdguard_free_doc(shared);
    landing_mdguard_free_doc(own);
    is_int(landing_memslot_taken(), taken, "freed: the slot is given back");
    landing_memslot_limit(-1);
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
    test_extension_work();
    test_cve_shapes();
    test_give_up_anywhere();
    is_int(landing_memslot_taken(), 0,
           "every parse, given up or freed, gave its slot back");
    test_enter();
    test_slots();
    /* The same with every allocator slot taken: the thread-local. */
    diag("again, with no allocator slots");
    landing_memslot_limit(0);
    test_parse_bounds();
    test_give_up_anywhere();
    test_enter();
    landing_memslot_limit(-1);
    test_page_result();
    test_template_work();
    test_bracket_model();
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
