/* A directory's layouts: merged in constant time, digested once a
 * second. */
#include <string.h>
#include <strings.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "hash.h"
#include "layouts.h"

/* One section's layouts and what is known of them. Merges share it. */
typedef struct {
    apr_hash_t *own;                /* name -> landing_layout_t */
#if APR_HAS_THREADS
    apr_thread_mutex_t *lock;
#endif
    int valid;
    apr_time_t checked;
    apr_uint32_t generation;
    apr_uint64_t sum;               /* of (name, template) hashes */
    apr_time_t mtime;
} section_t;

struct landing_layouts_t {
    section_t *section;
    landing_layouts_t *under;
};

landing_layouts_t *landing_layouts_make(apr_pool_t *p)
{
    landing_layouts_t *set = apr_pcalloc(p, sizeof(*set));

    set->section = apr_pcalloc(p, sizeof(*set->section));
    set->section->own = apr_hash_make(p);
#if APR_HAS_THREADS
    apr_thread_mutex_create(&set->section->lock, APR_THREAD_MUTEX_DEFAULT,
                            p);
#endif
    return set;
}

void landing_layouts_set(apr_pool_t *p, landing_layouts_t *set,
                         const char *name, landing_layout_t *layout)
{
    apr_hash_set(set->section->own, apr_pstrdup(p, name),
                 APR_HASH_KEY_STRING, layout);
    set->section->valid = 0;
}

landing_layouts_t *landing_layouts_merge(apr_pool_t *p,
                                         landing_layouts_t *base,
                                         landing_layouts_t *add)
{
    landing_layouts_t *set;

    if (base == NULL) {
        return add;
    }
    if (add == NULL) {
        return base;
    }
    set = apr_palloc(p, sizeof(*set));
    set->section = add->section;
    set->under = base;
    return set;
}

landing_layout_t *landing_layouts_get(const landing_layouts_t *set,
                                      const char *name)
{
    for (; set; set = set->under) {
        landing_layout_t *l = apr_hash_get(set->section->own, name,
                                           APR_HASH_KEY_STRING);
        if (l) {
            return l;
        }
    }
    return NULL;
}

const char *landing_layouts_find_nocase(const landing_layouts_t *set,
                                        apr_pool_t *p, const char *name)
{
    for (; set; set = set->under) {
        apr_hash_index_t *hi;
        for (hi = apr_hash_first(p, set->section->own); hi;
             hi = apr_hash_next(hi)) {
            const void *key;
            apr_hash_this(hi, &key, NULL, NULL);
            if (strcasecmp(key, name) == 0) {
                return key;
            }
        }
    }
    return NULL;
}

/* With the section's lock held: check every layout of the section and
 * digest them. APR seeds each hash table at random, so the order of a
 * walk differs between processes: the layouts are folded in with a sum,
 * which does not depend on it. */
static void section_digest(section_t *sec, apr_pool_t *reqpool,
                           apr_time_t now, apr_array_header_t **errors)
{
    apr_hash_index_t *hi;
    apr_uint64_t sum = 0;
    apr_time_t mtime = 0;

    for (hi = apr_hash_first(reqpool, sec->own); hi; hi = apr_hash_next(hi)) {
        const char *name;
        landing_layout_t *layout;
        landing_layout_use_t use;
        const char *err;

        apr_hash_this(hi, (const void **)&name, NULL, (void **)&layout);
        use = landing_layout_acquire(layout, reqpool, now, &err);
        if (err) {
            landing_layouts_error_t *e;
            if (*errors == NULL) {
                *errors = apr_array_make(reqpool, 1, sizeof(*e));
            }
            e = apr_array_push(*errors);
            e->name = name;
            e->error = err;
        }
        sum += landing_hash_u64(landing_hash_str(0, name), use.hash);
        if (use.mtime > mtime) {
            mtime = use.mtime;
        }
    }
    sec->sum = sum;
    sec->mtime = mtime;
}

void landing_layouts_digest(landing_layouts_t *set, apr_pool_t *reqpool,
                            apr_time_t now, apr_uint64_t *digest,
                            apr_time_t *mtime,
                            apr_array_header_t **errors)
{
    apr_uint64_t h = 0;
    apr_time_t newest = 0;

    for (; set; set = set->under) {
        section_t *sec = set->section;
        apr_uint32_t gen;

#if APR_HAS_THREADS
        apr_thread_mutex_lock(sec->lock);
#endif
        gen = landing_layout_generation();
        if (!sec->valid || sec->generation != gen
            || now - sec->checked >= LANDING_LAYOUT_CHECK_INTERVAL
            || now < sec->checked) {
            section_digest(sec, reqpool, now, errors);
            sec->checked = now;
            /* Read again: a reload just now changed it, and is in sum. */
            sec->generation = landing_layout_generation();
            sec->valid = 1;
        }
        h = landing_hash_u64(h, sec->sum);
        if (sec->mtime > newest) {
            newest = sec->mtime;
        }
#if APR_HAS_THREADS
        apr_thread_mutex_unlock(sec->lock);
#endif
    }
    *digest = h;
    *mtime = newest;
}
