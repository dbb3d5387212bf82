/**
 * @file gate.h
 * @brief A counting gate: at most N holders at once, the rest wait.
 *
 * Rendering is CPU-bound and needs memory in proportion to the page
 * (cmark's tree is several times the Markdown). More renders at once than
 * there are CPUs finish no sooner, but each holds its memory meanwhile;
 * a gate of CPU-count bounds a child's memory to the cache plus that many
 * pages in flight, however many threads it has.
 */
#ifndef LANDING_GATE_H
#define LANDING_GATE_H

#include <apr_pools.h>
#include <apr_errno.h>

typedef struct landing_gate_t landing_gate_t;

/** A gate for @p max holders (at least 1), living in @p p. */
apr_status_t landing_gate_create(apr_pool_t *p, int max,
                                 landing_gate_t **gate);

/** Wait until there is room, then hold one place. */
void landing_gate_enter(landing_gate_t *gate);

/** Give the place back. */
void landing_gate_leave(landing_gate_t *gate);

/** The number of CPUs online (at least 1). */
int landing_gate_cpus(void);

#endif
