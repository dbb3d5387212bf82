/*
 * The shared render cache: files in a directory, an index of them in
 * shared memory (see sharedcache.h for the shape and why).
 *
 * Slots change state by compare-and-swap only: FREE, READY (a file is in
 * place and counted), or claimed by one writer (a token of its own). The
 * claim is what makes one writer the owner of a slot; whatever it does
 * next, no other process can touch the slot until it sets it READY or
 * FREE, or until a minute has passed and the claim is taken for stale
 * (the writer died). The cost of a slot's file is counted in the total
 * while the slot holds one (cost > 0).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_strings.h>

#include "hash.h"
#include "sharedcache.h"

#define SLOT_FREE  0u
#define SLOT_READY 1u

/* Files are counted in whole pages of the kernel's page cache. */
#define PAGE_BYTES 4096
/* A slot for every 8 KB of the bound (rendered pages are larger), within
 * these limits. */
#define SLOT_BYTES 8192
#define SLOTS_MIN 64
#define SLOTS_MAX (1 << 21)
/* How far from its home slot an entry may be. */
#define WINDOW 16
/* A claim older than this is a dead writer's. */
#define STALE apr_time_from_sec(60)
/* The header is read in one go: keys longer than fit are not cached. */
#define HEADER_MAX 4096

#define MAGIC "LNDC"
#define VERSION 1

typedef struct {
    volatile apr_uint32_t state;    /* SLOT_FREE, SLOT_READY or a claim */
    apr_uint32_t pad;
    volatile apr_uint64_t hash;     /* of the key; names the file */
    volatile apr_uint64_t used;     /* the clock at its last use */
    volatile apr_uint64_t cost;     /* its file's, counted; 0: none */
    volatile apr_uint64_t claimed;  /* apr_time_t the claim was made */
} slot_t;

typedef struct {
    apr_uint64_t max;
    apr_uint32_t nslots;
    volatile apr_uint32_t tokens;
    volatile apr_uint64_t clock;    /* ticks once per use: LRU order */
    volatile apr_uint64_t bytes;
    volatile apr_uint64_t entries;
    volatile apr_uint64_t evictions;
    volatile apr_uint64_t torn;
    slot_t slot[1];
} shared_t;

struct landing_sharedcache_t {
    apr_shm_t *shm;
    shared_t *mem;
    const char *dir;
};

/* The fixed part of a file's header; the key and the ETag follow. Native
 * byte order: the files never leave the machine that wrote them. */
typedef struct {
    char magic[4];
    apr_uint32_t version;
    apr_uint32_t header_len;        /* this, the key and the ETag */
    apr_int32_t failure;
    apr_uint64_t mtime;
    apr_uint64_t len;
    apr_uint64_t gzip_len;
    apr_uint32_t klen;
    apr_uint32_t elen;
    apr_uint64_t check;             /* of the header with this field 0 */
} header_t;

static landing_sharedcache_crash_e crash_at;
static volatile apr_uint32_t tmp_counter;

void landing_sharedcache_crash_at(landing_sharedcache_crash_e where)
{
    crash_at = where;
}

static void crash_if(landing_sharedcache_crash_e where)
{
    if (crash_at == where) {
        abort();
    }
}

static apr_uint64_t key_hash(const char *key, apr_size_t klen)
{
    return landing_hash(0, key, klen);
}

static const char *file_path(const landing_sharedcache_t *c, apr_pool_t *p,
                             apr_uint64_t h)
{
    return apr_psprintf(p, "%s/%016" APR_UINT64_T_HEX_FMT ".page", c->dir, h);
}

/* Is @p name one of this cache's files (a page or a temporary one)? */
static int own_file(const char *name)
{
    apr_size_t n = strlen(name), i;

    if (strncmp(name, ".tmp-", 5) == 0) {
        return 1;
    }
    if (n != 21 || strcmp(name + 16, ".page") != 0) {
        return 0;
    }
    for (i = 0; i < 16; i++) {
        if (!strchr("0123456789abcdef", name[i])) {
            return 0;
        }
    }
    return 1;
}

/* --- making it ------------------------------------------------------------ */

static apr_status_t wipe(const char *dir, apr_pool_t *p)
{
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_status_t rv = apr_dir_open(&d, dir, p);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    while (apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d)
           == APR_SUCCESS) {
        if (fi.filetype == APR_REG && own_file(fi.name)) {
            apr_file_remove(apr_pstrcat(p, dir, "/", fi.name, NULL), p);
        }
    }
    return apr_dir_close(d);
}

apr_status_t landing_sharedcache_create(apr_pool_t *p, const char *dir,
                                        apr_uint64_t max_bytes,
                                        landing_sharedcache_t **cache,
                                        const char **err)
{
    landing_sharedcache_t *c = apr_pcalloc(p, sizeof(*c));
    apr_uint64_t n = max_bytes / SLOT_BYTES;
    apr_finfo_t fi;
    apr_size_t size;
    apr_pool_t *tmp;
    apr_status_t rv;
    char ebuf[128];

    *err = NULL;
    rv = apr_dir_make(dir, APR_FPROT_UREAD | APR_FPROT_UWRITE
                           | APR_FPROT_UEXECUTE | APR_FPROT_GREAD
                           | APR_FPROT_GEXECUTE, p);
    if (rv != APR_SUCCESS && !APR_STATUS_IS_EEXIST(rv)) {
        *err = apr_psprintf(p, "cannot make the directory %s: %s", dir,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
        return rv;
    }
    rv = apr_stat(&fi, dir, APR_FINFO_TYPE, p);
    if (rv != APR_SUCCESS || fi.filetype != APR_DIR) {
        *err = apr_psprintf(p, "%s is not a directory", dir);
        return rv != APR_SUCCESS ? rv : APR_ENOTDIR;
    }
    if (apr_pool_create(&tmp, p) == APR_SUCCESS) {
        rv = wipe(dir, tmp);
        apr_pool_destroy(tmp);
        if (rv != APR_SUCCESS) {
            *err = apr_psprintf(p, "cannot read the directory %s: %s", dir,
                                apr_strerror(rv, ebuf, sizeof(ebuf)));
            return rv;
        }
    }

    n = n < SLOTS_MIN ? SLOTS_MIN : n > SLOTS_MAX ? SLOTS_MAX : n;
    size = sizeof(shared_t) + (apr_size_t)(n - 1) * sizeof(slot_t);
    rv = apr_shm_create(&c->shm, size, NULL, p);
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "no shared memory for its index (%"
                            APR_SIZE_T_FMT " bytes): %s", size,
                            apr_strerror(rv, ebuf, sizeof(ebuf)));
        return rv;
    }
    c->mem = apr_shm_baseaddr_get(c->shm);
    memset((void *)c->mem, 0, size);
    c->mem->max = max_bytes;
    c->mem->nslots = (apr_uint32_t)n;
    c->dir = apr_pstrdup(p, dir);
    *cache = c;
    return APR_SUCCESS;
}

const char *landing_sharedcache_dir(const landing_sharedcache_t *c)
{
    return c->dir;
}

apr_uint64_t landing_sharedcache_max(const landing_sharedcache_t *c)
{
    return c->mem->max;
}

/* --- the index -------------------------------------------------------------- */

static slot_t *slot_at(shared_t *m, apr_uint64_t h, apr_uint32_t i)
{
    return &m->slot[(h + i) % m->nslots];
}

static apr_uint32_t window(const shared_t *m)
{
    return m->nslots < WINDOW ? m->nslots : WINDOW;
}

static apr_uint32_t new_claim(shared_t *m)
{
    /* Never FREE or READY; unique among claims alive at once. */
    return 2 + (apr_atomic_inc32(&m->tokens) & 0x7fffffffu);
}

/* The slot is claimed: drop its file and its count. */
static void drop_file(landing_sharedcache_t *c, slot_t *s, apr_pool_t *p)
{
    apr_uint64_t cost = apr_atomic_read64(&s->cost);

    apr_file_remove(file_path(c, p, apr_atomic_read64(&s->hash)), p);
    if (cost) {
        apr_atomic_sub64(&c->mem->bytes, cost);
        apr_atomic_dec64(&c->mem->entries);
        apr_atomic_set64(&s->cost, 0);
    }
}

/* A claim @p state on @p s that a dead writer left, now @p now? */
static int stale(slot_t *s, apr_uint32_t state, apr_time_t now)
{
    return state > SLOT_READY
           && now - (apr_time_t)apr_atomic_read64(&s->claimed) > STALE;
}

/* Mark the entry with hash @p h as just used, if the index has it, and
 * return its file's cost (0 if the index has no such entry). */
static apr_uint64_t touch(shared_t *m, apr_uint64_t h)
{
    apr_uint32_t i, w = window(m);

    for (i = 0; i < w; i++) {
        slot_t *s = slot_at(m, h, i);
        if (apr_atomic_read32(&s->state) == SLOT_READY
            && apr_atomic_read64(&s->hash) == h) {
            apr_atomic_set64(&s->used, apr_atomic_inc64(&m->clock) + 1);
            return apr_atomic_read64(&s->cost);
        }
    }
    return 0;
}

/*
 * Claim a slot for the entry with hash @p h: its own if it has one
 * (replaced), else a free one, a stale claim, or the least recently used
 * entry of its window (evicted). NULL when another writer is storing the
 * same entry right now, or every slot of the window is claimed.
 */
static slot_t *claim(landing_sharedcache_t *c, apr_pool_t *p,
                     apr_uint64_t h, apr_uint32_t token,
                     apr_uint64_t *evicted)
{
    shared_t *m = c->mem;
    apr_uint32_t i, w = window(m);
    apr_time_t now = apr_time_now();
    slot_t *s = NULL, *oldest = NULL;
    apr_uint64_t oldest_used = 0;

    for (i = 0; i < w; i++) {
        apr_uint32_t st;
        s = slot_at(m, h, i);
        st = apr_atomic_read32(&s->state);
        if (apr_atomic_read64(&s->hash) != h || st == SLOT_FREE) {
            continue;
        }
        if (st == SLOT_READY
            && apr_atomic_cas32(&s->state, token, SLOT_READY) == SLOT_READY) {
            if (apr_atomic_read64(&s->hash) == h) {
                apr_atomic_set64(&s->claimed, (apr_uint64_t)now);
                return s;
            }
            apr_atomic_set32(&s->state, SLOT_READY);    /* changed hands */
        }
        else if (!stale(s, st, now)) {
            return NULL;            /* being written by someone else */
        }
    }
    for (i = 0; i < w; i++) {
        apr_uint32_t st;
        s = slot_at(m, h, i);
        st = apr_atomic_read32(&s->state);
        if ((st == SLOT_FREE || stale(s, st, now))
            && apr_atomic_cas32(&s->state, token, st) == st) {
            if (st != SLOT_FREE) {
                drop_file(c, s, p);
            }
            break;
        }
        if (st == SLOT_READY
            && (oldest == NULL || apr_atomic_read64(&s->used) < oldest_used)) {
            oldest = s;
            oldest_used = apr_atomic_read64(&s->used);
        }
        s = NULL;
    }
    if (s == NULL) {
        if (oldest == NULL
            || apr_atomic_cas32(&oldest->state, token, SLOT_READY)
               != SLOT_READY) {
            return NULL;
        }
        s = oldest;
        drop_file(c, s, p);
        apr_atomic_inc64(&m->evictions);
        (*evicted)++;
    }
    apr_atomic_set64(&s->cost, 0);
    apr_atomic_set64(&s->hash, h);
    apr_atomic_set64(&s->claimed, (apr_uint64_t)now);
    return s;
}

/* Evict least recently used entries, never @p keep, until the total fits
 * the bound. */
static void evict(landing_sharedcache_t *c, apr_pool_t *p, slot_t *keep,
                  apr_uint32_t token, apr_uint64_t *evicted)
{
    shared_t *m = c->mem;
    apr_uint32_t tries = m->nslots;

    while (apr_atomic_read64(&m->bytes) > m->max && tries-- > 0) {
        slot_t *victim = NULL;
        apr_uint64_t best = 0;
        apr_uint32_t i, st = SLOT_READY;
        apr_time_t now = apr_time_now();

        for (i = 0; i < m->nslots; i++) {
            slot_t *s = &m->slot[i];
            apr_uint32_t sst = apr_atomic_read32(&s->state);
            if (s == keep) {
                continue;
            }
            if (stale(s, sst, now) && apr_atomic_read64(&s->cost)) {
                victim = s;
                st = sst;
                break;
            }
            if (sst == SLOT_READY
                && (victim == NULL || apr_atomic_read64(&s->used) < best)) {
                victim = s;
                best = apr_atomic_read64(&s->used);
            }
        }
        if (victim == NULL) {
            return;
        }
        if (apr_atomic_cas32(&victim->state, token, st) == st) {
            drop_file(c, victim, p);
            apr_atomic_inc64(&m->evictions);
            (*evicted)++;
            apr_atomic_set32(&victim->state, SLOT_FREE);
        }
    }
}

/* --- reading and writing ------------------------------------------------ */

static apr_uint64_t header_check(const header_t *h, const char *rest)
{
    header_t copy = *h;

    copy.check = 0;
    return landing_hash(landing_hash(7, &copy, sizeof(copy)), rest,
                        (apr_size_t)h->klen + h->elen);
}

/*
 * The index knows each file's cost (its size rounded up to whole pages),
 * so one read(2) of that many bytes takes in a file of up to @p whole_max
 * bytes whole: its header and its bytes, which then go out from memory,
 * with no fstat(2) and no sendfile(2) (nor the socket options the core
 * sets around it). A file read whole is whole when it holds exactly what
 * its header says. Any other is read for its header alone (its first
 * 4 KB, which can be all of a small file the index does not know yet),
 * and its size checked against the header: a larger file, or one cut
 * short or grown.
 */
apr_status_t landing_sharedcache_get(landing_sharedcache_t *c,
                                     apr_pool_t *p, const char *key,
                                     apr_size_t klen, apr_int32_t open_flags,
                                     apr_size_t whole_max,
                                     landing_sharedcache_page_t *page)
{
    apr_uint64_t h = key_hash(key, klen), cost, total;
    char *buf;
    header_t hd;
    apr_size_t got;
    apr_finfo_t fi;
    apr_file_t *fd;
    apr_status_t rv;

    rv = apr_file_open(&fd, file_path(c, p, h),
                       APR_FOPEN_READ | APR_FOPEN_BINARY | open_flags, 0, p);
    if (rv != APR_SUCCESS) {
        return APR_NOTFOUND;
    }
    cost = touch(c->mem, h);
    got = cost > HEADER_MAX && cost <= whole_max ? (apr_size_t)cost
                                                 : HEADER_MAX;
    buf = apr_palloc(p, got);
    /* One read(2): a regular file's read stops short only at its end. */
    rv = apr_file_read(fd, buf, &got);
    if ((rv != APR_SUCCESS && !APR_STATUS_IS_EOF(rv)) || got < sizeof(hd)) {
        goto torn;
    }
    memcpy(&hd, buf, sizeof(hd));
    total = hd.header_len + hd.len + hd.gzip_len;
    if (memcmp(hd.magic, MAGIC, 4) != 0 || hd.version != VERSION
        || hd.klen != klen || hd.header_len > got
        || (apr_uint64_t)sizeof(hd) + hd.klen + hd.elen != hd.header_len
        || header_check(&hd, buf + sizeof(hd)) != hd.check
        || memcmp(buf + sizeof(hd), key, klen) != 0) {
        goto torn;
    }
    memset(page, 0, sizeof(*page));
    page->failure = hd.failure;
    page->etag = apr_pstrmemdup(p, buf + sizeof(hd) + hd.klen, hd.elen);
    page->mtime = (apr_time_t)hd.mtime;
    page->len = (apr_size_t)hd.len;
    page->gzip_len = (apr_size_t)hd.gzip_len;
    page->offset = hd.header_len;
    page->gzip_offset = (apr_off_t)(hd.header_len + hd.len);
    if (got == total && total <= whole_max) {
        page->data = buf + page->offset;
        page->gzip = hd.gzip_len ? buf + page->gzip_offset : NULL;
        apr_file_close(fd);
        return APR_SUCCESS;
    }
    if (apr_file_info_get(&fi, APR_FINFO_SIZE, fd) != APR_SUCCESS
        || (apr_uint64_t)fi.size != total) {
        goto torn;
    }
    page->fd = fd;
    return APR_SUCCESS;

torn:
    apr_file_close(fd);
    apr_atomic_inc64(&c->mem->torn);
    return LANDING_SHAREDCACHE_TORN;
}

void landing_sharedcache_release(landing_sharedcache_page_t *page)
{
    if (page->fd) {
        apr_file_close(page->fd);
        page->fd = NULL;
    }
}

/* Write the whole file under a temporary name. */
static apr_status_t write_file(const char *tmp, apr_pool_t *p,
                               const header_t *hd, const char *key,
                               const landing_sharedcache_page_t *page)
{
    apr_file_t *fd;
    apr_size_t n;
    const char *etag = page->etag ? page->etag : "";
    apr_status_t rv = apr_file_open(&fd, tmp,
                                    APR_FOPEN_WRITE | APR_FOPEN_CREATE
                                    | APR_FOPEN_EXCL | APR_FOPEN_BINARY,
                                    APR_FPROT_UREAD | APR_FPROT_UWRITE
                                    | APR_FPROT_GREAD, p);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    rv = apr_file_write_full(fd, hd, sizeof(*hd), &n);
    if (rv == APR_SUCCESS) {
        rv = apr_file_write_full(fd, key, hd->klen, &n);
    }
    if (rv == APR_SUCCESS) {
        rv = apr_file_write_full(fd, etag, hd->elen, &n);
    }
    if (rv == APR_SUCCESS && crash_at == LANDING_SHAREDCACHE_CRASH_WRITE) {
        apr_file_write_full(fd, page->data, hd->len / 2, &n);
        abort();
    }
    if (rv == APR_SUCCESS && hd->len) {
        rv = apr_file_write_full(fd, page->data, hd->len, &n);
    }
    if (rv == APR_SUCCESS && hd->gzip_len) {
        rv = apr_file_write_full(fd, page->gzip, hd->gzip_len, &n);
    }
    if (rv == APR_SUCCESS) {
        rv = apr_file_close(fd);
    }
    else {
        apr_file_close(fd);
    }
    return rv;
}

apr_status_t landing_sharedcache_put(landing_sharedcache_t *c,
                                     apr_pool_t *p, const char *key,
                                     apr_size_t klen,
                                     const landing_sharedcache_page_t *page,
                                     apr_uint64_t *evicted)
{
    shared_t *m = c->mem;
    apr_uint64_t h = key_hash(key, klen), dropped = 0, total, cost;
    const char *etag = page->etag ? page->etag : "";
    header_t hd;
    char *rest, *tmp;
    apr_uint32_t token;
    slot_t *s;
    apr_status_t rv;

    if (evicted == NULL) {
        evicted = &dropped;
    }
    *evicted = 0;
    memset(&hd, 0, sizeof(hd));
    memcpy(hd.magic, MAGIC, 4);
    hd.version = VERSION;
    hd.klen = (apr_uint32_t)klen;
    hd.elen = (apr_uint32_t)strlen(etag);
    if (sizeof(hd) + klen + hd.elen > HEADER_MAX) {
        return APR_ENAMETOOLONG;
    }
    hd.header_len = (apr_uint32_t)(sizeof(hd) + klen + hd.elen);
    hd.failure = page->failure;
    hd.mtime = (apr_uint64_t)page->mtime;
    hd.len = page->failure ? 0 : page->len;
    hd.gzip_len = page->failure || !page->gzip ? 0 : page->gzip_len;
    rest = apr_palloc(p, klen + hd.elen);
    memcpy(rest, key, klen);
    memcpy(rest + klen, etag, hd.elen);
    hd.check = header_check(&hd, rest);
    total = hd.header_len + hd.len + hd.gzip_len;
    cost = (total + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
    if (cost > m->max) {
        return APR_ENOSPC;
    }

    tmp = apr_psprintf(p, "%s/.tmp-%ld-%u", c->dir, (long)getpid(),
                       apr_atomic_inc32(&tmp_counter));
    rv = write_file(tmp, p, &hd, key, page);
    if (rv != APR_SUCCESS) {
        apr_file_remove(tmp, p);
        return rv;
    }
    token = new_claim(m);
    s = claim(c, p, h, token, evicted);
    if (s == NULL) {
        apr_file_remove(tmp, p);
        return APR_EAGAIN;
    }
    crash_if(LANDING_SHAREDCACHE_CRASH_CLAIMED);
    rv = apr_file_rename(tmp, file_path(c, p, h), p);
    if (rv != APR_SUCCESS) {
        /* The slot's old file, if any, is still in place. */
        apr_file_remove(tmp, p);
        apr_atomic_set32(&s->state, apr_atomic_read64(&s->cost)
                                    ? SLOT_READY : SLOT_FREE);
        return rv;
    }
    crash_if(LANDING_SHAREDCACHE_CRASH_RENAMED);
    {
        apr_uint64_t old = apr_atomic_read64(&s->cost);
        apr_atomic_set64(&s->cost, cost);
        apr_atomic_add64(&m->bytes, cost);
        if (old) {
            apr_atomic_sub64(&m->bytes, old);
        }
        else {
            apr_atomic_inc64(&m->entries);
        }
    }
    apr_atomic_set64(&s->used, apr_atomic_inc64(&m->clock) + 1);
    apr_atomic_set32(&s->state, SLOT_READY);
    evict(c, p, s, token, evicted);
    return APR_SUCCESS;
}

landing_sharedcache_stats_t
landing_sharedcache_stats(const landing_sharedcache_t *c)
{
    landing_sharedcache_stats_t st;
    shared_t *m = c->mem;

    st.entries = apr_atomic_read64(&m->entries);
    st.bytes = apr_atomic_read64(&m->bytes);
    st.max_bytes = m->max;
    st.slots = m->nslots;
    st.evictions = apr_atomic_read64(&m->evictions);
    st.torn = apr_atomic_read64(&m->torn);
    return st;
}
