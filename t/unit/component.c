/*
 * Unit tests for src/component: attributes (quoting, entities, kebab-case
 * and camelCase, boolean and bound attributes), nesting, slots with
 * Markdown (through the whole page), unknown components and their lines,
 * [[toc]], safe mode, and the bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_hash.h>
#include <apr_strings.h>

#include "chrome.h"
#include "component.h"
#include "markdown.h"
#include "page.h"
#include "pageconf.h"
#include "tap.h"
#include "toc.h"

static apr_pool_t *pool;
static apr_hash_t *templates;

/* Add a component @p name with template @p src to the test set. */
static void define(const char *name, const char *src)
{
    landing_template_t *tpl;
    const char *err;

    if (!ok(landing_template_compile(pool, src, strlen(src), name, &tpl,
                                     &err) == APR_SUCCESS,
            "template %s compiles", name)) {
        diag("%s", err);
        return;
    }
    apr_hash_set(templates, name, APR_HASH_KEY_STRING, tpl);
}

static apr_array_header_t *problems;
static apr_status_t last_rv;

/* Expand @p html with the test components; the result, from the pool. */
static const char *expand_with(const landing_component_conf_t *c,
                               const char *html)
{
    const char *out;
    apr_size_t len;

    problems = apr_array_make(pool, 4, sizeof(landing_component_problem_t));
    last_rv = landing_component_expand(pool, c, html, strlen(html), &out,
                                       &len, problems);
    if (last_rv != APR_SUCCESS) {
        return NULL;
    }
    if (out != html) {
        const char *copy = apr_pstrmemdup(pool, out, len);
        landing_buf_release((char *)out);
        return copy;
    }
    return out;
}

static landing_component_conf_t base_conf(void)
{
    landing_component_conf_t c;

    memset(&c, 0, sizeof(c));
    c.templates = templates;
    c.raw_html = 1;
    c.path = "/p.md";
    c.max_growth = 16 * 1024 * 1024;
    return c;
}

static const char *expand(const char *html)
{
    landing_component_conf_t c = base_conf();
    return expand_with(&c, html);
}

static const landing_component_problem_t *problem_n(int i)
{
    return i < problems->nelts
        ? &APR_ARRAY_IDX(problems, i, landing_component_problem_t) : NULL;
}

static void test_nothing_to_do(void)
{
    const char *html = "<p>Plain <em>text</em> &lt;Card&gt; and "
                       "<code>&lt;Badge/&gt;</code></p>\n";
    const char *out;
    apr_size_t len;
    landing_component_conf_t c = base_conf();

    ok(landing_component_expand(pool, &c, html, strlen(html), &out, &len,
                                NULL) == APR_SUCCESS
       && out == html && len == strlen(html),
       "a page without components comes back as it was, not copied");
    c.raw_html = 0;
    html = "<p>x</p>\n<!-- raw HTML omitted -->\n";
    ok(landing_component_expand(pool, &c, html, strlen(html), &out, &len,
                                NULL) == APR_SUCCESS && out == html,
       "safe mode: nothing to do");
}

static void test_attributes(void)
{
    const char *out;

    define("Show", "[{{a}}|{{b}}|{{c}}|{{cardTitle}}|{{card-title}}"
                   "|{{flag}}|{{#flag}}T{{/flag}}]");
    out = expand("<Show a=\"double\" b='single' c=bare />");
    is_str(out, "[double|single|bare||||]", "quoting styles");
    out = expand("<Show a=\"x &amp; y &lt;z&gt;\" b=\"&#39;q&#x27;\" "
                 "c=\"&rarr;&bogus;&#0;\"/>");
    is_str(out, "[x &amp; y &lt;z&gt;|&#39;q&#39;|\xe2\x86\x92&amp;bogus;"
                "\xef\xbf\xbd||||]",
           "entities decoded, then escaped again by the template");
    out = expand("<Show card-title=\"Kebab\"/>");
    is_str(out, "[|||Kebab|Kebab||]", "kebab-case: as written and camelCase");
    out = expand("<Show cardTitle=\"Camel\"/>");
    is_str(out, "[|||Camel|||]", "camelCase as written");
    out = expand("<Show flag/>");
    is_str(out, "[|||||true|T]", "an attribute without a value is true");
    out = expand("<Show a=\"a > b\" b='\"'/>");
    is_str(out, "[a &gt; b|&quot;|||||]", "'>' and quotes inside values");
    out = expand("<Show\n  a=\"multi\"\n  b=line\n/>");
    is_str(out, "[multi|line|||||]", "attributes over several lines");

    out = expand("<Show :flag=\"true\" :a=\"3\" :b=\"'quoted'\" "
                 ":c=\"`tick`\"/>");
    is_str(out, "[3|quoted|tick|||true|T]", "bound literals");
    is_int(problems->nelts, 0, "bound literals: no problems");
    out = expand("<Show :flag=\"false\" v-bind:a=\"-1.5e3\"/>");
    is_str(out, "[-1.5e3|||||false|]", "false is false; v-bind: is bound");
    out = expand("<Show :a=\"link\" b=\"kept\"/>");
    is_str(out, "[|kept|||||]", "a bound expression is dropped");
    if (ok(problems->nelts == 1, "and reported")) {
        is_int(problem_n(0)->kind, LANDING_COMPONENT_EXPRESSION, "kind");
        has_str(problem_n(0)->message, "':a=\"link\"'", "message: %s",
                problem_n(0)->message);
    }
    out = expand("<Show v-if=\"ok\" @click=\"go\" #default a=\"x\" "
                 ":b=\"`${x}`\" :c=\"'a' + b\"/>");
    is_str(out, "[x||||||]", "directives and expressions dropped");
    is_int(problems->nelts, 5, "each reported");

    define("Ctx", "{{page.title}}|{{site.name}}|{{path}}");
    {
        landing_component_conf_t c = base_conf();
        landing_value_t *page = landing_value_map(pool);
        landing_value_t *site = landing_value_map(pool);
        landing_value_set_cstr(pool, page, "title", "T<");
        landing_value_set_cstr(pool, site, "name", "S");
        c.page = page;
        c.site = site;
        is_str(expand_with(&c, "<Ctx/>"), "T&lt;|S|/p.md",
               "page, site and path");
    }
}

static void test_nesting(void)
{
    const char *out;

    define("Box", "<div class=\"box\">{{{slot}}}</div>");
    define("Item", "<i>{{name}}:{{{slot}}}</i>");
    out = expand("<Box>\n<Item name=\"a\">one</Item>\n<Item name=\"b\"/>"
                 "\n</Box>");
    is_str(out, "<div class=\"box\">\n<i>a:one</i>\n<i>b:</i>\n</div>",
           "components nest");
    out = expand("<Box><Box><Box>deep</Box></Box></Box>");
    is_str(out, "<div class=\"box\"><div class=\"box\"><div class=\"box\">"
                "deep</div></div></div>", "the same component nests");
    out = expand("<p>a <Item name=\"x\">b</Item> c</p>");
    is_str(out, "<p>a <i>x:b</i> c</p>", "inline, in running text");

    /* Unclosed: the slot runs to its parent's end. */
    out = expand("<Box><Item name=\"u\">open</Box>after");
    is_str(out, "<div class=\"box\"><i>u:open</i></div>after",
           "an unclosed tag ends with its parent");
    ok(problems->nelts == 1
       && problem_n(0)->kind == LANDING_COMPONENT_UNCLOSED, "reported");
    out = expand("<Box>to the end");
    is_str(out, "<div class=\"box\">to the end</div>",
           "an unclosed tag at the top ends with the page");
    ok(problems->nelts == 1
       && problem_n(0)->kind == LANDING_COMPONENT_UNCLOSED, "reported");
    out = expand("x</Item>y");
    is_str(out, "xy", "a stray close tag is dropped");
    ok(problems->nelts == 1
       && problem_n(0)->kind == LANDING_COMPONENT_STRAY, "reported");
    out = expand("<Box><Item name=\"c\">crossed</Box></Item>");
    is_str(out, "<div class=\"box\"><i>c:crossed</i></div>",
           "crossed tags: well-formed");

    /* An element of the slot open at the component's end (cmark nests
     * an indented close tag into a list item) is closed there, and its
     * own close tag after it dropped. */
    out = expand("<Box>\n<ul>\n<li>\n<p>x</p>\n</Box>\n</li>\n</ul>\n"
                 "<ul><li>kept</li></ul>");
    is_str(out, "<div class=\"box\">\n<ul>\n<li>\n<p>x</p>\n</li></ul>"
                "</div>\n\n\n<ul><li>kept</li></ul>",
           "elements left open in a slot are closed with it");

    /* Past the depth: left as they are, and the page stays whole. */
    {
        char *deep = "", *want = "";
        int i;
        for (i = 0; i < LANDING_COMPONENT_MAX_DEPTH + 3; i++) {
            deep = apr_pstrcat(pool, deep, "<Box>", NULL);
        }
        deep = apr_pstrcat(pool, deep, "x", NULL);
        for (i = 0; i < LANDING_COMPONENT_MAX_DEPTH + 3; i++) {
            deep = apr_pstrcat(pool, deep, "</Box>", NULL);
        }
        out = expand(deep);
        for (i = 0; i < 3; i++) {
            want = apr_pstrcat(pool, want, "<Box>", NULL);
        }
        ok(out && strstr(out, want) != NULL
           && strstr(out, "<Box><Box><Box><Box>") == NULL,
           "past %d levels, tags are left as they are",
           LANDING_COMPONENT_MAX_DEPTH);
        is_int(problems->nelts, 3, "each reported");
        ok(problem_n(0) && problem_n(0)->kind == LANDING_COMPONENT_TOO_DEEP,
           "as too deep");
    }

    /* A template's output is not scanned again: no recursion. */
    define("Loop", "<Loop>{{{slot}}}</Loop>");
    out = expand("<Loop>x</Loop>");
    is_str(out, "<Loop>x</Loop>", "a template that makes its own tag");
}

static void test_not_components(void)
{
    const char *out;

    out = expand("<!-- <Box>x</Box> --><script>if (a <Box) {}</script>"
                 "<a title=\"<Box>\">t</a><STYLE>p<Box{}</STYLE>"
                 "<textarea><Box></textarea>");
    is_str(out, "<!-- <Box>x</Box> --><script>if (a <Box) {}</script>"
                "<a title=\"<Box>\">t</a><STYLE>p<Box{}</STYLE>"
                "<textarea><Box></textarea>",
           "comments, raw text and attribute values hold no components");
    out = expand("<DIV>old</DIV><BR>");
    is_str(out, "<DIV>old</DIV><BR>", "HTML in capitals is HTML");
    is_int(problems->nelts, 0, "and no unknown component");
    out = expand("a <B and <Box");
    is_str(out, "a <B and <Box", "an unfinished tag is text");
}

static void test_unknown(void)
{
    const char *out;
    const char *src = "---\nlayout: Landing\n---\n\nText.\n\n<Foo a=\"1\">"
                      "\n\nx <Foo/> <Bar/>\n";

    out = expand("<p>x</p>\n<Foo a=\"1\">\n<p>y <Foo/> <Bar/></p>\n"
                 "<Box>in</Box></Foo>");
    is_str(out, "<p>x</p>\n<Foo a=\"1\">\n<p>y <Foo/> <Bar/></p>\n"
                "<div class=\"box\">in</div></Foo>",
           "unknown components stay; known ones inside expand");
    if (ok(problems->nelts == 2, "reported once per name")) {
        is_int(problem_n(0)->kind, LANDING_COMPONENT_UNKNOWN, "kind");
        is_str(problem_n(0)->message, "unknown component <Foo>; "
               "LandingComponent maps it to a template", "message");
        landing_component_locate(problems, src, strlen(src));
        is_int(problem_n(0)->line, 7, "<Foo> is on line 7 of the source");
        is_int(problem_n(1)->line, 9, "<Bar/> on line 9");
    }
    {
        landing_component_conf_t c = base_conf();
        c.templates = NULL;
        is_str(expand_with(&c, "<Foo/>"), "<Foo/>",
               "no component set: tags left alone");
        is_int(problems->nelts, 0, "and not reported");
    }
}

/* --- through the whole page ------------------------------------------- */

static landing_page_conf_t page_conf(int raw_html)
{
    landing_page_conf_t pc;
    apr_hash_t *builtins;
    const char *err;
    landing_template_t *chrome;

    if (landing_pageconf_builtin(pool, &chrome, &err) != APR_SUCCESS
        || landing_component_builtins(pool, &builtins, &err)
           != APR_SUCCESS) {
        diag("%s", err);
        abort();
    }
    landing_pageconf_make(pool, &pc, NULL, chrome, NULL, raw_html);
    landing_pageconf_components(pool, &pc, builtins, templates);
    return pc;
}

static const char *render(const landing_page_conf_t *pc, const char *src,
                          landing_page_t *page)
{
    const char *html = NULL;

    if (landing_page_render(pool, pc, src, strlen(src), "/c.md", page)
        == LANDING_PAGE_RENDERED) {
        /* The content only: the stylesheet names the classes too. */
        const char *from = strstr(page->html, "<div class=\"content\">");
        const char *to = from ? strstr(from, "</main>") : NULL;
        if (to) {
            html = apr_pstrmemdup(pool, from, (apr_size_t)(to - from));
        }
        landing_buf_release(page->html);
    }
    return html;
}

static void test_page(void)
{
    landing_page_conf_t pc = page_conf(1);
    landing_page_t page;
    const char *html;

    html = render(&pc, "---\nlayout: Landing\n---\n\n## One\n\n<Cards>\n"
                  "  <Card href=\"/a?x=1&amp;y=2\" card-title=\"A &amp; B\" "
                  "card-meta=\"Meta\">short</Card>\n"
                  "  <Card href=\"/b\" cardTitle=\"Md\">\n\nSome **bold**"
                  " text:\n\n- one\n- two\n\n  </Card>\n</Cards>\n\n"
                  "Badges <Badge text=\"beta\" type=\"warning\"/> and "
                  "<Badge text=\"ok\"/>.\n", &page);
    if (!ok(html != NULL, "a page with the built-ins renders")) {
        return;
    }
    has_str(html, "<div class=\"landing-cards\">", "Cards is a grid");
    has_str(html, "<a class=\"main-card__main-link\" href=\"/a?x=1&amp;"
            "y=2\">A &amp; B</a>", "Card: title link, entities once");
    has_str(html, "<span class=\"main-card__tag\">Meta</span>",
            "Card: meta");
    has_str(html, "<p>Some <strong>bold</strong> text:</p>",
            "Markdown between blank lines in a slot is Markdown");
    has_str(html, "<p>two</p>\n</li></ul></div>", "the list ends in the slot");
    has_str(html, "<span class=\"badge warning\">beta</span>",
            "Badge with a type");
    has_str(html, "<span class=\"badge tip\">ok</span>",
            "Badge's type is tip by default");
    lacks_str(html, "<Card", "no Card left");
    html = render(&pc, "---\nlayout: Landing\n---\n<Cards class=\"wide\">"
                  "\n<Card cardTitle=\"No link\">x</Card>\n</Cards>\n", &page);
    has_str(html, "<div class=\"landing-cards wide\">", "class falls "
            "through to the built-in's element, as in Vue");
    has_str(html, "<h3 class=\"main-card__title\">No link</h3>",
            "a Card without href: a title without a link");
    lacks_str(html, "<Badge", "no Badge left");
    ok(page.problems == NULL, "no problems");

    /* A user component replaces the built-in of its name. */
    define("Badge", "<mark>{{text}}</mark>");
    pc = page_conf(1);
    html = render(&pc, "---\nlayout: Landing\n---\nA <Badge text=\"b\"/>\n",
                  &page);
    has_str(html, "<p>A <mark>b</mark></p>", "LandingComponent Badge "
            "replaces the built-in");
    apr_hash_set(templates, "Badge", APR_HASH_KEY_STRING, NULL);

    /* Unknown components, with their lines in the file. */
    html = render(&pc, "---\nlayout: Landing\ntitle: t\n---\n\n<Nope>\n\n"
                  "x\n\n</Nope>\n", &page);
    has_str(html, "<Nope>", "an unknown component stays");
    if (ok(page.problems && page.problems->nelts == 1, "one problem")) {
        const landing_component_problem_t *pr = &APR_ARRAY_IDX(
            page.problems, 0, landing_component_problem_t);
        is_int(pr->line, 6, "on the line of the file (front matter "
               "counted)");
    }

    /* Safe mode: components go with the raw HTML. */
    pc = page_conf(0);
    html = render(&pc, "---\nlayout: Landing\n---\n<Cards>\n<Card "
                  "cardTitle=\"x\">y</Card>\n</Cards>\n\nA <Badge text="
                  "\"b\"/>\n", &page);
    lacks_str(html, "<Card", "safe mode: no Card tag");
    lacks_str(html, "main-card", "safe mode: no card");
    lacks_str(html, "badge", "safe mode: no badge");
    has_str(html, "<!-- raw HTML omitted -->", "safe mode: omitted");
}

static void test_toc(void)
{
    landing_page_conf_t pc = page_conf(1);
    landing_page_t page;
    const char *html;

    html = render(&pc, "---\nlayout: Landing\n---\n# T\n\n[[toc]]\n\n"
                  "## A & B\n\n### Sub\n\n## C\n\nnot [[toc]] here\n",
                  &page);
    has_str(html, "<nav class=\"table-of-contents\" aria-label=\"Contents\">"
            "<ul><li><a href=\"#a-b\">A &amp; B</a><ul><li><a href=\"#sub\">"
            "Sub</a></li></ul></li><li><a href=\"#c\">C</a></li></ul></nav>",
            "[[toc]] becomes the list");
    lacks_str(html, "<p>[[toc]]</p>", "the paragraph is gone");
    has_str(html, "<p>not [[toc]] here</p>", "only alone in a paragraph");

    html = render(&pc, "---\nlayout: Landing\nshowToc: false\n---\n[[toc]]"
                  "\n\n## A\n", &page);
    lacks_str(html, "[[toc]]", "showToc: false removes it");
    lacks_str(html, "table-of-contents", "and shows no list");

    pc = page_conf(0);
    html = render(&pc, "---\nlayout: Landing\n---\n[[toc]]\n\n## A\n",
                  &page);
    has_str(html, "class=\"table-of-contents\"", "[[toc]] in safe mode");
}

static void test_bounds(void)
{
    landing_component_conf_t c = base_conf();
    landing_buf_t b;
    char *html;
    apr_size_t len, i;
    const char *out;

    define("E", "e");
    /* The most components a page may have, and one more. */
    landing_buf_init(&b, 8 * LANDING_COMPONENT_MAX_COUNT);
    for (i = 0; i < LANDING_COMPONENT_MAX_COUNT; i++) {
        landing_buf_add(&b, "<E/> ", 5);
    }
    html = landing_buf_detach(&b, &len);
    out = expand(html);
    ok(out && strlen(out) == 2 * LANDING_COMPONENT_MAX_COUNT,
       "%d components expand", LANDING_COMPONENT_MAX_COUNT);
    free(html);
    landing_buf_init(&b, 8 * LANDING_COMPONENT_MAX_COUNT);
    for (i = 0; i <= LANDING_COMPONENT_MAX_COUNT; i++) {
        landing_buf_add(&b, "<E/>", 4);
    }
    html = landing_buf_detach(&b, &len);
    ok(expand(html) == NULL && last_rv == APR_ENOSPC,
       "one more is too many");
    free(html);

    /* A tag that never ends takes the rest of the page, as in the HTML
     * tokenizer: a page of 200,000 unfinished tags is one pass, not one
     * pass per '<'. */
    landing_buf_init(&b, 8 * 200000);
    landing_buf_add(&b, "<Box>", 5);
    for (i = 0; i < 200000; i++) {
        landing_buf_add(&b, "<a x ", 5);
    }
    html = landing_buf_detach(&b, &len);
    out = expand(html);
    ok(out && strncmp(out, "<div class=\"box\"><a x <a x ", 25) == 0
       && strlen(out) == len - 5 + strlen("<div class=\"box\"></div>"),
       "an unfinished tag runs to the end, in one pass");
    free(html);

    /* Growth past the bound. */
    define("Big", "{{{slot}}}{{{slot}}}{{{slot}}}{{{slot}}}");
    c.max_growth = 1000;
    ok(expand_with(&c, "<Big><Big><Big><Big><Big>0123456789</Big></Big>"
                   "</Big></Big></Big>") == NULL && last_rv == APR_ENOSPC,
       "growth past the bound");
    c.max_growth = 100000;
    out = expand_with(&c, "<Big><Big><Big><Big><Big>0123456789</Big></Big>"
                      "</Big></Big></Big>");
    ok(out && strlen(out) == 10240, "within it");

    /* Template work, shared by all the components of a page. */
    {
        landing_value_t *page = landing_value_map(pool);
        landing_value_t *list = landing_value_list(pool);
        for (i = 0; i < 300; i++) {
            landing_value_push(pool, list, landing_value_str(pool, "", 0));
        }
        landing_value_set(pool, page, "l", list);
        define("Work", "{{#page.l}}{{#page.l}}{{none}}{{/page.l}}{{/page.l}}");
        c = base_conf();
        c.page = page;
        ok(expand_with(&c, "<Work/>") != NULL, "one expansion within the "
           "work bound");
        html = "";
        for (i = 0; i < 300; i++) {
            html = apr_pstrcat(pool, html, "<Work/>", NULL);
        }
        ok(expand_with(&c, html) == NULL && last_rv == APR_ENOSPC,
           "many together pass it");
    }
}

int main(void)
{
    apr_initialize();
    atexit(apr_terminate);
    apr_pool_create(&pool, NULL);
    templates = apr_hash_make(pool);

    test_nothing_to_do();
    test_attributes();
    test_nesting();
    test_not_components();
    test_unknown();
    test_page();
    test_toc();
    test_bounds();
    return done_testing();
}
