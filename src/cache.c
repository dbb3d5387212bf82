/*
 * The render cache. A hash finds entries by key; a doubly linked list
 * orders them by use, most recent at the head. Plain LRU fits: docs
 * traffic is a few hot pages and a long tail, and a page costs about the
 * same to render again whichever one is evicted.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_atomic.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "buf.h"
#include "cache.h"

/* Bookkeeping counted against the bound besides the page and key. */
#define ENTRY_OVERHEAD 128

struct landing_cache_entry_t {
    char *data;
    apr_size_t len;
    int failure;            /* a remembered failure: no data */
    char etag[48];
    apr_time_t mtime;
    apr_uint32_t refs;
    /* Owned by the cache while the entry is in it. */
    char *key;
    apr_size_t klen;
    apr_size_t cost;
    landing_cache_entry_t *prev;
    landing_cache_entry_t *next;
};

struct landing_cache_t {
    apr_hash_t *index;
    landing_cache_entry_t *head;     /* most recently used */
    landing_cache_entry_t *tail;
    apr_size_t max_bytes;
    apr_size_t bytes;
    landing_cache_stats_t stats;
#if APR_HAS_THREADS
    apr_thread_mutex_t *lock;
#endif
};

static void lock(landing_cache_t *c)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(c->lock);
#endif
}

static void unlock(landing_cache_t *c)
{
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(c->lock);
#endif
}

landing_cache_entry_t *landing_cache_entry_make(char *data, apr_size_t len,
                                                const char *etag,
                                                apr_time_t mtime)
{
    landing_cache_entry_t *e = calloc(1, sizeof(*e));
    if (e == NULL) {
        return NULL;
    }
    e->data = data;
    e->len = len;
    apr_cpystrn(e->etag, etag ? etag : "", sizeof(e->etag));
    e->mtime = mtime;
    e->refs = 1;
    return e;
}

landing_cache_entry_t *landing_cache_failure_make(int code)
{
    landing_cache_entry_t *e = landing_cache_entry_make(NULL, 0, NULL, 0);

    if (e) {
        e->failure = code ? code : -1;
    }
    return e;
}

int landing_cache_entry_failure(const landing_cache_entry_t *e)
{
    return e->failure;
}

const char *landing_cache_entry_data(const landing_cache_entry_t *e,
                                     apr_size_t *len)
{
    *len = e->len;
    return e->data;
}

const char *landing_cache_entry_etag(const landing_cache_entry_t *e)
{
    return e->etag;
}

apr_time_t landing_cache_entry_mtime(const landing_cache_entry_t *e)
{
    return e->mtime;
}

void landing_cache_release(landing_cache_entry_t *e)
{
    if (e && apr_atomic_dec32(&e->refs) == 0) {
        landing_buf_release(e->data);
        free(e->key);
        free(e);
    }
}

static void unlink_entry(landing_cache_t *c, landing_cache_entry_t *e)
{
    if (e->prev) {
        e->prev->next = e->next;
    }
    else {
        c->head = e->next;
    }
    if (e->next) {
        e->next->prev = e->prev;
    }
    else {
        c->tail = e->prev;
    }
    e->prev = e->next = NULL;
}

static void push_head(landing_cache_t *c, landing_cache_entry_t *e)
{
    e->prev = NULL;
    e->next = c->head;
    if (c->head) {
        c->head->prev = e;
    }
    c->head = e;
    if (c->tail == NULL) {
        c->tail = e;
    }
}

/* With the lock held: take @p e out of the cache and drop its ref. */
static void remove_entry(landing_cache_t *c, landing_cache_entry_t *e)
{
    apr_hash_set(c->index, e->key, e->klen, NULL);
    unlink_entry(c, e);
    c->bytes -= e->cost;
    c->stats.entries--;
    landing_cache_release(e);
}

static apr_status_t cache_cleanup(void *data)
{
    landing_cache_t *c = data;
    while (c->tail) {
        remove_entry(c, c->tail);
    }
    return APR_SUCCESS;
}

apr_status_t landing_cache_create(apr_pool_t *p, apr_size_t max_bytes,
                                  landing_cache_t **cache)
{
    landing_cache_t *c = apr_pcalloc(p, sizeof(*c));
#if APR_HAS_THREADS
    apr_status_t rv = apr_thread_mutex_create(&c->lock,
                                              APR_THREAD_MUTEX_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        return rv;
    }
#endif
    c->index = apr_hash_make(p);
    c->max_bytes = max_bytes;
    apr_pool_cleanup_register(p, c, cache_cleanup, apr_pool_cleanup_null);
    *cache = c;
    return APR_SUCCESS;
}

landing_cache_entry_t *landing_cache_get(landing_cache_t *c,
                                         const char *key, apr_size_t klen)
{
    landing_cache_entry_t *e;

    lock(c);
    e = apr_hash_get(c->index, key, klen);
    if (e) {
        unlink_entry(c, e);
        push_head(c, e);
        apr_atomic_inc32(&e->refs);
        c->stats.hits++;
    }
    else {
        c->stats.misses++;
    }
    unlock(c);
    return e;
}

void landing_cache_put(landing_cache_t *c, const char *key, apr_size_t klen,
                       landing_cache_entry_t *e)
{
    landing_cache_entry_t *old;
    apr_size_t cost = e->len + klen + ENTRY_OVERHEAD;

    if (cost > c->max_bytes || e->key != NULL) {
        return;    /* too large for this cache, or already in one */
    }
    e->key = malloc(klen);
    if (e->key == NULL) {
        return;
    }
    memcpy(e->key, key, klen);
    e->klen = klen;
    e->cost = cost;

    lock(c);
    old = apr_hash_get(c->index, key, klen);
    if (old) {
        remove_entry(c, old);
    }
    while (c->tail && c->bytes + cost > c->max_bytes) {
        remove_entry(c, c->tail);
        c->stats.evictions++;
    }
    apr_atomic_inc32(&e->refs);
    apr_hash_set(c->index, e->key, e->klen, e);
    push_head(c, e);
    c->bytes += cost;
    c->stats.entries++;
    unlock(c);
}

landing_cache_stats_t landing_cache_stats(landing_cache_t *c)
{
    landing_cache_stats_t s;
    lock(c);
    s = c->stats;
    s.bytes = c->bytes;
    unlock(c);
    return s;
}

/* --- a bucket that reads a cache entry in place -------------------------- */

typedef struct {
    apr_bucket_refcount refcount;    /* first: apr_bucket_shared_* use it */
    landing_cache_entry_t *entry;
} page_bucket_t;

static apr_status_t page_bucket_read(apr_bucket *b, const char **str,
                                     apr_size_t *len, apr_read_type_e block)
{
    page_bucket_t *pb = b->data;
    (void)block;
    *str = pb->entry->data + b->start;
    *len = b->length;
    return APR_SUCCESS;
}

static void page_bucket_destroy(void *data)
{
    page_bucket_t *pb = data;
    if (apr_bucket_shared_destroy(pb)) {
        landing_cache_release(pb->entry);
        apr_bucket_free(pb);
    }
}

/* The bytes live until the last reference is dropped, not with a pool,
 * so setting the bucket aside needs no copy. */
static const apr_bucket_type_t page_bucket_type = {
    "LANDING_PAGE", 5, APR_BUCKET_DATA,
    page_bucket_destroy,
    page_bucket_read,
    apr_bucket_setaside_noop,
    apr_bucket_shared_split,
    apr_bucket_shared_copy
};

apr_bucket *landing_cache_bucket_create(landing_cache_entry_t *e,
                                        apr_bucket_alloc_t *list)
{
    apr_bucket *b = apr_bucket_alloc(sizeof(*b), list);
    page_bucket_t *pb = apr_bucket_alloc(sizeof(*pb), list);

    APR_BUCKET_INIT(b);
    b->free = apr_bucket_free;
    b->list = list;
    pb->entry = e;
    b = apr_bucket_shared_make(b, pb, 0, e->len);
    b->type = &page_bucket_type;
    return b;
}
