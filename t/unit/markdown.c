/* Unit tests for src/markdown: cmark options, the first H1, heading ids. */
#include <string.h>
#include <apr_general.h>

#include "markdown.h"
#include "tap.h"

static apr_pool_t *pool;

/* Render @p src with @p flags; the HTML, or NULL on failure. */
static const char *md(const char *src, int flags, landing_md_t *out)
{
    if (landing_md_render(pool, src, strlen(src), flags, out)
        != APR_SUCCESS) {
        return NULL;
    }
    return out->html;
}

static void test_render(void)
{
    landing_md_t r;
    const char *html;

    html = md("# Title\n\nSome *text*.\n", 0, &r);
    is_str(html, "<h1>Title</h1>\n<p>Some <em>text</em>.</p>\n",
           "basic Markdown");
    ok(html && r.html_len == strlen(html), "html_len is the length");

    html = md("", 0, &r);
    is_str(html, "", "empty input: empty output");
    ok(r.h1 == NULL, "empty input: no H1");

    /* A body without a final newline, and one that is not NUL-terminated
     * where the length says it ends. */
    if (ok(landing_md_render(pool, "# A\n# B", 3, 0, &r) == APR_SUCCESS,
           "render a prefix")) {
        is_str(r.html, "<h1>A</h1>\n", "only @len bytes are read");
    }
}

static void test_raw_html(void)
{
    landing_md_t r;
    const char *src =
        "<figure class=\"main-card\">\n"
        "  <img src=\"/a.png\" alt=\"A\">\n"
        "</figure>\n"
        "\n"
        "Text with <span class=\"tag\">inline</span> HTML.\n";
    const char *html;

    html = md(src, LANDING_MD_RAW_HTML, &r);
    has_str(html, "<figure class=\"main-card\">\n  <img src=\"/a.png\" "
            "alt=\"A\">\n</figure>", "raw HTML block kept");
    has_str(html, "<span class=\"tag\">inline</span>", "raw inline HTML "
            "kept");
    lacks_str(html, "raw HTML omitted", "nothing omitted with RAW_HTML");

    html = md(src, 0, &r);
    lacks_str(html, "<figure", "safe mode drops the HTML block");
    lacks_str(html, "<span", "safe mode drops inline HTML");
    has_str(html, "<!-- raw HTML omitted -->", "safe mode leaves cmark's "
            "comment");
    has_str(html, "inline", "safe mode keeps the text around the HTML");
    has_str(html, "<p>Text with ", "safe mode keeps the paragraph");
}

static void test_unsafe_links(void)
{
    landing_md_t r;
    const char *src = "[click](javascript:alert(1)) "
                      "![img](vbscript:x) [ok](https://example.org/)\n";
    const char *html;

    html = md(src, 0, &r);
    lacks_str(html, "javascript:", "safe mode drops a javascript: link");
    lacks_str(html, "vbscript:", "safe mode drops a vbscript: image");
    has_str(html, ">click</a>", "safe mode keeps the link text");
    has_str(html, "href=\"https://example.org/\"", "safe mode keeps an "
            "https link");

    html = md("[x](JaVaScRiPt:alert(1))\n", 0, &r);
    lacks_str(html, "alert", "safe mode: scheme check ignores case");

    html = md(src, LANDING_MD_RAW_HTML, &r);
    has_str(html, "href=\"https://example.org/\"", "raw mode keeps an "
            "https link");
}

static void test_h1(void)
{
    landing_md_t r;

    md("# Hello `code` and *em* and **strong**\n\ntext\n", 0, &r);
    is_str(r.h1, "Hello code and em and strong",
           "H1 text with code span and emphasis");

    md("Intro\n\n## Second level\n\n# First &amp; <b>only</b>\n\n# Later\n",
       LANDING_MD_RAW_HTML, &r);
    is_str(r.h1, "First & only", "first H1: entities decoded, HTML "
           "dropped, later H1 ignored");

    md("Setext title\n============\n", 0, &r);
    is_str(r.h1, "Setext title", "setext H1");

    md("Two\nlines\n===\n", 0, &r);
    is_str(r.h1, "Two lines", "soft break becomes a space");

    md("> # Quoted\n\n- # Listed\n\n## Two\n", 0, &r);
    ok(r.h1 == NULL, "H1 in a quote or list is no title");

    md("## Only two\n\ntext\n", 0, &r);
    ok(r.h1 == NULL, "no H1: NULL");

    md("# [Linked](/x) ![alt](/i.png)\n", 0, &r);
    is_str(r.h1, "Linked alt", "link text and image alt");

    md("#\n\n# Real\n", 0, &r);
    is_str(r.h1, "", "an empty H1 is the first H1");
}

static void test_utf8(void)
{
    landing_md_t r;
    const char *html;

    html = md("caf\xE9 \xFF\xFE ok \xC3\xA9\n", 0, &r);
    has_str(html, "caf\xEF\xBF\xBD", "invalid byte becomes U+FFFD");
    lacks_str(html, "\xFF", "no 0xFF byte survives");
    has_str(html, "\xC3\xA9", "valid UTF-8 is kept");

    html = md("# T\xC3\n", 0, &r);
    has_str(html, "T\xEF\xBF\xBD", "truncated sequence becomes U+FFFD");
    is_str(r.h1, "T\xEF\xBF\xBD", "H1 text is valid UTF-8 too");

    if (ok(landing_md_render(pool, "a\0b\n", 4, 0, &r) == APR_SUCCESS,
           "NUL byte in the body")) {
        has_str(r.html, "a\xEF\xBF\xBD" "b", "NUL becomes U+FFFD");
    }
}

#define ANCHOR(id) "<a class=\"header-anchor\" href=\"#" id "\" " \
    "aria-hidden=\"true\" tabindex=\"-1\">#</a>"

static const landing_md_heading_t *heading(const landing_md_t *r, int i)
{
    if (r->headings == NULL || i >= r->headings->nelts) {
        return NULL;
    }
    return &APR_ARRAY_IDX(r->headings, i, landing_md_heading_t);
}

static void test_heading_ids(void)
{
    landing_md_t r;
    const landing_md_heading_t *h;
    const char *html;

    html = md("# Title\n\n## Add a Sign-In Flow\n\ntext\n", 0, &r);
    is_str(html, "<h1>Title</h1>\n"
           "<h2 id=\"add-a-sign-in-flow\">Add a Sign-In Flow"
           ANCHOR("add-a-sign-in-flow") "</h2>\n"
           "<p>text</p>\n", "h2: id and permalink, h1 alone");
    h = heading(&r, 0);
    if (ok(h != NULL && r.headings->nelts == 1, "one heading listed")) {
        is_int(h->level, 2, "its level");
        is_str(h->id, "add-a-sign-in-flow", "its id");
        is_str(h->text, "Add a Sign-In Flow", "its text");
    }

    html = md("### A\n#### A\n##### A\n###### A\n", 0, &r);
    is_str(html, "<h3 id=\"a\">A" ANCHOR("a") "</h3>\n"
           "<h4 id=\"a-1\">A" ANCHOR("a-1") "</h4>\n"
           "<h5 id=\"a-2\">A" ANCHOR("a-2") "</h5>\n"
           "<h6 id=\"a-3\">A" ANCHOR("a-3") "</h6>\n",
           "h3..h6, repeats numbered across levels");

    html = md("## A\n", LANDING_MD_NO_HEADING_IDS, &r);
    is_str(html, "<h2>A</h2>\n", "NO_HEADING_IDS: cmark's heading");
    is_int(r.headings->nelts, 0, "NO_HEADING_IDS: none listed");

    /* Markup stays in the heading; the id and the text are plain. */
    html = md("## The `cmark` *API* ![logo](/l.png)\n", 0, &r);
    has_str(html, "<h2 id=\"the-cmark-api\">The <code>cmark</code> "
            "<em>API</em> <img src=\"/l.png\" alt=\"logo\" />"
            ANCHOR("the-cmark-api") "</h2>", "inline markup kept");
    h = heading(&r, 0);
    is_str(h ? h->text : NULL, "The cmark API logo",
           "text has the alt text; the slug does not (as VuePress)");

    /* Safe mode applies inside headings too. */
    html = md("## A <b>bold</b> move\n", 0, &r);
    is_str(html, "<h2 id=\"a-bold-move\">A <!-- raw HTML omitted -->bold"
           "<!-- raw HTML omitted --> move" ANCHOR("a-bold-move")
           "</h2>\n", "safe mode: inline HTML omitted in the heading");
    html = md("## A <b>bold</b> move\n", LANDING_MD_RAW_HTML, &r);
    has_str(html, ">A <b>bold</b> move<a ", "raw mode: inline HTML kept");

    /* Left alone: raw HTML headings, empty slugs. */
    html = md("<h2>Raw</h2>\n\n##\n\n## ---\n", LANDING_MD_RAW_HTML, &r);
    is_str(html, "<h2>Raw</h2>\n<h2></h2>\n<h2>---</h2>\n",
           "raw HTML and slug-less headings unchanged");
    if (ok(r.headings->nelts == 2, "slug-less headings are listed")) {
        ok(heading(&r, 0)->id == NULL && heading(&r, 1)->id == NULL,
           "without an id");
    }

    /* Containers: the heading keeps its place. */
    html = md("> ## Q\n>\n> text\n\n- ## L\n- b\n", 0, &r);
    is_str(html, "<blockquote>\n<h2 id=\"q\">Q" ANCHOR("q") "</h2>\n"
           "<p>text</p>\n</blockquote>\n<ul>\n<li>\n<h2 id=\"l\">L"
           ANCHOR("l") "</h2>\n</li>\n<li>b</li>\n</ul>\n",
           "in a quote and a list item");

    /* Setext headings and escaping in the id. */
    html = md("Fish & \\<Chips\\>\n---\n", 0, &r);
    is_str(html, "<h2 id=\"fish-chips\">Fish &amp; &lt;Chips&gt;"
           ANCHOR("fish-chips") "</h2>\n", "setext h2, escaped text");

    /* The rest of a document is byte for byte what cmark makes. */
    {
        const char *doc = "# T\n\nPara *x*.\n\n## H\n\n- a\n- b\n\n"
                          "```c\ncode\n```\n\n> q\n\n<div>raw</div>\n";
        landing_md_t off;
        const char *a = md(doc, LANDING_MD_RAW_HTML, &r);
        const char *b = md(doc, LANDING_MD_RAW_HTML
                                | LANDING_MD_NO_HEADING_IDS, &off);
        const char *with = a ? strstr(a, "<ul>") : NULL;
        const char *without = b ? strstr(b, "<ul>") : NULL;
        is_str(with, without, "after the heading: the same bytes");
        ok(a && b && strncmp(a, b, strstr(b, "<h2>") - b) == 0,
           "before the heading: the same bytes");
    }
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    test_render();
    test_raw_html();
    test_unsafe_links();
    test_h1();
    test_utf8();
    test_heading_ids();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
