/* Unit tests for src/memslot: cmark allocators that pass a context. */
#include <stdlib.h>
#include <string.h>

#include "memslot.h"
#include "tap.h"

/* What a context saw: each call, counted, with its last arguments. */
typedef struct {
    int callocs, reallocs, frees;
    size_t last_n, last_size;
    void *last_ptr;
} seen_t;

static void *rec_calloc(void *ctx, size_t n, size_t size)
{
    seen_t *s = ctx;

    s->callocs++;
    s->last_n = n;
    s->last_size = size;
    return calloc(n, size);
}

static void *rec_realloc(void *ctx, void *ptr, size_t size)
{
    seen_t *s = ctx;

    s->reallocs++;
    s->last_ptr = ptr;
    s->last_size = size;
    return realloc(ptr, size);
}

static void rec_free(void *ctx, void *ptr)
{
    seen_t *s = ctx;

    s->frees++;
    s->last_ptr = ptr;
    free(ptr);
}

static const landing_memslot_ops_t rec_ops = { rec_calloc, rec_realloc,
                                               rec_free };

/* Every slot's functions reach its own context, and only that one. */
static void test_every_slot(void)
{
    static seen_t seen[LANDING_MEMSLOT_COUNT];
    static cmark_mem *mem[LANDING_MEMSLOT_COUNT];
    int i, j, distinct = 1, right = 0, others_quiet = 1;
    seen_t extra = { 0 };

    memset(seen, 0, sizeof(seen));
    for (i = 0; i < LANDING_MEMSLOT_COUNT; i++) {
        mem[i] = landing_memslot_take(&rec_ops, &seen[i]);
        if (mem[i] == NULL) {
            break;
        }
    }
    is_int(i, LANDING_MEMSLOT_COUNT, "all %d slots can be taken",
           LANDING_MEMSLOT_COUNT);
    is_int(landing_memslot_taken(), i, "and are counted as taken");
    ok(landing_memslot_take(&rec_ops, &extra) == NULL,
       "with every slot taken there is none");
    for (i = 0; i < LANDING_MEMSLOT_COUNT && mem[i]; i++) {
        for (j = 0; j < i; j++) {
            distinct &= mem[i] != mem[j]
                        && mem[i]->calloc != mem[j]->calloc
                        && mem[i]->realloc != mem[j]->realloc
                        && mem[i]->free != mem[j]->free;
        }
    }
    ok(distinct, "each slot has functions of its own");

    /* Call slot i's functions (i + 1 callocs, one realloc, one free). */
    for (i = 0; i < LANDING_MEMSLOT_COUNT && mem[i]; i++) {
        void *p = NULL;
        for (j = 0; j <= i; j++) {
            free(p);
            p = mem[i]->calloc((size_t)i + 1, 8);
        }
        p = mem[i]->realloc(p, 1000 + (size_t)i);
        mem[i]->free(p);
        right += seen[i].callocs == i + 1 && seen[i].reallocs == 1
                 && seen[i].frees == 1 && seen[i].last_n == (size_t)i + 1
                 && seen[i].last_size == 1000 + (size_t)i
                 && seen[i].last_ptr == p;
    }
    is_int(right, LANDING_MEMSLOT_COUNT,
           "every slot's calls reach its own context, with their arguments");
    ok(extra.callocs == 0, "and never the context that got no slot");

    /* Given back, a slot is taken again with a new context. */
    landing_memslot_give(mem[5]);
    is_int(landing_memslot_taken(), LANDING_MEMSLOT_COUNT - 1,
           "a slot given back");
    landing_memslot_give(mem[5]);
    is_int(landing_memslot_taken(), LANDING_MEMSLOT_COUNT - 1,
           "giving it back twice changes nothing");
    mem[5] = landing_memslot_take(&rec_ops, &extra);
    ok(mem[5] != NULL, "taken again");
    free(mem[5]->calloc(1, 1));
    is_int(extra.callocs, 1, "its calls reach the new context");
    for (i = 0; i < LANDING_MEMSLOT_COUNT; i++) {
        others_quiet &= i == 5 || seen[i].callocs == i + 1;
    }
    ok(others_quiet, "and no other slot's");

    for (i = 0; i < LANDING_MEMSLOT_COUNT; i++) {
        landing_memslot_give(mem[i]);
    }
    is_int(landing_memslot_taken(), 0, "all given back");
}

static void test_give_and_limit(void)
{
    seen_t a = { 0 }, b = { 0 }, c = { 0 };
    cmark_mem foreign = { NULL, NULL, NULL };
    cmark_mem *ma, *mb;

    landing_memslot_give(NULL);
    landing_memslot_give(&foreign);
    is_int(landing_memslot_taken(), 0,
           "NULL and a cmark_mem of no slot are ignored");

    landing_memslot_limit(2);
    ma = landing_memslot_take(&rec_ops, &a);
    mb = landing_memslot_take(&rec_ops, &b);
    ok(ma && mb, "under a limit of 2, two slots");
    ok(landing_memslot_take(&rec_ops, &c) == NULL, "and no third");
    landing_memslot_limit(0);
    ok(landing_memslot_take(&rec_ops, &c) == NULL, "a limit of 0: none");
    landing_memslot_give(ma);
    landing_memslot_give(mb);
    landing_memslot_limit(-1);
    ma = landing_memslot_take(&rec_ops, &c);
    ok(ma != NULL, "the default restored: slots again");
    landing_memslot_give(ma);
    is_int(landing_memslot_taken(), 0, "none taken at the end");
}

int main(void)
{
    test_every_slot();
    test_give_and_limit();
    return done_testing();
}
