/*
 * Unit tests for src/stylesheet: the built-in stylesheet's file name is
 * a hash of its bytes (one byte changed, another name; the same bytes,
 * the same name), its ETag is strong and follows the name, any
 * release's name is told from other names, and LandingStylesheet's argument is read as inline, link or a URL-path
 * that can go into an href as it is.
 */
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "chrome.h"
#include "stylesheet.h"
#include "tap.h"

static apr_pool_t *pool;

static void parses(const char *arg, const char *want)
{
    const char *prefix = "unset";
    const char *err = landing_stylesheet_parse(pool, arg, &prefix);

    if (!ok(err == NULL, "'%s' is accepted", arg)) {
        diag("%s", err);
    }
    is_str(prefix, want, "'%s' -> %s", arg, want ? want : "inline");
}

static void refuses(const char *arg, const char *why)
{
    const char *prefix = "unset";
    const char *err = landing_stylesheet_parse(pool, arg, &prefix);

    has_str(err, why, "'%s' refused: %s", arg, why);
    is_str(prefix, "unset", "'%s' leaves the prefix alone", arg);
}

/* Is @p name "landing.", 16 lowercase hex digits, ".css"? */
static int well_formed(const char *name)
{
    int i;

    if (strlen(name) != 8 + 16 + 4 || strncmp(name, "landing.", 8) != 0
        || strcmp(name + 24, ".css") != 0) {
        return 0;
    }
    for (i = 8; i < 24; i++) {
        if (!strchr("0123456789abcdef", name[i])) {
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    const char *css = landing_chrome_stylesheet;
    apr_size_t len = landing_chrome_stylesheet_len;
    const char *name, *etag, *url;
    char *changed;

    apr_initialize();
    apr_pool_create(&pool, NULL);

    /* The name: the hash of the bytes, and of nothing else. */
    name = landing_stylesheet_name(pool, css, len);
    ok(well_formed(name), "the name is landing.<16 hex>.css: %s", name);
    is_str(landing_stylesheet_name(pool, apr_pmemdup(pool, css, len), len),
           name, "a copy of the same bytes has the same name");
    changed = apr_pmemdup(pool, css, len);
    changed[len / 2] ^= 1;
    ok(strcmp(landing_stylesheet_name(pool, changed, len), name) != 0,
       "one bit changed in the middle: another name");
    changed[len / 2] ^= 1;
    changed[len - 1] ^= 1;
    ok(strcmp(landing_stylesheet_name(pool, changed, len), name) != 0,
       "the last byte changed: another name");
    ok(strcmp(landing_stylesheet_name(pool, css, len - 1), name) != 0,
       "one byte shorter: another name");
    ok(strcmp(landing_stylesheet_name(pool, "a{}", 3),
              landing_stylesheet_name(pool, "b{}", 3)) != 0,
       "two small stylesheets: two names");

    /* The ETag: strong, the name's digits, the module's tag form. */
    etag = landing_stylesheet_etag(pool, css, len);
    is_str(etag, apr_psprintf(pool, "\"L%.16s\"", name + 8),
           "the ETag is strong, \"L\" and the name's digits");
    ok(strcmp(landing_stylesheet_etag(pool, "a{}", 3), etag) != 0,
       "other bytes, another ETag");

    /* The built-in stylesheet's URL. */
    url = landing_stylesheet_builtin_url(pool, LANDING_STYLESHEET_PREFIX);
    is_str(url, apr_pstrcat(pool, "/.landing/", name, NULL),
           "the default URL is /.landing/ and the name");
    is_str(landing_stylesheet_builtin_url(pool, "/docs/_static/"),
           apr_pstrcat(pool, "/docs/_static/", name, NULL),
           "under another prefix");

    /* Any release's name, as the pages of another release link it. */
    ok(landing_stylesheet_is_name(name), "its own name is a stylesheet's");
    ok(landing_stylesheet_is_name("landing.0123456789abcdef.css"),
       "another hash is a stylesheet's name");
    ok(!landing_stylesheet_is_name("landing.0123456789ABCDEF.css"),
       "upper-case digits are not");
    ok(!landing_stylesheet_is_name("landing.0123456789abcde.css"),
       "15 digits are not");
    ok(!landing_stylesheet_is_name("landing.0123456789abcdef0.css"),
       "17 digits are not");
    ok(!landing_stylesheet_is_name("landing.0123456789abcdeg.css"),
       "a non-hex digit is not");
    ok(!landing_stylesheet_is_name("landing.0123456789abcdef.css/x"),
       "a path below one is not");
    ok(!landing_stylesheet_is_name("landing.0123456789abcdef.cssx"),
       "another suffix is not");
    ok(!landing_stylesheet_is_name("other.0123456789abcdef.css"),
       "another stem is not");
    ok(!landing_stylesheet_is_name(""), "nothing is not");

    /* LandingStylesheet's argument. */
    parses("inline", NULL);
    parses("Inline", NULL);
    parses("link", "/.landing/");
    parses("LINK", "/.landing/");
    parses("/docs/.landing/", "/docs/.landing/");
    parses("/docs/_static", "/docs/_static/");
    parses("/", "/");
    parses("/a-b/c_d/~e/f.g/", "/a-b/c_d/~e/f.g/");
    refuses("", "is not inline, link or a URL-path");
    refuses("static/", "is not inline, link or a URL-path");
    refuses("//cdn.example.com/", "is not inline, link or a URL-path");
    refuses("https://cdn.example.com/", "is not inline, link or a URL-path");
    refuses("/a b/", "holds only letters");
    refuses("/a\"b/", "holds only letters");
    refuses("/a<b/", "holds only letters");
    refuses("/a?b/", "holds only letters");
    refuses("/a%20b/", "holds only letters");
    refuses("/a/../b/", "no '.' or '..' segments");
    refuses("/a/./b/", "no '.' or '..' segments");
    refuses("/a/..", "no '.' or '..' segments");
    refuses("/a//b/", "no empty segments");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
