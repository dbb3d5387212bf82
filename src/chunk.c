/* Large blocks: mmap, and a bounded list of spares per size. */
#include <pthread.h>
#include <sys/mman.h>

#include "chunk.h"

/* A spare block starts with its link; the rest of it is unused. */
typedef struct spare_t {
    struct spare_t *next;
    apr_size_t size;
} spare_t;

#define HUGE_MIN ((apr_size_t)4 * 1024 * 1024)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static spare_t *spares;
static apr_size_t spare_bytes;
/* The largest block asked for so far: what is kept is sized by it. */
static apr_size_t largest;

/* The bound on what is kept (with the lock held): twice the largest
 * block a page has needed, so a site of small pages keeps little, and
 * never more than LANDING_CHUNK_SPARE_MAX. */
static apr_size_t cap_locked(void)
{
    return largest < LANDING_CHUNK_SPARE_MAX / 2 ? 2 * largest
                                                 : LANDING_CHUNK_SPARE_MAX;
}

apr_size_t landing_chunk_size(apr_size_t n)
{
    apr_size_t size = LANDING_CHUNK_MIN;

    while (size < n) {
        if (size > ((apr_size_t)-1) / 4) {
            return 0;
        }
        size *= 2;
    }
    return size;
}

void *landing_chunk_get(apr_size_t size)
{
    spare_t *s, **pp;
    void *m;

    pthread_mutex_lock(&lock);
    if (size > largest) {
        largest = size;
    }
    for (pp = &spares; *pp && (*pp)->size != size; pp = &(*pp)->next) {
    }
    s = *pp;
    if (s) {
        *pp = s->next;
        spare_bytes -= size;
    }
    pthread_mutex_unlock(&lock);
    if (s) {
        return s;
    }
    m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (m == MAP_FAILED) {
        return NULL;
    }
#ifdef MADV_HUGEPAGE
    /* A block of megabytes (a page of megabytes being parsed) is faulted
     * in 2 MB at a time where the system allows it, not 4 KB at a time:
     * for a 5 MB page that was thousands of faults per render. */
    if (size >= HUGE_MIN) {
        madvise(m, size, MADV_HUGEPAGE);
    }
#endif
    return m;
}

void landing_chunk_put(void *block, apr_size_t size)
{
    spare_t *s = block, *drop = NULL, **pp;
    apr_size_t cap;

    if (block == NULL) {
        return;
    }
    /* Newest first; past the bound the oldest go, whatever their size:
     * the blocks the pages of now use stay, and a size no page asks for
     * any more does not hold the room. */
    pthread_mutex_lock(&lock);
    cap = cap_locked();
    if (size > cap) {
        pthread_mutex_unlock(&lock);
        munmap(block, size);
        return;
    }
    s->size = size;
    s->next = spares;
    spares = s;
    spare_bytes += size;
    if (spare_bytes > cap) {
        apr_size_t kept = 0;
        for (pp = &spares; *pp; pp = &(*pp)->next) {
            if (kept + (*pp)->size > cap) {
                break;
            }
            kept += (*pp)->size;
        }
        drop = *pp;
        *pp = NULL;
        spare_bytes = kept;
    }
    pthread_mutex_unlock(&lock);
    while (drop) {
        spare_t *next = drop->next;
        munmap(drop, drop->size);
        drop = next;
    }
}

apr_size_t landing_chunk_spare_cap(void)
{
    apr_size_t n;

    pthread_mutex_lock(&lock);
    n = cap_locked();
    pthread_mutex_unlock(&lock);
    return n;
}

apr_size_t landing_chunk_spare_bytes(void)
{
    apr_size_t n;

    pthread_mutex_lock(&lock);
    n = spare_bytes;
    pthread_mutex_unlock(&lock);
    return n;
}
