/**
 * @file date.h
 * @brief A page's "last updated" date: read from front matter or taken
 *        from a time, and written as an ISO 8601 date and as a date a
 *        reader of the page's language reads.
 *
 * Deterministic and thread-safe: the month names are a small table here,
 * dates are in UTC, and nothing depends on the process's locale (no
 * setlocale, no strftime %B), so a threaded server, landing-render and
 * every server of a fleet write the same bytes.
 */
#ifndef LANDING_DATE_H
#define LANDING_DATE_H

#include <apr_pools.h>
#include <apr_time.h>

#include "value.h"

/**
 * Parse front matter's date @p s: "YYYY-MM-DD", optionally followed by
 * 'T' or a space and a time "HH:MM[:SS]" and a zone ("Z" or "+HH:MM"),
 * as YAML and VuePress's lastUpdated write it. Sets @p *t (UTC) and
 * returns 1; returns 0 for anything else (a date that does not exist,
 * such as 2024-02-30, too).
 */
int landing_date_parse(const char *s, apr_time_t *t);

/**
 * The template value for time @p t: a map {iso: "2024-05-01", text:
 * "May 1, 2024"}, the day in UTC. @p lang is the page's language (a
 * BCP 47 tag such as "de" or "pt-BR"; only its first subtag counts):
 * en, de, fr, es, it, nl, pt, ja and zh have their own form; any other
 * language gets the ISO date as text too, which reads the same in all.
 */
landing_value_t *landing_date_value(apr_pool_t *p, apr_time_t t,
                                    const char *lang);

/** The text form alone (see landing_date_value). */
const char *landing_date_text(apr_pool_t *p, apr_time_t t,
                              const char *lang);

#endif
