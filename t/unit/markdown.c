/* Unit tests for src/markdown: cmark options and the first H1. */
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

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    test_render();
    test_raw_html();
    test_unsafe_links();
    test_h1();
    test_utf8();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
