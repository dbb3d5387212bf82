/**
 * @file budget.h
 * @brief A bound on the memory that renders in flight take, across every
 *        process and thread of the server, in shared memory.
 *
 * A render takes its share of the budget before it reads or parses a
 * body, and gives it back when it is done. When the budget is spent, a
 * new render waits, a bounded time, for room; then it is refused, and
 * the caller passes the page through instead. The budget lives in a
 * shared memory segment made before the processes fork, and is kept with
 * atomic operations, without a lock, so it holds the same under prefork
 * (one thread per process), worker and event.
 *
 * A process that dies holding a share (a crash) would leak it: each
 * process keeps its shares in a slot of its own, marked with its pid, and
 * a waiter that finds the budget spent gives back the shares of slots
 * whose process is gone.
 */
#ifndef LANDING_BUDGET_H
#define LANDING_BUDGET_H

#include <apr_pools.h>
#include <apr_time.h>

typedef struct landing_budget_t landing_budget_t;

/**
 * A budget of @p max bytes, with room for the shares of @p slots
 * processes (more processes still take and give, but a crash of one of
 * them leaks its shares), in anonymous shared memory that lives as long
 * as @p p. Call before the processes fork.
 */
apr_status_t landing_budget_create(apr_pool_t *p, apr_uint64_t max,
                                   int slots, landing_budget_t **budget);

/**
 * Give this process a slot for its shares, freed when @p pchild is
 * cleared; call once per process after the fork (child_init), before its
 * threads take shares. A process without a slot (all are taken, or it
 * never attached) takes and gives all the same, but a crash of it leaks
 * what it held.
 */
void landing_budget_attach(landing_budget_t *budget, apr_pool_t *pchild);

/**
 * Take @p bytes. When they do not fit, wait for room, up to @p wait;
 * then return APR_TIMEUP and take nothing. A share larger than the whole
 * budget is taken when nothing else is in flight, so every page can be
 * rendered on a quiet server. Thread-safe, and safe across processes.
 */
apr_status_t landing_budget_take(landing_budget_t *budget, apr_uint64_t bytes,
                                 apr_interval_time_t wait);

/** Give back @p bytes taken by this process. */
void landing_budget_give(landing_budget_t *budget, apr_uint64_t bytes);

/** The bytes in flight now, all processes together. */
apr_uint64_t landing_budget_used(const landing_budget_t *budget);

/** The budget's size. */
apr_uint64_t landing_budget_max(const landing_budget_t *budget);

/**
 * What a render of a @p len byte body takes, as charged to the budget:
 * the body, cmark-gfm's tree and the page: measured at its peak, 16 times
 * the Markdown for a 7 MB page of prose, lists and code, 23 times with a
 * table, struck text and a task list in every section (bench/make-page),
 * with cmark-gfm's default extensions; plus a little for the chrome.
 * Denser markup can take more, up to cmark's own budget (mdguard.h).
 */
apr_uint64_t landing_budget_estimate(apr_uint64_t len);

#endif
