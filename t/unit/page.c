/*
 * Unit tests for src/page: the whole pipeline, with a small test layout
 * and the embedded default chrome. Run from the repository root: the seed
 * page is read from t/unit/data/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_hash.h>
#include <apr_strings.h>

#include "chrome.h"
#include "partials.h"
#include "markdown.h"
#include "page.h"
#include "tap.h"

#define DATA_DIR "t/unit/data/"

static apr_pool_t *pool;
static apr_hash_t *layouts;

static const char test_layout[] =
    "lang={{lang}}\n"
    "title={{title}}\n"
    "head_title={{head_title}}\n"
    "description={{#description}}{{.}}{{/description}}"
    "{{^description}}(none){{/description}}\n"
    "{{#meta}}meta={{attr}}|{{key}}|{{content}}\n{{/meta}}"
    "path={{path}}\n"
    "custom={{page.custom}}\n"
    "site={{site.name}}\n"
    "css={{{stylesheet}}}\n"
    "content={{{content}}}";

/* Set up the layouts: "Test" is test_layout, "Landing" the chrome. */
static void compile_layouts(void)
{
    landing_template_t *tpl;
    const char *err;

    layouts = apr_hash_make(pool);
    if (ok(landing_template_compile(pool, test_layout, strlen(test_layout),
                                    "test.html", &tpl, &err)
           == APR_SUCCESS, "test layout compiles")) {
        apr_hash_set(layouts, "Test", APR_HASH_KEY_STRING, tpl);
    }
    else {
        diag("%s", err);
    }
    if (ok(landing_template_compile_with(pool, landing_chrome_template,
                                         landing_chrome_template_len,
                                         "landing.html",
                                         landing_partials_builtin(), &tpl,
                                         &err)
           == APR_SUCCESS, "embedded chrome compiles")) {
        apr_hash_set(layouts, LANDING_DEFAULT_LAYOUT, APR_HASH_KEY_STRING,
                     tpl);
    }
    else {
        diag("%s", err);
    }
}

/* A configuration with @p site_name and @p site_lang (either NULL). */
static landing_page_conf_t conf_for(const char *site_name,
                                    const char *site_lang, int md_flags)
{
    landing_page_conf_t c;
    landing_value_t *site = landing_value_map(pool);

    memset(&c, 0, sizeof(c));
    if (site_name) {
        landing_value_set_cstr(pool, site, "name", site_name);
    }
    if (site_lang) {
        landing_value_set_cstr(pool, site, "lang", site_lang);
    }
    c.layouts = layouts;
    c.site = site;
    c.md_flags = md_flags;
    c.stylesheet = "body{}";
    c.stylesheet_len = 6;
    return c;
}

/* Render @p src; returns the page copied into the pool (NULL unless
 * rendered) and the result code in @p res. */
static const char *render(const landing_page_conf_t *c, const char *src,
                          landing_page_result_e *res, landing_page_t *out)
{
    const char *html = NULL;

    *res = landing_page_render(pool, c, src, strlen(src), "/docs/x.md",
                               out);
    if (out->html) {
        html = apr_pstrmemdup(pool, out->html, out->len);
        ok(strlen(html) == out->len, "page length is exact");
        landing_buf_release(out->html);
        out->html = NULL;
    }
    return html;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;

    while (hay && (hay = strstr(hay, needle)) != NULL) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

static void test_results(void)
{
    landing_page_conf_t c = conf_for(NULL, NULL, 0);
    landing_page_result_e res;
    landing_page_t out;
    const char *html;

    html = render(&c, "# Just Markdown\n", &res, &out);
    is_int(res, LANDING_PAGE_NO_FRONT_MATTER, "no front matter");
    ok(html == NULL, "no front matter: no page");

    render(&c, "---\ntitle: No layout\n---\n# x\n", &res, &out);
    is_int(res, LANDING_PAGE_NO_LAYOUT, "no layout key");
    ok(out.layout == NULL, "no layout: layout is NULL");

    render(&c, "---\nlayout: \"\"\n---\n", &res, &out);
    is_int(res, LANDING_PAGE_NO_LAYOUT, "empty layout");
    render(&c, "---\nlayout: [Test]\n---\n", &res, &out);
    is_int(res, LANDING_PAGE_NO_LAYOUT, "layout that is no string");

    html = render(&c, "---\nlayout: Post\n---\n# x\n", &res, &out);
    is_int(res, LANDING_PAGE_OTHER_LAYOUT, "unconfigured layout");
    is_str(out.layout, "Post", "other layout: its name is given");
    ok(html == NULL, "other layout: no page");

    render(&c, "---\nlayout: landing\n---\n", &res, &out);
    is_int(res, LANDING_PAGE_OTHER_LAYOUT, "layout names are case-sensitive");

    c.layouts = NULL;
    render(&c, "---\nlayout: Test\n---\n", &res, &out);
    is_int(res, LANDING_PAGE_OTHER_LAYOUT, "no layouts configured");
    c.layouts = layouts;

    html = render(&c, "---\nlayout: Test\ntitle: [oops\n---\nBody\n", &res,
                  &out);
    is_int(res, LANDING_PAGE_INVALID, "broken YAML");
    ok(html == NULL, "invalid: no page");
    ok(out.error != NULL && *out.error, "invalid: message");
    is_int(out.line, 4, "invalid: line of the problem");
    ok(out.column >= 1, "invalid: column");

    render(&c, "---\nlayout: Test\n\nBody, but no fence\n", &res, &out);
    is_int(res, LANDING_PAGE_INVALID, "unterminated front matter");
    has_str(out.error, "closing", "unterminated: message");

    html = render(&c, "---\nlayout: Test\n---\n# Hi\n", &res, &out);
    is_int(res, LANDING_PAGE_RENDERED, "rendered");
    is_str(out.layout, "Test", "rendered: layout name");
    ok(out.error == NULL, "rendered: no error");

    is_str(landing_page_result_name(LANDING_PAGE_RENDERED), "rendered",
           "result name: rendered");
    is_str(landing_page_result_name(LANDING_PAGE_NO_FRONT_MATTER),
           "no front matter", "result name: no front matter");
    is_str(landing_page_result_name(LANDING_PAGE_NO_LAYOUT), "no layout",
           "result name: no layout");
    is_str(landing_page_result_name(LANDING_PAGE_OTHER_LAYOUT),
           "other layout", "result name: other layout");
    is_str(landing_page_result_name(LANDING_PAGE_INVALID),
           "invalid front matter", "result name: invalid");
    is_str(landing_page_result_name(LANDING_PAGE_NOMEM), "out of memory",
           "result name: nomem");
}

static void test_data(void)
{
    landing_page_conf_t c = conf_for(NULL, NULL, 0);
    landing_page_conf_t cs = conf_for("Acme Docs", "fr", 0);
    landing_page_result_e res;
    landing_page_t out;
    const char *html;

    html = render(&c, "---\nlayout: Test\ntitle: From FM\n---\n"
                  "# From H1\n", &res, &out);
    has_str(html, "\ntitle=From FM\n", "title from front matter");
    has_str(html, "\nhead_title=From FM\n", "head_title without a site");
    has_str(html, "<h1>From H1</h1>", "the H1 stays in the content");

    html = render(&c, "---\nlayout: Test\n---\nintro\n\n# From `H1`\n",
                  &res, &out);
    has_str(html, "\ntitle=From H1\n", "title from the first H1");

    html = render(&c, "---\nlayout: Test\ntitle: \"\"\n---\n# From H1\n",
                  &res, &out);
    has_str(html, "\ntitle=From H1\n", "empty title falls back to the H1");

    html = render(&c, "---\nlayout: Test\n---\nNo heading.\n", &res, &out);
    has_str(html, "\ntitle=\n", "no title and no H1: empty title");
    has_str(html, "\nhead_title=\n", "no title, no site: empty head_title");

    html = render(&cs, "---\nlayout: Test\ntitle: T\n---\n", &res, &out);
    has_str(html, "\nhead_title=T | Acme Docs\n", "head_title with the site "
            "name");
    has_str(html, "\ntitle=T\n", "title alone has no site name");
    has_str(html, "\nsite=Acme Docs\n", "site values reach the template");

    html = render(&cs, "---\nlayout: Test\n---\n", &res, &out);
    has_str(html, "\nhead_title=Acme Docs\n", "no title: head_title is the "
            "site name");

    html = render(&cs, "---\nlayout: Test\nlang: de\n---\n", &res, &out);
    has_str(html, "lang=de\n", "lang from front matter");
    html = render(&cs, "---\nlayout: Test\n---\n", &res, &out);
    has_str(html, "lang=fr\n", "lang from the site");
    html = render(&c, "---\nlayout: Test\n---\n", &res, &out);
    ok(html && strncmp(html, "lang=en\n", 8) == 0, "lang defaults to en");
    html = render(&c, "---\nlayout: Test\nlang: \"\"\n---\n", &res, &out);
    ok(html && strncmp(html, "lang=en\n", 8) == 0, "empty lang: en");

    html = render(&c, "---\nlayout: Test\ndescription: Direct\n---\n", &res,
                  &out);
    has_str(html, "\ndescription=Direct\n", "description from front matter");

    html = render(&c, "---\nlayout: Test\n---\n", &res, &out);
    has_str(html, "\ndescription=(none)\n", "no description");

    html = render(&c, "---\nlayout: Test\nmeta:\n"
                  "  - name: description\n    content: From meta\n"
                  "  - name: keywords\n    content: a, b\n"
                  "  - property: og:type\n    content: article\n"
                  "  - name: incomplete\n"
                  "  - content: no name\n"
                  "---\n", &res, &out);
    has_str(html, "\ndescription=From meta\n", "description from meta");
    lacks_str(html, "meta=name|description", "meta description is not "
              "repeated");
    has_str(html, "\nmeta=name|keywords|a, b\n", "meta name entry");
    has_str(html, "\nmeta=property|og:type|article\n", "meta property "
            "entry");
    lacks_str(html, "incomplete", "meta entry without content skipped");
    lacks_str(html, "no name", "meta entry without name skipped");
    is_int(count(html, "meta="), 2, "two meta entries");

    html = render(&c, "---\nlayout: Test\ndescription: Direct\nmeta:\n"
                  "  - name: description\n    content: From meta\n"
                  "---\n", &res, &out);
    has_str(html, "\ndescription=Direct\n", "front matter description "
            "wins over meta");
    lacks_str(html, "From meta", "meta description then unused");

    html = render(&c, "---\nlayout: Test\nmeta: not a list\n---\n", &res,
                  &out);
    is_int(res, LANDING_PAGE_RENDERED, "meta that is no list is ignored");

    html = render(&c, "---\nlayout: Test\ncustom: <i>x</i>\n---\n", &res,
                  &out);
    has_str(html, "\ncustom=&lt;i&gt;x&lt;/i&gt;\n", "page.* from front "
            "matter, escaped");
    has_str(html, "\npath=/docs/x.md\n", "path");
    has_str(html, "\ncss=body{}\n", "stylesheet");
}

static void test_escaping(void)
{
    landing_page_conf_t c = conf_for("S&P <Docs>", NULL, LANDING_MD_RAW_HTML);
    landing_page_result_e res;
    landing_page_t out;
    const char *html;

    html = render(&c, "---\nlayout: Test\n"
                  "title: \"<script>alert('t')</script>\"\n"
                  "description: 'a \"quoted\" & <b>'\n"
                  "meta:\n  - name: x\"y\n    content: \"<c>\"\n"
                  "---\n{{title}} {{{content}}}\n", &res, &out);
    is_int(res, LANDING_PAGE_RENDERED, "escaping page renders");
    lacks_str(html, "<script>", "no raw <script> from front matter");
    has_str(html, "title=&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;\n",
            "title escaped");
    has_str(html, "head_title=&lt;script&gt;alert(&#39;t&#39;)&lt;/script"
            "&gt; | S&amp;P &lt;Docs&gt;\n", "head_title escaped");
    has_str(html, "description=a &quot;quoted&quot; &amp; &lt;b&gt;\n",
            "description escaped");
    has_str(html, "meta=name|x&quot;y|&lt;c&gt;\n", "meta escaped");
    has_str(html, "<p>{{title}} {{{content}}}</p>", "template syntax in "
            "the body stays literal");

    html = render(&c, "---\nlayout: Test\n---\n# <em>x</em> & y\n", &res,
                  &out);
    has_str(html, "title=x &amp; y\n", "title from H1 is plain text, "
            "escaped");

    html = render(&c, "---\nlayout: Landing\n"
                  "title: \"<script>x</script>\"\n---\nbody\n", &res, &out);
    lacks_str(html, "<script>", "chrome: no raw <script>");
    has_str(html, "<title>&lt;script&gt;x&lt;/script&gt; | S&amp;P "
            "&lt;Docs&gt;</title>", "chrome: title escaped");
}

static void test_chrome_head(void)
{
    landing_page_conf_t c = conf_for(NULL, NULL, 0);
    landing_page_result_e res;
    landing_page_t out;
    const char *html;

    html = render(&c, "---\nlayout: Landing\nlang: de\nmeta:\n"
                  "  - name: description\n    content: \"Say \\\"hi\\\"\"\n"
                  "  - name: keywords\n    content: a, b\n"
                  "  - property: og:type\n    content: article\n"
                  "---\n# Hallo\n", &res, &out);
    is_int(res, LANDING_PAGE_RENDERED, "chrome head page renders");
    has_str(html, "<html lang=\"de\">", "chrome: lang");
    has_str(html, "<title>Hallo</title>", "chrome: title from the H1");
    has_str(html, "<meta name=\"description\" content=\"Say &quot;hi&quot;"
            "\">", "chrome: description meta, escaped");
    has_str(html, "<meta name=\"keywords\" content=\"a, b\">",
            "chrome: name meta");
    has_str(html, "<meta property=\"og:type\" content=\"article\">",
            "chrome: property meta");
    is_int(count(html, "name=\"description\""), 1, "chrome: one "
           "description");
    has_str(html, "site-header__name\">Documentation<", "chrome: default "
            "site name");
}

/* A front end's look-up where only "/guide/" serves something, with an
 * index page titled "The guide"; or, with @p baton set, "/" too, titled
 * "Acme Docs". */
static int dirs_asked;

static int lookup(void *baton, apr_pool_t *p, const char *dir,
                  const char **title)
{
    (void)p;
    dirs_asked++;
    *title = NULL;
    if (strcmp(dir, "/guide/") == 0) {
        *title = "The guide";
        return 1;
    }
    if (baton && strcmp(dir, "/") == 0) {
        *title = "Acme Docs";
        return 1;
    }
    return 0;
}

/* The chrome's navigation aids: the brand, Home, prev and next, and
 * "last updated". */
static void test_chrome_aids(void)
{
    landing_page_conf_t c = conf_for(NULL, NULL, 0);
    landing_page_t out;
    const char *html;
    static const char src[] = "---\nlayout: Landing\nlang: fr\n"
                              "lastUpdated: 2024-12-25\nnext: /b.md\n"
                              "---\n# Page\n";

    c.dir_lookup = lookup;
    dirs_asked = 0;
    html = landing_page_render(pool, &c, src, sizeof(src) - 1,
                               "/guide/sub/page.md", &out)
           == LANDING_PAGE_RENDERED
           ? apr_pstrmemdup(pool, out.html, out.len) : "";
    landing_buf_release(out.html);
    has_str(html, "<span class=\"site-header__brand\">", "the root serves "
            "nothing: the brand is no link");
    has_str(html, "site-header__name\">Documentation<", "nor has a title");
    has_str(html, "<li class=\"breadcrumbs__item\"><span>Home</span></li>",
            "Home is no link");
    has_str(html, "<a href=\"/guide/\">The guide</a>",
            "a served directory: linked, titled by its index page");
    has_str(html, "<span>Sub</span>", "another: its name, as text");
    is_int(dirs_asked, 3, "each directory asked once (/ for three uses)");
    has_str(html, "href=\"/b.md\" rel=\"next\"><span class=\"page-nav__label"
            "\">Next</span> <span class=\"page-nav__title\">B</span></a>",
            "next from front matter, without a nav");
    lacks_str(html, "rel=\"prev\"", "no prev");
    lacks_str(html, "<p class=\"last-updated\">", "last updated: not shown "
              "without LandingSet lastUpdated on");
    has_str(html, "<a href=\"#top\">Back to top</a>", "the default footer "
            "is not the site's name again");

    landing_value_set_cstr(pool, (landing_value_t *)c.site, "lastUpdated",
                           "On");
    c.source_mtime = apr_time_from_sec(1700000000);
    html = landing_page_render(pool, &c, src, sizeof(src) - 1,
                               "/guide/sub/page.md", &out)
           == LANDING_PAGE_RENDERED
           ? apr_pstrmemdup(pool, out.html, out.len) : "";
    landing_buf_release(out.html);
    has_str(html, "<time datetime=\"2024-12-25\">25 d\xc3\xa9" "cembre "
            "2024</time>", "last updated: front matter's date, in French");

    c.dir_baton = "root";
    html = landing_page_render(pool, &c, "---\nlayout: Landing\n---\nx\n",
                               26, "/guide/sub/page.md", &out)
           == LANDING_PAGE_RENDERED
           ? apr_pstrmemdup(pool, out.html, out.len) : "";
    landing_buf_release(out.html);
    has_str(html, "<a class=\"site-header__brand\" href=\"/\">",
            "the root serves: the brand links to it");
    has_str(html, "site-header__name\">Acme Docs<",
            "titled as the root's index page");
    has_str(html, "<time datetime=\"2023-11-14\">November 14, 2023</time>",
            "last updated: the source's time");
}

/* Read @p name from the test data folder into the pool. */
static const char *read_data(const char *name, apr_size_t *len)
{
    const char *path = apr_pstrcat(pool, DATA_DIR, name, NULL);
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (f == NULL) {
        diag("cannot open %s (run the tests from the repository root)",
             path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = apr_palloc(pool, n + 1);
    if (n < 0 || fread(buf, 1, n, f) != (size_t)n) {
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void test_seed_page(void)
{
    landing_page_conf_t c = conf_for(NULL, NULL, LANDING_MD_RAW_HTML);
    landing_page_result_e res;
    landing_page_t out;
    const char *src, *html, *fig, *fig_end, *main_at;
    apr_size_t len;

    src = read_data("reference-architectures.md", &len);
    if (!ok(src != NULL, "seed page read")) {
        return;
    }
    c.stylesheet = landing_chrome_stylesheet;
    c.stylesheet_len = landing_chrome_stylesheet_len;

    html = render(&c, src, &res, &out);
    if (!is_int(res, LANDING_PAGE_RENDERED, "seed page renders")) {
        return;
    }
    is_str(out.layout, "Landing", "seed page: layout");
    ok(strncmp(html, "<!doctype html>", 15) == 0, "<!doctype html> first");
    has_str(html, "<html lang=\"en\">", "lang attribute");
    has_str(html, "<title>Reference Architectures</title>", "title element");
    has_str(html, "<h1>Reference Architectures</h1>", "the H1");
    main_at = strstr(html, "<main");
    ok(main_at != NULL, "a <main> element");
    is_int(count(html, "<main"), 1, "one <main>");
    /* Count in <main> only: the stylesheet mentions the cards too. */
    is_int(count(main_at, "<figure class=\"main-card"), 2,
           "both main-card figures");
    is_int(count(main_at, "</figure>"), 2, "both figures closed");
    ok(main_at && strstr(main_at, "<figure class=\"main-card") != NULL
       && strstr(html, "</main>") > strstr(main_at, "</figure>"),
       "figures are inside <main>");
    lacks_str(html, "raw HTML omitted", "nothing omitted");
    has_str(html, landing_chrome_stylesheet, "stylesheet embedded");

    /* Each figure arrives byte for byte as written. */
    fig = strstr(src, "<figure");
    while (fig) {
        fig_end = strstr(fig, "</figure>");
        if (!ok(fig_end != NULL, "figure in the source ends")) {
            break;
        }
        fig_end += strlen("</figure>");
        has_str(html, apr_pstrmemdup(pool, fig, fig_end - fig),
                "figure at source byte %d is intact", (int)(fig - src));
        fig = strstr(fig_end, "<figure");
    }

    c.md_flags = 0;
    html = render(&c, src, &res, &out);
    is_int(res, LANDING_PAGE_RENDERED, "seed page renders in safe mode");
    lacks_str(strstr(html, "<main"), "<figure", "safe mode: no figures");
    has_str(html, "raw HTML omitted", "safe mode: cmark's comment");
    has_str(html, "<title>Reference Architectures</title>", "safe mode: "
            "title");

    c = conf_for("Okta Developer", "en-US", LANDING_MD_RAW_HTML);
    html = render(&c, src, &res, &out);
    has_str(html, "<title>Reference Architectures | Okta Developer</title>",
            "with a site name: title element");
    has_str(html, "<html lang=\"en-US\">", "with a site lang");
    has_str(html, "site-header__name\">Okta Developer<", "site name in the "
            "header");
}

/*
 * A layout that loops over page data three levels deep, and front matter
 * whose aliases make each level 30 wide: 27,000 expansions of a 1 KB
 * item would be 27 MB. The page stops at its bound instead of growing.
 */
static void test_growth_bound(void)
{
    static const char loop[] =
        "{{#page.c}}{{#.}}{{#.}}{{page.pad}}{{/.}}{{/.}}{{/page.c}}";
    landing_template_t *tpl;
    const char *err;
    landing_page_conf_t c = conf_for(NULL, NULL, 0);
    landing_page_t out;
    landing_page_result_e res;
    char *src, *pad;
    const char *thirty_a = "[*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,"
                           "*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]";
    const char *thirty_b = "[*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,"
                           "*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]";

    if (landing_template_compile(pool, loop, strlen(loop), "loop.html",
                                 &tpl, &err) != APR_SUCCESS) {
        ok(0, "loop layout compiles: %s", err);
        return;
    }
    c.layouts = apr_hash_make(pool);
    apr_hash_set(c.layouts, "Loop", APR_HASH_KEY_STRING, tpl);
    pad = apr_palloc(pool, 1025);
    memset(pad, 'x', 1024);
    pad[1024] = '\0';
    /* c: 30 lists b; b: 30 lists a; a: 30 numbers. */
    src = apr_psprintf(pool, "---\nlayout: Loop\npad: %s\n"
                       "a: &a [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,"
                       "19,20,21,22,23,24,25,26,27,28,29,30]\n"
                       "b: &b %s\nc: %s\n---\nbody\n",
                       pad, thirty_a, thirty_b);
    res = landing_page_render(pool, &c, src, strlen(src), "/x.md", &out);
    is_int(res, LANDING_PAGE_TOO_BIG, "a page past its growth bound stops");
    ok(out.html == NULL, "and hands back no page");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    compile_layouts();
    test_results();
    test_data();
    test_escaping();
    test_chrome_head();
    test_chrome_aids();
    test_seed_page();
    test_growth_bound();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
