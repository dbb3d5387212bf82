/**
 * @file slug.h
 * @brief Heading ids as VuePress makes them, so that links written for a
 *        VuePress site keep working.
 *
 * The rules, in order: Unicode NFKD; combining diacritical marks
 * (U+0300..U+036F) dropped; control characters dropped; every run of
 * whitespace, ASCII punctuation and typographic quotes becomes one '-';
 * leading and trailing '-' trimmed; a leading ASCII digit gets a '_'
 * prefix; everything lowercased. Within one page, a slug that is taken
 * gets "-1", "-2", ... appended.
 *
 * Normalization, categories and case come from utf8proc (Debian
 * libutf8proc-dev), not from tables of our own.
 */
#ifndef LANDING_SLUG_H
#define LANDING_SLUG_H

#include <apr_pools.h>

/**
 * The slug of @p len bytes of UTF-8 text, allocated from @p p. It is ""
 * when nothing is left (a heading of punctuation only) or when @p text is
 * not valid UTF-8.
 */
const char *landing_slugify(apr_pool_t *p, const char *text, apr_size_t len);

/** The slugs handed out for one page, so that repeats get a suffix. */
typedef struct landing_slugger_t landing_slugger_t;

/** An empty set of slugs, allocated from @p p. */
landing_slugger_t *landing_slugger_create(apr_pool_t *p);

/**
 * The slug of @p text, made unique among the ones this slugger handed
 * out: the first "intro" stays "intro", the next ones become "intro-1",
 * "intro-2", skipping any that are taken already. NULL when the slug is
 * empty: such a heading gets no id.
 */
const char *landing_slugger_next(landing_slugger_t *s, const char *text,
                                 apr_size_t len);

#endif
