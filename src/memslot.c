/* cmark allocators that know whose memory they hand out: see memslot.h. */
#include <pthread.h>

#include "memslot.h"

typedef struct {
    const landing_memslot_ops_t *ops;   /* NULL: free */
    void *ctx;
} slot_t;

static slot_t slots[LANDING_MEMSLOT_COUNT];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int taken;
static int limit = LANDING_MEMSLOT_COUNT;

/* Slot @p i's three functions, named for @p n. Only the document that
 * holds the slot calls them, so they read it without the lock. */
#define SLOT_FNS(n, i)                                                    \
    static void *slot_calloc_##n(size_t count, size_t size)               \
    {                                                                     \
        return slots[i].ops->calloc(slots[i].ctx, count, size);           \
    }                                                                     \
    static void *slot_realloc_##n(void *ptr, size_t size)                 \
    {                                                                     \
        return slots[i].ops->realloc(slots[i].ctx, ptr, size);            \
    }                                                                     \
    static void slot_free_##n(void *ptr)                                  \
    {                                                                     \
        slots[i].ops->free(slots[i].ctx, ptr);                            \
    }
#define SLOT_FNS8(n, g)                                                   \
    SLOT_FNS(n##_0, (g) * 8 + 0) SLOT_FNS(n##_1, (g) * 8 + 1)             \
    SLOT_FNS(n##_2, (g) * 8 + 2) SLOT_FNS(n##_3, (g) * 8 + 3)             \
    SLOT_FNS(n##_4, (g) * 8 + 4) SLOT_FNS(n##_5, (g) * 8 + 5)             \
    SLOT_FNS(n##_6, (g) * 8 + 6) SLOT_FNS(n##_7, (g) * 8 + 7)

SLOT_FNS8(g0, 0) SLOT_FNS8(g1, 1) SLOT_FNS8(g2, 2) SLOT_FNS8(g3, 3)
SLOT_FNS8(g4, 4) SLOT_FNS8(g5, 5) SLOT_FNS8(g6, 6) SLOT_FNS8(g7, 7)
SLOT_FNS8(g8, 8) SLOT_FNS8(g9, 9) SLOT_FNS8(g10, 10) SLOT_FNS8(g11, 11)
SLOT_FNS8(g12, 12) SLOT_FNS8(g13, 13) SLOT_FNS8(g14, 14) SLOT_FNS8(g15, 15)

#define SLOT_MEM(n) { slot_calloc_##n, slot_realloc_##n, slot_free_##n }
#define SLOT_MEM8(n)                                                      \
    SLOT_MEM(n##_0), SLOT_MEM(n##_1), SLOT_MEM(n##_2), SLOT_MEM(n##_3),   \
    SLOT_MEM(n##_4), SLOT_MEM(n##_5), SLOT_MEM(n##_6), SLOT_MEM(n##_7)

static cmark_mem mems[LANDING_MEMSLOT_COUNT] = {
    SLOT_MEM8(g0), SLOT_MEM8(g1), SLOT_MEM8(g2), SLOT_MEM8(g3),
    SLOT_MEM8(g4), SLOT_MEM8(g5), SLOT_MEM8(g6), SLOT_MEM8(g7),
    SLOT_MEM8(g8), SLOT_MEM8(g9), SLOT_MEM8(g10), SLOT_MEM8(g11),
    SLOT_MEM8(g12), SLOT_MEM8(g13), SLOT_MEM8(g14), SLOT_MEM8(g15)
};

/* The tables above are written out for 16 groups of 8. */
typedef char slot_count_is_128[LANDING_MEMSLOT_COUNT == 16 * 8 ? 1 : -1];

cmark_mem *landing_memslot_take(const landing_memslot_ops_t *ops, void *ctx)
{
    cmark_mem *mem = NULL;
    int i;

    pthread_mutex_lock(&lock);
    for (i = 0; i < limit && taken < limit; i++) {
        if (slots[i].ops == NULL) {
            slots[i].ops = ops;
            slots[i].ctx = ctx;
            taken++;
            mem = &mems[i];
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return mem;
}

void landing_memslot_give(cmark_mem *mem)
{
    if (mem == NULL || mem < mems || mem >= mems + LANDING_MEMSLOT_COUNT) {
        return;
    }
    pthread_mutex_lock(&lock);
    if (slots[mem - mems].ops != NULL) {
        slots[mem - mems].ops = NULL;
        slots[mem - mems].ctx = NULL;
        taken--;
    }
    pthread_mutex_unlock(&lock);
}

int landing_memslot_taken(void)
{
    int n;

    pthread_mutex_lock(&lock);
    n = taken;
    pthread_mutex_unlock(&lock);
    return n;
}

void landing_memslot_limit(int n)
{
    pthread_mutex_lock(&lock);
    limit = (n < 0 || n > LANDING_MEMSLOT_COUNT) ? LANDING_MEMSLOT_COUNT : n;
    pthread_mutex_unlock(&lock);
}
