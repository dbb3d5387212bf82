/* Site variables: built once, merged in constant time. */
#include <string.h>
#include <apr_strings.h>

#include "hash.h"
#include "site.h"

struct landing_site_t {
    landing_value_t *map;
    apr_uint64_t digest;
};

landing_site_t *landing_site_make(apr_pool_t *p)
{
    landing_site_t *site = apr_pcalloc(p, sizeof(*site));

    site->map = landing_value_map(p);
    landing_value_index(p, site->map);
    site->digest = landing_hash_str(0, "site");
    return site;
}

void landing_site_set(apr_pool_t *p, landing_site_t *site, const char *key,
                      const char *value)
{
    landing_value_set(p, site->map, apr_pstrdup(p, key),
                      landing_value_cstr(p, value));
    /* The digest of the lines in order: a key set twice is hashed twice,
     * which can only give two equal sets two digests, never the reverse
     * (up to the hash). */
    site->digest = landing_hash_str(landing_hash_str(site->digest, key),
                                    value);
}

landing_site_t *landing_site_merge(apr_pool_t *p,
                                   const landing_site_t *base,
                                   const landing_site_t *add)
{
    landing_site_t *site;

    /* The result is read only, as both inputs are: the casts only let
     * one be returned as it is. */
    if (base == NULL || base->map->count == 0) {
        return (landing_site_t *)(add ? add : base);
    }
    if (add == NULL || add->map->count == 0) {
        return (landing_site_t *)base;
    }
    site = apr_palloc(p, sizeof(*site));
    /* A shallow copy of the child's map (its entries and index shared),
     * in front of the parent's. */
    site->map = apr_pmemdup(p, add->map, sizeof(*add->map));
    site->map->under = base->map;
    site->digest = landing_hash_u64(landing_hash_u64(base->digest,
                                                     add->digest), 0x5e7);
    return site;
}

const landing_value_t *landing_site_value(const landing_site_t *site)
{
    return site ? site->map : NULL;
}

apr_uint64_t landing_site_digest(const landing_site_t *site)
{
    return site ? site->digest : 0;
}
