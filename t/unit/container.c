/*
 * Unit tests for src/container: custom containers as VuePress writes
 * them, through the whole Markdown pass (markdown.c, mdguard.c): markers
 * with and without blank lines, titles, containers in lists and quotes,
 * nesting, code that holds markers, unclosed containers and their
 * problems, the depth bound, safe mode, and the cost of hostile shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "container.h"
#include "markdown.h"
#include "tap.h"

static apr_pool_t *pool;

#define RAW LANDING_MD_RAW_HTML

static const char *md(const char *src, int flags, landing_md_t *out)
{
    if (landing_md_render(pool, src, strlen(src), flags, out)
        != APR_SUCCESS) {
        return NULL;
    }
    return out->html;
}

static int problems(const landing_md_t *r)
{
    return r->problems ? r->problems->nelts : 0;
}

#define TIP_OPEN "<div class=\"custom-block tip\">" \
                 "<p class=\"custom-block-title\">TIP</p>\n"

static void test_markers(void)
{
    landing_md_t r;

    is_str(md("::: tip\nText *here*.\n:::\n", RAW, &r),
           TIP_OPEN "<p>Text <em>here</em>.</p>\n</div>\n",
           "a tip: VuePress's markup, the content as Markdown");
    ok(problems(&r) == 0, "a closed container is no problem");
    is_str(md("\n::: tip\n\nText.\n\n:::\n\n", RAW, &r),
           TIP_OPEN "<p>Text.</p>\n</div>\n",
           "blank lines around and inside the markers change nothing");
    is_str(md("Before.\n::: tip\nText.\n:::\nAfter.\n", RAW, &r),
           "<p>Before.</p>\n" TIP_OPEN "<p>Text.</p>\n</div>\n"
           "<p>After.</p>\n",
           "no blank lines: the opener ends a paragraph, the closer too");
    is_str(md("::: tip\n:::\n", RAW, &r), TIP_OPEN "</div>\n",
           "an empty container");
    is_str(md(":::tip\nx\n:::\n", RAW, &r), TIP_OPEN "<p>x</p>\n</div>\n",
           "no space after the colons");
    is_str(md("   ::: tip\nx\n   :::   \n", RAW, &r),
           TIP_OPEN "<p>x</p>\n</div>\n",
           "markers indented up to three columns, trailing blanks");
    is_str(md("    ::: tip\n", RAW, &r),
           "<pre><code>::: tip\n</code></pre>\n",
           "indented four columns: code");
    is_str(md(":::\nstray\n", RAW, &r), "<p>:::\nstray</p>\n",
           "a closer with nothing to close is text");
    is_str(md(":: tip\n", RAW, &r), "<p>:: tip</p>\n",
           "two colons are text");
    is_str(md("::: bad<name\nx\n:::\n", RAW, &r),
           "<p>::: bad&lt;name\nx\n:::</p>\n",
           "a name with other characters is no container");
    is_str(md("Text\r\n::: tip\r\nx\r\n:::\r\n", RAW, &r),
           "<p>Text</p>\n" TIP_OPEN "<p>x</p>\n</div>\n", "CRLF lines");
}

static void test_titles(void)
{
    landing_md_t r;

    has_str(md("::: warning\nx\n:::\n", RAW, &r),
            "<div class=\"custom-block warning\">"
            "<p class=\"custom-block-title\">WARNING</p>\n",
            "warning: WARNING");
    has_str(md("::: danger\nx\n:::\n", RAW, &r),
            "<div class=\"custom-block danger\">"
            "<p class=\"custom-block-title\">DANGER</p>\n",
            "danger: DANGER");
    is_str(md("::: details\nx\n:::\n", RAW, &r),
           "<details class=\"custom-block details\"><summary>Details"
           "</summary>\n<p>x</p>\n</details>\n",
           "details: <details> with a summary, closed (no open attribute)");
    has_str(md("::: details Show the raw response\nx\n:::\n", RAW, &r),
            "<summary>Show the raw response</summary>", "a summary given");
    has_str(md("::: tip Before you start  \nx\n:::\n", RAW, &r),
            "<p class=\"custom-block-title\">Before you start</p>",
            "a title replaces the default, trimmed");
    has_str(md("::: tip <script>alert(1)</script> & \"q\"\nx\n:::\n", RAW,
               &r),
            "<p class=\"custom-block-title\">&lt;script&gt;alert(1)&lt;/"
            "script&gt; &amp; &quot;q&quot;</p>", "the title is escaped");
    is_str(md("::: note-2_b\nx\n:::\n", RAW, &r),
           "<div class=\"custom-block note-2_b\">\n<p>x</p>\n</div>\n",
           "any other name: custom-block NAME, no default title");
    has_str(md("::: note Heads up\nx\n:::\n", RAW, &r),
            "<div class=\"custom-block note\"><p class=\"custom-block-"
            "title\">Heads up</p>", "any other name with a title");
    has_str(md("::: TIP\nx\n:::\n", RAW, &r),
            "<div class=\"custom-block TIP\">\n",
            "names are case-sensitive, as in VuePress");
}

static void test_blocks(void)
{
    landing_md_t r;
    const landing_md_heading_t *h;

    is_str(md("- ::: tip\n  x\n  :::\n- b\n", RAW, &r),
           "<ul>\n<li>\n" TIP_OPEN "<p>x</p>\n</div>\n</li>\n<li>b</li>\n"
           "</ul>\n", "in a list item; the list stays tight");
    is_str(md("- a\n  ::: tip\n  x\n  :::\n- b\n", RAW, &r),
           "<ul>\n<li>a\n" TIP_OPEN "<p>x</p>\n</div>\n</li>\n<li>b</li>\n"
           "</ul>\n", "after text in an item, no blank lines");
    is_str(md("> ::: warning\n> x\n> :::\n", RAW, &r),
           "<blockquote>\n<div class=\"custom-block warning\">"
           "<p class=\"custom-block-title\">WARNING</p>\n<p>x</p>\n</div>\n"
           "</blockquote>\n", "in a block quote");
    is_str(md("::: tip\n- a\n- b\n:::\n", RAW, &r),
           TIP_OPEN "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</div>\n",
           "a list in a container, closed by the marker");
    is_str(md("::: tip\n> q\n:::\n", RAW, &r),
           TIP_OPEN "<blockquote>\n<p>q</p>\n</blockquote>\n</div>\n",
           "a quote in a container: the closer needs no '>'");
    has_str(md("| a |\n|---|\n| 1 |\n::: tip\nx\n:::\n",
               RAW | LANDING_GFM_TABLE, &r),
            "</table>\n" TIP_OPEN, "an opener ends a table");
    md("## Out\n\n::: tip\n## Inside *it*\n:::\n", RAW, &r);
    has_str(r.html, "<h2 id=\"inside-it\">Inside <em>it</em>"
            "<a class=\"header-anchor\"", "a heading inside gets an id");
    if (ok(r.headings->nelts == 2, "and is among the headings")) {
        h = &APR_ARRAY_IDX(r.headings, 1, landing_md_heading_t);
        is_str(h->id, "inside-it", "for On this page");
    }
}

static void test_nesting(void)
{
    landing_md_t r;

    is_str(md(":::: tip\n::: details\nin\n:::\nmid\n::::\nout\n", RAW, &r),
           TIP_OPEN "<details class=\"custom-block details\"><summary>"
           "Details</summary>\n<p>in</p>\n</details>\n<p>mid</p>\n</div>\n"
           "<p>out</p>\n", ":::: around :::, as markdown-it-container");
    is_str(md("::: tip\n::: danger\nin\n:::\nmid\n:::\nout\n", RAW, &r),
           TIP_OPEN "<div class=\"custom-block danger\"><p class=\"custom-"
           "block-title\">DANGER</p>\n<p>in</p>\n</div>\n<p>mid</p>\n"
           "</div>\n<p>out</p>\n", "two ::: containers nest too");
    ok(problems(&r) == 0, "both closed");
    is_str(md(":::: tip\n::: danger\nin\n::::\nout\n", RAW, &r),
           TIP_OPEN "<div class=\"custom-block danger\"><p class=\"custom-"
           "block-title\">DANGER</p>\n<p>in</p>\n</div>\n</div>\n"
           "<p>out</p>\n",
           "a :::: closer closes the ::: left open inside it too");
    is_int(problems(&r), 1, "which is a problem");
    is_str(md("::: a\n:::: b\nx\n:::\ny\n", RAW, &r),
           "<div class=\"custom-block a\">\n<div class=\"custom-block b\">\n"
           "<p>x</p>\n</div>\n</div>\n<p>y</p>\n",
           "a ::: closer inside :::: closes the ::: around it");
    is_str(md(":::: a\n- ::: b\n  x\n  ::::\nout\n", RAW, &r),
           "<div class=\"custom-block a\">\n<ul>\n<li>\n"
           "<div class=\"custom-block b\">\n<p>x</p>\n</div>\n</li>\n</ul>\n"
           "</div>\n<p>out</p>\n", "through a list item");
}

static void test_code(void)
{
    landing_md_t r;

    is_str(md("```\n::: tip\nx\n:::\n```\n", RAW, &r),
           "<pre><code>::: tip\nx\n:::\n</code></pre>\n",
           "markers in a fenced code block are code");
    is_str(md("    ::: tip\n    x\n    :::\n", RAW, &r),
           "<pre><code>::: tip\nx\n:::\n</code></pre>\n",
           "markers in an indented code block are code");
    is_str(md("::: details Show\n```json\n:::\n```\n:::\n", RAW, &r),
           "<details class=\"custom-block details\"><summary>Show</summary>"
           "\n<pre><code class=\"language-json\">:::\n</code></pre>\n"
           "</details>\n", "a closer in code inside a container is code");
    has_str(md("Use `:::` and\n\n::: tip\nx\n:::\n", RAW, &r),
            "<p>Use <code>:::</code> and</p>", "inline code is text");
    is_str(md("::: tip\n<div>\nraw\n:::\nafter\n", RAW, &r),
           TIP_OPEN "<div>\nraw\n</div>\n<p>after</p>\n",
           "a closer ends a raw HTML block as in VuePress");
    is_str(md("::: tip\n<!--\n:::\n-->\n:::\n", RAW, &r),
           TIP_OPEN "<!--\n:::\n-->\n</div>\n",
           "but not a comment that is still open");
}

static void test_unclosed(void)
{
    landing_md_t r;
    const landing_md_problem_t *pr;

    is_str(md("Text.\n\n::: tip\nNever closed.\n", RAW, &r),
           "<p>Text.</p>\n" TIP_OPEN "<p>Never closed.</p>\n</div>\n",
           "an unclosed container runs to the end");
    if (ok(problems(&r) == 1, "and is a problem")) {
        pr = &APR_ARRAY_IDX(r.problems, 0, landing_md_problem_t);
        is_int(pr->line, 3, "at its opener's line");
        has_str(pr->message, "'::: tip' is not closed", "named");
    }
    is_str(md("> ::: tip\n> x\n\nout\n", RAW, &r),
           "<blockquote>\n" TIP_OPEN "<p>x</p>\n</div>\n</blockquote>\n"
           "<p>out</p>\n", "closed by the end of its parent");
    is_int(problems(&r), 1, "reported");
    is_str(md("- ::: tip\n  x\n- b\n", RAW, &r),
           "<ul>\n<li>\n" TIP_OPEN "<p>x</p>\n</div>\n</li>\n<li>b</li>\n"
           "</ul>\n", "closed by the end of its list item");
    ok(md("No containers.\n", RAW, &r) && r.problems == NULL,
       "no problems without containers");
    {
        char *many = malloc(150 * 8 + 1);
        int i;
        for (i = 0; i < 150; i++) {
            memcpy(many + i * 8, "- ::: a\n", 8);
        }
        many[150 * 8] = '\0';
        md(many, RAW, &r);
        is_int(problems(&r), LANDING_MD_MAX_PROBLEMS,
               "150 unclosed containers: the first %d are reported",
               LANDING_MD_MAX_PROBLEMS);
        free(many);
    }
}

static void test_depth(void)
{
    landing_md_t r;
    char *src = malloc(64 * 1024);
    char *p = src;
    const char *html;
    int i, opened = 0;

    for (i = 0; i < LANDING_CONTAINER_MAX_DEPTH + 5; i++) {
        p += sprintf(p, "::: d%d\n", i);
    }
    p += sprintf(p, "deep\n");
    for (i = 0; i < LANDING_CONTAINER_MAX_DEPTH + 5; i++) {
        p += sprintf(p, ":::\n");
    }
    html = md(src, RAW, &r);
    for (p = (char *)html; html && (p = strstr(p, "custom-block d")); p++) {
        opened++;
    }
    is_int(opened, LANDING_CONTAINER_MAX_DEPTH,
           "containers nest %d deep; past that the marker is text",
           LANDING_CONTAINER_MAX_DEPTH);
    has_str(html, "<p>::: d32\n::: d33\n", "as a paragraph");
    free(src);
}

static void test_safe(void)
{
    landing_md_t r;

    is_str(md("::: tip <b>T</b>\n<b>raw</b> and *md*\n:::\n", 0, &r),
           "<div class=\"custom-block tip\"><p class=\"custom-block-title\">"
           "&lt;b&gt;T&lt;/b&gt;</p>\n<p><!-- raw HTML omitted -->raw<!-- raw"
           " HTML omitted --> and <em>md</em></p>\n</div>\n",
           "safe mode: containers still render, their raw HTML does not");
    has_str(md("::: details\n[x](javascript:alert(1))\n:::\n", 0, &r),
            "<a href=\"\">x</a>", "and dangerous links go");
}

/* Linear in the page: many containers, many closers, a deep nest of
 * openers, each under a second for hundreds of kilobytes. */
static double seconds(const char *src, int flags)
{
    landing_md_t r;
    clock_t t0 = clock();
    apr_status_t rv = landing_md_render(pool, src, strlen(src), flags, &r);
    ok(rv == APR_SUCCESS, "rendered");
    return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static void test_cost(void)
{
    size_t n = 400 * 1024;
    char *src = malloc(n + 64);
    size_t i;
    double t;

    for (i = 0; i + 16 < n; i += 16) {
        memcpy(src + i, "::: tip\nxyz\n:::\n", 16);
    }
    src[i] = '\0';
    t = seconds(src, RAW);
    ok(t < 1.0, "400 KB of small containers: %.3f s", t);
    for (i = 0; i + 8 < n; i += 8) {
        memcpy(src + i, "::: a\nx\n", 8);
    }
    src[i] = '\0';
    t = seconds(src, RAW);
    ok(t < 1.0, "400 KB of openers, nested to the bound: %.3f s", t);
    for (i = 0; i + 4 < n; i += 4) {
        memcpy(src + i, ":::\n", 4);
    }
    src[i] = '\0';
    t = seconds(src, RAW);
    ok(t < 1.0, "400 KB of stray closers: %.3f s", t);
    for (i = 0; i + 10 < n; i += 10) {
        memcpy(src + i, "- ::: a\n  ", 10);
    }
    src[i] = '\0';
    t = seconds(src, RAW);
    ok(t < 1.0, "400 KB of containers in nested list items: %.3f s", t);
    free(src);
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    test_markers();
    test_titles();
    test_blocks();
    test_nesting();
    test_code();
    test_unclosed();
    test_depth();
    test_safe();
    test_cost();
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
