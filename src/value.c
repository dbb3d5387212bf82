/* The value tree: pool-allocated strings, lists and maps. */
#include <string.h>
#include <apr_strings.h>

#include "value.h"

landing_value_t *landing_value_str(apr_pool_t *p, const char *str,
                                   apr_size_t len)
{
    landing_value_t *v = apr_pcalloc(p, sizeof(*v));
    v->type = LANDING_VALUE_STRING;
    v->str = str;
    v->len = len;
    v->falsy = (len == 0);
    return v;
}

landing_value_t *landing_value_cstr(apr_pool_t *p, const char *str)
{
    return landing_value_str(p, apr_pstrdup(p, str), strlen(str));
}

landing_value_t *landing_value_list(apr_pool_t *p)
{
    landing_value_t *v = apr_pcalloc(p, sizeof(*v));
    v->type = LANDING_VALUE_LIST;
    return v;
}

landing_value_t *landing_value_map(apr_pool_t *p)
{
    landing_value_t *v = apr_pcalloc(p, sizeof(*v));
    v->type = LANDING_VALUE_MAP;
    return v;
}

unsigned int landing_value_key_hash(const char *key)
{
    unsigned int h = 2166136261u;
    for (; *key; key++) {
        h = (h ^ (unsigned char)*key) * 16777619u;
    }
    return h;
}

static void append(apr_pool_t *p, landing_value_t *c, const char *key,
                   unsigned int hash, landing_value_t *value)
{
    landing_entry_t *e = apr_palloc(p, sizeof(*e));
    e->key = key;
    e->hash = hash;
    e->value = value;
    e->next = NULL;
    if (c->last) {
        c->last->next = e;
    }
    else {
        c->first = e;
    }
    c->last = e;
    c->count++;
}

/* An open-addressed table of a map's entries by key hash, at most half
 * full, rebuilt twice as large when it would be fuller. */
struct landing_value_index_t {
    landing_entry_t **slots;
    apr_size_t mask;
};

static void index_put(landing_value_index_t *ix, landing_entry_t *e)
{
    apr_size_t i = e->hash & ix->mask;

    while (ix->slots[i]) {
        i = (i + 1) & ix->mask;
    }
    ix->slots[i] = e;
}

static void index_build(apr_pool_t *p, landing_value_t *map,
                        apr_size_t want)
{
    landing_value_index_t *ix = map->index;
    apr_size_t size = 16;
    landing_entry_t *e;

    while (size < 2 * want) {
        size *= 2;
    }
    if (ix == NULL) {
        ix = map->index = apr_palloc(p, sizeof(*ix));
    }
    ix->slots = apr_pcalloc(p, size * sizeof(*ix->slots));
    ix->mask = size - 1;
    for (e = map->first; e; e = e->next) {
        index_put(ix, e);
    }
}

static landing_entry_t *index_find(const landing_value_index_t *ix,
                                   const char *key, unsigned int hash)
{
    apr_size_t i = hash & ix->mask;
    landing_entry_t *e;

    while ((e = ix->slots[i]) != NULL) {
        if (e->hash == hash && strcmp(e->key, key) == 0) {
            return e;
        }
        i = (i + 1) & ix->mask;
    }
    return NULL;
}

void landing_value_index(apr_pool_t *p, landing_value_t *map)
{
    if (map->type == LANDING_VALUE_MAP) {
        index_build(p, map, map->count + 1);
    }
}

apr_size_t landing_value_lookup_cost(const landing_value_t *map)
{
    apr_size_t cost = 0;

    for (; map; map = map->under) {
        cost += map->index ? 1 : map->count;
    }
    return cost;
}

void landing_value_push(apr_pool_t *p, landing_value_t *list,
                        landing_value_t *item)
{
    append(p, list, NULL, 0, item);
}

void landing_value_set(apr_pool_t *p, landing_value_t *map, const char *key,
                       landing_value_t *value)
{
    unsigned int hash = landing_value_key_hash(key);
    landing_entry_t *e;

    if (map->index) {
        e = index_find(map->index, key, hash);
        if (e) {
            e->value = value;
            return;
        }
        append(p, map, key, hash, value);
        if (2 * map->count > map->index->mask) {
            index_build(p, map, map->count);
        }
        else {
            index_put(map->index, map->last);
        }
        return;
    }
    for (e = map->first; e; e = e->next) {
        if (e->hash == hash && strcmp(e->key, key) == 0) {
            e->value = value;
            return;
        }
    }
    append(p, map, key, hash, value);
}

void landing_value_set_cstr(apr_pool_t *p, landing_value_t *map,
                            const char *key, const char *str)
{
    landing_value_set(p, map, key, landing_value_cstr(p, str));
}

landing_value_t *landing_value_get_hashed(const landing_value_t *map,
                                          const char *key, unsigned int hash)
{
    const landing_entry_t *e;
    if (map == NULL || map->type != LANDING_VALUE_MAP) {
        return NULL;
    }
    for (; map; map = map->under) {
        if (map->index) {
            e = index_find(map->index, key, hash);
            if (e) {
                return e->value;
            }
            continue;
        }
        for (e = map->first; e; e = e->next) {
            if (e->hash == hash && strcmp(e->key, key) == 0) {
                return e->value;
            }
        }
    }
    return NULL;
}

landing_value_t *landing_value_get(const landing_value_t *map,
                                   const char *key)
{
    return landing_value_get_hashed(map, key, landing_value_key_hash(key));
}

const char *landing_value_get_str(const landing_value_t *map,
                                  const char *key)
{
    const landing_value_t *v = landing_value_get(map, key);
    return (v && v->type == LANDING_VALUE_STRING) ? v->str : NULL;
}

int landing_value_truthy(const landing_value_t *v)
{
    if (v == NULL) {
        return 0;
    }
    switch (v->type) {
    case LANDING_VALUE_STRING:
        return !v->falsy;
    case LANDING_VALUE_LIST:
        return v->count > 0;
    default:
        return 1;
    }
}

int landing_value_equal(const landing_value_t *a, const landing_value_t *b)
{
    const landing_entry_t *x, *y;

    if (a == NULL || b == NULL) {
        return a == b;
    }
    if (a->type != b->type || a->line != b->line || a->column != b->column
        || a->count != b->count) {
        return 0;
    }
    if (a->type == LANDING_VALUE_STRING) {
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0
               && a->falsy == b->falsy;
    }
    for (x = a->first, y = b->first; x && y; x = x->next, y = y->next) {
        if ((x->key == NULL) != (y->key == NULL)
            || (x->key && strcmp(x->key, y->key) != 0)
            || !landing_value_equal(x->value, y->value)) {
            return 0;
        }
    }
    return x == NULL && y == NULL;
}
