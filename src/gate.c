/* A counting gate on an APR mutex and condition variable. Without
 * threads there is one request at a time anyway, and the gate is open. */
#include <unistd.h>
#include <apr_thread_cond.h>
#include <apr_thread_mutex.h>

#include "gate.h"

struct landing_gate_t {
#if APR_HAS_THREADS
    apr_thread_mutex_t *lock;
    apr_thread_cond_t *room;
#endif
    int max;
    int inside;
};

apr_status_t landing_gate_create(apr_pool_t *p, int max,
                                 landing_gate_t **gate)
{
    landing_gate_t *g = apr_pcalloc(p, sizeof(*g));
#if APR_HAS_THREADS
    apr_status_t rv = apr_thread_mutex_create(&g->lock,
                                              APR_THREAD_MUTEX_DEFAULT, p);
    if (rv == APR_SUCCESS) {
        rv = apr_thread_cond_create(&g->room, p);
    }
    if (rv != APR_SUCCESS) {
        return rv;
    }
#endif
    g->max = max < 1 ? 1 : max;
    *gate = g;
    return APR_SUCCESS;
}

void landing_gate_enter(landing_gate_t *g)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(g->lock);
    while (g->inside >= g->max) {
        apr_thread_cond_wait(g->room, g->lock);
    }
    g->inside++;
    apr_thread_mutex_unlock(g->lock);
#else
    (void)g;
#endif
}

void landing_gate_leave(landing_gate_t *g)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(g->lock);
    g->inside--;
    apr_thread_cond_signal(g->room);
    apr_thread_mutex_unlock(g->lock);
#else
    (void)g;
#endif
}

int landing_gate_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}
