/*
 * Unit tests for src/gate: never more holders than the gate allows, and
 * every waiter gets in eventually.
 */
#include <apr_atomic.h>
#include <apr_general.h>
#include <apr_thread_proc.h>

#include "gate.h"
#include "tap.h"

#define THREADS 8
#define ROUNDS 200

static landing_gate_t *gate;
static volatile apr_uint32_t inside;
static volatile apr_uint32_t most;
static volatile apr_uint32_t done;

static void *APR_THREAD_FUNC worker(apr_thread_t *t, void *data)
{
    int i;
    (void)data;
    for (i = 0; i < ROUNDS; i++) {
        apr_uint32_t now, seen;
        landing_gate_enter(gate);
        now = apr_atomic_inc32(&inside) + 1;
        do {
            seen = apr_atomic_read32(&most);
        } while (now > seen && apr_atomic_cas32(&most, now, seen) != seen);
        apr_thread_yield();
        apr_atomic_dec32(&inside);
        landing_gate_leave(gate);
    }
    apr_atomic_inc32(&done);
    apr_thread_exit(t, APR_SUCCESS);
    return NULL;
}

int main(void)
{
    apr_pool_t *pool;
    apr_thread_t *threads[THREADS];
    apr_status_t rv;
    int i;

    apr_initialize();
    apr_pool_create(&pool, NULL);

    ok(landing_gate_cpus() >= 1, "at least one CPU");
    ok(landing_gate_create(pool, 2, &gate) == APR_SUCCESS, "a gate for 2");
    for (i = 0; i < THREADS; i++) {
        apr_thread_create(&threads[i], NULL, worker, NULL, pool);
    }
    for (i = 0; i < THREADS; i++) {
        apr_thread_join(&rv, threads[i]);
    }
    is_int(apr_atomic_read32(&done), THREADS, "every thread got through");
    ok(apr_atomic_read32(&most) <= 2, "never more than 2 inside (saw %u)",
       (unsigned)apr_atomic_read32(&most));
    is_int(apr_atomic_read32(&inside), 0, "nobody left inside");

    ok(landing_gate_create(pool, 0, &gate) == APR_SUCCESS,
       "a gate for 0 is a gate for 1");
    landing_gate_enter(gate);
    landing_gate_leave(gate);
    ok(1, "and it opens");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
