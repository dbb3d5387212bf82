/* Unit tests for src/chunk and the big buffers of src/buf built on it. */
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>

#include "buf.h"
#include "chunk.h"
#include "tap.h"

static void test_sizes(void)
{
    is_int((long)landing_chunk_size(1), (long)LANDING_CHUNK_MIN,
           "a small request gets the smallest block");
    is_int((long)landing_chunk_size(LANDING_CHUNK_MIN), (long)LANDING_CHUNK_MIN,
           "exactly the smallest");
    is_int((long)landing_chunk_size(LANDING_CHUNK_MIN + 1),
           (long)(2 * LANDING_CHUNK_MIN), "one byte more: the next power");
    is_int((long)landing_chunk_size(700 * 1024), 1024 * 1024,
           "700 KB: a 1 MB block");
    is_int((long)landing_chunk_size((apr_size_t)-1), 0,
           "too large for any block");
}

static void test_reuse(void)
{
    apr_size_t size = 4 * LANDING_CHUNK_MIN;
    apr_size_t before = landing_chunk_spare_bytes();
    char *a = landing_chunk_get(size);
    char *b;

    if (!ok(a != NULL, "a block")) {
        return;
    }
    memset(a, 'x', size);   /* all of it is writable */
    landing_chunk_put(a, size);
    is_int((long)landing_chunk_spare_bytes(), (long)(before + size),
           "given back, it is kept");
    b = landing_chunk_get(size);
    ok(b == a, "the next block of that size is the same one");
    is_int((long)landing_chunk_spare_bytes(), (long)before,
           "and is no longer spare");
    b = landing_chunk_get(2 * size);
    ok(b != a && b != NULL, "another size is another block");
    landing_chunk_put(b, 2 * size);
    landing_chunk_put(a, size);
    landing_chunk_put(NULL, size);
    ok(1, "giving back NULL does nothing");
}

static void test_cap(void)
{
    apr_size_t cap = landing_chunk_spare_cap();
    char *a;

    /* Run first: the largest block so far is test_reuse's 8 x LANDING_CHUNK_MIN. */
    is_int((long)cap, (long)(16 * LANDING_CHUNK_MIN),
           "kept: up to twice the largest block asked for");
    a = landing_chunk_get(4 * 1024 * 1024);
    is_int((long)landing_chunk_spare_cap(), 8 * 1024 * 1024,
           "a page that needs 4 MB raises it to 8 MB");
    landing_chunk_put(a, 4 * 1024 * 1024);
    a = landing_chunk_get(LANDING_CHUNK_SPARE_MAX);
    landing_chunk_put(a, LANDING_CHUNK_SPARE_MAX);
    is_int((long)landing_chunk_spare_cap(), (long)LANDING_CHUNK_SPARE_MAX,
           "and never past LANDING_CHUNK_SPARE_MAX");
}

static void test_bound(void)
{
    apr_size_t size = 1024 * 1024;
    int n = (int)(LANDING_CHUNK_SPARE_MAX / size) + 8, i;
    char **blocks = calloc((size_t)n, sizeof(char *));
    int got = 0;

    for (i = 0; i < n; i++) {
        blocks[i] = landing_chunk_get(size);
        got += blocks[i] != NULL;
    }
    is_int(got, n, "%d blocks of 1 MB at once", n);
    for (i = 0; i < n; i++) {
        landing_chunk_put(blocks[i], size);
    }
    ok(landing_chunk_spare_bytes() <= LANDING_CHUNK_SPARE_MAX,
       "given back, at most LANDING_CHUNK_SPARE_MAX is kept (%lu bytes)",
       (unsigned long)landing_chunk_spare_bytes());
    ok(landing_chunk_spare_bytes() > LANDING_CHUNK_SPARE_MAX - size,
       "and up to it");

    /* A block of another size given back now is kept; the oldest go. */
    blocks[0] = landing_chunk_get(2 * size);
    landing_chunk_put(blocks[0], 2 * size);
    ok(landing_chunk_get(2 * size) == blocks[0],
       "the newest block is kept even when the spares were full");
    landing_chunk_put(blocks[0], 2 * size);
    ok(landing_chunk_spare_bytes() <= LANDING_CHUNK_SPARE_MAX,
       "and the bound holds (%lu bytes)",
       (unsigned long)landing_chunk_spare_bytes());
    free(blocks);
}

static void test_big_buf(void)
{
    landing_buf_t b;
    apr_size_t len, i;
    char *data, *want;
    int same = 1;

    /* Grown from small (malloc) across into blocks, byte by byte and in
     * runs: what comes out is what went in. */
    landing_buf_init_big(&b, 10);
    want = malloc(3 * 1024 * 1024);
    for (i = 0; i < 3 * 1024 * 1024; i++) {
        want[i] = (char)('a' + i % 26);
    }
    for (i = 0; i < 100; i++) {
        landing_buf_add(&b, want + i, 1);
    }
    landing_buf_add(&b, want + 100, 3 * 1024 * 1024 - 100);
    ok(!b.failed, "3 MB added");
    data = landing_buf_detach(&b, &len);
    is_int((long)len, 3 * 1024 * 1024, "the length");
    for (i = 0; data && i < len; i++) {
        same &= (data[i] == want[i]);
    }
    ok(data && same, "the bytes");
    ok(data && data[len] == '\0', "NUL-terminated");
    landing_buf_release(data);
    landing_buf_release(NULL);

    /* A bound still holds. */
    landing_buf_init_big(&b, 100);
    b.max = 200 * 1024;
    landing_buf_add(&b, want, 150 * 1024);
    ok(!b.failed, "under the bound");
    landing_buf_add(&b, want, 100 * 1024);
    is_int(b.failed, LANDING_BUF_TOO_BIG, "past it: too big");
    landing_buf_free(&b);

    /* Small ones are malloc'd, and released the same way. */
    landing_buf_init_big(&b, 16);
    landing_buf_puts(&b, "small");
    data = landing_buf_detach(&b, &len);
    is_str(data, "small", "a small big buffer");
    landing_buf_release(data);
    free(want);
}

int main(void)
{
    apr_initialize();
    test_sizes();
    test_reuse();
    test_cap();
    test_bound();
    test_big_buf();
    apr_terminate();
    return done_testing();
}
