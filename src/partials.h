/**
 * @file partials.h
 * @brief Where {{> name}} finds its template: the built-in partials
 *        (landing/head, landing/header, ...: the default chrome's parts,
 *        embedded from conf/partials/), and files beside the including
 *        template.
 *
 * Names under "landing/" are the module's: they resolve to the built-in
 * partials, never to files. Any other name is a file: NAME.html in the
 * directory of the template that includes it (the usual Mustache
 * convention), so "nav" in /srv/chrome/layout.html is
 * /srv/chrome/nav.html and "parts/nav" is /srv/chrome/parts/nav.html.
 * A name is a relative path of letters, digits, '-', '_' and '.', with
 * '/' between its parts, none of them "." or "..": a partial is always
 * below the directory of its layout.
 */
#ifndef LANDING_PARTIALS_H
#define LANDING_PARTIALS_H

#include <apr_pools.h>

#include "template.h"

/** The prefix of the built-in partials' names. */
#define LANDING_PARTIALS_BUILTIN "landing/"

/**
 * The built-in partial @p name: 1 and its source in @p *src, @p *len,
 * or 0 when there is none of that name.
 */
int landing_partials_builtin_find(const char *name, const char **src,
                                  apr_size_t *len);

/**
 * A loader for the built-in partials only, for templates that have no
 * file (the built-in chrome and components).
 */
const landing_partials_t *landing_partials_builtin(void);

/**
 * The file of partial @p name included by the template in file @p from,
 * or NULL with @p *err saying why @p name cannot name one (a reserved
 * "landing/" name with no built-in partial, an absolute path, "..").
 */
const char *landing_partials_file(apr_pool_t *p, const char *from,
                                  const char *name, const char **err);

#endif
