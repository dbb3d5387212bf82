/*
 * Unit tests for src/sharedcache: pages stored and found with their
 * validators and both copies, least recently used out first within the
 * bound, files that are not whole or not the key's never served, writers
 * killed at each step of a write (in a forked child) leaving nothing
 * torn, and the index shared by processes. Also src/gzip.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>
#include <apr_file_io.h>
#include <apr_strings.h>

#include "gzip.h"
#include "hash.h"
#include "sharedcache.h"
#include "tap.h"

static apr_pool_t *pool;
static const char *dir;

/* What the module passes: small files read whole. */
#define WHOLE LANDING_SHAREDCACHE_WHOLE_MAX

/* A page of @p n bytes whose content says which page it is. */
static char *page_of(const char *name, apr_size_t n)
{
    char *s = apr_palloc(pool, n + 1);
    apr_size_t i, k = strlen(name);

    for (i = 0; i < n; i++) {
        s[i] = i % 64 == 63 ? '\n' : name[i % k];
    }
    s[n] = '\0';
    return s;
}

static apr_status_t put(landing_sharedcache_t *c, const char *key,
                        const char *data, apr_size_t len, const char *gz,
                        apr_size_t gzlen, apr_uint64_t *evicted)
{
    landing_sharedcache_page_t pg;

    memset(&pg, 0, sizeof(pg));
    pg.etag = apr_psprintf(pool, "\"L%016" APR_UINT64_T_HEX_FMT "\"",
                           landing_hash_str(0, key));
    pg.mtime = apr_time_from_sec(1700000000);
    pg.data = data;
    pg.len = len;
    pg.gzip = gz;
    pg.gzip_len = gzlen;
    return landing_sharedcache_put(c, pool, key, strlen(key), &pg, evicted);
}

/* The bytes of a page found (@p gzip: its gzipped copy): in memory
 * when its file was read whole, else read from its file. */
static char *bytes_of(const landing_sharedcache_page_t *pg, int gzip)
{
    apr_size_t len = gzip ? pg->gzip_len : pg->len;
    apr_off_t off = gzip ? pg->gzip_offset : pg->offset;
    char *buf = apr_palloc(pool, len + 1);
    apr_size_t got = len;

    if (pg->data) {
        memcpy(buf, gzip ? pg->gzip : pg->data, len);
    }
    else {
        apr_file_seek(pg->fd, APR_SET, &off);
        apr_file_read_full(pg->fd, buf, len, &got);
    }
    buf[got] = '\0';
    return buf;
}

/* Is @p key a hit whose page is @p data? */
static int holds(landing_sharedcache_t *c, const char *key, const char *data)
{
    landing_sharedcache_page_t pg;
    apr_status_t rv = landing_sharedcache_get(c, pool, key, strlen(key), 0,
                                              WHOLE, &pg);
    int same;

    if (rv != APR_SUCCESS) {
        return 0;
    }
    same = pg.len == strlen(data) && strcmp(bytes_of(&pg, 0), data) == 0;
    landing_sharedcache_release(&pg);
    return same;
}

static const char *file_of(const char *key)
{
    return apr_psprintf(pool, "%s/%016" APR_UINT64_T_HEX_FMT ".page", dir,
                        landing_hash(0, key, strlen(key)));
}

static landing_sharedcache_t *fresh(apr_uint64_t max)
{
    landing_sharedcache_t *c;
    const char *err;
    apr_status_t rv = landing_sharedcache_create(pool, dir, max, &c, &err);

    if (rv != APR_SUCCESS) {
        diag("create: %s", err);
        exit(1);
    }
    return c;
}

static void test_store_and_find(void)
{
    landing_sharedcache_t *c = fresh(1024 * 1024);
    landing_sharedcache_page_t pg;
    const char *a = page_of("alpha", 10000);
    char *gz = NULL;
    apr_size_t gzlen = 0;

    ok(landing_sharedcache_get(c, pool, "Fa", 2, 0, WHOLE, &pg)
       == APR_NOTFOUND,
       "empty: a miss");
    ok(landing_gzip(a, strlen(a), &gz, &gzlen) == APR_SUCCESS
       && gzlen < strlen(a), "gzip shrinks a page");
    ok(put(c, "Fa", a, strlen(a), gz, gzlen, NULL) == APR_SUCCESS, "stored");
    ok(landing_sharedcache_get(c, pool, "Fa", 2, 0, WHOLE, &pg) == APR_SUCCESS,
       "then a hit");
    is_int((long)pg.len, 10000, "its length");
    ok(pg.data != NULL && pg.fd == NULL,
       "a small page is read whole: no file left open");
    is_str(bytes_of(&pg, 0), a, "its bytes");
    is_str(pg.etag, apr_psprintf(pool, "\"L%016" APR_UINT64_T_HEX_FMT "\"",
                                 landing_hash_str(0, "Fa")), "its ETag");
    ok(pg.mtime == apr_time_from_sec(1700000000), "its Last-Modified");
    is_int((long)pg.gzip_len, (long)gzlen, "the gzipped copy's length");
    {
        /* The gzipped copy inflates to the page. */
        char *z = bytes_of(&pg, 1);
        char *out = apr_palloc(pool, 20000);
        z_stream s;
        memset(&s, 0, sizeof(s));
        inflateInit2(&s, 15 + 16);
        s.next_in = (Bytef *)z;
        s.avail_in = (uInt)pg.gzip_len;
        s.next_out = (Bytef *)out;
        s.avail_out = 20000;
        ok(inflate(&s, Z_FINISH) == Z_STREAM_END && s.total_out == 10000
           && memcmp(out, a, 10000) == 0, "the gzipped copy is the page");
        inflateEnd(&s);
    }
    landing_sharedcache_release(&pg);
    free(gz);

    ok(put(c, "Fa", "new", 3, NULL, 0, NULL) == APR_SUCCESS
       && holds(c, "Fa", "new"), "stored again: replaced");
    is_int((long)landing_sharedcache_stats(c).entries, 1, "one entry");
    is_int((long)landing_sharedcache_stats(c).bytes, 4096,
           "counted in whole 4 KB pages");

    memset(&pg, 0, sizeof(pg));
    pg.failure = 3;
    pg.etag = "\"Lx\"";
    ok(landing_sharedcache_put(c, pool, "Ff", 2, &pg, NULL) == APR_SUCCESS
       && landing_sharedcache_get(c, pool, "Ff", 2, 0, WHOLE, &pg)
          == APR_SUCCESS
       && pg.failure == 3 && pg.len == 0, "a failure, remembered");

    ok(put(c, "Fbig", page_of("big", 2000000), 2000000, NULL, 0, NULL)
       == APR_ENOSPC, "larger than the whole cache: not stored");
}

static void test_lru(void)
{
    /* Room for three pages of 3 files of 4 KB pages each (~10 KB). */
    landing_sharedcache_t *c = fresh(3 * 12288);
    const char *p[4];
    apr_uint64_t evicted = 0;
    int i;

    for (i = 0; i < 4; i++) {
        p[i] = page_of(apr_psprintf(pool, "page%d", i), 10000);
    }
    put(c, "Fa", p[0], 10000, NULL, 0, NULL);
    put(c, "Fb", p[1], 10000, NULL, 0, NULL);
    put(c, "Fc", p[2], 10000, NULL, 0, NULL);
    ok(holds(c, "Fa", p[0]), "a, b, c fit; a used again");
    ok(put(c, "Fd", p[3], 10000, NULL, 0, &evicted) == APR_SUCCESS
       && evicted == 1, "d: one evicted");
    ok(!holds(c, "Fb", p[1]), "b, the least recently used, went");
    ok(holds(c, "Fa", p[0]) && holds(c, "Fc", p[2]) && holds(c, "Fd", p[3]),
       "a, c and d stay");
    is_int((long)landing_sharedcache_stats(c).bytes, 3 * 12288,
           "within the bound");
    is_int((long)landing_sharedcache_stats(c).evictions, 1,
           "evictions counted");
    ok(apr_stat(&(apr_finfo_t){0}, file_of("Fb"), APR_FINFO_SIZE, pool)
       != APR_SUCCESS, "its file is gone");

    /* A full index: more distinct pages than slots, all bounded. */
    c = fresh(64 * 8192);
    for (i = 0; i < 500; i++) {
        put(c, apr_psprintf(pool, "Fn%d", i), "x", 1, NULL, 0, NULL);
    }
    ok(landing_sharedcache_stats(c).entries <= 64, "never more entries "
       "than slots (%ld)", (long)landing_sharedcache_stats(c).entries);
    ok(holds(c, "Fn499", "x"), "the newest is there");
}

/* Write @p bytes over the file of @p key. */
static void overwrite(const char *key, const char *bytes, apr_size_t n,
                      apr_off_t at, int truncate_there)
{
    apr_file_t *fd;
    apr_size_t w;

    apr_file_open(&fd, file_of(key), APR_FOPEN_WRITE, 0, pool);
    apr_file_seek(fd, APR_SET, &at);
    apr_file_write_full(fd, bytes, n, &w);
    if (truncate_there) {
        apr_file_trunc(fd, at + (apr_off_t)n);
    }
    apr_file_close(fd);
}

static void test_torn(void)
{
    landing_sharedcache_t *c = fresh(1024 * 1024);
    landing_sharedcache_page_t pg;
    const char *a = page_of("alpha", 10000);
    apr_file_t *in, *out;

    put(c, "Fa", a, 10000, NULL, 0, NULL);
    overwrite("Fa", "", 0, 5000, 1);
    ok(landing_sharedcache_get(c, pool, "Fa", 2, 0, WHOLE, &pg)
       == LANDING_SHAREDCACHE_TORN, "cut short: torn, not served");
    ok(put(c, "Fa", a, 10000, NULL, 0, NULL) == APR_SUCCESS
       && holds(c, "Fa", a), "stored again: whole");

    overwrite("Fa", "X", 1, 20, 0);
    ok(landing_sharedcache_get(c, pool, "Fa", 2, 0, WHOLE, &pg)
       == LANDING_SHAREDCACHE_TORN, "a header byte changed: torn");
    overwrite("Fa", "GARBAGE", 7, 0, 1);
    ok(landing_sharedcache_get(c, pool, "Fa", 2, 0, WHOLE, &pg)
       == LANDING_SHAREDCACHE_TORN, "no header at all: torn");

    /* Another key's whole file under this key's name (what a collision of
     * the file names would give): not this key's page. */
    put(c, "Fb", page_of("beta", 100), 100, NULL, 0, NULL);
    apr_file_copy(file_of("Fb"), file_of("Fa"), APR_FPROT_FILE_SOURCE_PERMS,
                  pool);
    ok(landing_sharedcache_get(c, pool, "Fa", 2, 0, WHOLE, &pg)
       == LANDING_SHAREDCACHE_TORN, "another key's file: not served");
    ok(landing_sharedcache_stats(c).torn == 4, "each counted");
    (void)in;
    (void)out;
}

/* The size of @p key's file. */
static apr_off_t file_size(const char *key)
{
    apr_finfo_t fi;

    return apr_stat(&fi, file_of(key), APR_FINFO_SIZE, pool) == APR_SUCCESS
           ? fi.size : -1;
}

static void test_read_whole(void)
{
    landing_sharedcache_t *c = fresh(4 * 1024 * 1024);
    landing_sharedcache_page_t pg;
    const char *big = page_of("big", 100000);
    apr_size_t head, n;
    const char *a;

    /* Up to WHOLE (16 KB) a file is read whole, its bytes in memory; past
     * that, only its header, and its bytes are left in the file. */
    put(c, "Fs", "x", 1, NULL, 0, NULL);
    head = (apr_size_t)file_size("Fs") - 1;
    n = WHOLE - head;
    a = page_of("edge", n);
    put(c, "Fe", a, n, NULL, 0, NULL);
    is_int((long)file_size("Fe"), WHOLE, "a file of exactly WHOLE bytes");
    ok(landing_sharedcache_get(c, pool, "Fe", 2, 0, WHOLE, &pg) == APR_SUCCESS
       && pg.data != NULL && pg.fd == NULL
       && strcmp(bytes_of(&pg, 0), a) == 0, "is read whole");
    a = page_of("edge", n + 1);
    put(c, "Fe", a, n + 1, NULL, 0, NULL);
    ok(landing_sharedcache_get(c, pool, "Fe", 2, 0, WHOLE, &pg) == APR_SUCCESS
       && pg.data == NULL && pg.fd != NULL
       && strcmp(bytes_of(&pg, 0), a) == 0,
       "a byte more: its bytes are read from the file");
    landing_sharedcache_release(&pg);
    ok(pg.fd == NULL, "released: the file is closed");
    ok(landing_sharedcache_get(c, pool, "Fs", 2, 0, 0, &pg) == APR_SUCCESS
       && pg.data == NULL && pg.fd != NULL
       && strcmp(bytes_of(&pg, 0), "x") == 0,
       "a small file, asked for with none read whole: from the file");
    landing_sharedcache_release(&pg);

    put(c, "Fbig", big, 100000, NULL, 0, NULL);
    ok(holds(c, "Fbig", big), "a 100 KB page, from its file");
    overwrite("Fbig", "", 0, 50000, 1);
    ok(landing_sharedcache_get(c, pool, "Fbig", 4, 0, WHOLE, &pg)
       == LANDING_SHAREDCACHE_TORN, "a large file cut short: torn");

    /* A small file longer than its header says is no page of the cache. */
    put(c, "Fs", "x", 1, NULL, 0, NULL);
    overwrite("Fs", "more", 4, (apr_off_t)head + 1, 0);
    ok(landing_sharedcache_get(c, pool, "Fs", 2, 0, WHOLE, &pg)
       == LANDING_SHAREDCACHE_TORN, "bytes past its end: torn");
}

/* A child that stores @p key and is killed at @p where. */
static int crashed_writer(landing_sharedcache_t *c, const char *key,
                          const char *data, landing_sharedcache_crash_e where)
{
    int status = 0;
    pid_t pid = fork();

    if (pid == 0) {
        landing_sharedcache_crash_at(where);
        put(c, key, data, strlen(data), NULL, 0, NULL);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    return WIFSIGNALED(status);
}

static void test_crash(void)
{
    landing_sharedcache_t *c = fresh(1024 * 1024);
    const char *a = page_of("alpha", 50000), *a2 = page_of("again", 50000);
    landing_sharedcache_page_t pg;

    ok(crashed_writer(c, "Fa", a, LANDING_SHAREDCACHE_CRASH_WRITE),
       "a writer killed half way through the file");
    ok(landing_sharedcache_get(c, pool, "Fa", 2, 0, WHOLE, &pg)
       == APR_NOTFOUND,
       "... leaves a miss, not half a page");
    ok(put(c, "Fa", a, 50000, NULL, 0, NULL) == APR_SUCCESS
       && holds(c, "Fa", a), "the next writer stores it whole");

    ok(crashed_writer(c, "Fa", a2, LANDING_SHAREDCACHE_CRASH_CLAIMED),
       "a writer killed with its slot claimed, before the rename");
    ok(holds(c, "Fa", a), "... the old page is still served whole");
    ok(put(c, "Fa", a2, 50000, NULL, 0, NULL) == APR_EAGAIN,
       "... and not replaced while the claim is fresh");

    ok(crashed_writer(c, "Fb", a2, LANDING_SHAREDCACHE_CRASH_RENAMED),
       "a writer killed after the rename");
    ok(holds(c, "Fb", a2), "... its page is whole");

    /* The temporary files of the dead go when the cache is made again. */
    fresh(1024 * 1024);
    {
        apr_dir_t *d;
        apr_finfo_t fi;
        int left = 0;
        apr_dir_open(&d, dir, pool);
        while (apr_dir_read(&fi, APR_FINFO_NAME, d) == APR_SUCCESS) {
            left += fi.name[0] != '.' || strncmp(fi.name, ".tmp-", 5) == 0;
        }
        apr_dir_close(d);
        is_int(left, 0, "a new cache starts from an empty directory");
    }
}

static void test_processes(void)
{
    landing_sharedcache_t *c = fresh(40 * 12288);
    int i, k, status, bad = 0;
    pid_t pids[4];

    /* Four writers and readers at once over 100 keys in room for 40:
     * every hit is the page of its key, whole. */
    for (k = 0; k < 4; k++) {
        if ((pids[k] = fork()) == 0) {
            apr_pool_t *p;
            apr_pool_create(&p, NULL);
            pool = p;
            for (i = 0; i < 400; i++) {
                const char *key = apr_psprintf(p, "Fk%d", (i * 7 + k) % 100);
                const char *data = page_of(key, 9000 + (i % 100));
                if (i % 2 == 0) {
                    put(c, key, data, strlen(data), NULL, 0, NULL);
                }
                else {
                    landing_sharedcache_page_t pg;
                    if (landing_sharedcache_get(c, p, key, strlen(key), 0,
                                                WHOLE, &pg) == APR_SUCCESS) {
                        char *got = bytes_of(&pg, 0);
                        if (strncmp(got, page_of(key, pg.len), pg.len) != 0) {
                            _exit(1);
                        }
                        landing_sharedcache_release(&pg);
                    }
                }
            }
            _exit(0);
        }
    }
    for (k = 0; k < 4; k++) {
        waitpid(pids[k], &status, 0);
        bad += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    is_int(bad, 0, "four processes: every hit the whole page of its key");
    ok(landing_sharedcache_stats(c).bytes <= 40 * 12288,
       "the bound holds (%ld bytes)", (long)landing_sharedcache_stats(c).bytes);
}

static void test_accept_encoding(void)
{
    ok(landing_gzip_accepted("gzip, deflate, br"), "gzip in a list");
    ok(landing_gzip_accepted("GZIP"), "any case");
    ok(landing_gzip_accepted("x-gzip"), "x-gzip");
    ok(landing_gzip_accepted("br;q=1.0, gzip;q=0.5"), "q above 0");
    ok(!landing_gzip_accepted("gzip;q=0"), "q=0: refused");
    ok(!landing_gzip_accepted("gzip; q=0.000, br"), "q=0.000: refused");
    ok(landing_gzip_accepted("gzip;q=0.001"), "q=0.001: accepted");
    ok(!landing_gzip_accepted("deflate, br"), "not named");
    ok(!landing_gzip_accepted("gzipx, xgzip"), "a longer token");
    ok(!landing_gzip_accepted(NULL), "no header");
    ok(!landing_gzip_accepted("*"), "only *");
}

int main(void)
{
    char tmpl[] = "/tmp/landing-sharedcache-XXXXXX";

    apr_initialize();
    atexit(apr_terminate);
    apr_pool_create(&pool, NULL);
    dir = mkdtemp(tmpl);
    if (dir == NULL) {
        return 1;
    }
    test_store_and_find();
    test_lru();
    test_torn();
    test_read_whole();
    test_crash();
    test_processes();
    test_accept_encoding();
    fresh(4096);
    rmdir(dir);
    return done_testing();
}
