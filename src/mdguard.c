/*
 * Bounds for cmark-gfm: a linear pre-scan for the quadratic bracket case,
 * a counting allocator for the parse, and a limit on the parse's CPU time.
 *
 * Each document gets an allocator of its own (memslot.h), which knows its
 * arena without a thread-local; when every one is taken, the allocator
 * finds the parse it counts for through a thread-local pointer. Outside a
 * parse, and outside an entered document, it is calloc/realloc/free.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "container.h"
#include "gfm.h"
#include "mdguard.h"
#include "memslot.h"

/* --- bracket work ------------------------------------------------------- */

/*
 * A model of cmark 0.30's bracket stack (inlines.c): "[" and "![" push an
 * opener; "]" pops the top one. When the popped opener is an active link
 * opener that matches, cmark then walks down the stack from the new top,
 * skipping image openers and deactivating link openers, until it meets an
 * inactive link opener. The model assumes every such "]" matches, which
 * only overestimates. Links at or below "barrier" are the inactive ones,
 * so a walk costs the entries above it, and the topmost link becomes the
 * new barrier. Per entry the stack keeps the index of the link opener
 * below it, or IMAGE.
 */
#define IMAGE (-2)

static int is_punct(char c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@')
           || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* The bytes the model acts on; every other byte is plain text. */
static const unsigned char special[256] = {
    ['\n'] = 1, ['\\'] = 1, ['!'] = 1, ['['] = 1, [']'] = 1
};

static int is_blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

apr_uint64_t landing_mdguard_bracket_work(const char *s, apr_size_t len)
{
    const apr_uint64_t over = (apr_uint64_t)LANDING_MD_MAX_BRACKET_WORK + 1;
    long *stack = NULL;
    long top = -1, barrier = -1, last_link = -1, cap = 0;
    apr_uint64_t work = 0;
    apr_size_t i, line = 0;   /* where the current line starts */

    for (i = 0; i < len && work < over; i++) {
        long push = IMAGE;

        if (!special[(unsigned char)s[i]]) {
            /* Plain text, most of a page: skipped in a tight loop. */
            while (i + 1 < len && !special[(unsigned char)s[i + 1]]) {
                i++;
            }
            continue;
        }
        switch (s[i]) {
        case '\n': {
            /* A blank line ends the paragraph, and cmark's stack with it.
             * Other block boundaries are not seen: that overestimates.
             * Blank: nothing on the line but spaces, tabs and CRs, which
             * a look back from its end tells. */
            apr_size_t j = i;
            while (j > line && is_blank_char(s[j - 1])) {
                j--;
            }
            if (j == line) {
                top = barrier = last_link = -1;
            }
            line = i + 1;
            continue;
        }
        case '\\':
            /* An escaped bracket is text. */
            if (i + 1 < len && is_punct(s[i + 1])) {
                i++;
            }
            continue;
        case '!':
            if (i + 1 >= len || s[i + 1] != '[') {
                continue;
            }
            i++;
            break;
        case '[':
            push = last_link;
            break;
        case ']':
            if (top < 0) {
                continue;
            }
            if (stack[top] == IMAGE) {
                top--;
            }
            else if (top <= barrier) {
                /* An inactive link opener: popped, no walk. */
                last_link = stack[top--];
                barrier = last_link;
            }
            else {
                last_link = stack[top--];
                work += (apr_uint64_t)(top - barrier);
                if (last_link > barrier) {
                    barrier = last_link;
                }
            }
            continue;
        default:
            continue;
        }
        /* Push an opener. */
        if (top + 1 == cap) {
            long *grown;
            if (cap >= LANDING_MD_MAX_OPEN_BRACKETS) {
                work = over;
                break;
            }
            cap = cap ? cap * 2 : 256;
            grown = realloc(stack, sizeof(*stack) * cap);
            if (grown == NULL) {
                work = over;
                break;
            }
            stack = grown;
        }
        stack[++top] = push;
        if (push != IMAGE) {
            last_link = top;
        }
    }
    free(stack);
    return work;
}

apr_uint64_t landing_mdguard_bracket_bound(const char *s, apr_size_t len)
{
    const char *p = s, *end = s + len;
    apr_uint64_t images = 0;

    if (len >= LANDING_MD_MAX_OPEN_BRACKETS) {
        return ~(apr_uint64_t)0;
    }
    while ((p = memchr(p, '!', (apr_size_t)(end - p))) != NULL) {
        if (++p < end && *p == '[') {
            images++;
        }
    }
    return (images + 1) * (apr_uint64_t)len;
}

/* --- strikethrough delimiters and table rows ---------------------------- */

/*
 * Strikethrough: cmark-gfm matches each closing run of "~" against the
 * openers before it in the paragraph, walking back over every run it
 * cannot use, so k runs in one paragraph cost up to k * k / 2 steps
 * (CVE-2023-22483: "~e" followed by ",z~~" repeated, 100 KB in 2.7 s).
 * The tilde work counts the runs per paragraph (text between blank
 * lines, which only overestimates) and sums their squares.
 *
 * Tables: a line that can be a table's delimiter row ("|---|:-:|") makes
 * cmark-gfm's table extension read the paragraph above it again as a
 * header row, in time that grows with the paragraph's bytes and lines
 * (CVE-2023-22483: a 100 KB paragraph of ":" lines closed by ":-" takes
 * 2 s). The table work sums, over such lines, the bytes times the lines
 * of the text since the last blank line or delimiter row.
 *
 * Both look at each line, so one walk counts both; it stops once either
 * is past its limit.
 */
static int delimiter_row(const char *s, const char *end)
{
    int dash = 0;

    for (; s < end; s++) {
        if (*s == '-') {
            dash = 1;
        }
        else if (*s != '|' && *s != ':' && *s != ' ' && *s != '\t'
                 && *s != '\r') {
            return 0;
        }
    }
    return dash;
}

static void line_work(const char *s, apr_size_t len, apr_uint64_t *tilde,
                      apr_uint64_t *table)
{
    const char *p = s, *end = s + len;
    apr_uint64_t runs = 0, bytes = 0, lines = 0, tw = 0, bw = 0;
    /* The next "~", found ahead of the lines: most pages have none or a
     * few, and then there are no runs to count on most lines. */
    const char *t = tilde ? memchr(s, '~', len) : NULL;

    while (p < end && tw <= LANDING_MD_MAX_TILDE_WORK
           && bw <= LANDING_MD_MAX_TABLE_WORK && (t || table)) {
        const char *nl = memchr(p, '\n', (apr_size_t)(end - p));
        const char *eol = nl ? nl : end, *q = p;
        while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r')) {
            q++;
        }
        if (q == eol) {
            /* A blank line ends the paragraph. */
            tw += runs * runs;
            runs = bytes = lines = 0;
        }
        else if (table && delimiter_row(q, eol)) {
            bw += (bytes + 1) * (lines + 1);
            bytes = lines = 0;
        }
        else {
            bytes += (apr_uint64_t)(eol - p) + 1;
            lines++;
        }
        /* The runs on this line. */
        while (t && t < eol) {
            runs++;
            while (t < eol && *t == '~') {
                t++;
            }
            t = t < end ? memchr(t, '~', (apr_size_t)(end - t)) : NULL;
        }
        p = eol + 1;
    }
    if (tilde) {
        *tilde = tw + runs * runs;
    }
    if (table) {
        *table = bw;
    }
}

apr_uint64_t landing_mdguard_tilde_work(const char *s, apr_size_t len)
{
    apr_uint64_t work;

    line_work(s, len, &work, NULL);
    return work;
}

apr_uint64_t landing_mdguard_table_work(const char *s, apr_size_t len)
{
    apr_uint64_t work;

    line_work(s, len, NULL, &work);
    return work;
}

/* --- autolinks ---------------------------------------------------------- */

/*
 * cmark-gfm's autolink extension trims closing parentheses from the end
 * of a bare link one at a time, counting the link's parentheses each
 * time, so a link of n bytes costs up to n * n steps ("www." and then
 * 100,000 ")" take seconds; CVE-2023-22483). This sums the squared
 * lengths of the words (runs without white space or "<") that hold
 * "www." or "://", the ones the extension can take for links.
 */
static int is_word_end(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '<';
}

apr_uint64_t landing_mdguard_autolink_work(const char *s, apr_size_t len)
{
    const char *p = s, *end = s + len;
    apr_uint64_t work = 0;

    while (p < end && work <= LANDING_MD_MAX_AUTOLINK_WORK) {
        const char *w = p, *e = p;
        int link = 0;
        while (e < end && !is_word_end(*e)) {
            if (!link
                && ((*e == 'w' && end - e >= 4 && memcmp(e, "www.", 4) == 0)
                    || (*e == ':' && end - e >= 3
                        && memcmp(e, "://", 3) == 0))) {
                link = 1;
            }
            e++;
        }
        if (link) {
            work += (apr_uint64_t)(e - w) * (apr_uint64_t)(e - w);
        }
        p = e + 1;
    }
    return work;
}

/* --- the arena allocator ------------------------------------------------ */

/*
 * During a parse cmark allocates from an arena: chunks of memory mapped
 * for this document, handed out by bumping a pointer. Nothing is freed one
 * block at a time; the whole arena goes when the document does
 * (landing_mdguard_free_doc), without a walk over its nodes. That makes
 * the guard cheaper than cmark's own malloc and free (no per-node
 * bookkeeping), makes giving up a matter of giving the chunks back, and
 * keeps the memory out of malloc's per-thread arenas: chunks come from
 * chunk.h, which keeps a bounded number for the next page, so a child's
 * size follows the pages being rendered now, not every page ever
 * rendered.
 *
 * After the parse, cmark may still allocate, free and reallocate through
 * the same functions (cmark_render_html, an iterator, nodes added to the
 * tree, the copy cmark_node_get_literal makes of a text). While the
 * document is entered (landing_mdguard_enter, as markdown.c does for its
 * walks), that goes to its arena too. Otherwise a
 * pointer is looked up: inside a chunk of a live document's arena it is
 * left alone; anything else is ordinary heap memory, and while cmark
 * holds any of that on this thread, a document is freed with
 * cmark_node_free first. Arena blocks carry their size in a header, for
 * realloc.
 */

#define GUARD_SPARE_CLASSES 8
#define GUARD_SPARE_MAX (8 * GUARD_SPARE_CLASSES)

#define GUARD_TOO_MUCH 1
#define GUARD_NOMEM    2
#define GUARD_TOO_LONG 3

/* One chunk of an arena; its blocks follow. */
typedef struct chunk_t {
    struct chunk_t *next;
    apr_size_t size;         /* of the mapping, header included */
    apr_size_t used;
} chunk_t;

/* Before every arena block: its size (blocks are 8-byte aligned, see
 * ALIGN8). */
typedef struct {
    apr_size_t size;
} block_t;

typedef struct guard_t {
    struct guard_t *next_live;   /* this thread's other live documents */
    chunk_t *chunks;
    apr_size_t bytes;        /* handed out so far */
    apr_size_t budget;
    apr_size_t first_chunk;  /* the size of its chunks */
    int why;                 /* GUARD_*: why the parse was given up */
    /* Entered after its parse (landing_mdguard_enter): allocations go to
     * the arena while there is room, else to the heap; nothing gives up. */
    int after;
    /* Its own allocator (memslot.h), or NULL: then the thread-local one,
     * guard_mem, which finds it through state.guard. */
    cmark_mem *mem;
    /* With its own allocator: parsed or entered now, so that what cmark
     * allocates for it goes to its arena. */
    int active;
    /* Small blocks cmark gave back, by size (8, 16, ... 64 bytes):
     * the inline parser's delimiters and brackets, made and freed by the
     * thousand. Handed out again, they stay in the cache, and the arena
     * stays smaller. */
    void *spare[GUARD_SPARE_CLASSES];
    /* The parse's limit is on its thread's CPU time: cpu_limit, in ns on
     * cpu_ns(). That clock costs a system call, so what is looked at
     * every GUARD_CLOCK_EVERY allocations and between the pieces the
     * input is fed in is the cheap wall clock, against deadline (ns on
     * wall_ns(), 0 for no limit); only past it is the CPU clock read, and
     * if the thread was waiting for a CPU rather than working, the
     * deadline moves on by the CPU time left. So an overloaded machine
     * slows a page down but never fails it. */
    apr_uint64_t deadline;
    apr_uint64_t cpu_limit;
    unsigned allocs;
    int inlines_locked;      /* holds inlines_lock (see below) */
    jmp_buf env;
} guard_t;

#define GUARD_CLOCK_EVERY 256

/* The input goes to cmark in pieces of at most this many lines and
 * bytes, so that the time is looked at while it reads blocks, which can
 * allocate nothing for long stretches: a line costs cmark work in the
 * number of blocks open (CVE-2023-24824: a blank line under 33,000 nested
 * lists costs about 2 ms), so a piece never costs much. */
#define GUARD_FEED_LINES 4
#define GUARD_FEED_BYTES 4096

static apr_uint64_t clock_read(clockid_t id)
{
    struct timespec ts;

    if (clock_gettime(id, &ts) != 0) {
        return 0;
    }
    return (apr_uint64_t)ts.tv_sec * 1000000000u + (apr_uint64_t)ts.tv_nsec;
}

/* The kernel's coarse monotonic clock, which the vDSO reads in a few
 * nanoseconds; its ticks of a few milliseconds are fine grain for a
 * limit of a quarter second. */
static apr_uint64_t wall_ns(void)
{
    return clock_read(CLOCK_MONOTONIC_COARSE);
}

static apr_uint64_t cpu_ns(void)
{
    return clock_read(CLOCK_THREAD_CPUTIME_ID);
}

static void give_up(struct guard_t *g, int why);

/* Past the wall-clock deadline: give up if the CPU time is spent too,
 * else move the deadline on by what is left of it. */
static void check_time(struct guard_t *g)
{
    apr_uint64_t used = cpu_ns();

    if (used >= g->cpu_limit) {
        give_up(g, GUARD_TOO_LONG);
    }
    g->deadline = wall_ns() + (g->cpu_limit - used);
}

/* Out of line: the clock's struct timespec would otherwise give every
 * allocation a stack-protector check in hardened builds (httpd's
 * modules are built with -fstack-protector-strong). */
static __attribute__((noinline)) void look_at_clock(guard_t *g)
{
    if (wall_ns() > g->deadline) {
        check_time(g);
    }
}

#define CHUNK_MIN ((apr_size_t)256 * 1024)
#define CHUNK_FIRST_MAX ((apr_size_t)16 * 1024 * 1024)
#define ALIGN16(n) (((n) + 15) & ~(apr_size_t)15)
/* Arena blocks are 8-byte aligned: what cmark's structures (pointers,
 * ints, sizes) need; 16 would cost a fifth more memory for its nodes. */
#define ALIGN8(n) (((n) + 7) & ~(apr_size_t)7)

/* What the allocator knows on each thread, in one place: each function
 * finds it with one look-up (a module's thread-locals cost a call). */
typedef struct {
    /* The parse this thread is running, or NULL. */
    guard_t *guard;
    /* The arenas of documents parsed on this thread and not yet freed. */
    guard_t *live;
    apr_size_t last_peak;
    /* Blocks cmark took from the heap on this thread outside a parse and
     * has not given back: strings it rendered, nodes made after the
     * parse. While there are none, a document's memory is all in its
     * arena, and freeing it needs no walk over its nodes. */
    long heap_blocks;
} thread_state_t;

static __thread thread_state_t state;
static void give_up(guard_t *g, int why)
{
    g->why = why;
    longjmp(g->env, 1);
}

/* A chunk of @p size bytes for an arena (chunk.h keeps given-back ones
 * for the next page, so pages do not fault in fresh memory each time). */
static chunk_t *chunk_map(apr_size_t size)
{
    chunk_t *c = landing_chunk_get(size);

    if (c) {
        c->size = size;
        c->next = NULL;
        c->used = ALIGN16(sizeof(chunk_t));
    }
    return c;
}

static void chunks_unmap(chunk_t *c)
{
    while (c) {
        chunk_t *next = c->next;
        landing_chunk_put(c, c->size);
        c = next;
    }
}

static block_t *block_of(void *ptr)
{
    return (block_t *)((char *)ptr - sizeof(block_t));
}

/* @p size bytes from the arena, not zeroed; past the budget or out of
 * memory, give up during the parse, and NULL after it. */
static void *arena_alloc(guard_t *g, apr_size_t size)
{
    apr_size_t need = sizeof(block_t) + ALIGN8(size);
    chunk_t *c = g->chunks;
    block_t *b;

    if (++g->allocs % GUARD_CLOCK_EVERY == 0 && g->deadline) {
        look_at_clock(g);
    }
    /* A small block given back is used again, and counts once. */
    if (size > 0 && size <= GUARD_SPARE_MAX) {
        void **spare = &g->spare[ALIGN8(size) / 8 - 1];
        if (*spare) {
            void *ptr = *spare;
            *spare = *(void **)ptr;
            block_of(ptr)->size = size;
            return ptr;
        }
    }
    if (size > g->budget - g->bytes) {
        if (g->after) {
            return NULL;
        }
        give_up(g, GUARD_TOO_MUCH);
    }
    if (c == NULL || c->size - c->used < need) {
        /* Chunks are sized for the input, which cmark takes about eight
         * times of: one for most pages, a few more of the same size for
         * dense markup, and never much mapped and unused. */
        apr_size_t size2 = g->first_chunk;
        while (size2 < need + ALIGN16(sizeof(chunk_t))) {
            size2 *= 2;
        }
        c = chunk_map(size2);
        if (c == NULL) {
            if (g->after) {
                return NULL;
            }
            give_up(g, GUARD_NOMEM);
        }
        c->next = g->chunks;
        g->chunks = c;
    }
    g->bytes += size;
    b = (block_t *)((char *)c + c->used);
    c->used += need;
    b->size = size;
    return (char *)b + sizeof(block_t);
}

static int in_chunks(const guard_t *g, const void *ptr)
{
    const chunk_t *c;
    for (c = g->chunks; c; c = c->next) {
        if ((const char *)ptr > (const char *)c
            && (const char *)ptr < (const char *)c + c->size) {
            return 1;
        }
    }
    return 0;
}

/* Is @p ptr a block of a live document other than the current one? */
static int in_live(const thread_state_t *t, const void *ptr)
{
    const guard_t *g;

    for (g = t->live; g; g = g->next_live) {
        if (g != t->guard && in_chunks(g, ptr)) {
            return 1;
        }
    }
    return 0;
}

/* Out of memory outside a parse: what cmark's own allocator does. */
static void *checked(void *ptr)
{
    if (ptr == NULL) {
        fprintf(stderr, "[cmark] out of memory, aborting\n");
        abort();
    }
    return ptr;
}

/* Heap memory, counted on this thread (a thread-local, but only off the
 * arena's path). */
static void *heap_alloc(size_t n, size_t size, int zero)
{
    state.heap_blocks++;
    if (zero) {
        return checked(calloc(n, size));
    }
    return checked(malloc(n * size > 0 ? n * size : 1));
}

/* @p n times @p size bytes, zeroed when @p zero: from the arena of @p g
 * (the parse, or the entered document; NULL for none) while it has room,
 * else from the heap. */
static void *alloc_in(guard_t *g, size_t n, size_t size, int zero)
{
    void *ptr;

    /* Counts under 2^32 each cannot overflow: no division on every
     * allocation. */
    if (g && ((n | size) >> (sizeof(size_t) * 4)) != 0 && size
        && n > ((size_t)-1 - 64) / size) {
        if (!g->after) {
            give_up(g, GUARD_NOMEM);
        }
        g = NULL;
    }
    if (g && (ptr = arena_alloc(g, n * size)) != NULL) {
        if (zero) {
            memset(ptr, 0, n * size);
        }
        return ptr;
    }
    return heap_alloc(n, size, zero);
}

/* A block of @p g's arena given back: a small one is kept for the next
 * of its size; the rest go with the arena. */
static void keep_spare(guard_t *g, void *ptr)
{
    apr_size_t size = block_of(ptr)->size;

    if (size > 0 && size <= GUARD_SPARE_MAX) {
        void **spare = &g->spare[ALIGN8(size) / 8 - 1];
        *(void **)ptr = *spare;
        *spare = ptr;
    }
}

/* Free @p ptr, which is not a block of the arena allocated from now:
 * heap memory is freed, a live document's block is left alone. */
static void free_other(void *ptr)
{
    thread_state_t *t = &state;

    if (!in_live(t, ptr)) {
        t->heap_blocks--;
        free(ptr);
    }
}

/* Grow @p old, the last block of @p g's newest chunk, where it is:
 * 1 when there was room. */
static int grow_in_place(guard_t *g, void *old, apr_size_t size)
{
    chunk_t *c = g->chunks;
    block_t *b = block_of(old);
    apr_size_t had = ALIGN8(b->size), want = ALIGN8(size);

    if (c == NULL || (char *)old + had != (char *)c + c->used
        || c->size - c->used < want - had || size - b->size
           > g->budget - g->bytes) {
        return 0;
    }
    g->bytes += size - b->size;
    c->used += want - had;
    b->size = size;
    return 1;
}

/* Resize @p old to @p size bytes, allocating from @p g's arena (NULL for
 * none). @p home is the document @p old would belong to (NULL for none):
 * looked at first, with no thread-local. */
static void *realloc_in(guard_t *g, guard_t *home, void *old, size_t size)
{
    apr_size_t had;
    void *ptr;

    /* A new buffer (cmark_strbuf_grow): no need to zero it. */
    if (old == NULL) {
        return alloc_in(g, 1, size, 0);
    }
    if (!((home && in_chunks(home, old)) || in_live(&state, old))) {
        /* Heap memory, from outside a parse. */
        return checked(realloc(old, size));
    }
    had = block_of(old)->size;
    if (g && size <= had) {
        return old;
    }
    /* cmark grows a buffer while it reads a block, often with nothing
     * allocated after it: then it grows where it is. */
    if (g && grow_in_place(g, old, size)) {
        return old;
    }
    /* Else a new block and a copy; the old one stays in the arena. cmark
     * grows its buffers by half each time, so the copies add up to a few
     * times the final size. */
    ptr = g ? arena_alloc(g, size) : NULL;
    if (ptr == NULL) {
        ptr = heap_alloc(1, size, 0);
    }
    memcpy(ptr, old, had < size ? had : size);
    return ptr;
}

/* A document's own allocator (memslot.h): its guard is the context, and
 * its arena is used while it is parsed or entered. */
static void *doc_calloc(void *ctx, size_t n, size_t size)
{
    guard_t *g = ctx;

    return alloc_in(g->active ? g : NULL, n, size, 1);
}

static void *doc_realloc(void *ctx, void *old, size_t size)
{
    guard_t *g = ctx;

    return realloc_in(g->active ? g : NULL, g, old, size);
}

static void doc_free(void *ctx, void *ptr)
{
    guard_t *g = ctx;

    if (ptr == NULL) {
        return;
    }
    if (in_chunks(g, ptr)) {
        if (g->active) {
            keep_spare(g, ptr);
        }
        return;
    }
    free_other(ptr);
}

static const landing_memslot_ops_t doc_ops = { doc_calloc, doc_realloc,
                                               doc_free };

/* With every slot taken: one allocator for all, which finds the parse or
 * the entered document through the thread-local. */
static void *guard_calloc(size_t n, size_t size)
{
    return alloc_in(state.guard, n, size, 1);
}

static void *guard_realloc(void *old, size_t size)
{
    guard_t *g = state.guard;

    return realloc_in(g, g, old, size);
}

static void guard_free(void *ptr)
{
    guard_t *g = state.guard;

    if (ptr == NULL) {
        return;
    }
    if (g && in_chunks(g, ptr)) {
        keep_spare(g, ptr);
        return;
    }
    free_other(ptr);
}

static cmark_mem guard_mem = { guard_calloc, guard_realloc, guard_free };

/*
 * cmark-gfm parses inlines with a table of special characters that is
 * global to the process: at the start of each document's inline phase it
 * marks the characters of the document's inline extensions ("~" for
 * strikethrough; ":" and "w" for autolink), and at its end it unmarks
 * them, whatever other threads are doing. One document's end would take
 * "~" away from another document in the middle of its inlines, which
 * then renders ~~struck~~ text as it is written (and the render cache
 * would keep that). So documents go through their inline phase, which is
 * in cmark_parser_finish(), one at a time per process; reading the
 * blocks, most of the work for most pages, runs in parallel.
 */
static pthread_mutex_t inlines_lock = PTHREAD_MUTEX_INITIALIZER;

/* Off only for tools that run the parse under an instruction counter. */
static int time_limit = 1;

void landing_mdguard_time_limit(int on)
{
    time_limit = on;
}

/* Feed @p len bytes to @p parser in pieces, looking at the clock between
 * them. */
static void feed(guard_t *g, cmark_parser *parser, const char *body,
                 apr_size_t len)
{
    const char *p = body, *end = body + len;

    while (p < end) {
        const char *stop = end - p > GUARD_FEED_BYTES ? p + GUARD_FEED_BYTES
                                                      : end;
        const char *q = p;
        int lines = 0;
        while (q < stop && lines < GUARD_FEED_LINES) {
            q = memchr(q, '\n', (apr_size_t)(stop - q));
            if (q == NULL) {
                q = stop;
                break;
            }
            q++;
            lines++;
        }
        cmark_parser_feed(parser, p, (apr_size_t)(q - p));
        p = q;
        if (g->deadline && wall_ns() > g->deadline) {
            check_time(g);
        }
    }
}

/* Is the strikethrough or the table work past its limit, for the
 * extensions that are on? */
static int lines_too_much(const char *body, apr_size_t len, int extensions)
{
    apr_uint64_t tilde = 0, table = 0;

    line_work(body, len,
              (extensions & LANDING_GFM_STRIKETHROUGH) ? &tilde : NULL,
              (extensions & LANDING_GFM_TABLE) ? &table : NULL);
    return tilde > LANDING_MD_MAX_TILDE_WORK
           || table > LANDING_MD_MAX_TABLE_WORK;
}

apr_status_t landing_mdguard_parse(const char *body, apr_size_t len,
                                   int options, int extensions,
                                   cmark_node **doc)
{
    apr_size_t budget = LANDING_MD_MEMORY_MAX;

    if (len < (LANDING_MD_MEMORY_MAX - LANDING_MD_MEMORY_BASE)
              / LANDING_MD_MEMORY_FACTOR) {
        budget = LANDING_MD_MEMORY_BASE + LANDING_MD_MEMORY_FACTOR * len;
    }
    return landing_mdguard_parse_within(body, len, options, extensions,
                                        budget, doc);
}

apr_status_t landing_mdguard_parse_within(const char *body, apr_size_t len,
                                          int options, int extensions,
                                          apr_size_t budget,
                                          cmark_node **doc)
{
    thread_state_t *t = &state;
    guard_t *g, *outer;
    apr_status_t rv;

    *doc = NULL;
    /* cmark counts in int; and nothing this big is a page. */
    if (len > (apr_size_t)1 << 30
        || (landing_mdguard_bracket_bound(body, len)
                > LANDING_MD_MAX_BRACKET_WORK
            && landing_mdguard_bracket_work(body, len)
                   > LANDING_MD_MAX_BRACKET_WORK)
        || lines_too_much(body, len, extensions)
        || ((extensions & LANDING_GFM_AUTOLINK)
            && landing_mdguard_autolink_work(body, len)
                   > LANDING_MD_MAX_AUTOLINK_WORK)) {
        return LANDING_MD_TOO_COMPLEX;
    }
    /* On the heap, not in this frame: longjmp leaves a frame's own
     * variables indeterminate when they changed after setjmp. */
    g = calloc(1, sizeof(*g));
    if (g == NULL) {
        return APR_ENOMEM;
    }
    g->budget = budget;
    /* The registry is filled with cmark-gfm's own allocator, outside the
     * arena, once per process. */
    landing_gfm_init();
    g->first_chunk = landing_chunk_size(len < CHUNK_FIRST_MAX / 10
                                        ? len * 10 + CHUNK_MIN / 4
                                        : CHUNK_FIRST_MAX);
    if (g->first_chunk < CHUNK_MIN) {
        g->first_chunk = CHUNK_MIN;
    }
    if (time_limit) {
        apr_uint64_t allowed = LANDING_MD_TIME_BASE
                               + (apr_uint64_t)LANDING_MD_TIME_PER_MB
                                     * (len / 1024) / 1024;
        g->deadline = wall_ns() + allowed;
        g->cpu_limit = cpu_ns() + allowed;
    }
    /* Its own allocator if a slot is free, else the thread-local one;
     * a document entered on this thread is entered again after. */
    g->mem = landing_memslot_take(&doc_ops, g);
    g->active = 1;
    outer = t->guard;
    if (g->mem == NULL) {
        t->guard = g;
    }
    if (setjmp(g->env) == 0) {
        cmark_parser *parser = cmark_parser_new_with_mem(
            options | landing_gfm_options(extensions),
            g->mem ? g->mem : &guard_mem);
        /* The extensions' lists are the parser's, in the arena too.
         * Containers are always on, as in VuePress, and first, so that
         * one ends a table as it ends a paragraph. */
        landing_container_attach(parser);
        landing_gfm_attach(parser, extensions);
        feed(g, parser, body, len);
        pthread_mutex_lock(&inlines_lock);
        g->inlines_locked = 1;
        *doc = cmark_parser_finish(parser);
        g->inlines_locked = 0;
        pthread_mutex_unlock(&inlines_lock);
        cmark_parser_free(parser);
        rv = *doc ? APR_SUCCESS : APR_ENOMEM;
    }
    else {
        /* Given up inside cmark: its state is lost, and all of it is in
         * the arena. The special characters it marked stay marked until
         * the next document's inline phase sets them again. */
        if (g->inlines_locked) {
            g->inlines_locked = 0;
            pthread_mutex_unlock(&inlines_lock);
        }
        *doc = NULL;
        rv = (g->why == GUARD_NOMEM) ? APR_ENOMEM : LANDING_MD_TOO_COMPLEX;
    }
    t->guard = outer;
    t->last_peak = g->bytes;
    g->active = 0;
    /* The time limit was the parse's. */
    g->deadline = 0;
    if (*doc) {
        /* The document carries its arena (nothing else of ours uses the
         * root's user data), and it is live until it is freed. */
        cmark_node_set_user_data(*doc, g);
        g->next_live = t->live;
        t->live = g;
    }
    else {
        landing_memslot_give(g->mem);
        chunks_unmap(g->chunks);
        free(g);
    }
    return rv;
}

void landing_mdguard_enter(cmark_node *doc)
{
    guard_t *g = doc ? cmark_node_get_user_data(doc) : NULL;

    if (g && g->mem) {
        g->after = 1;
        g->active = 1;
    }
    /* On the thread-local: not inside a parse, and one document at a
     * time. */
    else if (g && state.guard == NULL) {
        g->after = 1;
        state.guard = g;
    }
}

void landing_mdguard_leave(cmark_node *doc)
{
    guard_t *g = doc ? cmark_node_get_user_data(doc) : NULL;

    if (g && g->mem) {
        g->active = 0;
    }
    else if (g && state.guard == g && g->after) {
        state.guard = NULL;
    }
}

void landing_mdguard_free_doc(cmark_node *doc)
{
    guard_t *g;

    if (doc == NULL) {
        return;
    }
    landing_mdguard_leave(doc);
    g = cmark_node_get_user_data(doc);
    /* All of the document is in its arena unless cmark took heap memory
     * after the parse (for nodes added to it, say): only then do its
     * nodes need a walk, to free what is on the heap. */
    if (g == NULL || state.heap_blocks != 0) {
        cmark_node_free(doc);
    }
    if (g) {
        guard_t **pp;
        for (pp = &state.live; *pp && *pp != g; pp = &(*pp)->next_live) {
        }
        if (*pp) {
            *pp = g->next_live;
        }
        landing_memslot_give(g->mem);
        chunks_unmap(g->chunks);
        free(g);
    }
}

void landing_mdguard_free(void *ptr)
{
    guard_free(ptr);
}

apr_size_t landing_mdguard_last_peak(void)
{
    return state.last_peak;
}

long landing_mdguard_heap_blocks(void)
{
    return state.heap_blocks;
}
