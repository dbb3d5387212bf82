/*
 * Fuzz target: front matter (src/frontmatter.c).
 *
 * Byte 0 picks the limits: with its top bit the defaults, else small
 * ones, so that every bound (size, depth, values) is reached by short
 * inputs. The rest is the body of a response.
 *
 * Checked besides memory safety: the early decision on a prefix agrees
 * with the decision on the whole body, the tree is acyclic and holds no
 * more values than the bound, and the body lies inside the input.
 */
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>

#include "frontmatter.h"
#include "fuzz.h"

/* The filter decides from at most this many leading bytes (mod_landing.c,
 * LANDING_SNIFF_BYTES). */
#define SNIFF_BYTES 72

typedef struct {
    apr_hash_t *state;    /* value -> 1 while on the path, 2 when done */
    int distinct;
} walk_t;

static void walk(walk_t *w, const landing_value_t *v)
{
    static const int on_path = 1, done = 2;
    const int *st = apr_hash_get(w->state, &v, sizeof(v));
    const landing_entry_t *e;
    apr_size_t n = 0;

    if (st) {
        /* Seen on the path from the root: a cycle. */
        FUZZ_ASSERT(*st == done);
        return;
    }
    w->distinct++;
    apr_hash_set(w->state, apr_pmemdup(apr_hash_pool_get(w->state), &v,
                                       sizeof(v)),
                 sizeof(v), &on_path);
    if (v->type == LANDING_VALUE_STRING) {
        FUZZ_ASSERT(v->str != NULL && v->str[v->len] == '\0');
        FUZZ_ASSERT(v->first == NULL);
    }
    for (e = v->first; e; e = e->next) {
        FUZZ_ASSERT(e->value != NULL);
        FUZZ_ASSERT((v->type == LANDING_VALUE_MAP) == (e->key != NULL));
        walk(w, e->value);
        n++;
    }
    FUZZ_ASSERT(n == v->count);
    apr_hash_set(w->state, &v, sizeof(v), &done);
}

/* Whatever the fast path takes, libyaml reads the same. */
static void check_simple(apr_pool_t *p, const char *yaml, size_t len,
                         const landing_fm_limits_t *limits)
{
    landing_value_t *fast, *slow;
    const char *err;
    int line, column;

    if (landing_fm_simple(p, yaml, len, 1, limits, &fast)) {
        FUZZ_ASSERT(landing_yaml_parse(p, yaml, len, limits, &slow, &err,
                                       &line, &column) == APR_SUCCESS);
        FUZZ_ASSERT(landing_value_equal(fast, slow));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    landing_fm_limits_t small;
    const landing_fm_limits_t *limits;
    landing_fm_status_e st;
    landing_fm_t fm;
    const char *buf;
    int whole;
    size_t n;

    if (size < 1) {
        return 0;
    }
    if (data[0] & 0x80) {
        limits = landing_fm_default_limits();
    }
    else {
        small.max_size = 16 + (size_t)(data[0] & 0x0f) * 64;
        small.max_depth = 1 + ((data[0] >> 4) & 0x07);
        small.max_nodes = 1 + (data[0] & 0x0f) * 4;
        limits = &small;
    }
    buf = (const char *)data + 1;
    size--;

    /* Deciding early: a prefix that decides must decide as the whole
     * body does, and SNIFF_BYTES always decide. */
    whole = landing_fm_sniff(buf, size, 1);
    FUZZ_ASSERT(whole == 0 || whole == 1);
    for (n = 0; n <= size && n <= SNIFF_BYTES; n++) {
        int part = landing_fm_sniff(buf, n, 0);
        FUZZ_ASSERT(part >= -1 && part <= 1);
        FUZZ_ASSERT(part == -1 || part == whole);
        FUZZ_ASSERT(part != -1 || n < SNIFF_BYTES);
    }

    p = fuzz_pool();
    check_simple(p, buf, size, limits);
    st = landing_fm_parse(p, buf, size, limits, &fm);
    if (st == LANDING_FM_OK) {
        /* And the YAML between the fences, as the page's parse sees it:
         * after the first line, up to the line the body follows. */
        const char *y = memchr(buf, '\n', size);
        const char *fence = fm.body - 1;
        if (y && fence > y) {
            while (fence > y + 1 && fence[-1] != '\n') {
                fence--;
            }
            check_simple(p, y + 1, (size_t)(fence - (y + 1)), limits);
        }
    }
    switch (st) {
    case LANDING_FM_NONE:
        FUZZ_ASSERT(whole == 0);
        FUZZ_ASSERT(fm.body == buf && fm.body_len == size);
        break;
    case LANDING_FM_INVALID:
        FUZZ_ASSERT(whole == 1);
        FUZZ_ASSERT(fm.error != NULL && fm.line >= 0 && fm.column >= 0);
        break;
    case LANDING_FM_OK: {
        walk_t w;
        FUZZ_ASSERT(whole == 1);
        FUZZ_ASSERT(fm.data != NULL && fm.data->type == LANDING_VALUE_MAP);
        FUZZ_ASSERT(fm.body >= buf && fm.body + fm.body_len == buf + size);
        w.state = apr_hash_make(p);
        w.distinct = 0;
        walk(&w, fm.data);
        /* +1: an empty map stands in for a root that is no map. */
        FUZZ_ASSERT(w.distinct <= limits->max_nodes + 1);
        break;
    }
    default:
        FUZZ_ASSERT(0);
    }
    apr_pool_destroy(p);
    return 0;
}
