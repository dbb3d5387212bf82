/*
 * Unit tests for src/layouts: names found through merges, the child's
 * winning; a digest that does not depend on the order layouts were set
 * in, that holds between checks, and that follows a template's file.
 */
#include <stdio.h>
#include <apr_file_io.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "layouts.h"
#include "tap.h"

static apr_pool_t *pool;

static const char *write_file(const char *name, const char *text)
{
    const char *path = apr_psprintf(pool, "%s/landing-layouts-%d-%s",
                                    P_tmpdir, (int)getpid(), name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static landing_layout_t *open_layout(const char *path)
{
    landing_layout_t *l = NULL;
    const char *err;
    landing_layout_open(pool, path, &l, &err);
    return l;
}

int main(void)
{
    const char *pa, *pb;
    landing_layout_t *a, *b;
    landing_layouts_t *parent, *child, *m, *one, *two;
    apr_uint64_t d1, d2, d3;
    apr_time_t mt, now;
    apr_array_header_t *errors = NULL;
    int i;

    apr_initialize();
    apr_pool_create(&pool, NULL);

    pa = write_file("a.html", "A {{{content}}}\n");
    pb = write_file("b.html", "B {{{content}}}\n");
    a = open_layout(pa);
    b = open_layout(pb);
    ok(a && b, "two layouts open");

    parent = landing_layouts_make(pool);
    landing_layouts_set(pool, parent, "Landing", a);
    landing_layouts_set(pool, parent, "Blog", a);
    child = landing_layouts_make(pool);
    landing_layouts_set(pool, child, "Landing", b);
    m = landing_layouts_merge(pool, parent, child);
    ok(landing_layouts_get(m, "Landing") == b, "merge: the child's wins");
    ok(landing_layouts_get(m, "Blog") == a, "merge: the parent's shows");
    ok(landing_layouts_get(m, "Nope") == NULL, "merge: a name nobody maps");
    ok(landing_layouts_get(parent, "Landing") == a, "the parent is as it was");
    ok(landing_layouts_merge(pool, NULL, child) == child, "none + child");
    ok(landing_layouts_merge(pool, parent, NULL) == parent, "parent + none");
    ok(landing_layouts_get(NULL, "Landing") == NULL, "no layouts at all");

    /* The same layouts set in another order: the same digest. */
    one = landing_layouts_make(pool);
    two = landing_layouts_make(pool);
    for (i = 0; i < 50; i++) {
        landing_layouts_set(pool, one, apr_psprintf(pool, "L%d", i),
                            i % 2 ? a : b);
        landing_layouts_set(pool, two, apr_psprintf(pool, "L%d", 49 - i),
                            (49 - i) % 2 ? a : b);
    }
    now = apr_time_now();
    landing_layouts_digest(one, pool, now, &d1, &mt, &errors);
    landing_layouts_digest(two, pool, now, &d2, &mt, &errors);
    ok(d1 == d2, "the order layouts were set in does not matter");
    landing_layouts_digest(parent, pool, now, &d1, &mt, &errors);
    landing_layouts_digest(m, pool, now, &d2, &mt, &errors);
    ok(d1 != d2, "a merge has a digest of its own");
    ok(mt > 0, "and the templates' newest mtime");
    ok(errors == NULL, "no problems");

    /* A template changes on disk: within the check interval the digest
     * holds; past it, it follows the file. */
    landing_layouts_digest(m, pool, now, &d1, &mt, &errors);
    write_file("b.html", "B changed, and longer {{{content}}}\n");
    landing_layouts_digest(m, pool, now + 1000, &d2, &mt, &errors);
    ok(d1 == d2, "within a check interval: the digest holds");
    landing_layouts_digest(m, pool,
                           now + LANDING_LAYOUT_CHECK_INTERVAL + 1000, &d3,
                           &mt, &errors);
    ok(d3 != d1, "past it: the new template's digest");

    /* A broken template keeps the last good version, and says so. */
    write_file("b.html", "{{#open}} never closed, longer than before\n");
    landing_layouts_digest(m, pool,
                           now + 3 * LANDING_LAYOUT_CHECK_INTERVAL, &d1,
                           &mt, &errors);
    ok(d1 == d3, "a broken template: the last good one's digest");
    ok(errors && errors->nelts == 1, "one problem reported");
    if (errors && errors->nelts == 1) {
        landing_layouts_error_t *e = &APR_ARRAY_IDX(errors, 0,
                                                    landing_layouts_error_t);
        is_str(e->name, "Landing", "its layout's name");
        has_str(e->error, "keeping the last good version", "and why");
    }

    apr_file_remove(pa, pool);
    apr_file_remove(pb, pool);
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
