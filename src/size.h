/**
 * @file size.h
 * @brief Sizes in configuration: a number of bytes with an optional K, M
 *        or G, checked against apr_off_t's range before any arithmetic.
 */
#ifndef LANDING_SIZE_H
#define LANDING_SIZE_H

#include <apr_pools.h>

/** The largest apr_off_t (APR names no constant for it). */
#define LANDING_OFF_MAX \
    ((apr_off_t)(((apr_uint64_t)1 << (sizeof(apr_off_t) * 8 - 1)) - 1))

/**
 * Parse @p arg: decimal digits, then nothing or one of K, M, G (either
 * case; powers of 1024). No sign, no blanks. A value whose bytes do not
 * fit apr_off_t is refused, never wrapped. Zero is refused unless
 * @p allow_zero. Returns NULL and sets @p *out, or says why not (from
 * @p p): "'ARG' is not a positive size", "'ARG' is not a valid size",
 * "'ARG' is not a size (a number of bytes, with an optional K, M or G)",
 * "'ARG' is too large (at most N bytes)".
 */
const char *landing_size_parse(apr_pool_t *p, const char *arg,
                               int allow_zero, apr_off_t *out);

/** @p n bytes as a size, in the largest unit that divides it (1K, 8M,
 *  1500), as the directives take it back. */
const char *landing_size_format(apr_pool_t *p, apr_off_t n);

#endif
