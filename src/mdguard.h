/**
 * @file mdguard.h
 * @brief Keep cmark-gfm within bounds of time and memory on hostile
 *        input.
 *
 * cmark-gfm 0.29.0.gfm.6 (Debian 12's) has no limits of its own. Things in
 * it that a page of a few kilobytes to megabytes can drive far:
 *
 * - Time. Matching a link walks back over every image opener ("![")
 *   still open in the paragraph, so "![[]()" repeated takes quadratic
 *   time (CVE-2023-22486, fixed in cmark 0.30.3): 180 KB of it parse in
 *   4.5 s, 1.8 MB in 8 minutes. landing_mdguard_bracket_work() counts
 *   that walk in one pass over the bytes, before cmark sees them. Other
 *   shapes are quadratic too (see LANDING_MD_TIME_BASE): the parse gives
 *   up past a limit on its CPU time.
 * - Memory. cmark's tree can take 175 times the input ("[a" repeated),
 *   and cmark aborts the process when an allocation fails. The parse
 *   runs with an allocator that counts what cmark allocates and gives
 *   up, freeing all of it, at a budget that grows with the input.
 */
#ifndef LANDING_MDGUARD_H
#define LANDING_MDGUARD_H

#include <apr.h>
#include <apr_errno.h>
#include <cmark-gfm.h>

/** The most bracket-matching work a page may ask cmark for: about a
 *  tenth of a second. Real pages need next to none: their images are
 *  closed, and a closed image costs nothing. */
#define LANDING_MD_MAX_BRACKET_WORK (16 * 1024 * 1024)

/** Brackets open at once in one paragraph beyond which a page is not
 *  given to cmark (no real page has more than a few). */
#define LANDING_MD_MAX_OPEN_BRACKETS (1024 * 1024)

/** cmark may allocate this much, plus LANDING_MD_MEMORY_FACTOR times the
 *  input, while it parses, and never more than LANDING_MD_MEMORY_MAX
 *  (memory cmark frees during the parse counts until its end). With
 *  cmark-gfm's larger nodes, prose takes 3 to 9 times its size, dense
 *  markup (a link, emphasis and code every 15 bytes) 58 times, a long
 *  table of short cells 107 times (so a megabyte of it still renders),
 *  hostile input 130 times and up (unclosed emphasis, '*a ' repeated)
 *  to several hundred. */
#define LANDING_MD_MEMORY_BASE (16 * 1024 * 1024)
#define LANDING_MD_MEMORY_FACTOR 96
#define LANDING_MD_MEMORY_MAX (256 * 1024 * 1024)

/** The parse may take this much of its thread's CPU time, in ns, plus
 *  LANDING_MD_TIME_PER_MB for each megabyte of input: 0.25 s for a
 *  small page, 2.25 s at 8 MB. cmark-gfm reads ordinary Markdown at 20
 *  to 100 MB/s; the shapes it takes quadratic time over (the CVEs of
 *  2023 that Debian 12's 0.29.0.gfm.6 predates: nested quotes with
 *  emphasis, nested lists with blank lines, processing instructions,
 *  table rows, see the README) are given up on when they reach it. */
#define LANDING_MD_TIME_BASE (250 * 1000 * 1000)
#define LANDING_MD_TIME_PER_MB (250 * 1000 * 1000)

/** Status: the input is over one of the bounds above. */
#define LANDING_MD_TOO_COMPLEX (APR_OS_START_USERERR + 401)

/**
 * Work cmark 0.30's link matching would do on @p len bytes of Markdown,
 * as an upper bound: image openers walked over, counted per paragraph
 * (text between blank lines). Counting stops early once past
 * LANDING_MD_MAX_BRACKET_WORK; more than LANDING_MD_MAX_OPEN_BRACKETS
 * brackets open at once count as past it.
 */
apr_uint64_t landing_mdguard_bracket_work(const char *s, apr_size_t len);

/** The most strikethrough work a page may ask cmark-gfm for: runs of
 *  "~" per paragraph, squared and summed. A real page has a few runs per
 *  paragraph; 64 million is a paragraph of 8,000 runs, 0.3 s of work. */
#define LANDING_MD_MAX_TILDE_WORK ((apr_uint64_t)64 * 1024 * 1024)

/**
 * Work cmark-gfm's strikethrough matching may do on @p len bytes, as an
 * upper bound: the runs of "~" in each paragraph (text between blank
 * lines), squared and summed. Counting stops early once past
 * LANDING_MD_MAX_TILDE_WORK.
 */
apr_uint64_t landing_mdguard_tilde_work(const char *s, apr_size_t len);

/** The most header-row reading a page may ask of the table extension:
 *  for each line that can be a delimiter row, the bytes times the lines
 *  of the text above it, back to a blank line or another such line. A
 *  table under a paragraph of 40 lines of 100 bytes costs 164,000. */
#define LANDING_MD_MAX_TABLE_WORK ((apr_uint64_t)64 * 1024 * 1024)

/**
 * An upper bound on the work cmark-gfm's table extension may do on
 * @p len bytes reading paragraphs again as header rows: for each line
 * that can be a delimiter row (only "|", ":", "-" and blanks, with a
 * "-"), the bytes times the lines since the last blank line or such line,
 * summed. Counting stops early once past LANDING_MD_MAX_TABLE_WORK.
 */
apr_uint64_t landing_mdguard_table_work(const char *s, apr_size_t len);

/** The most autolink trimming a page may ask for: the squared lengths of
 *  its words that hold "www." or "://", summed. 64 million is one word
 *  of 8 KB, far longer than any real URL. */
#define LANDING_MD_MAX_AUTOLINK_WORK ((apr_uint64_t)64 * 1024 * 1024)

/**
 * An upper bound on the work cmark-gfm's autolink extension may do on
 * @p len bytes trimming the ends of links: the squared lengths of the
 * words (runs without white space or "<") that hold "www." or "://",
 * summed. Counting stops early once past LANDING_MD_MAX_AUTOLINK_WORK.
 */
apr_uint64_t landing_mdguard_autolink_work(const char *s, apr_size_t len);

/**
 * An upper bound on landing_mdguard_bracket_work(), found with memchr:
 * the length times one more than the number of image openers ("![").
 * Each unit of work is an opener walked over by a "]": a link opener is
 * walked over once at most (the walk deactivates it), an image opener at
 * most once per "]". Pages with few images are under the budget by this
 * bound alone, and the exact count is skipped. All ones for inputs of
 * LANDING_MD_MAX_OPEN_BRACKETS bytes or more, where the count has a
 * second limit.
 */
apr_uint64_t landing_mdguard_bracket_bound(const char *s, apr_size_t len);

/**
 * Parse @p len bytes with cmark-gfm, @p options and the extensions in
 * @p extensions (LANDING_GFM_*, gfm.h), within the bounds. On
 * success @p *doc is the document, which the caller frees with
 * landing_mdguard_free_doc() (its nodes live in an arena of their own),
 * and strings cmark makes from it (cmark_render_html) with
 * landing_mdguard_free(). Returns
 * LANDING_MD_TOO_COMPLEX when the input is over a bound, APR_ENOMEM when
 * memory ran out; in both cases everything cmark allocated is freed and
 * the process carries on. Thread-safe; a string cmark renders from the
 * document is freed on the thread that parsed it.
 */
apr_status_t landing_mdguard_parse(const char *body, apr_size_t len,
                                   int options, int extensions,
                                   cmark_node **doc);

/**
 * landing_mdguard_parse() with a memory budget of @p budget bytes instead
 * of the one the input's length gives (see LANDING_MD_MEMORY_BASE): for tests and fuzzers, which make
 * cmark give up at every point of a parse.
 */
apr_status_t landing_mdguard_parse_within(const char *body, apr_size_t len,
                                          int options, int extensions,
                                          apr_size_t budget,
                                          cmark_node **doc);

/**
 * Turn the limit on a parse's time off (@p on 0) or back on, for the
 * whole process: for measurements under valgrind, where everything runs
 * fifty times slower. Call it before any parse starts.
 */
void landing_mdguard_time_limit(int on);

/**
 * From now until landing_mdguard_leave() or landing_mdguard_free_doc(),
 * what cmark allocates for @p doc goes into its arena while its budget
 * has room, and to the heap after that: the strings
 * cmark_node_get_literal() makes, a URL set on a node. So freeing the
 * document stays free of a walk over its nodes. What is allocated
 * meanwhile goes with the document: a string cmark renders while it is
 * entered (cmark_render_html) must not outlive it. A parse while one is
 * entered leaves it entered. A document parsed with every allocator
 * slot taken (memslot.h) is entered through a thread-local: one such
 * document at a time per thread, and entering it during a parse or
 * while another is entered does nothing.
 */
void landing_mdguard_enter(cmark_node *doc);

/** Allocations go to the heap again, as after landing_mdguard_parse(). */
void landing_mdguard_leave(cmark_node *doc);

/** Free a document from landing_mdguard_parse() and its arena (and
 *  leave it, if it was entered). */
void landing_mdguard_free_doc(cmark_node *doc);

/** Free what cmark allocated for a guarded document outside the parse,
 *  such as the HTML of cmark_render_html(). */
void landing_mdguard_free(void *ptr);

/**
 * The memory cmark allocated during the last landing_mdguard_parse() on
 * this thread (for tests and measurements).
 */
apr_size_t landing_mdguard_last_peak(void);

/**
 * Blocks cmark took from the heap on this thread for guarded documents
 * and has not given back (for tests): while there are none, freeing a
 * document needs no walk over its nodes.
 */
long landing_mdguard_heap_blocks(void);

#endif
