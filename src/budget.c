/* The render memory budget, shared by every process of the server. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#include <apr_atomic.h>
#include <apr_shm.h>
#include <apr_thread_proc.h>

#include "budget.h"

typedef struct {
    volatile apr_uint32_t pid;      /* 0: free */
    volatile apr_uint32_t pad;
    volatile apr_uint64_t bytes;    /* this process's shares */
} slot_t;

typedef struct {
    volatile apr_uint64_t used;
    apr_uint64_t max;
    apr_uint32_t nslots;
    apr_uint32_t pad;
    slot_t slot[1];
} shared_t;

struct landing_budget_t {
    apr_shm_t *shm;
    shared_t *mem;
};

/* This process's slot (landing_budget_attach). The pid tells a forked
 * child, which inherits the variables, from the process that set them. */
static slot_t *my_slot;
static pid_t my_slot_pid;

apr_status_t landing_budget_create(apr_pool_t *p, apr_uint64_t max,
                                   int slots, landing_budget_t **budget)
{
    landing_budget_t *b = apr_pcalloc(p, sizeof(*b));
    apr_size_t size;
    apr_status_t rv;

    if (slots < 1) {
        slots = 1;
    }
    size = sizeof(shared_t) + (apr_size_t)(slots - 1) * sizeof(slot_t);
    rv = apr_shm_create(&b->shm, size, NULL, p);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    b->mem = apr_shm_baseaddr_get(b->shm);
    memset((void *)b->mem, 0, size);
    b->mem->max = max;
    b->mem->nslots = (apr_uint32_t)slots;
    *budget = b;
    return APR_SUCCESS;
}

static int process_gone(apr_uint32_t pid)
{
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Give back everything a gone process held, once: whoever empties its
 * slot's bytes gives them back, then frees the slot. */
static void reclaim(shared_t *m, slot_t *s, apr_uint32_t pid)
{
    apr_uint64_t held;

    if (apr_atomic_cas32(&s->pid, (apr_uint32_t)-1, pid) != pid) {
        return;     /* someone else is at it, or it changed */
    }
    held = apr_atomic_xchg64(&s->bytes, 0);
    if (held) {
        apr_atomic_sub64(&m->used, held);
    }
    apr_atomic_set32(&s->pid, 0);
}

static void reclaim_gone(shared_t *m)
{
    apr_uint32_t i, me = (apr_uint32_t)getpid();

    for (i = 0; i < m->nslots; i++) {
        apr_uint32_t pid = apr_atomic_read32(&m->slot[i].pid);
        if (pid != 0 && pid != (apr_uint32_t)-1 && pid != me
            && process_gone(pid)) {
            reclaim(m, &m->slot[i], pid);
        }
    }
}

/* This process's slot, or NULL when it has none. */
static slot_t *my(void)
{
    return (my_slot && my_slot_pid == getpid()) ? my_slot : NULL;
}

/* The process is done: what its slot still holds (nothing, unless a
 * request was cut short) goes back, and the slot is free. */
static apr_status_t leave_slot(void *data)
{
    shared_t *m = data;
    slot_t *s = my();

    if (s) {
        apr_uint64_t held = apr_atomic_xchg64(&s->bytes, 0);
        if (held) {
            apr_atomic_sub64(&m->used, held);
        }
        my_slot = NULL;
        apr_atomic_set32(&s->pid, 0);
    }
    return APR_SUCCESS;
}

void landing_budget_attach(landing_budget_t *budget, apr_pool_t *pchild)
{
    shared_t *m = budget->mem;
    pid_t me = getpid();
    apr_uint32_t i;

    my_slot = NULL;
    my_slot_pid = me;
    for (i = 0; i < m->nslots; i++) {
        slot_t *s = &m->slot[i];
        apr_uint32_t pid = apr_atomic_read32(&s->pid);
        /* A slot with this pid is from a gone process whose pid came
         * round again; any other is free once its process is gone. */
        if (pid != 0 && pid != (apr_uint32_t)-1
            && (pid == (apr_uint32_t)me || process_gone(pid))) {
            reclaim(m, s, pid);
            pid = apr_atomic_read32(&s->pid);
        }
        if (pid == 0 && apr_atomic_cas32(&s->pid, (apr_uint32_t)me, 0) == 0) {
            my_slot = s;
            /* Every share is given back before the process exits: the
             * slot is free for the next one. */
            apr_pool_cleanup_register(pchild, m, leave_slot,
                                      apr_pool_cleanup_null);
            return;
        }
    }
}

apr_status_t landing_budget_take(landing_budget_t *budget, apr_uint64_t bytes,
                                 apr_interval_time_t wait)
{
    shared_t *m = budget->mem;
    apr_time_t deadline = apr_time_now() + wait;
    apr_interval_time_t nap = 1000;
    int reclaimed = 0;
    slot_t *s = my();

    for (;;) {
        apr_uint64_t used = apr_atomic_read64(&m->used);
        if (used == 0 || (used + bytes >= used && used + bytes <= m->max)) {
            if (apr_atomic_cas64(&m->used, used + bytes, used) == used) {
                break;
            }
            continue;
        }
        if (!reclaimed) {
            /* Spent: first see whether a gone process holds some. */
            reclaim_gone(m);
            reclaimed = 1;
            continue;
        }
        if (apr_time_now() >= deadline) {
            return APR_TIMEUP;
        }
        /* No lock to wait on across processes: nap, a little longer
         * each time, up to 20 ms. */
        apr_sleep(nap);
        if (nap < 20000) {
            nap *= 2;
        }
    }
    if (s) {
        apr_atomic_add64(&s->bytes, bytes);
    }
    return APR_SUCCESS;
}

void landing_budget_give(landing_budget_t *budget, apr_uint64_t bytes)
{
    shared_t *m = budget->mem;
    slot_t *s = my();

    if (s) {
        apr_atomic_sub64(&s->bytes, bytes);
    }
    apr_atomic_sub64(&m->used, bytes);
}

apr_uint64_t landing_budget_used(const landing_budget_t *budget)
{
    return apr_atomic_read64(&budget->mem->used);
}

apr_uint64_t landing_budget_max(const landing_budget_t *budget)
{
    return budget->mem->max;
}

apr_uint64_t landing_budget_estimate(apr_uint64_t len)
{
    return 24 * len + 64 * 1024;
}
