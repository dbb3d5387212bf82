/*
 * landing-render: mod_landing's renderer on the command line.
 *
 *   landing-render [SETTINGS] FILE.md          the page, on stdout
 *   landing-render [SETTINGS] --check PATH...  report broken pages
 *   landing-render [SETTINGS] --out DIR PATH...  export a static tree
 *   landing-render [SETTINGS] --index DB PATH... build the search index
 *
 * It links the same src/ core as the module and assembles the page
 * configuration with the same function (landing_pageconf_make), so for
 * the same source and settings its bytes are the bytes the module sends.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

#include <apr_general.h>
#include <apr_getopt.h>
#include <apr_file_io.h>
#include <apr_hash.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "src/component.h"
#include "src/frontmatter.h"
#include "src/gfm.h"
#include "src/markdown.h"
#include "src/nav.h"
#include "src/page.h"
#include "src/pageconf.h"
#include "src/search_index.h"
#include "src/stylesheet.h"
#include "src/chrome.h"

#define PROGRAM "landing-render"

/* Exit statuses: everything fine; problems found in the pages (or files
 * that could not be read or written); a command line that makes no sense. */
#define EXIT_OK       0
#define EXIT_PROBLEMS 1
#define EXIT_USAGE    2

/* Long-only options get codes outside the range of characters. */
enum {
    OPT_LAYOUT = 256, OPT_COMPONENT, OPT_SET, OPT_NAV, OPT_NO_RAW_HTML,
    OPT_CHECK, OPT_OUT, OPT_PATH, OPT_HELP, OPT_VERSION, OPT_EXTENSIONS,
    OPT_INDEX, OPT_STYLESHEET
};

static const apr_getopt_option_t options[] = {
    { "layout",      OPT_LAYOUT,      1, "NAME=TEMPLATE" },
    { "component",   OPT_COMPONENT,   1, "NAME=TEMPLATE" },
    { "set",         OPT_SET,         1, "KEY=VALUE" },
    { "nav",         OPT_NAV,         1, "FILE" },
    { "no-raw-html", OPT_NO_RAW_HTML, 0, "" },
    { "extensions",  OPT_EXTENSIONS,  1, "LIST" },
    { "stylesheet",  OPT_STYLESHEET,  1, "HOW" },
    { "check",       OPT_CHECK,       0, "" },
    { "out",         OPT_OUT,         1, "DIR" },
    { "index",       OPT_INDEX,       1, "DB" },
    { "path",        OPT_PATH,        1, "URL" },
    { "help",        OPT_HELP,        0, "" },
    { "version",     OPT_VERSION,     0, "" },
    { NULL, 0, 0, NULL }
};

static const char usage_text[] =
    "usage: " PROGRAM " [SETTINGS] [--path URL] FILE.md\n"
    "       " PROGRAM " [SETTINGS] --check PATH...\n"
    "       " PROGRAM " [SETTINGS] --out DIR PATH...\n"
    "       " PROGRAM " [SETTINGS] [--path URL] --index DB PATH...\n"
    "\n"
    "Render Markdown pages with YAML front matter the way mod_landing\n"
    "does: the page goes to stdout; --check reports every page with\n"
    "invalid front matter, an unknown layout, a failing template or a\n"
    "component that cannot be expanded as file:line:col: message;\n"
    "--out exports a tree, pages as .html and other files copied\n"
    "unchanged; --index builds or updates the search index DB (SQLite)\n"
    "of the pages under PATH, served at --path (default /), for\n"
    "LandingSearchIndex.\n"
    "\n"
    "Settings, as the module's directives:\n"
    "  --layout NAME=TEMPLATE  LandingLayout NAME TEMPLATE (repeatable)\n"
    "  --component NAME=TEMPLATE\n"
    "                          LandingComponent NAME TEMPLATE (repeatable)\n"
    "  --set KEY=VALUE         LandingSet KEY VALUE (repeatable)\n"
    "  --nav FILE              LandingNav FILE\n"
    "  --no-raw-html           LandingRawHTML Off\n"
    "  --extensions LIST       LandingMarkdownExtensions LIST: names from\n"
    "                          table strikethrough tasklist autolink\n"
    "                          tagfilter footnotes, separated by commas or\n"
    "                          spaces, or none (default: table,\n"
    "                          strikethrough, tasklist)\n"
    "  --stylesheet HOW        LandingStylesheet HOW: link (the default;\n"
    "                          the built-in stylesheet's URL under\n"
    "                          /.landing/, which --out writes too), a\n"
    "                          URL-path to link it under, or inline\n"
    "  --path URL              the request path the page is served at\n"
    "                          (default: / and FILE as given); with\n"
    "                          --index, the URL path of PATH\n"
    "\n"
    "Exit status: 0 when all is well, 1 when a page has a problem, 2 for\n"
    "a bad command line.\n";

typedef struct {
    apr_pool_t *pool;
    landing_page_conf_t pc;
    /* What the settings name, for messages. */
    const char *layout_names;
    /* The problems found so far. */
    int problems;
    /* Where --out writes, as a real path, so a walk can skip it. */
    const char *out_dir;
    const char *out_real;
    apr_hash_t *written;
} run_t;

/* A page or file found by a walk, and where it goes. */
typedef struct {
    const char *path;    /* as the file system knows it */
    const char *rel;     /* relative to the walked root, '/'-separated */
    int named;           /* named on the command line, not found by a walk */
} item_t;

static void usage_error(const char *fmt, ...)
{
    va_list ap;

    if (fmt) {
        fputs(PROGRAM ": ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputs("\n", stderr);
    }
    fputs(usage_text, stderr);
    exit(EXIT_USAGE);
}

/* apr_getopt's own messages ("%s: invalid option: ..." with argv[0]). */
static void getopt_error(void *arg, const char *fmt, ...)
{
    va_list ap;

    (void)arg;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/* A problem in a page: "file:line:col: message" on stdout for --check,
 * which a CI job or an editor reads, on stderr otherwise. */
static void problem(run_t *run, FILE *to, const char *file, int line,
                    int col, const char *fmt, ...)
{
    va_list ap;

    run->problems++;
    fprintf(to, "%s:%d:%d: ", file, line > 0 ? line : 1, col > 0 ? col : 1);
    va_start(ap, fmt);
    vfprintf(to, fmt, ap);
    va_end(ap);
    fputs("\n", to);
}

static int has_suffix(const char *s, const char *suffix)
{
    apr_size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static apr_status_t read_file(apr_pool_t *p, const char *path, char **data,
                              apr_size_t *len)
{
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t got = 0;

    rv = apr_file_open(&fd, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, fd);
    if (rv == APR_SUCCESS && fi.filetype != APR_REG) {
        rv = APR_EINVAL;
    }
    if (rv == APR_SUCCESS) {
        *data = apr_palloc(p, (apr_size_t)fi.size + 1);
        rv = apr_file_read_full(fd, *data, (apr_size_t)fi.size, &got);
        if (APR_STATUS_IS_EOF(rv) && fi.size == 0) {
            rv = APR_SUCCESS;
        }
    }
    apr_file_close(fd);
    if (rv == APR_SUCCESS) {
        (*data)[got] = '\0';
        *len = got;
    }
    return rv;
}

static const char *errstr(apr_pool_t *p, apr_status_t rv)
{
    char buf[256];
    if (rv == APR_EINVAL) {
        return "not a regular file";
    }
    return apr_pstrdup(p, apr_strerror(rv, buf, sizeof(buf)));
}

/*
 * Where the page's "layout:" line is, for a message about its value: the
 * 1-based line and the column of the value. Front matter is YAML, so the
 * key may be written in other ways (quoted, in a flow map); then the
 * position is the start of the file.
 */
static void layout_position(const char *src, apr_size_t len, int *line,
                            int *col)
{
    const char *s = src, *end = src + len;
    int n = 1;

    *line = 1;
    *col = 1;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
    }
    while (s < end) {
        const char *eol = memchr(s, '\n', end - s);
        const char *e = eol ? eol : end;
        if (n > 1 && (e - s >= 3)
            && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0)) {
            return;
        }
        if (e - s > 6 && memcmp(s, "layout", 6) == 0) {
            const char *q = s + 6;
            while (q < e && (*q == ' ' || *q == '\t')) {
                q++;
            }
            if (q < e && *q == ':') {
                q++;
                while (q < e && (*q == ' ' || *q == '\t')) {
                    q++;
                }
                *line = n;
                *col = (int)(q - s) + 1;
                return;
            }
        }
        if (eol == NULL) {
            return;
        }
        s = eol + 1;
        n++;
    }
}

/* What landing-render knows of the site a page is in: the directory its
 * URL path starts from (the walked tree, or for one FILE the part of its
 * name before --path), or NULL when the names do not tell. */
typedef struct {
    const char *root;
} site_dir_t;

/*
 * The module asks httpd whether a directory serves something (crumb.h);
 * here a directory serves its index page, index.md (rendered) or
 * index.html, as with "DirectoryIndex index.md index.html". The title is
 * an index.md's, read from its first bytes as the module reads it.
 */
static int dir_lookup(void *baton, apr_pool_t *p, const char *dir,
                      const char **title)
{
    const site_dir_t *site = baton;
    const char *base = apr_pstrcat(p, site->root, dir, NULL);
    const char *md = apr_pstrcat(p, base, "index.md", NULL);
    apr_finfo_t fi;
    apr_file_t *fd;

    *title = NULL;
    if (apr_stat(&fi, md, APR_FINFO_TYPE, p) == APR_SUCCESS
        && fi.filetype == APR_REG) {
        if (apr_file_open(&fd, md, APR_FOPEN_READ | APR_FOPEN_BINARY,
                          APR_OS_DEFAULT, p) == APR_SUCCESS) {
            char *buf = apr_palloc(p, LANDING_CRUMB_READ_MAX);
            apr_size_t got = 0;
            apr_file_read_full(fd, buf, LANDING_CRUMB_READ_MAX, &got);
            apr_file_close(fd);
            *title = landing_crumb_index_title(p, buf, got);
        }
        return 1;
    }
    return apr_stat(&fi, apr_pstrcat(p, base, "index.html", NULL),
                    APR_FINFO_TYPE, p) == APR_SUCCESS
           && fi.filetype == APR_REG;
}

/* The page's mtime (for "last_updated", as the module takes the file's)
 * and its site's directory look-up. */
static void page_source_conf(run_t *run, apr_pool_t *p, const char *file,
                             const char *url)
{
    apr_size_t fl = strlen(file), ul = strlen(url);
    apr_finfo_t fi;
    site_dir_t *site = apr_pcalloc(p, sizeof(*site));

    run->pc.source_mtime = apr_stat(&fi, file, APR_FINFO_MTIME, p)
                           == APR_SUCCESS ? fi.mtime : 0;
    if (fl >= ul && strcmp(file + fl - ul, url) == 0) {
        site->root = apr_pstrmemdup(p, file, fl - ul);
    }
    else if (fl + 1 == ul && strcmp(file, url + 1) == 0) {
        site->root = ".";
    }
    run->pc.dir_lookup = site->root ? dir_lookup : NULL;
    run->pc.dir_baton = site;
}

/*
 * Decide what the module would do with @p src and say so. Returns the
 * result; for LANDING_PAGE_RENDERED, @p page holds the bytes (free them).
 * Problems are reported to @p to, against @p file.
 */
static landing_page_result_e render(run_t *run, apr_pool_t *p,
                                    const char *file, const char *url,
                                    const char *src, apr_size_t len,
                                    landing_page_t *page, FILE *to)
{
    landing_page_result_e res;
    int line, col;

    /* As the filter does: a body over the size limit is never rendered,
     * but only a body with front matter is a Landing page at all. */
    if (len > LANDING_PAGE_DEFAULT_MAX_SIZE
        && landing_fm_sniff(src, len, 1) == 1) {
        problem(run, to, file, 1, 1, "larger than the default "
                "LandingMaxSize (%d bytes), would pass through unrendered",
                LANDING_PAGE_DEFAULT_MAX_SIZE);
        memset(page, 0, sizeof(*page));
        return LANDING_PAGE_TOO_BIG;
    }
    page_source_conf(run, p, file, url);
    res = landing_page_render(p, &run->pc, src, len, url, page);
    switch (res) {
    case LANDING_PAGE_RENDERED:
        /* What the Markdown holds that the author should hear about:
         * custom containers never closed. */
        if (page->md_problems) {
            int i;
            for (i = 0; i < page->md_problems->nelts; i++) {
                const landing_md_problem_t *pr = &APR_ARRAY_IDX(
                    page->md_problems, i, landing_md_problem_t);
                problem(run, to, file, pr->line, 1, "%s", pr->message);
            }
        }
        /* Components the module would log: unknown ones, Vue expressions
         * it drops, tags that are not closed. */
        if (page->problems) {
            int i;
            for (i = 0; i < page->problems->nelts; i++) {
                const landing_component_problem_t *pr = &APR_ARRAY_IDX(
                    page->problems, i, landing_component_problem_t);
                problem(run, to, file, pr->line, 1, "%s", pr->message);
            }
        }
        break;
    case LANDING_PAGE_NO_FRONT_MATTER:
        break;
    case LANDING_PAGE_NO_LAYOUT:
        /* As the module warns (LANDING62); a page with no layout key at
         * all is not a problem. */
        if (page->layout_key) {
            problem(run, to, file, page->line, page->column,
                    "front matter key '%s' should be 'layout' (keys are "
                    "case-sensitive)", page->layout_key);
        }
        break;
    case LANDING_PAGE_INVALID:
        problem(run, to, file, page->line, page->column,
                "invalid front matter: %s", page->error);
        break;
    case LANDING_PAGE_OTHER_LAYOUT:
        layout_position(src, len, &line, &col);
        if (page->suggest) {
            /* The module's LANDING61 warning, word for word. */
            problem(run, to, file, line, col, "layout '%s' is not "
                    "configured; did you mean '%s'?", page->layout,
                    page->suggest);
        }
        else {
            problem(run, to, file, line, col, "layout '%s' is not "
                    "configured (known: %s)", page->layout,
                    run->layout_names);
        }
        break;
    case LANDING_PAGE_NOMEM:
    case LANDING_PAGE_TOO_BIG:
        layout_position(src, len, &line, &col);
        problem(run, to, file, line, col, "layout '%s' failed: %s",
                page->layout, landing_page_result_name(res));
        break;
    }
    return res;
}

static int write_all(FILE *f, const char *data, apr_size_t len)
{
    return len == 0 || fwrite(data, 1, len, f) == len;
}

/* --- one page to stdout -------------------------------------------------- */

static int render_one(run_t *run, const char *file, const char *url)
{
    landing_page_t page;
    landing_page_result_e res;
    apr_status_t rv;
    char *src;
    apr_size_t len;
    int ok;

    rv = read_file(run->pool, file, &src, &len);
    if (rv != APR_SUCCESS) {
        fprintf(stderr, PROGRAM ": %s: %s\n", file, errstr(run->pool, rv));
        return EXIT_PROBLEMS;
    }
    if (url == NULL) {
        while (strncmp(file, "./", 2) == 0) {
            file += 2;
        }
        url = (*file == '/') ? file : apr_pstrcat(run->pool, "/", file,
                                                  NULL);
    }
    res = render(run, run->pool, file, url, src, len, &page, stderr);
    if (res == LANDING_PAGE_RENDERED) {
        ok = write_all(stdout, page.html, page.len);
        landing_buf_release(page.html);
    }
    else {
        /* The module sends what it does not render unchanged; so do we,
         * and say why on stderr. */
        if (run->problems == 0) {
            fprintf(stderr, PROGRAM ": %s: not a Landing page (%s), "
                    "written unchanged\n", file,
                    landing_page_result_name(res));
        }
        ok = write_all(stdout, src, len);
    }
    if (fflush(stdout) != 0 || !ok) {
        perror(PROGRAM ": writing the page");
        return EXIT_PROBLEMS;
    }
    return run->problems ? EXIT_PROBLEMS : EXIT_OK;
}

/* --- walking ------------------------------------------------------------- */

static int item_cmp(const void *a, const void *b)
{
    return strcmp(((const item_t *)a)->rel, ((const item_t *)b)->rel);
}

/*
 * Add the files under directory @p dir (relative name @p rel) to @p items,
 * sorted. Names starting with '.' (.git, .htaccess) are skipped, and so
 * are symbolic links to directories (they can make cycles) and --out's
 * own directory.
 */
static void walk(run_t *run, const char *dir, const char *rel,
                 apr_array_header_t *items)
{
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_array_header_t *here = apr_array_make(run->pool, 16,
                                              sizeof(item_t));
    apr_array_header_t *subdirs = apr_array_make(run->pool, 4,
                                                 sizeof(item_t));
    int i;

    rv = apr_dir_open(&d, dir, run->pool);
    if (rv != APR_SUCCESS) {
        fprintf(stderr, PROGRAM ": %s: %s\n", dir, errstr(run->pool, rv));
        run->problems++;
        return;
    }
    while ((rv = apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE, d))
           == APR_SUCCESS || rv == APR_INCOMPLETE) {
        item_t it;

        if (fi.name[0] == '.') {
            continue;
        }
        it.path = apr_pstrcat(run->pool, dir, "/", fi.name, NULL);
        it.rel = *rel ? apr_pstrcat(run->pool, rel, "/", fi.name, NULL)
                      : apr_pstrdup(run->pool, fi.name);
        it.named = 0;
        if (fi.filetype == APR_LNK || rv == APR_INCOMPLETE
            || fi.filetype == APR_UNKFILE) {
            apr_finfo_t target;
            if (apr_stat(&target, it.path, APR_FINFO_TYPE, run->pool)
                != APR_SUCCESS) {
                fprintf(stderr, PROGRAM ": %s: broken link, skipped\n",
                        it.path);
                continue;
            }
            if (target.filetype == APR_DIR && fi.filetype == APR_LNK) {
                fprintf(stderr, PROGRAM ": %s: link to a directory, "
                        "skipped\n", it.path);
                continue;
            }
            fi.filetype = target.filetype;
        }
        if (fi.filetype == APR_DIR) {
            *(item_t *)apr_array_push(subdirs) = it;
        }
        else if (fi.filetype == APR_REG) {
            *(item_t *)apr_array_push(here) = it;
        }
    }
    apr_dir_close(d);

    /* Files of a directory before its subdirectories, each sorted, so
     * that reports come out in the same order on every machine. */
    qsort(here->elts, here->nelts, sizeof(item_t), item_cmp);
    apr_array_cat(items, here);
    qsort(subdirs->elts, subdirs->nelts, sizeof(item_t), item_cmp);
    for (i = 0; i < subdirs->nelts; i++) {
        item_t *sd = &((item_t *)subdirs->elts)[i];
        char real[PATH_MAX];
        if (run->out_real && realpath(sd->path, real)
            && strcmp(real, run->out_real) == 0) {
            continue;
        }
        walk(run, sd->path, sd->rel, items);
    }
}

/* Every file named by @p paths: a file as itself (under its base name),
 * a directory by walking it. Returns NULL after reporting a path that
 * does not exist. */
static apr_array_header_t *collect(run_t *run, const char *const *paths,
                                   int n)
{
    apr_array_header_t *items = apr_array_make(run->pool, 64,
                                               sizeof(item_t));
    int i;

    for (i = 0; i < n; i++) {
        apr_finfo_t fi;
        apr_status_t rv = apr_stat(&fi, paths[i], APR_FINFO_TYPE, run->pool);
        const char *path = apr_pstrdup(run->pool, paths[i]);
        apr_size_t l = strlen(path);

        while (l > 1 && path[l - 1] == '/') {
            ((char *)path)[--l] = '\0';
        }
        if (rv != APR_SUCCESS) {
            fprintf(stderr, PROGRAM ": %s: %s\n", paths[i],
                    errstr(run->pool, rv));
            run->problems++;
        }
        else if (fi.filetype == APR_DIR) {
            walk(run, path, "", items);
        }
        else {
            item_t *it = apr_array_push(items);
            const char *slash = strrchr(path, '/');
            it->path = path;
            it->rel = slash ? slash + 1 : path;
            it->named = 1;
        }
    }
    return items;
}

/* --- --check ------------------------------------------------------------- */

static int check(run_t *run, const char *const *paths, int n)
{
    apr_array_header_t *items = collect(run, paths, n);
    apr_pool_t *p;
    int i, pages = 0;

    apr_pool_create(&p, run->pool);
    for (i = 0; i < items->nelts; i++) {
        const item_t *it = &((item_t *)items->elts)[i];
        landing_page_t page;
        char *src;
        apr_size_t len;
        apr_status_t rv;

        /* In a directory only Markdown files are pages; a file named on
         * the command line is checked whatever its name. */
        if (!it->named && !has_suffix(it->rel, ".md")) {
            continue;
        }
        apr_pool_clear(p);
        rv = read_file(p, it->path, &src, &len);
        if (rv != APR_SUCCESS) {
            fprintf(stderr, PROGRAM ": %s: %s\n", it->path, errstr(p, rv));
            run->problems++;
            continue;
        }
        pages++;
        if (render(run, p, it->path, apr_pstrcat(p, "/", it->rel, NULL),
                   src, len, &page, stdout) == LANDING_PAGE_RENDERED) {
            landing_buf_release(page.html);
        }
    }
    apr_pool_destroy(p);
    if (fflush(stdout) != 0) {
        perror(PROGRAM);
        return EXIT_PROBLEMS;
    }
    if (run->problems) {
        fprintf(stderr, PROGRAM ": %d problem%s in %d page%s checked\n",
                run->problems, run->problems == 1 ? "" : "s", pages,
                pages == 1 ? "" : "s");
        return EXIT_PROBLEMS;
    }
    return EXIT_OK;
}

/* --- --out --------------------------------------------------------------- */

/* Make the directory that @p path will be in. */
static apr_status_t make_parent(apr_pool_t *p, const char *path)
{
    char *dir = apr_pstrdup(p, path), *slash = strrchr(dir, '/');
    apr_status_t rv = APR_SUCCESS;

    if (slash && slash != dir) {
        *slash = '\0';
        rv = apr_dir_make_recursive(dir, APR_OS_DEFAULT, p);
        if (APR_STATUS_IS_EEXIST(rv)) {
            rv = APR_SUCCESS;
        }
    }
    return rv;
}

static apr_status_t write_file(apr_pool_t *p, const char *path,
                               const char *data, apr_size_t len,
                               apr_fileperms_t perms)
{
    apr_file_t *fd;
    apr_status_t rv;
    apr_size_t written;

    rv = make_parent(p, path);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    rv = apr_file_open(&fd, path, APR_FOPEN_WRITE | APR_FOPEN_CREATE
                       | APR_FOPEN_TRUNCATE | APR_FOPEN_BINARY, perms, p);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    rv = apr_file_write_full(fd, data, len, &written);
    if (rv == APR_SUCCESS) {
        rv = apr_file_close(fd);
    }
    else {
        apr_file_close(fd);
    }
    return rv;
}

/* The progress line, on a terminal only: it would litter a log. */
static void progress(int tty, int done, int total, const char *rel)
{
    if (tty) {
        fprintf(stderr, "\r\033[K[%d/%d] %s", done, total, rel);
        fflush(stderr);
    }
}

/* The built-in stylesheet, where the exported pages link it (its URL
 * path under the output directory), as the module serves it. */
static void export_stylesheet(run_t *run)
{
    const char *dest;
    apr_status_t rv;

    if (run->pc.stylesheet_url == NULL) {
        return;     /* inline: in every page */
    }
    dest = apr_pstrcat(run->pool, run->out_dir, run->pc.stylesheet_url,
                       NULL);
    if (apr_hash_get(run->written, dest, APR_HASH_KEY_STRING)) {
        problem(run, stderr, dest, 1, 1, "the built-in stylesheet's place "
                "was already written from a source file; not written");
        return;
    }
    rv = write_file(run->pool, dest, landing_chrome_stylesheet,
                    landing_chrome_stylesheet_len, APR_FPROT_OS_DEFAULT);
    if (rv != APR_SUCCESS) {
        fprintf(stderr, "%s: %s: %s\n", PROGRAM, dest,
                errstr(run->pool, rv));
        run->problems++;
    }
}

static int export(run_t *run, const char *const *paths, int n)
{
    apr_array_header_t *items;
    apr_pool_t *p;
    int i, rendered = 0, copied = 0;
    int tty = isatty(STDERR_FILENO);
    char real[PATH_MAX];

    if (apr_dir_make_recursive(run->out_dir, APR_OS_DEFAULT, run->pool)
        != APR_SUCCESS || realpath(run->out_dir, real) == NULL) {
        fprintf(stderr, PROGRAM ": %s: cannot make the output directory\n",
                run->out_dir);
        return EXIT_PROBLEMS;
    }
    run->out_real = apr_pstrdup(run->pool, real);
    run->written = apr_hash_make(run->pool);
    items = collect(run, paths, n);

    apr_pool_create(&p, run->pool);
    for (i = 0; i < items->nelts; i++) {
        const item_t *it = &((item_t *)items->elts)[i];
        landing_page_t page;
        landing_page_result_e res = LANDING_PAGE_NO_FRONT_MATTER;
        const char *rel = it->rel, *dest;
        char *src = NULL;
        apr_size_t len = 0;
        apr_status_t rv = APR_SUCCESS;
        int md = has_suffix(rel, ".md");

        apr_pool_clear(p);
        progress(tty, i + 1, items->nelts, rel);
        /* Only pages are read; other files are copied as they are. */
        if (md) {
            rv = read_file(p, it->path, &src, &len);
        }
        if (rv != APR_SUCCESS) {
            fprintf(stderr, "%s%s: %s: %s\n", tty ? "\r\033[K" : "",
                    PROGRAM, it->path, errstr(p, rv));
            run->problems++;
            continue;
        }
        if (md) {
            if (tty) {
                fputs("\r\033[K", stderr);
            }
            res = render(run, p, it->path, apr_pstrcat(p, "/", rel, NULL),
                         src, len, &page, stderr);
        }
        if (res == LANDING_PAGE_RENDERED) {
            rel = apr_pstrcat(p, apr_pstrndup(p, rel, strlen(rel) - 3),
                              ".html", NULL);
        }
        dest = apr_pstrcat(p, run->out_dir, "/", rel, NULL);
        if (apr_hash_get(run->written, dest, APR_HASH_KEY_STRING)) {
            if (tty) {
                fputs("\r\033[K", stderr);
            }
            problem(run, stderr, it->path, 1, 1, "%s was already written "
                    "from another source; skipped", dest);
        }
        else {
            apr_hash_set(run->written, apr_pstrdup(run->pool, dest),
                         APR_HASH_KEY_STRING, "");
            if (res == LANDING_PAGE_RENDERED) {
                rv = write_file(p, dest, page.html, page.len,
                                APR_FPROT_OS_DEFAULT);
                rendered++;
            }
            else {
                /* Copies keep their permissions; pages get the usual
                 * ones, as a new file would. */
                rv = make_parent(p, dest);
                if (rv == APR_SUCCESS) {
                    rv = apr_file_copy(it->path, dest,
                                       APR_FPROT_FILE_SOURCE_PERMS, p);
                }
                copied++;
            }
            if (rv != APR_SUCCESS) {
                fprintf(stderr, "%s%s: %s: %s\n", tty ? "\r\033[K" : "",
                        PROGRAM, dest, errstr(p, rv));
                run->problems++;
            }
        }
        if (res == LANDING_PAGE_RENDERED) {
            landing_buf_release(page.html);
        }
    }
    apr_pool_destroy(p);
    if (rendered) {
        export_stylesheet(run);
    }
    if (tty) {
        fprintf(stderr, "\r\033[K" PROGRAM ": %d page%s rendered, %d file%s "
                "copied to %s\n", rendered, rendered == 1 ? "" : "s",
                copied, copied == 1 ? "" : "s", run->out_dir);
    }
    return run->problems ? EXIT_PROBLEMS : EXIT_OK;
}

/* --- --index ------------------------------------------------------------- */

/*
 * The search index of the pages under @p paths (search_index.h): a
 * directory is served at @p url (default "/"), a file at @p url and its
 * name. Only what changed since the last run is read again.
 */
static int build_index(run_t *run, const char *db, const char *url,
                       const char *settings, const char *const *paths,
                       int n)
{
    landing_index_conf_t ic;
    landing_index_stats_t st;
    landing_index_root_t *roots = apr_pcalloc(run->pool, n * sizeof(*roots));
    const char *err;
    int i;

    for (i = 0; i < n; i++) {
        apr_finfo_t fi;
        const char *base = url ? url : "/";
        roots[i].path = paths[i];
        roots[i].url = base;
        if (apr_stat(&fi, paths[i], APR_FINFO_TYPE, run->pool) == APR_SUCCESS
            && fi.filetype != APR_DIR) {
            const char *slash = strrchr(paths[i], '/');
            roots[i].url = apr_pstrcat(run->pool, base,
                                       base[strlen(base) - 1] == '/'
                                       ? "" : "/",
                                       slash ? slash + 1 : paths[i], NULL);
        }
    }
    memset(&ic, 0, sizeof(ic));
    ic.pc = &run->pc;
    ic.settings = settings;
    ic.max_size = LANDING_PAGE_DEFAULT_MAX_SIZE;
    ic.home_title = landing_value_get_str(run->pc.site, "name");
    if (landing_index_update(run->pool, &ic, roots, n, db, &st, &err)
        != APR_SUCCESS) {
        fprintf(stderr, PROGRAM ": --index %s: %s\n", db, err);
        return EXIT_PROBLEMS;
    }
    fprintf(stderr, PROGRAM ": %s: %d page%s; %d file%s read, %d removed"
            "%s\n", db, st.pages, st.pages == 1 ? "" : "s", st.indexed,
            st.indexed == 1 ? "" : "s", st.removed,
            st.written ? "" : ", unchanged");
    if (st.failed) {
        fprintf(stderr, PROGRAM ": %d file%s could not be read\n", st.failed,
                st.failed == 1 ? "" : "s");
        return EXIT_PROBLEMS;
    }
    return EXIT_OK;
}

/* --- settings ------------------------------------------------------------ */

/* --nav FILE: what LandingNav FILE does, with the same bounds. */
static apr_status_t load_nav(apr_pool_t *p, const char *path,
                             landing_page_conf_t *pc)
{
    landing_nav_t *nav;
    apr_finfo_t fi;
    apr_status_t rv;
    const char *err;
    char *src;
    apr_size_t len;

    rv = apr_stat(&fi, path, APR_FINFO_SIZE | APR_FINFO_TYPE, p);
    if (rv == APR_SUCCESS && (fi.filetype != APR_REG
                              || fi.size > LANDING_NAV_MAX_SIZE)) {
        fprintf(stderr, PROGRAM ": --nav: '%s' is not a regular file of at "
                "most %d bytes\n", path, LANDING_NAV_MAX_SIZE);
        return APR_EINVAL;
    }
    if (rv == APR_SUCCESS) {
        rv = read_file(p, path, &src, &len);
    }
    if (rv != APR_SUCCESS) {
        fprintf(stderr, PROGRAM ": --nav: cannot read '%s': %s\n", path,
                errstr(p, rv));
        return rv;
    }
    rv = landing_nav_compile(p, src, len, path, &nav, &err);
    if (rv != APR_SUCCESS) {
        /* "FILE:LINE:COLUMN: message", as --check reports pages. */
        fprintf(stderr, "%s\n", err);
        return rv;
    }
    pc->nav = nav;
    return APR_SUCCESS;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Split "NAME=VALUE" at the first '='; NULL when there is none. */
static const char *split_arg(apr_pool_t *p, const char *opt, const char *arg,
                             const char **name)
{
    const char *eq = strchr(arg, '=');

    if (eq == NULL || eq == arg) {
        usage_error("--%s wants NAME=VALUE, not '%s'", opt, arg);
    }
    *name = apr_pstrndup(p, arg, eq - arg);
    return eq + 1;
}

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    apr_getopt_t *os;
    apr_status_t rv;
    run_t run;
    apr_hash_t *layouts, *components, *builtin_components;
    landing_template_t *builtin;
    landing_site_t *site;
    const char *arg, *name, *value, *err;
    const char *out = NULL, *url = NULL, *nav = NULL, *index = NULL;
    /* The settings as given, naming what the index was built with. */
    const char *settings = "landing-render " LANDING_RELEASE;
    const char *stylesheet = LANDING_STYLESHEET_PREFIX;
    int opt, checking = 0, raw_html = 1, extensions = LANDING_GFM_DEFAULT;
    apr_array_header_t *names;
    apr_hash_index_t *hi;

    apr_app_initialize(&argc, &argv, NULL);
    atexit(apr_terminate);
    apr_pool_create(&pool, NULL);

    memset(&run, 0, sizeof(run));
    run.pool = pool;
    layouts = apr_hash_make(pool);
    components = apr_hash_make(pool);
    site = landing_site_make(pool);

    apr_getopt_init(&os, pool, argc, argv);
    os->interleave = 1;
    os->errfn = getopt_error;
    os->argv[0] = PROGRAM;      /* messages name the program, not a path */
    while ((rv = apr_getopt_long(os, options, &opt, &arg)) == APR_SUCCESS) {
        if (opt != OPT_INDEX && opt != OPT_PATH) {
            settings = apr_psprintf(pool, "%s\n%d=%s", settings, opt,
                                    arg ? arg : "");
        }
        switch (opt) {
        case OPT_LAYOUT: {
            landing_template_t *tpl;
            value = split_arg(pool, "layout", arg, &name);
            if ((err = landing_pageconf_check_layout_name(pool, name))) {
                usage_error("--layout: %s", err);
            }
            if (landing_pageconf_load(pool, value, &tpl, &err)
                != APR_SUCCESS) {
                /* The template is input like the pages: its problems are
                 * problems, not a misused command line. */
                fprintf(stderr, PROGRAM ": --layout %s: %s\n", name, err);
                return EXIT_PROBLEMS;
            }
            apr_hash_set(layouts, name, APR_HASH_KEY_STRING, tpl);
            break;
        }
        case OPT_COMPONENT: {
            landing_template_t *tpl;
            value = split_arg(pool, "component", arg, &name);
            if ((err = landing_component_check_name(pool, name))) {
                usage_error("--component: %s", err);
            }
            if (landing_pageconf_load(pool, value, &tpl, &err)
                != APR_SUCCESS) {
                fprintf(stderr, PROGRAM ": --component %s: %s\n", name, err);
                return EXIT_PROBLEMS;
            }
            apr_hash_set(components, name, APR_HASH_KEY_STRING, tpl);
            break;
        }
        case OPT_SET:
            value = split_arg(pool, "set", arg, &name);
            if ((err = landing_pageconf_check_site_key(pool, name))) {
                usage_error("--set: %s", err);
            }
            landing_site_set(pool, site, name, value);
            break;
        case OPT_NAV:
            nav = arg;
            break;
        case OPT_NO_RAW_HTML:
            raw_html = 0;
            break;
        case OPT_EXTENSIONS:
            extensions = landing_gfm_parse_list(pool, arg, &name);
            if (extensions < 0) {
                usage_error("--extensions: %s '%s' (known: %s, or none "
                            "alone)", *name && strcmp(name, "none")
                                          ? "unknown extension"
                                          : "not a list:", arg,
                            landing_gfm_names);
            }
            break;
        case OPT_STYLESHEET:
            if ((err = landing_stylesheet_parse(pool, arg, &stylesheet))) {
                usage_error("--stylesheet: %s", err);
            }
            break;
        case OPT_CHECK:
            checking = 1;
            break;
        case OPT_OUT:
            out = arg;
            break;
        case OPT_PATH:
            url = arg;
            break;
        case OPT_INDEX:
            index = arg;
            break;
        case OPT_HELP:
            fputs(usage_text, stdout);
            return EXIT_OK;
        case OPT_VERSION:
            puts(PROGRAM " " LANDING_RELEASE);
            return EXIT_OK;
        }
    }
    if (rv != APR_EOF) {
        usage_error(NULL);
    }
    if ((checking != 0) + (out != NULL) + (index != NULL) > 1) {
        usage_error("--check, --out and --index do not go together");
    }
    if (url && (checking || out)) {
        usage_error("--path is for rendering one FILE or for --index");
    }
    if (url && *url != '/') {
        usage_error("--path wants a URL path starting with '/'");
    }
    if (os->ind >= argc) {
        usage_error(checking || out || index ? "no PATH given"
                                             : "no FILE given");
    }
    if (!checking && !out && !index && argc - os->ind > 1) {
        usage_error("one FILE at a time (use --out DIR for many)");
    }

    if (landing_pageconf_builtin(pool, &builtin, &err) != APR_SUCCESS) {
        /* Checked when the program was built; cannot happen. */
        fprintf(stderr, PROGRAM ": the built-in chrome: %s\n", err);
        return EXIT_PROBLEMS;
    }
    if (landing_component_builtins(pool, &builtin_components, &err)
        != APR_SUCCESS) {
        fprintf(stderr, PROGRAM ": the built-in components: %s\n", err);
        return EXIT_PROBLEMS;
    }
    landing_pageconf_make(pool, &run.pc, layouts, builtin, site, raw_html);
    run.pc.md_flags = (run.pc.md_flags & ~LANDING_GFM_ALL) | extensions;
    run.pc.stylesheet_url = stylesheet
        ? landing_stylesheet_builtin_url(pool, stylesheet) : NULL;
    landing_pageconf_components(pool, &run.pc, builtin_components,
                                components);
    if (nav && load_nav(pool, nav, &run.pc) != APR_SUCCESS) {
        return EXIT_PROBLEMS;
    }

    names = apr_array_make(pool, 4, sizeof(const char *));
    for (hi = apr_hash_first(pool, run.pc.layouts); hi;
         hi = apr_hash_next(hi)) {
        const void *k;
        apr_hash_this(hi, &k, NULL, NULL);
        *(const char **)apr_array_push(names) = k;
    }
    qsort(names->elts, names->nelts, sizeof(const char *),
          name_cmp);
    run.layout_names = apr_array_pstrcat(pool, names, ',');

    if (checking) {
        return check(&run, argv + os->ind, argc - os->ind);
    }
    if (out) {
        run.out_dir = out;
        return export(&run, argv + os->ind, argc - os->ind);
    }
    if (index) {
        return build_index(&run, index, url, settings, argv + os->ind,
                           argc - os->ind);
    }
    return render_one(&run, argv[os->ind], url);
}
