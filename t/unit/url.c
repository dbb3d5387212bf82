/*
 * Unit tests for src/url: a site path starts with one '/', and a request
 * path is made one.
 */
#include <apr_general.h>

#include "url.h"
#include "tap.h"

int main(void)
{
    apr_pool_t *pool;
    static const char *const site[] = {
        "/", "/a", "/guide/x.md", "/a//b", "/a/\\b", "/%2F/x", "/?q", "/#f"
    };
    static const char *const other[] = {
        "", "a/b", "//evil.example/x", "/\\evil.example/x", "\\\\evil",
        "/\t/evil.example", "/\n\\evil.example", "/\r\n\t//x", " /x",
        "https://x", "javascript:alert(1)"
    };
    apr_size_t i;

    apr_initialize();
    apr_pool_create(&pool, NULL);

    for (i = 0; i < sizeof(site) / sizeof(site[0]); i++) {
        ok(landing_url_is_site_path(site[i]), "site path: '%s'", site[i]);
        ok(landing_url_is_web(site[i]), "web address: '%s'", site[i]);
        ok(landing_url_site_path(pool, site[i]) == site[i],
           "kept as it is: '%s'", site[i]);
    }
    for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        ok(!landing_url_is_site_path(other[i]), "no site path: '%s'",
           other[i]);
    }
    ok(!landing_url_is_site_path(NULL), "NULL is no site path");
    ok(landing_url_is_web("https://docs.example.org/x"), "https is web");
    ok(landing_url_is_web("HTTP://docs.example.org/x"), "HTTP is web");
    ok(!landing_url_is_web("//evil.example/x"), "// is not web");
    ok(!landing_url_is_web("/\\evil.example/x"), "/\\ is not web");
    ok(!landing_url_is_web("javascript:alert(1)"), "javascript: is not");
    ok(!landing_url_is_web("data:text/html,x"), "data: is not");

    is_str(landing_url_site_path(pool, "//evil.example/x"),
           "/evil.example/x", "// becomes /");
    is_str(landing_url_site_path(pool, "/\\evil.example/x"),
           "/evil.example/x", "/\\ becomes /");
    is_str(landing_url_site_path(pool, "///\\/\t\\x"), "/x",
           "a run of them becomes one /");
    is_str(landing_url_site_path(pool, "//"), "/", "// alone is the root");
    is_str(landing_url_site_path(pool, "x/y"), "/", "relative: the root");
    is_str(landing_url_site_path(pool, NULL), "/", "NULL: the root");

    is_int((long)landing_url_scheme("https://x"), 5, "scheme: https");
    is_int((long)landing_url_scheme("mailto:a@b"), 6, "scheme: mailto");
    is_int((long)landing_url_scheme("git+ssh://h"), 7, "scheme: git+ssh");
    is_int((long)landing_url_scheme("/a:b"), 0, "no scheme: a site path");
    is_int((long)landing_url_scheme("a/b:c"), 0, "no scheme: ':' after '/'");
    is_int((long)landing_url_scheme("1x:y"), 0, "no scheme: a digit first");
    is_int((long)landing_url_scheme(""), 0, "no scheme: empty");
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
