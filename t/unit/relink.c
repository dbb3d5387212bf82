/*
 * Unit tests for src/relink: the links of a page rewritten for a static
 * export, one URL at a time and in HTML.
 */
#include <string.h>

#include <apr_general.h>

#include "relink.h"
#include "tap.h"

static const char *html(apr_pool_t *p, const landing_relink_t *rl,
                        const char *page, const char *in)
{
    apr_size_t n;
    const char *out = landing_relink_html(p, rl, page, in, strlen(in), &n);
    return n == strlen(out) ? out : "(length differs)";
}

int main(void)
{
    apr_pool_t *pool;
    landing_relink_t *site, *files, *rel;
    landing_relink_t *all[3];
    static const char *const pages[] = {
        "/index.md", "/guide/index.md", "/guide/intro.md",
        "/guide/with space.md", "/reference.md"
    };
    apr_size_t i;
    int k;

    apr_initialize();
    apr_pool_create(&pool, NULL);
    site = landing_relink_make(pool, 0);
    files = landing_relink_make(pool, LANDING_RELINK_FILES);
    rel = landing_relink_make(pool, LANDING_RELINK_RELATIVE);
    all[0] = site;
    all[1] = files;
    all[2] = rel;
    for (k = 0; k < 3; k++) {
        for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
            landing_relink_add(all[k], pages[i]);
        }
    }

    /* As served by a static server: pages become .html, directories
     * stay directories. */
    is_str(landing_relink_url(pool, site, "/index.md", "/guide/intro.md"),
           "/guide/intro.html", "a site path to a page");
    is_str(landing_relink_url(pool, site, "/guide/index.md", "intro.md"),
           "intro.html", "a relative link to a page stays relative");
    is_str(landing_relink_url(pool, site, "/guide/intro.md",
                              "./intro.md#install"),
           "intro.html#install", "the fragment is kept");
    is_str(landing_relink_url(pool, site, "/guide/intro.md",
                              "../reference.md?v=2#x"),
           "../reference.html?v=2#x", "'..' and a query");
    is_str(landing_relink_url(pool, site, "/guide/intro.md",
                              "with%20space.md"),
           "with%20space.html", "a percent-encoded name");
    is_str(landing_relink_url(pool, site, "/index.md", "/guide/"),
           "/guide/", "a directory with an index page stays a directory");
    is_str(landing_relink_url(pool, site, "/index.md", "/guide"),
           "/guide/", "... and gets its slash");
    is_str(landing_relink_url(pool, site, "/index.md", "/guide/index.md"),
           "/guide/index.html", "index.md itself becomes index.html");
    is_str(landing_relink_url(pool, site, "/guide/intro.md", "/"), "/",
           "the home page");

    /* Left alone. */
    {
        static const char *const keep[] = {
            "https://example.org/x.md", "//cdn.example.org/a.md",
            "mailto:a@example.org", "#top", "?q=1", "",
            "/img/logo.svg", "missing.md", "/other/", "img/a.png",
            "/\\evil.example/x.md", "javascript:alert(1)", "/bad%zz.md",
            "/a%2Fb.md"
        };
        for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
            const char *u = keep[i];
            is_str(landing_relink_url(pool, site, "/guide/intro.md", u), u,
                   "left alone: '%s'", u);
        }
    }

    /* File mode: a directory is its index.html. */
    is_str(landing_relink_url(pool, files, "/index.md", "/guide/"),
           "/guide/index.html", "files: a directory's index.html");
    is_str(landing_relink_url(pool, files, "/guide/intro.md", "./"),
           "index.html", "files: './'");
    is_str(landing_relink_url(pool, files, "/guide/intro.md", "/other/"),
           "/other/", "files: a directory without an index page");

    /* Relative: every site path relative to the page. */
    is_str(landing_relink_url(pool, rel, "/guide/intro.md", "/"),
           "../index.html", "relative: the home page");
    is_str(landing_relink_url(pool, rel, "/guide/intro.md", "/img/logo.svg"),
           "../img/logo.svg", "relative: a file");
    is_str(landing_relink_url(pool, rel, "/index.md", "/img/logo.svg"),
           "img/logo.svg", "relative: a file from the top");
    is_str(landing_relink_url(pool, rel, "/guide/intro.md",
                              "/guide/intro.md#top"),
           "intro.html#top", "relative: the page itself");
    is_str(landing_relink_url(pool, rel, "/guide/index.md", "/guide/"),
           "index.html", "relative: its own directory");
    is_str(landing_relink_url(pool, rel, "/guide/intro.md", "/guidebook/x"),
           "../guidebook/x", "relative: a name that shares a prefix");
    is_str(landing_relink_url(pool, rel, "/a/b/c.md", "/a:b.png"),
           "../../a:b.png", "relative: up, then a colon");
    is_str(landing_relink_url(pool, rel, "/c.md", "/a:b.png"),
           "./a:b.png", "relative: a colon that would read as a scheme");
    is_str(landing_relink_url(pool, rel, "/guide/intro.md", "img/a.png"),
           "img/a.png", "relative: a relative link is already relative");
    is_str(landing_relink_url(pool, rel, "/guide/intro.md",
                              "https://example.org/"),
           "https://example.org/", "relative: another site");
    is_str(landing_relink_url(pool, rel, "/guide/intro.md", "/../../x.png"),
           "../x.png", "relative: '..' stops at the root");

    /* In HTML: href, src and poster, quoted or not, anywhere. */
    is_str(html(pool, site, "/index.md",
                "<a href=\"/guide/intro.md\">x</a>"
                "<img src='/img/a.png' alt=\"/guide/intro.md\">"
                "<a class=x HREF=guide/intro.md#y>y</a>"),
           "<a href=\"/guide/intro.html\">x</a>"
           "<img src='/img/a.png' alt=\"/guide/intro.md\">"
           "<a class=x HREF=guide/intro.html#y>y</a>",
           "html: attributes quoted and not; other attributes alone");
    is_str(html(pool, rel, "/guide/intro.md",
                "<link rel=\"icon\" href=\"/img/logo.svg\">"
                "<video poster=\"/img/p.png\" src=\"/v.mp4\"></video>"),
           "<link rel=\"icon\" href=\"../img/logo.svg\">"
           "<video poster=\"../img/p.png\" src=\"../v.mp4\"></video>",
           "html: relative, every element");
    {
        const char *keep =
            "<p>a &lt;a href=\"/guide/intro.md\"&gt; in text</p>"
            "<!-- <a href=\"/guide/intro.md\"> -->"
            "<script>var s = '<a href=\"/guide/intro.md\">';</script>"
            "<code>&lt;img src=\"/x\"&gt;</code>"
            "<a href=\"/guide/intro.md?a=1&amp;b=2\" data-href=\"/index.md\">"
            "<a href=\"/x&amp;y.md\">"
            "<a href=\"/guide/intro.md";
        is_str(html(pool, site, "/index.md", keep),
               "<p>a &lt;a href=\"/guide/intro.md\"&gt; in text</p>"
               "<!-- <a href=\"/guide/intro.md\"> -->"
               "<script>var s = '<a href=\"/guide/intro.md\">';</script>"
               "<code>&lt;img src=\"/x\"&gt;</code>"
               "<a href=\"/guide/intro.html?a=1&amp;b=2\" "
               "data-href=\"/index.md\">"
               "<a href=\"/x&amp;y.md\">"
               "<a href=\"/guide/intro.md",
               "html: text, comments, scripts, references and a value "
               "never closed");
    }
    is_str(html(pool, site, "/index.md", ""), "", "html: empty");
    is_str(html(pool, site, "/index.md", "<"), "<", "html: a lone '<'");
    is_str(html(pool, site, "/index.md", "<a href"), "<a href",
           "html: cut short");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
