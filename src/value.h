/**
 * @file value.h
 * @brief The small value tree that front matter, site variables and page
 *        data are held in: strings, lists and maps, allocated from a pool.
 *
 * Templates read this tree; nothing in it is ever run as template code.
 */
#ifndef LANDING_VALUE_H
#define LANDING_VALUE_H

#include <apr_pools.h>

typedef enum {
    LANDING_VALUE_STRING,
    LANDING_VALUE_LIST,
    LANDING_VALUE_MAP
} landing_value_type_e;

typedef struct landing_value_t landing_value_t;

/** The @c falsy of a plain YAML null: "~", "null", "Null", "NULL". */
#define LANDING_VALUE_NULL 2
typedef struct landing_entry_t landing_entry_t;
typedef struct landing_value_index_t landing_value_index_t;

/** One item of a list or map; @c key is NULL in a list. */
struct landing_entry_t {
    const char *key;
    landing_value_t *value;
    landing_entry_t *next;
    /** landing_value_key_hash(key) in a map: look-ups compare it first. */
    unsigned int hash;
};

struct landing_value_t {
    landing_value_type_e type;
    /** String bytes (not necessarily NUL-free, always NUL-terminated). */
    const char *str;
    apr_size_t len;
    /** A string that reads as false: "", or a plain YAML false (1) or
     *  null (LANDING_VALUE_NULL, which templates print as nothing). */
    int falsy;
    /** List or map items, in document order. */
    landing_entry_t *first;
    landing_entry_t *last;
    apr_size_t count;
    /** Where the value starts in its YAML source (1-based), for error
     *  messages about configuration files; 0 when it has no source. */
    int line;
    int column;
    /** A map's index of its keys (landing_value_index), or NULL: then a
     *  look-up reads the entries one by one, which is faster for the
     *  few keys of a page's maps. */
    landing_value_index_t *index;
    /** A map that answers the keys this one lacks, or NULL: a child's
     *  site variables in front of its parent's (src/site.h), merged
     *  without a copy. Its entries are not this map's entries. */
    const landing_value_t *under;
};

/** A string value that refers to @p len bytes at @p str (not copied). */
landing_value_t *landing_value_str(apr_pool_t *p, const char *str,
                                   apr_size_t len);

/** A string value holding a copy of the NUL-terminated @p str. */
landing_value_t *landing_value_cstr(apr_pool_t *p, const char *str);

/** An empty list. */
landing_value_t *landing_value_list(apr_pool_t *p);

/** An empty map. */
landing_value_t *landing_value_map(apr_pool_t *p);

/** Append @p item to list @p list. */
void landing_value_push(apr_pool_t *p, landing_value_t *list,
                        landing_value_t *item);

/**
 * Set @p key in map @p map. A key already present is replaced in place, so
 * the map keeps one entry per key (YAML's last-one-wins for duplicates).
 */
void landing_value_set(apr_pool_t *p, landing_value_t *map, const char *key,
                       landing_value_t *value);

/** Shorthand: set @p key to a copy of the string @p str. */
void landing_value_set_cstr(apr_pool_t *p, landing_value_t *map,
                            const char *key, const char *str);

/**
 * Give map @p map an index of its keys, so that look-ups and
 * landing_value_set() take constant time whatever its size. For maps
 * built once and read by every request (site variables).
 */
void landing_value_index(apr_pool_t *p, landing_value_t *map);

/** What a look-up in @p map costs, in entries read: 1 per indexed map
 *  (and each one under it), else its count. */
apr_size_t landing_value_lookup_cost(const landing_value_t *map);

/** A key's hash, as maps keep it (FNV-1a). */
unsigned int landing_value_key_hash(const char *key);

/** landing_value_get() with the key's hash known already (templates work
 *  it out once, when they are compiled). */
landing_value_t *landing_value_get_hashed(const landing_value_t *map,
                                          const char *key, unsigned int hash);

/** The value of @p key in @p map, or NULL if absent or @p map is no map. */
landing_value_t *landing_value_get(const landing_value_t *map,
                                   const char *key);

/** The string at @p key, or NULL when absent or not a string. */
const char *landing_value_get_str(const landing_value_t *map,
                                  const char *key);

/**
 * Mustache truthiness: NULL, a falsy string and an empty list are false;
 * maps and every other string are true.
 */
int landing_value_truthy(const landing_value_t *v);

/** Are @p a and @p b the same tree: types, bytes, falsiness, positions,
 *  keys and items in order? (Shared values count by content.) */
int landing_value_equal(const landing_value_t *a, const landing_value_t *b);

#endif
