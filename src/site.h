/**
 * @file site.h
 * @brief Site variables (LandingSet, landing-render --set): the "site"
 *        map templates read, built as the variables are set, merged per
 *        directory without a copy, and digested once.
 *
 * Everything here happens when the configuration is read or merged; a
 * request only reads the result. A look-up costs the same for 1 variable
 * as for 10,000 (the map has an index), and a merge costs the same
 * whatever the number on either side: the child's map stands in front of
 * its parent's (landing_value_t.under) instead of being copied into it.
 */
#ifndef LANDING_SITE_H
#define LANDING_SITE_H

#include <apr_pools.h>

#include "value.h"

typedef struct landing_site_t landing_site_t;

/** No variables yet. */
landing_site_t *landing_site_make(apr_pool_t *p);

/** Set @p key to a copy of @p value; a key set again keeps its place and
 *  takes the new value. Constant time. */
void landing_site_set(apr_pool_t *p, landing_site_t *site, const char *key,
                      const char *value);

/**
 * The variables of @p add over those of @p base (either may be NULL):
 * @p add's keys win, the rest come from @p base. Constant time; the
 * result shares both, which must not be changed afterwards.
 */
landing_site_t *landing_site_merge(apr_pool_t *p,
                                   const landing_site_t *base,
                                   const landing_site_t *add);

/** The map templates see as "site" (NULL for a NULL @p site). */
const landing_value_t *landing_site_value(const landing_site_t *site);

/** A digest of the variables for ETags and cache keys: two sets that
 *  were set and merged the same way have the same digest on every
 *  server; 0 for a NULL @p site. */
apr_uint64_t landing_site_digest(const landing_site_t *site);

#endif
