/* A growable heap buffer; the page leaves the module as one of these. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chunk.h"

/*
 * A big buffer's bytes follow a header that says where they came from, so
 * that landing_buf_release() needs nothing but the pointer.
 */
typedef struct {
    apr_size_t size;     /* of the whole block, header included */
    apr_size_t chunk;    /* 1: from chunk.h; 0: from malloc */
} big_t;

#define BIG_HEADER ((apr_size_t)16)

/* Bytes for @p cap bytes of data, after the header; NULL if none. */
static char *big_alloc(apr_size_t cap)
{
    apr_size_t size = cap + BIG_HEADER;
    big_t *h;

    if (size < cap) {
        return NULL;
    }
    if (size >= LANDING_CHUNK_MIN) {
        apr_size_t csize = landing_chunk_size(size);
        h = csize ? landing_chunk_get(csize) : NULL;
        if (h) {
            h->size = csize;
            h->chunk = 1;
        }
    }
    else {
        h = malloc(size);
        if (h) {
            h->size = size;
            h->chunk = 0;
        }
    }
    return h ? (char *)h + BIG_HEADER : NULL;
}

static big_t *big_of(char *data)
{
    return (big_t *)(data - BIG_HEADER);
}

/* The data a big block holds, header left out. */
static apr_size_t big_cap(char *data)
{
    return big_of(data)->size - BIG_HEADER;
}

void landing_buf_release(char *data)
{
    big_t *h;

    if (data == NULL) {
        return;
    }
    h = big_of(data);
    if (h->chunk) {
        landing_chunk_put(h, h->size);
    }
    else {
        free(h);
    }
}

void landing_buf_init(landing_buf_t *b, apr_size_t hint)
{
    b->len = 0;
    b->max = 0;
    b->failed = 0;
    b->big = 0;
    b->cap = hint < 64 ? 64 : hint;
    b->data = malloc(b->cap);
    if (b->data == NULL) {
        b->cap = 0;
        b->failed = LANDING_BUF_NOMEM;
    }
}

void landing_buf_init_big(landing_buf_t *b, apr_size_t hint)
{
    b->len = 0;
    b->max = 0;
    b->failed = 0;
    b->big = 1;
    b->data = big_alloc(hint < 64 ? 64 : hint);
    b->cap = b->data ? big_cap(b->data) : 0;
    if (b->data == NULL) {
        b->failed = LANDING_BUF_NOMEM;
    }
}

/* Grow @p b to hold @p cap bytes: 0 if there was no memory. */
static int grow(landing_buf_t *b, apr_size_t cap)
{
    char *d;

    if (!b->big) {
        d = realloc(b->data, cap);
    }
    else {
        d = big_alloc(cap);
        if (d) {
            memcpy(d, b->data, b->len);
            landing_buf_release(b->data);
        }
    }
    if (d == NULL) {
        return 0;
    }
    b->data = d;
    b->cap = b->big ? big_cap(d) : cap;
    return 1;
}

int landing_buf_reserve(landing_buf_t *b, apr_size_t extra)
{
    apr_size_t need, cap;

    if (b->failed) {
        return 0;
    }
    /* +1 keeps room for the NUL that detach adds. */
    need = b->len + extra + 1;
    if (need < b->len || (b->max && need > b->max)) {
        b->failed = LANDING_BUF_TOO_BIG;
        return 0;
    }
    if (need <= b->cap) {
        return 1;
    }
    cap = b->cap * 2;
    if (cap < need) {
        cap = need;
    }
    if (b->max && cap > b->max) {
        cap = b->max;
    }
    if (!grow(b, cap)) {
        b->failed = LANDING_BUF_NOMEM;
        return 0;
    }
    return 1;
}

void landing_buf_add(landing_buf_t *b, const char *s, apr_size_t len)
{
    if (len && landing_buf_reserve(b, len)) {
        memcpy(b->data + b->len, s, len);
        b->len += len;
    }
}

void landing_buf_puts(landing_buf_t *b, const char *s)
{
    landing_buf_add(b, s, strlen(s));
}

void landing_buf_add_escaped(landing_buf_t *b, const char *s, apr_size_t len)
{
    apr_size_t i, start = 0;

    for (i = 0; i < len; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':  rep = "&amp;";  break;
        case '<':  rep = "&lt;";   break;
        case '>':  rep = "&gt;";   break;
        case '"':  rep = "&quot;"; break;
        case '\'': rep = "&#39;";  break;
        case '\0': rep = "\xEF\xBF\xBD"; break; /* U+FFFD, as HTML does */
        default:   continue;
        }
        landing_buf_add(b, s + start, i - start);
        landing_buf_puts(b, rep);
        start = i + 1;
    }
    landing_buf_add(b, s + start, len - start);
}

char *landing_buf_detach(landing_buf_t *b, apr_size_t *len)
{
    char *d;
    if (!landing_buf_reserve(b, 0)) {
        landing_buf_free(b);
        *len = 0;
        return NULL;
    }
    b->data[b->len] = '\0';
    d = b->data;
    *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void landing_buf_free(landing_buf_t *b)
{
    if (b->big) {
        landing_buf_release(b->data);
    }
    else {
        free(b->data);
    }
    b->data = NULL;
    b->len = b->cap = 0;
}
