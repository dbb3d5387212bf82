/**
 * @file hash.h
 * @brief A fast 64-bit non-cryptographic hash, for cache keys and ETags.
 *
 * Validators must be the same on every server with the same inputs, so
 * the hash has no per-process seed. It is not meant to resist attackers
 * who choose inputs to collide: a collision can only make two pages of
 * one site share a validator.
 */
#ifndef LANDING_HASH_H
#define LANDING_HASH_H

#include <apr.h>

/** Hash @p len bytes at @p data, continuing from @p h (0 to start). */
apr_uint64_t landing_hash(apr_uint64_t h, const void *data, apr_size_t len);

/** Hash a NUL-terminated string and its terminator (so "a","b" differs
 *  from "ab"). NULL hashes like "". */
apr_uint64_t landing_hash_str(apr_uint64_t h, const char *s);

/** Fold a 64-bit number in. */
apr_uint64_t landing_hash_u64(apr_uint64_t h, apr_uint64_t v);

#endif
