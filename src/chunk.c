/* Large blocks: mmap, and a bounded list of spares per size. */
#include <pthread.h>
#include <sys/mman.h>

#include "chunk.h"

/* A spare block starts with its link; the rest of it is unused. */
typedef struct spare_t {
    struct spare_t *next;
    apr_size_t size;
} spare_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static spare_t *spares;
static apr_size_t spare_bytes;

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
    return m == MAP_FAILED ? NULL : m;
}

void landing_chunk_put(void *block, apr_size_t size)
{
    int keep;

    if (block == NULL) {
        return;
    }
    pthread_mutex_lock(&lock);
    keep = (spare_bytes + size <= LANDING_CHUNK_SPARE_MAX);
    if (keep) {
        spare_t *s = block;
        s->size = size;
        s->next = spares;
        spares = s;
        spare_bytes += size;
    }
    pthread_mutex_unlock(&lock);
    if (!keep) {
        munmap(block, size);
    }
}

apr_size_t landing_chunk_spare_bytes(void)
{
    apr_size_t n;

    pthread_mutex_lock(&lock);
    n = spare_bytes;
    pthread_mutex_unlock(&lock);
    return n;
}
