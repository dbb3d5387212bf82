/*
 * Unit tests for src/layouts: names found through merges, the child's
 * winning; a digest that does not depend on the order layouts were set
 * in, that holds between checks, and that follows a template's file;
 * a layout's partials, followed on disk as the layout is.
 */
#include <stdio.h>
#include <stdlib.h>
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

static void write_to(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static landing_layout_t *open_layout(const char *path)
{
    landing_layout_t *l = NULL;
    const char *err;
    landing_layout_open(pool, path, &l, &err);
    return l;
}

/* Expand @p tpl with content "C" and site name "S". */
static const char *expand(const landing_template_t *tpl)
{
    landing_value_t *root = landing_value_map(pool);
    landing_value_t *site = landing_value_map(pool);
    landing_buf_t b;
    apr_size_t len;
    char *html;
    const char *res;

    landing_value_set_cstr(pool, root, "content", "C");
    landing_value_set_cstr(pool, site, "name", "S");
    landing_value_set(pool, root, "site", site);
    landing_buf_init(&b, 0);
    landing_template_expand(tpl, root, &b);
    html = landing_buf_detach(&b, &len);
    res = apr_pstrmemdup(pool, html, len);
    free(html);
    return res;
}

/* A layout with file partials and a built-in one follows every file. */
static void test_partial_files(void)
{
    const char *dir = apr_psprintf(pool, "%s/landing-layouts-%d-dir",
                                   P_tmpdir, (int)getpid());
    const char *lay = apr_pstrcat(pool, dir, "/layout.html", NULL);
    const char *nav = apr_pstrcat(pool, dir, "/parts/nav.html", NULL);
    const char *item = apr_pstrcat(pool, dir, "/parts/item.html", NULL);
    landing_layout_t *l = NULL;
    landing_layout_use_t u1, u2, u3;
    const char *err;
    apr_time_t now = apr_time_now();
    apr_status_t rv;

    apr_dir_make_recursive(apr_pstrcat(pool, dir, "/parts", NULL),
                           APR_OS_DEFAULT, pool);
    write_to(lay, "<body>\n  {{> parts/nav}}\n{{{content}}}\n"
             "{{> landing/edit-link}}\n</body>\n");
    write_to(nav, "<nav>\n{{> item}}\n</nav>\n");
    write_to(item, "<a>{{site.name}}</a>\n");

    rv = landing_layout_open(pool, lay, &l, &err);
    if (!ok(rv == APR_SUCCESS, "a layout with partials opens")) {
        diag("%s", err);
        return;
    }
    u1 = landing_layout_acquire(l, pool, now, &err);
    is_str(expand(u1.tpl), "<body>\n  <nav>\n  <a>S</a>\n  </nav>\nC\n"
           "</body>\n", "partials beside the layout and beside the partial, "
           "indented; the built-in one");

    /* The innermost partial changes: past the interval, a new version. */
    write_to(item, "<b>{{site.name}}!</b>\n");
    u2 = landing_layout_acquire(l, pool,
                                now + LANDING_LAYOUT_CHECK_INTERVAL + 1000,
                                &err);
    ok(err == NULL, "a changed partial reloads without a problem");
    has_str(expand(u2.tpl), "<nav>\n  <b>S!</b>\n  </nav>",
            "the changed partial is used");
    ok(u2.hash != u1.hash, "and the version's hash changed");

    /* A broken partial keeps the last good version, reported once, with
     * the partial's file and line. */
    write_to(nav, "<nav>\n{{#open}}\n</nav>\n");
    u3 = landing_layout_acquire(l, pool,
                                now + 3 * LANDING_LAYOUT_CHECK_INTERVAL,
                                &err);
    has_str(err, apr_pstrcat(pool, nav, ":2: section 'open' is never closed",
                             NULL), "a broken partial: its file:line");
    has_str(err, "keeping the last good version", "and the last good stays");
    ok(u3.hash == u2.hash, "the last good version serves");
    landing_layout_acquire(l, pool, now + 5 * LANDING_LAYOUT_CHECK_INTERVAL,
                           &err);
    ok(err == NULL, "reported once");

    /* Fixed by naming a partial that is not there: reported. */
    write_to(nav, "<nav>{{> gone}}</nav>\n");
    landing_layout_acquire(l, pool, now + 7 * LANDING_LAYOUT_CHECK_INTERVAL,
                           &err);
    has_str(err, apr_pstrcat(pool, nav, ":1: partial 'gone': cannot open "
                             "template '", dir, "/parts/gone.html'", NULL),
            "a missing partial: the including file:line, the path");
    /* ... and it appears: the missing file was watched too. */
    write_to(apr_pstrcat(pool, dir, "/parts/gone.html", NULL), "here");
    u3 = landing_layout_acquire(l, pool,
                                now + 9 * LANDING_LAYOUT_CHECK_INTERVAL,
                                &err);
    ok(err == NULL, "the missing partial appears: no problem");
    has_str(expand(u3.tpl), "<nav>here</nav>", "and it is used");

    /* Cycles between files are found when the layout opens. */
    write_to(nav, "{{> item}}");
    write_to(item, "{{> ../parts/item}}");
    rv = landing_layout_open(pool, lay, &l, &err);
    has_str(err, "relative path below", "'..' is refused");
    write_to(item, "{{> nav}}");
    rv = landing_layout_open(pool, lay, &l, &err);
    ok(rv != APR_SUCCESS, "partials that include each other: an error");
    has_str(err, "includes itself", "says so");
    write_to(nav, "{{> landing/nope}}");
    rv = landing_layout_open(pool, lay, &l, &err);
    has_str(err, "no built-in partial 'landing/nope' (there are ",
            "an unknown built-in name");

    apr_file_remove(lay, pool);
    apr_file_remove(nav, pool);
    apr_file_remove(item, pool);
    apr_file_remove(apr_pstrcat(pool, dir, "/parts/gone.html", NULL), pool);
    apr_dir_remove(apr_pstrcat(pool, dir, "/parts", NULL), pool);
    apr_dir_remove(dir, pool);
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
    test_partial_files();
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
