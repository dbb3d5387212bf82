/**
 * @file buf.h
 * @brief A growable byte buffer on the C heap.
 *
 * The rendered page is written into one of these and then handed, without
 * a copy, to an APR heap bucket whose free function is free(3).
 */
#ifndef LANDING_BUF_H
#define LANDING_BUF_H

#include <apr.h>
#include <apr_errno.h>

typedef struct {
    char *data;
    apr_size_t len;
    apr_size_t cap;
    /** Growth stops here: 0 for no bound. */
    apr_size_t max;
    /** LANDING_BUF_NOMEM or LANDING_BUF_TOO_BIG once an append failed;
     *  later appends do nothing. */
    int failed;
    /** Made by landing_buf_init_big(): see there. */
    int big;
} landing_buf_t;

#define LANDING_BUF_NOMEM   1
#define LANDING_BUF_TOO_BIG 2

/** Start an empty, unbounded buffer with room for @p hint bytes. */
void landing_buf_init(landing_buf_t *b, apr_size_t hint);

/**
 * Start an empty buffer for a page's worth of bytes: past
 * LANDING_CHUNK_MIN its memory comes from chunk.h, which keeps blocks for
 * the next page instead of mapping fresh ones. What landing_buf_detach()
 * takes out of it is freed with landing_buf_release(), not free(3).
 */
void landing_buf_init_big(landing_buf_t *b, apr_size_t hint);

/** Free the bytes landing_buf_detach() took out of a buffer started with
 *  landing_buf_init_big(). NULL is allowed. */
void landing_buf_release(char *data);

/**
 * Make room for @p extra more bytes (and the NUL that detach adds):
 * 1 when there is room, 0 when the buffer has failed.
 */
int landing_buf_reserve(landing_buf_t *b, apr_size_t extra);

/** Append @p len bytes. */
void landing_buf_add(landing_buf_t *b, const char *s, apr_size_t len);

/** Append a NUL-terminated string. */
void landing_buf_puts(landing_buf_t *b, const char *s);

/**
 * Append @p len bytes escaped for HTML text and quoted attribute values:
 * & < > " ' become character references.
 */
void landing_buf_add_escaped(landing_buf_t *b, const char *s, apr_size_t len);

/**
 * Take the bytes out: returns the malloc'd data (NUL-terminated) and
 * leaves @p b empty. The caller frees it. NULL if an allocation failed.
 */
char *landing_buf_detach(landing_buf_t *b, apr_size_t *len);

/** Release the bytes. */
void landing_buf_free(landing_buf_t *b);

#endif
