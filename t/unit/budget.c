/*
 * Unit tests for src/budget: the render memory budget holds across
 * threads and across processes, waits a bounded time, lets a share
 * larger than the budget run alone, and gets back what a process that
 * died held.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <apr_atomic.h>
#include <apr_general.h>
#include <apr_thread_proc.h>

#include "budget.h"
#include "tap.h"

#define THREADS 8
#define ROUNDS 200

static landing_budget_t *budget;
static volatile apr_uint64_t held;
static volatile apr_uint64_t most;
static volatile apr_uint32_t timeouts;

static void *APR_THREAD_FUNC worker(apr_thread_t *t, void *data)
{
    int i;
    (void)data;
    for (i = 0; i < ROUNDS; i++) {
        apr_uint64_t now, seen;
        if (landing_budget_take(budget, 300, apr_time_from_sec(10))
            != APR_SUCCESS) {
            apr_atomic_inc32(&timeouts);
            continue;
        }
        now = apr_atomic_add64(&held, 300) + 300;
        do {
            seen = apr_atomic_read64(&most);
        } while (now > seen && apr_atomic_cas64(&most, now, seen) != seen);
        apr_thread_yield();
        apr_atomic_sub64(&held, 300);
        landing_budget_give(budget, 300);
    }
    apr_thread_exit(t, APR_SUCCESS);
    return NULL;
}

int main(void)
{
    apr_pool_t *pool;
    apr_thread_t *threads[THREADS];
    apr_status_t rv;
    apr_time_t t0;
    int i, fds[2], status;
    pid_t pid;
    char c;

    apr_initialize();
    apr_pool_create(&pool, NULL);

    ok(landing_budget_create(pool, 1000, 4, &budget) == APR_SUCCESS,
       "a budget of 1000 bytes");
    landing_budget_attach(budget, pool);
    is_int((long)landing_budget_max(budget), 1000, "its size");

    ok(landing_budget_take(budget, 600, 0) == APR_SUCCESS, "take 600");
    is_int((long)landing_budget_used(budget), 600, "600 in use");
    t0 = apr_time_now();
    ok(landing_budget_take(budget, 600, apr_time_from_msec(50))
       == APR_TIMEUP, "600 more do not fit: refused after the wait");
    ok(apr_time_now() - t0 >= apr_time_from_msec(50), "it waited 50 ms");
    ok(apr_time_now() - t0 < apr_time_from_sec(2), "and not much longer");
    is_int((long)landing_budget_used(budget), 600, "still 600 in use");
    ok(landing_budget_take(budget, 400, 0) == APR_SUCCESS,
       "400 fit exactly");
    landing_budget_give(budget, 400);
    landing_budget_give(budget, 600);
    is_int((long)landing_budget_used(budget), 0, "all given back");

    ok(landing_budget_take(budget, 5000, 0) == APR_SUCCESS,
       "a share larger than the budget runs alone");
    ok(landing_budget_take(budget, 1, apr_time_from_msec(10)) == APR_TIMEUP,
       "... and nothing beside it");
    landing_budget_give(budget, 5000);

    /* Threads: never more than the budget in flight. */
    for (i = 0; i < THREADS; i++) {
        apr_thread_create(&threads[i], NULL, worker, NULL, pool);
    }
    for (i = 0; i < THREADS; i++) {
        apr_thread_join(&rv, threads[i]);
    }
    is_int((long)apr_atomic_read32(&timeouts), 0, "every thread got in");
    ok(apr_atomic_read64(&most) <= 1000,
       "never more than 1000 bytes held at once (saw %lu)",
       (unsigned long)apr_atomic_read64(&most));
    ok(apr_atomic_read64(&most) >= 600, "but more than one at a time");
    is_int((long)landing_budget_used(budget), 0, "threads gave all back");

    /* Another process holds 700: this one waits, then gets in when the
     * other gives them back. */
    if (pipe(fds) != 0) {
        return 1;
    }
    pid = fork();
    if (pid == 0) {
        apr_pool_t *child;
        apr_pool_create(&child, NULL);
        landing_budget_attach(budget, child);
        landing_budget_take(budget, 700, 0);
        if (write(fds[1], "x", 1) != 1) {
            _exit(1);
        }
        apr_sleep(apr_time_from_msec(300));
        landing_budget_give(budget, 700);
        apr_pool_destroy(child);
        _exit(0);
    }
    if (read(fds[0], &c, 1) != 1) {
        return 1;
    }
    ok(landing_budget_take(budget, 500, apr_time_from_msec(50))
       == APR_TIMEUP, "another process holds 700: 500 wait, refused");
    ok(landing_budget_take(budget, 500, apr_time_from_sec(5))
       == APR_SUCCESS, "... and get in once it gives them back");
    waitpid(pid, &status, 0);
    landing_budget_give(budget, 500);
    is_int((long)landing_budget_used(budget), 0, "0 in use");

    /* A process that dies holding 900: what it held comes back. */
    pid = fork();
    if (pid == 0) {
        apr_pool_t *child;
        apr_pool_create(&child, NULL);
        landing_budget_attach(budget, child);
        landing_budget_take(budget, 900, 0);
        _exit(0);    /* no cleanups: as a crash */
    }
    waitpid(pid, &status, 0);
    is_int((long)landing_budget_used(budget), 900,
           "a process died holding 900");
    ok(landing_budget_take(budget, 500, apr_time_from_sec(1))
       == APR_SUCCESS, "its share is taken back when room is short");
    is_int((long)landing_budget_used(budget), 500, "500 in use, mine");
    landing_budget_give(budget, 500);

    ok(landing_budget_estimate(7000000) >= 161000000
       && landing_budget_estimate(7000000) <= 175000000,
       "a 7 MB page is charged about 24 times its size");
    ok(landing_budget_estimate(0) > 0, "an empty one something");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
