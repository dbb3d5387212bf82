/*
 * Unit tests for src/site: site variables built once, looked up in
 * constant time however many there are, merged without a copy (the
 * child's keys win), and digested the same way every time.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "buf.h"
#include "site.h"
#include "template.h"
#include "tap.h"

static apr_pool_t *pool;

static const char *get(const landing_site_t *site, const char *key)
{
    return landing_value_get_str(landing_site_value(site), key);
}

static const char *expand(const char *src, const landing_site_t *site)
{
    landing_template_t *tpl;
    landing_value_t *root = landing_value_map(pool);
    landing_buf_t out;
    const char *err;
    apr_size_t len;
    char *s;

    if (landing_template_compile(pool, src, strlen(src), "t", &tpl, &err)
        != APR_SUCCESS) {
        return err;
    }
    landing_value_set(pool, root, "site",
                      (landing_value_t *)landing_site_value(site));
    landing_buf_init(&out, 64);
    landing_template_expand(tpl, root, &out);
    if (out.failed) {
        landing_buf_free(&out);
        return "(failed)";
    }
    s = landing_buf_detach(&out, &len);
    if (s == NULL) {
        return "(none)";
    }
    src = apr_pstrmemdup(pool, s, len);
    free(s);
    return src;
}

int main(void)
{
    landing_site_t *a, *b, *big, *big2;
    const landing_site_t *m, *mm;
    int i;

    apr_initialize();
    apr_pool_create(&pool, NULL);

    a = landing_site_make(pool);
    landing_site_set(pool, a, "name", "Parent");
    landing_site_set(pool, a, "footer", "Parent footer");
    landing_site_set(pool, a, "name", "Parent Site");
    is_str(get(a, "name"), "Parent Site", "a key set again takes the value");
    is_int((long)landing_site_value(a)->count, 2, "... and keeps one entry");
    is_str(get(a, "footer"), "Parent footer", "another key");
    ok(get(a, "nope") == NULL, "a missing key");

    b = landing_site_make(pool);
    landing_site_set(pool, b, "name", "Child Site");
    landing_site_set(pool, b, "lang", "de");
    m = landing_site_merge(pool, a, b);
    is_str(get(m, "name"), "Child Site", "merge: the child's key wins");
    is_str(get(m, "footer"), "Parent footer", "merge: the parent's others");
    is_str(get(m, "lang"), "de", "merge: the child's own");
    is_str(get(a, "name"), "Parent Site", "merge leaves the parent alone");
    ok(get(b, "footer") == NULL, "... and the child");
    ok(landing_site_merge(pool, a, NULL) == a, "merge with none: the base");
    ok(landing_site_merge(pool, NULL, b) == b, "none with a child: it");
    ok(landing_site_merge(pool, NULL, NULL) == NULL, "none with none");
    mm = landing_site_merge(pool, m, a);
    is_str(get(mm, "name"), "Parent Site", "merged again: the top wins");
    is_str(get(mm, "lang"), "de", "... and the middle shows through");
    is_str(expand("{{site.name}}|{{site.lang}}|{{site.footer}}", m),
           "Child Site|de|Parent footer", "a template reads the merge");
    is_str(expand("{{#site}}{{name}}/{{footer}}{{/site}}", m),
           "Child Site/Parent footer", "... and a section over it");

    /* Digests: the same lines give the same digest; a value, a key or a
     * merge that differs gives another. */
    {
        landing_site_t *a2 = landing_site_make(pool), *c;
        landing_site_set(pool, a2, "name", "Parent");
        landing_site_set(pool, a2, "footer", "Parent footer");
        landing_site_set(pool, a2, "name", "Parent Site");
        ok(landing_site_digest(a) == landing_site_digest(a2),
           "the same lines, the same digest");
        c = landing_site_make(pool);
        landing_site_set(pool, c, "name", "Parent");
        ok(landing_site_digest(a) != landing_site_digest(c),
           "other lines, another digest");
        ok(landing_site_digest(m) != landing_site_digest(a)
           && landing_site_digest(m) != landing_site_digest(b),
           "a merge has a digest of its own");
        ok(landing_site_digest(m)
           == landing_site_digest(landing_site_merge(pool, a2, b)),
           "the same merge, the same digest");
        ok(landing_site_digest(NULL) == 0, "none: 0");
    }

    /* 10,000 variables: built in linear time, looked up in one step. */
    big = landing_site_make(pool);
    for (i = 0; i < 10000; i++) {
        landing_site_set(pool, big, apr_psprintf(pool, "k%d", i),
                         apr_psprintf(pool, "v%d", i));
    }
    landing_site_set(pool, big, "name", "Big");
    is_int((long)landing_site_value(big)->count, 10001, "10,001 entries");
    is_str(get(big, "k0"), "v0", "the first");
    is_str(get(big, "k9999"), "v9999", "the last");
    is_str(get(big, "k5000"), "v5000", "one between");
    is_int((long)landing_value_lookup_cost(landing_site_value(big)), 1,
           "a look-up reads one entry, not 10,001");
    big2 = landing_site_make(pool);
    landing_site_set(pool, big2, "k9999", "child");
    m = landing_site_merge(pool, big, big2);
    is_str(get(m, "k9999"), "child", "merged over 10,000: the child wins");
    is_str(get(m, "k1"), "v1", "... the rest from under it");
    is_int((long)landing_value_lookup_cost(landing_site_value(m)), 2,
           "a look-up in the merge: one step per level");
    is_str(expand("{{#site}}{{name}} {{k1}} {{k9999}}{{/site}}", m),
           "Big v1 child", "a section over 10,000 variables stays in "
           "the template's work bound");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
