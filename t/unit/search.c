/*
 * Unit tests for the search index and its queries (src/search_text,
 * src/search_index, src/search, src/search_page): text taken from a
 * page's HTML, sections at headings, an index built, updated when a file
 * changes and when one goes, ranking, snippets, hostile words.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_strings.h>

#include "markdown.h"
#include "pageconf.h"
#include "search.h"
#include "search_index.h"
#include "search_page.h"
#include "search_rank.h"
#include "search_text.h"
#include "tap.h"

static apr_pool_t *pool;
static char dir[256];
static landing_page_conf_t pc;

static const landing_text_section_t *sec(apr_array_header_t *a, int i)
{
    return i < a->nelts ? &APR_ARRAY_IDX(a, i, landing_text_section_t)
                        : NULL;
}

static void write_page(const char *rel, const char *text)
{
    const char *path = apr_pstrcat(pool, dir, "/", rel, NULL);
    FILE *f;
    char *d = apr_pstrdup(pool, path);
    *strrchr(d, '/') = '\0';
    apr_dir_make_recursive(d, APR_OS_DEFAULT, pool);
    f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static landing_index_stats_t build(const char *db)
{
    landing_index_conf_t ic;
    landing_index_root_t root = { dir, "/docs/" };
    landing_index_stats_t st;
    const char *err = NULL;

    memset(&ic, 0, sizeof(ic));
    ic.pc = &pc;
    ic.settings = "test";
    ic.max_size = 1024 * 1024;
    if (landing_index_update(pool, &ic, &root, 1, db, &st, &err)
        != APR_SUCCESS) {
        diag("index: %s", err);
        st.pages = -1;
    }
    return st;
}

static landing_search_found_t find(const char *db, const char *q, int page)
{
    landing_search_db_t *s;
    landing_search_found_t f;
    const char *err = NULL;

    memset(&f, 0, sizeof(f));
    f.total = -1;
    if (landing_search_open(pool, db, &s, &err) != APR_SUCCESS) {
        diag("open: %s", err);
        return f;
    }
    if (landing_search_find(pool, s, landing_search_terms(
                                pool, landing_search_clean(pool, q,
                                                           strlen(q))),
                            (page - 1) * LANDING_SEARCH_PER_PAGE,
                            LANDING_SEARCH_PER_PAGE, &f, &err)
        != APR_SUCCESS) {
        diag("find: %s", err);
        f.total = -1;
    }
    landing_search_close(s);
    return f;
}

static const landing_search_hit_t *hit(landing_search_found_t *f, int i)
{
    return f->hits && i < f->hits->nelts
        ? &APR_ARRAY_IDX(f->hits, i, landing_search_hit_t) : NULL;
}

/* The result whose URL starts with @p url. */
static const landing_search_hit_t *hit_for(landing_search_found_t *f,
                                           const char *url)
{
    int i;

    for (i = 0; f->hits && i < f->hits->nelts; i++) {
        const landing_search_hit_t *h = hit(f, i);
        if (strncmp(h->url, url, strlen(url)) == 0) {
            return h;
        }
    }
    return NULL;
}

static void test_text(void)
{
    const char *html =
        "<h1>Title &amp; more</h1>\n<p>Intro <em>text</em>&nbsp;here"
        " &#x263A; &#0; x&lt;y</p>\n"
        "<pre><code>noise_in_code()</code></pre>\n"
        "<script>alert(1)</script><!-- hidden comment -->"
        "<h2 id=\"first-part\">First <code>part</code><a class=\"header-"
        "anchor\" href=\"#first-part\" aria-hidden=\"true\">#</a></h2>\n"
        "<p>Body one\x02\x03.</p><ul><li>item</li><li>two</li></ul>\n"
        "<h3>No id</h3><p>Deeper</p><svg><text>svgtext</text></svg>";
    apr_array_header_t *s = landing_text_sections(pool, html, strlen(html));

    is_int(s->nelts, 3, "three sections: intro and two headings");
    is_str(sec(s, 0)->heading, "", "the intro has no heading");
    is_str(sec(s, 0)->text, "Title & more Intro text here \xE2\x98\xBA x<y",
           "intro: tags gone, references decoded, code block, script and "
           "comment left out, NUL reference a space");
    is_str(sec(s, 1)->heading, "First part", "heading text, without the "
           "permalink's #");
    is_str(sec(s, 1)->anchor, "first-part", "the heading's id");
    is_str(sec(s, 1)->text, "Body one . item two",
           "control characters dropped, blocks separate words");
    is_str(sec(s, 2)->anchor, "", "a heading without an id");
    is_str(sec(s, 2)->text, "Deeper", "SVG text left out");
}

static void test_terms(void)
{
    apr_array_header_t *t;
    const char *q;

    t = landing_search_terms(pool, "  NEAR(foo bar) \"x* OR y:z");
    is_str(landing_search_match(pool, t),
           "\"NEAR\" \"foo\" \"bar\" \"x\" \"OR\" \"y\" \"z\"",
           "FTS5 syntax becomes quoted words");
    q = landing_search_clean(pool, "a\0b\xff\xfe c", 8);
    is_str(q, "a b\xEF\xBF\xBD\xEF\xBF\xBD c",
           "NUL a space, invalid UTF-8 U+FFFD");
    t = landing_search_terms(pool, q);
    is_int(t->nelts, 3, "... and separators between words");
    t = landing_search_terms(pool, "a b c d e f g h i j k");
    is_int(t->nelts, LANDING_SEARCH_MAX_TERMS, "words are bounded");
    q = landing_search_clean(pool, apr_psprintf(pool, "%0*d", 1000, 7),
                             1000);
    is_int((long)strlen(q), LANDING_SEARCH_MAX_QUERY, "the query is bounded");
    t = landing_search_terms(pool, q);
    is_int((long)strlen(APR_ARRAY_IDX(t, 0, const char *)),
           LANDING_SEARCH_MAX_TERM, "a word is bounded");
    ok(landing_search_match(pool, landing_search_terms(pool, "\"*()")) == NULL,
       "no words, no query");
    t = landing_search_terms(pool, "Übersicht café");
    is_str(APR_ARRAY_IDX(t, 0, const char *), "Übersicht",
           "letters beyond ASCII are word characters");
}

static void test_index(void)
{
    const char *db = apr_pstrcat(pool, dir, "/../search-test.db", NULL);
    landing_index_stats_t st;
    landing_search_found_t f;
    landing_search_view_t v;
    landing_buf_t b;
    char *html;
    apr_size_t len;
    int i;

    write_page("index.md", "---\nlayout: Landing\ntitle: Home page\n"
               "description: Welcome to the gadget docs\n---\n"
               "Read about gadgets.\n");
    write_page("guide/install.md", "---\nlayout: Landing\ntitle: Install"
               "ation\n---\nHow to set up.\n\n## Requirements\n\nA "
               "frobnicator and gadgets.\n\n```\nnoise_in_code\n```\n");
    write_page("hostile.md", "---\nlayout: Landing\ntitle: \"<b>Bold"
               "</b>\"\n---\nWatch <script>alert('frobnicator')</script> "
               "&lt;script&gt;frobnicator&lt;/script&gt;\n");
    write_page("plain.md", "no front matter, frobnicator\n");
    write_page(".hidden/secret.md", "---\nlayout: Landing\n---\n"
               "frobnicator\n");
    for (i = 0; i < 25; i++) {
        write_page(apr_psprintf(pool, "many/p%02d.md", i),
                   apr_psprintf(pool, "---\nlayout: Landing\ntitle: Page "
                                "%d\n---\nwidget number %d\n", i, i));
    }
    unlink(db);
    st = build(db);
    is_int(st.pages, 28, "every Landing page is indexed, not plain "
           "Markdown or dot-directories");
    is_int(st.written, 1, "a new index was written");

    f = find(db, "installation", 1);
    is_int(f.total, 1, "a title finds its page");
    is_str(hit(&f, 0) ? hit(&f, 0)->url : NULL, "/docs/guide/install.md",
           "... at its URL under the root's");
    f = find(db, "frobnicator", 1);
    is_int(f.total, 2, "one result per page");
    {
        const landing_search_hit_t *in = hit_for(&f, "/docs/guide/install");
        const landing_search_hit_t *ho = hit_for(&f, "/docs/hostile");
        is_str(in ? in->url : NULL, "/docs/guide/install.md#requirements",
               "a match in a section links to its heading");
        is_str(in ? in->heading : NULL, "Requirements", "... and names it");
        has_str(in ? in->snippet : NULL, "<mark>frobnicator</mark>",
                "the snippet marks the word");
        lacks_str(ho ? ho->snippet : NULL, "<script",
                  "a page's text is escaped in its snippet");
        is_str(ho ? ho->title : NULL, "<b>Bold</b>",
               "the title is kept as text");
    }
    f = find(db, "frobnicator requirements", 1);
    is_str(hit(&f, 0) ? hit(&f, 0)->url : NULL,
           "/docs/guide/install.md#requirements",
           "words in a page's heading and text: the page, at that heading");
    f = find(db, "gadgets frobnicator", 1);
    is_int(f.total, 1, "words spread over a page's sections find it");
    f = find(db, "frobnicator", 1);
    memset(&v, 0, sizeof(v));
    v.action = "/search";
    v.query = "frobnicator";
    v.terms = landing_search_terms(pool, v.query);
    v.found = &f;
    v.page = 1;
    landing_buf_init(&b, 1024);
    landing_search_page(pool, &v, &b);
    html = landing_buf_detach(&b, &len);
    has_str(html, "&lt;b&gt;Bold&lt;/b&gt;", "... and escaped on the page");
    lacks_str(html, "<script", "no script from a page's text");
    free(html);
    f = find(db, "noise_in_code", 1);
    is_int(f.total, 0, "code blocks are not indexed");
    f = find(db, "gadgets welcome", 1);
    is_str(hit(&f, 0) ? hit(&f, 0)->url : NULL, "/docs/",
           "index.md is its directory; the description is searched");

    f = find(db, "widget", 1);
    is_int(f.total, 25, "25 pages match");
    is_int(f.hits->nelts, 10, "ten on the first page");
    f = find(db, "widget", 3);
    is_int(f.hits->nelts, 5, "five on the third");

    /* The page body: escaped, marked, paged. */
    f = find(db, "widget", 2);
    memset(&v, 0, sizeof(v));
    v.action = "/search";
    v.query = "widget \"<x>";
    v.terms = landing_search_terms(pool, v.query);
    v.found = &f;
    v.page = 2;
    landing_buf_init(&b, 1024);
    landing_search_page(pool, &v, &b);
    html = landing_buf_detach(&b, &len);
    has_str(html, "value=\"widget &quot;&lt;x&gt;\"", "the query is escaped "
            "in the form");
    has_str(html, "rel=\"prev\" href=\"/search?q=widget+%22%3Cx%3E&amp;"
            "page=1\"", "a link to the previous page");
    has_str(html, "rel=\"next\"", "and to the next");
    has_str(html, "start=\"11\"", "numbered from 11");
    free(html);

    /* Incremental: one page changes, one goes; the rest are not read. */
    sleep(1);
    write_page("guide/install.md", "---\nlayout: Landing\ntitle: Install"
               "ation\n---\nNow with sprockets.\n");
    unlink(apr_pstrcat(pool, dir, "/hostile.md", NULL));
    st = build(db);
    is_int(st.indexed, 1, "only the changed file is read again");
    is_int(st.removed, 1, "the file that went is removed");
    is_int(st.pages, 27, "27 pages now");
    is_int(find(db, "frobnicator", 1).total, 0, "old text is gone");
    is_int(find(db, "sprockets", 1).total, 1, "new text is found");
    st = build(db);
    is_int(st.written, 0, "nothing changed, nothing written");

    /* A broken index is rebuilt, not trusted. */
    {
        FILE *fp = fopen(db, "w");
        fputs("not a database at all", fp);
        fclose(fp);
    }
    ok(find(db, "widget", 1).total == -1, "a corrupt file is an error "
       "for a reader");
    st = build(db);
    is_int(st.pages, 27, "and is built again from scratch");
    unlink(db);
}

/*
 * landing_bm25() (search_rank.c) is FTS5's bm25() with the index's
 * weights, for less: the same score for every row of several queries.
 */
static void same_as_bm25(const char *path)
{
    static const char *const queries[] = {
        "\"sprocket\"", "\"filler\"", "\"sprocket\" \"filler\"",
        "\"item\" \"7\"", "\"widget\""
    };
    sqlite3 *db = NULL;
    landing_search_rank_t *rank = NULL;
    const char *err = "";
    int q, rows = 0, same = 0;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
        || landing_search_rank_attach(db, &rank, &err) != SQLITE_OK) {
        diag("attach: %s", err);
    }
    ok(landing_search_rank_pages(rank) >= 30, "every page's length is held");
    for (q = 0; rank && q < (int)(sizeof(queries) / sizeof(*queries)); q++) {
        sqlite3_stmt *st = NULL;
        double k = 0;
        sqlite3_prepare_v2(db, "SELECT rank, landing_bm25(landing_rank) "
                           "FROM landing_rank WHERE landing_rank MATCH ?1",
                           -1, &st, NULL);
        /* One word: bm25() is the score times the word's rarity, the
         * same for every row (taken from the first). */
        sqlite3_bind_text(st, 1, queries[q], -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW) {
            double a = sqlite3_column_double(st, 0);
            double b = sqlite3_column_double(st, 1);
            if (k == 0) {
                k = strchr(queries[q] + 1, ' ') == NULL && b != 0 ? a / b
                                                                   : 1;
            }
            rows++;
            same += fabs(a - k * b) <= 1e-9 * (fabs(a) + 1e-9);
        }
        sqlite3_finalize(st);
    }
    ok(rows > 60, "%d rows ranked", rows);
    is_int(same, rows, "landing_bm25() scores every row as bm25() does "
           "(one word: times its rarity)");
    sqlite3_close(db);
    landing_search_rank_free(rank);
}

/*
 * Ranking, a page of results at a time: page k of 30 has "sprocket" k
 * times in a body of the same length, so BM25 puts them in the order
 * 30, 29, ... 1; the three pages of results, read one after the other,
 * must be that order, each page once.
 */
static void test_order(void)
{
    const char *db = apr_pstrcat(pool, dir, "/../search-order.db", NULL);
    char *order = "", *want = "";
    int i, k;

    for (i = 1; i <= 30; i++) {
        char *body = "";
        for (k = 0; k < 40; k++) {
            body = apr_pstrcat(pool, body, k < i ? "sprocket " : "filler ",
                               NULL);
        }
        write_page(apr_psprintf(pool, "order/s%02d.md", i),
                   apr_psprintf(pool, "---\nlayout: Landing\ntitle: Item "
                                "%d\n---\n%s\n", i, body));
        want = apr_psprintf(pool, "%s s%02d", want, 31 - i);
    }
    unlink(db);
    build(db);
    for (i = 1; i <= 3; i++) {
        landing_search_found_t f = find(db, "sprocket", i);
        is_int(f.total, 30, apr_psprintf(pool, "page %d of the results "
                                         "counts all 30 matches", i));
        for (k = 0; f.hits && k < f.hits->nelts; k++) {
            const char *u = strstr(hit(&f, k)->url, "/order/s");
            order = apr_psprintf(pool, "%s %.3s", order, u ? u + 7 : "?");
        }
    }
    is_str(order, want, "three pages of results, best first, each page "
           "once");
    is_int(find(db, "sprocket", 4).hits->nelts, 0, "a fourth page is empty");
    same_as_bm25(db);
    unlink(db);
}

int main(void)
{
    landing_template_t *builtin;
    const char *err;

    apr_initialize();
    apr_pool_create(&pool, NULL);
    landing_gfm_init();
    snprintf(dir, sizeof(dir), "%s/landing-search-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(dir) == NULL) {
        return 1;
    }
    strcat(dir, "/docs");
    landing_pageconf_builtin(pool, &builtin, &err);
    landing_pageconf_make(pool, &pc, NULL, builtin, NULL, 1);

    test_text();
    test_terms();
    test_index();
    test_order();
    {
        char cmd[600];
        snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strlen(dir) - 5),
                 dir);
        if (system(cmd) != 0) {
            diag("could not remove %s", dir);
        }
    }
    return done_testing();
}
