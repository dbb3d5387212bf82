/*
 * landing-render: mod_landing's renderer on the command line.
 *
 *   landing-render [SETTINGS] FILE.md            the page, on stdout
 *   landing-render [SETTINGS] --check PATH...    report broken pages
 *   landing-render [SETTINGS] --out DIR PATH...  export a static site
 *   landing-render [SETTINGS] --index DB PATH... build the search index
 *
 * It links the same src/ core as the module and assembles the page
 * configuration with the same function (landing_pageconf_make), so for
 * the same source and settings its bytes are the bytes the module sends.
 * The settings are the module's directives: each option stands for one,
 * and --config reads them from an httpd configuration file; both are
 * applied by apply_directive().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

#include <apr_general.h>
#include <apr_getopt.h>
#include <apr_escape.h>
#include <apr_file_io.h>
#include <apr_fnmatch.h>
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
#include "src/relink.h"
#include "src/search_index.h"
#include "src/size.h"
#include "src/stylesheet.h"
#include "src/chrome.h"

#define PROGRAM "landing-render"

/* Exit statuses: everything fine; problems found in the pages (or files
 * that could not be read or written); a command line that makes no sense. */
#define EXIT_OK       0
#define EXIT_PROBLEMS 1
#define EXIT_USAGE    2

/*
 * The options. A setting stands for a directive: it is applied as that
 * directive with the arguments the option gives (apply_directive), the
 * same way a directive read by --config is, so there is one place that
 * knows what a directive does. A new directive that changes a page gets
 * a row here with its name in @c directive (t/20 checks that every such
 * directive of the module has one). Other options are modes and
 * switches, handled in main().
 */
typedef enum {
    OPT_SETTING = 256, OPT_CONFIG, OPT_CHECK, OPT_OUT, OPT_INDEX,
    OPT_RELATIVE,
    OPT_PATH, OPT_ROOT, OPT_QUIET, OPT_VERBOSE, OPT_HELP, OPT_VERSION
} opt_code_e;

/* How an option's argument becomes the directive's arguments. */
typedef enum {
    ARG_NONE,       /* no argument: the directive gets @c value */
    ARG_ONE,        /* the argument as the directive's one argument */
    ARG_PAIR        /* NAME=VALUE: two arguments */
} arg_form_e;

typedef struct {
    const char *name;       /* --name */
    opt_code_e code;        /* OPT_SETTING for a directive's option */
    arg_form_e form;
    const char *arg;        /* the argument's name in the usage */
    const char *directive;  /* for OPT_SETTING: the directive it gives */
    const char *value;      /* for ARG_NONE: the directive's argument */
    const char *help;       /* for the usage, after the option */
} option_t;

static const option_t option_table[] = {
    { "layout", OPT_SETTING, ARG_PAIR, "NAME=TEMPLATE", "LandingLayout", NULL,
      "(repeatable; Landing=... replaces the built-in chrome)" },
    { "component", OPT_SETTING, ARG_PAIR, "NAME=TEMPLATE",
      "LandingComponent", NULL, "(repeatable)" },
    { "set", OPT_SETTING, ARG_PAIR, "KEY=VALUE", "LandingSet", NULL,
      "(repeatable)" },
    { "nav", OPT_SETTING, ARG_ONE, "FILE", "LandingNav", NULL, "" },
    { "no-raw-html", OPT_SETTING, ARG_NONE, NULL, "LandingRawHTML", "Off",
      "" },
    { "raw-html", OPT_SETTING, ARG_NONE, NULL, "LandingRawHTML", "On",
      "(the default)" },
    { "extensions", OPT_SETTING, ARG_ONE, "LIST",
      "LandingMarkdownExtensions", NULL,
      "names from table strikethrough tasklist autolink tagfilter "
      "footnotes, separated by commas or spaces, or none (default: table, "
      "strikethrough, tasklist)" },
    { "no-heading-ids", OPT_SETTING, ARG_NONE, NULL, "LandingHeadingIds",
      "Off", "" },
    { "heading-ids", OPT_SETTING, ARG_NONE, NULL, "LandingHeadingIds", "On",
      "(the default)" },
    { "edit-base", OPT_SETTING, ARG_ONE, "URL", "LandingEditBase", NULL,
      "the page's path under the tree (or --root) is appended for the "
      "edit link" },
    { "canonical-base", OPT_SETTING, ARG_ONE, "URL", "LandingCanonicalBase",
      NULL, "the page's URL path is appended for <link rel=canonical>" },
    { "max-size", OPT_SETTING, ARG_ONE, "SIZE", "LandingMaxSize", NULL,
      "(K, M, G allowed; default 8M)" },
    { "stylesheet", OPT_SETTING, ARG_ONE, "HOW", "LandingStylesheet", NULL,
      "link (the default; the built-in stylesheet's URL under /.landing/, "
      "which --out writes too), a URL-path to link it under, or inline" },
    { "config", OPT_CONFIG, ARG_ONE, "FILE", NULL, NULL,
      "the Landing* directives of an httpd configuration file, in the "
      "<Directory> and <Location> sections that hold the page "
      "(repeatable, read in order; options are applied after them)" },
    { "path", OPT_PATH, ARG_ONE, "URL", NULL, NULL,
      "the request path FILE is served at (default: FILE's path under "
      "--root, or under the current directory); with --index, the URL "
      "path of PATH" },
    { "root", OPT_ROOT, ARG_ONE, "DIR", NULL, NULL,
      "the directory served at /: pages' paths and URLs are taken "
      "under it" },
    { "check", OPT_CHECK, ARG_NONE, NULL, NULL, NULL,
      "report the problems of the pages under PATH..., then a summary" },
    { "out", OPT_OUT, ARG_ONE, "DIR", NULL, NULL,
      "export the pages and files under PATH... into DIR" },
    { "index", OPT_INDEX, ARG_ONE, "DB", NULL, NULL,
      "build or update the search index DB (SQLite) of the pages under "
      "PATH..., served at --path (default /), for LandingSearchIndex" },
    { "relative", OPT_RELATIVE, ARG_NONE, NULL, NULL, NULL,
      "with --out: links and assets relative to each page, a directory "
      "as DIR/index.html, so the export works from file://" },
    { "quiet", OPT_QUIET, ARG_NONE, NULL, NULL, NULL,
      "no summary line" },
    { "verbose", OPT_VERBOSE, ARG_NONE, NULL, NULL, NULL,
      "with --out: one line per file written, on stderr" },
    { "help", OPT_HELP, ARG_NONE, NULL, NULL, NULL, "this text" },
    { "version", OPT_VERSION, ARG_NONE, NULL, NULL, NULL,
      "the release" },
};
#define N_OPTIONS (sizeof(option_table) / sizeof(option_table[0]))

static const char usage_head[] =
    "usage: " PROGRAM " [SETTINGS] [--path URL] FILE.md\n"
    "       " PROGRAM " [SETTINGS] --check PATH...\n"
    "       " PROGRAM " [SETTINGS] --out DIR [--relative] PATH...\n"
    "       " PROGRAM " [SETTINGS] [--path URL] --index DB PATH...\n"
    "\n"
    "Render Markdown pages with YAML front matter the way mod_landing\n"
    "does: the page goes to stdout; --check reports every page with\n"
    "invalid front matter, an unknown layout, a failing template or a\n"
    "component that cannot be expanded as file:line:col: message, and a\n"
    "summary; --out exports a tree as a static site, pages as .html with\n"
    "links to them rewritten, other files copied unchanged; --index\n"
    "builds or updates the search index of the pages.\n"
    "\n"
    "Settings, as the module's directives:\n";

static const char usage_tail[] =
    "\n"
    "Exit status: 0 when all is well, 1 when a page has a problem, 2 for\n"
    "a bad command line.\n";

/* Print @p text after a column of @p indent, folded at 76 columns. */
static void print_folded(FILE *to, const char *text, int col, int indent)
{
    while (*text) {
        const char *sp = text;
        apr_size_t w;
        while (*sp && *sp != ' ') {
            sp++;
        }
        w = (apr_size_t)(sp - text);
        if (col > indent && col + 1 + (int)w > 76) {
            fprintf(to, "\n%*s", indent, "");
            col = indent;
        }
        else if (col > indent) {
            fputc(' ', to);
            col++;
        }
        else {
            fprintf(to, "%*s", indent - col, "");
            col = indent;
        }
        fwrite(text, 1, w, to);
        col += (int)w;
        text = *sp ? sp + 1 : sp;
    }
    fputc('\n', to);
}

static void print_option(FILE *to, const option_t *o)
{
    char left[64], text[512];
    const char *help = o->help ? o->help : "";
    const char *sep = *help == '\0' ? "" : *help == '(' ? " " : ": ";

    snprintf(left, sizeof(left), "  --%s%s%s", o->name, o->arg ? " " : "",
             o->arg ? o->arg : "");
    if (o->directive && o->form == ARG_PAIR) {
        /* "NAME=TEMPLATE" is the directive's "NAME TEMPLATE". */
        const char *eq = strchr(o->arg, '=');
        snprintf(text, sizeof(text), "%s %.*s %s%s%s", o->directive,
                 (int)(eq - o->arg), o->arg, eq + 1, sep, help);
    }
    else if (o->directive) {
        snprintf(text, sizeof(text), "%s %s%s%s", o->directive,
                 o->form == ARG_NONE ? o->value : o->arg, sep, help);
    }
    else {
        snprintf(text, sizeof(text), "%s", help);
    }
    fputs(left, to);
    if (*text == '\0') {
        fputc('\n', to);
    }
    else if (strlen(left) + 2 > 26) {
        fputc('\n', to);
        print_folded(to, text, 0, 26);
    }
    else {
        print_folded(to, text, (int)strlen(left), 26);
    }
}

static void usage(FILE *to)
{
    apr_size_t i;

    fputs(usage_head, to);
    for (i = 0; i < N_OPTIONS; i++) {
        if (option_table[i].code == OPT_SETTING) {
            print_option(to, &option_table[i]);
        }
    }
    fputs("\nOther options:\n", to);
    for (i = 0; i < N_OPTIONS; i++) {
        if (option_table[i].code != OPT_SETTING) {
            print_option(to, &option_table[i]);
        }
    }
    fputs(usage_tail, to);
}

/* What the directives give a page: the settings it is rendered with. */
typedef struct {
    apr_hash_t *layouts;        /* name -> landing_template_t * */
    apr_hash_t *components;     /* name -> landing_template_t * */
    landing_site_t *site;
    const landing_nav_t *nav;
    int raw_html;
    int heading_ids;
    int extensions;             /* LANDING_GFM_* */
    const char *edit_base;      /* NULL for none */
    const char *canonical_base;
    apr_off_t max_size;
    const char *stylesheet;     /* LandingStylesheet's prefix; NULL: inline */
} settings_t;

/* A directive as read from an option or from a line of --config. */
typedef struct {
    const char *name;
    const char *args[2];
    int nargs;
    const char *where;          /* "--set" or "FILE:LINE", for messages */
} directive_t;

/* A section of --config and the directives in it; the top level (with
 * what <VirtualHost> and <IfModule> hold) is one more. */
typedef enum { SEC_TOP, SEC_DIRECTORY, SEC_LOCATION, SEC_SKIPPED } sec_e;

typedef struct {
    sec_e kind;
    const char *name;           /* "Directory", for messages */
    const char *path;           /* absolute for SEC_DIRECTORY */
    int depth;                  /* its components, for the order */
    int order;                  /* its place in the file */
    apr_array_header_t *directives;   /* directive_t */
} section_t;

typedef struct {
    apr_pool_t *pool;
    const char *cwd;
    const char *root;           /* --root, absolute, or NULL */
    /* --config's sections, and the options' directives after them. */
    apr_array_header_t *sections;
    apr_array_header_t *options;
    /* Built-in chrome and components, and every template and navigation
     * file a setting names, read once (path -> template or nav). */
    const landing_template_t *builtin;
    apr_hash_t *builtin_components;
    apr_hash_t *templates;
    apr_hash_t *navs;
    /* Files the settings name (real path -> ""), which --out does not
     * copy from a tree it walks. */
    apr_hash_t *config_files;
    int quiet;
    int verbose;
    int relative;
    /* The problems found so far. */
    int problems;
    /* Where --out writes, as a real path, so a walk can skip it. */
    const char *out_dir;
    const char *out_real;
    apr_hash_t *written;
    /* --out: the built-in stylesheet's URLs the pages link (url -> ""). */
    apr_hash_t *stylesheets;
} run_t;

/* A page or file found by a walk, and where it goes. */
typedef struct {
    const char *path;    /* as the file system knows it */
    const char *rel;     /* relative to the walked root, '/'-separated */
    int named;           /* named on the command line, not found by a walk */
    int page;            /* --out: rendered, not copied */
    int skip;            /* --out: neither */
} item_t;

/* One page's configuration, from its settings. */
typedef struct {
    landing_page_conf_t pc;
    apr_off_t max_size;
    const char *layout_names;   /* the configured layouts, for messages */
} page_conf_t;

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
    usage(stderr);
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
 * which a CI job or an editor reads, on stderr otherwise; counted but
 * not said when @p to is NULL (a page rendered a second time). */
static void problem(run_t *run, FILE *to, const char *file, int line,
                    int col, const char *fmt, ...)
{
    va_list ap;

    run->problems++;
    if (to == NULL) {
        return;
    }
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

/* --- settings ------------------------------------------------------------ */

/* The directives that change a page, and how many arguments each takes
 * (0: the rest of the line, as RAW_ARGS). */
static const struct {
    const char *name;
    int nargs;
} page_directives[] = {
    { "LandingLayout", 2 }, { "LandingComponent", 2 }, { "LandingSet", 2 },
    { "LandingNav", 1 }, { "LandingRawHTML", 1 }, { "LandingHeadingIds", 1 },
    { "LandingMarkdownExtensions", 0 }, { "LandingEditBase", 1 },
    { "LandingCanonicalBase", 1 }, { "LandingMaxSize", 1 },
    { "LandingStylesheet", 1 },
};

/* The module's directives that change no page's bytes (caches, memory,
 * waits): --config passes over them without a word. */
static const char *const server_directives[] = {
    "LandingCache", "LandingCacheSize", "LandingCacheDir",
    "LandingCacheGzip", "LandingMaxSizeLimit",
    "LandingRenderMemory", "LandingRenderWait", NULL
};

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The template in @p path, read and compiled once per run. */
static const landing_template_t *template_at(run_t *run, const char *path,
                                             const char **err)
{
    landing_template_t *tpl = apr_hash_get(run->templates, path,
                                           APR_HASH_KEY_STRING);

    if (tpl == NULL) {
        if (landing_pageconf_load(run->pool, path, &tpl, err)
            != APR_SUCCESS) {
            return NULL;
        }
        apr_hash_set(run->templates, apr_pstrdup(run->pool, path),
                     APR_HASH_KEY_STRING, tpl);
    }
    return tpl;
}

/* The navigation in @p path, as LandingNav reads it (same bounds), once
 * per run. */
static const landing_nav_t *nav_at(run_t *run, const char *path,
                                   const char **err)
{
    landing_nav_t *nav = apr_hash_get(run->navs, path, APR_HASH_KEY_STRING);
    apr_pool_t *p = run->pool;
    apr_finfo_t fi;
    apr_status_t rv;
    char *src;
    apr_size_t len;

    if (nav) {
        return nav;
    }
    rv = apr_stat(&fi, path, APR_FINFO_SIZE | APR_FINFO_TYPE, p);
    if (rv == APR_SUCCESS && (fi.filetype != APR_REG
                              || fi.size > LANDING_NAV_MAX_SIZE)) {
        *err = apr_psprintf(p, "'%s' is not a regular file of at most %d "
                            "bytes", path, LANDING_NAV_MAX_SIZE);
        return NULL;
    }
    if (rv == APR_SUCCESS) {
        rv = read_file(p, path, &src, &len);
    }
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "cannot read '%s': %s", path, errstr(p, rv));
        return NULL;
    }
    /* "FILE:LINE:COLUMN: message", as --check reports pages. */
    if (landing_nav_compile(p, src, len, path, &nav, err) != APR_SUCCESS) {
        return NULL;
    }
    apr_hash_set(run->navs, apr_pstrdup(p, path), APR_HASH_KEY_STRING, nav);
    return nav;
}

/* Remember a file a setting names, so that --out does not copy it. */
static void config_file(run_t *run, const char *path)
{
    char real[PATH_MAX];

    if (realpath(path, real)) {
        apr_hash_set(run->config_files, apr_pstrdup(run->pool, real),
                     APR_HASH_KEY_STRING, "");
    }
}

static const char *flag_arg(apr_pool_t *p, const directive_t *d, int *flag)
{
    if (strcasecmp(d->args[0], "on") == 0) {
        *flag = 1;
    }
    else if (strcasecmp(d->args[0], "off") == 0) {
        *flag = 0;
    }
    else {
        return apr_psprintf(p, "%s must be On or Off", d->name);
    }
    return NULL;
}

/*
 * Apply the directive @p d to @p s, as the module does. Returns NULL, or
 * why it cannot be applied, with @p *status saying whose fault that is:
 * EXIT_USAGE for a bad value, EXIT_PROBLEMS for a file that cannot be
 * read or compiled. Without @p load the files it names are not read (the
 * value is only checked).
 */
static const char *apply_directive(run_t *run, apr_pool_t *p, settings_t *s,
                                   const directive_t *d, int load,
                                   int *status)
{
    const char *n = d->name, *a = d->args[0], *b = d->args[1];
    const char *err = NULL;

    *status = EXIT_USAGE;
    if (strcasecmp(n, "LandingLayout") == 0
        || strcasecmp(n, "LandingComponent") == 0) {
        int layout = strcasecmp(n, "LandingLayout") == 0;
        const landing_template_t *tpl;
        err = layout ? landing_pageconf_check_layout_name(p, a)
                     : landing_component_check_name(p, a);
        if (err) {
            return err;
        }
        if (!load) {
            return NULL;
        }
        if ((tpl = template_at(run, b, &err)) == NULL) {
            *status = EXIT_PROBLEMS;
            return err;
        }
        config_file(run, b);
        apr_hash_set(layout ? s->layouts : s->components, a,
                     APR_HASH_KEY_STRING, tpl);
    }
    else if (strcasecmp(n, "LandingSet") == 0) {
        if ((err = landing_pageconf_check_site_key(p, a))) {
            return err;
        }
        landing_site_set(p, s->site, a, b);
    }
    else if (strcasecmp(n, "LandingNav") == 0) {
        if (strcasecmp(a, "none") == 0) {
            s->nav = NULL;
        }
        else if (!load) {
            return NULL;
        }
        else if ((s->nav = nav_at(run, a, &err)) == NULL) {
            *status = EXIT_PROBLEMS;
            return err;
        }
        else {
            config_file(run, a);
        }
    }
    else if (strcasecmp(n, "LandingRawHTML") == 0) {
        return flag_arg(p, d, &s->raw_html);
    }
    else if (strcasecmp(n, "LandingHeadingIds") == 0) {
        return flag_arg(p, d, &s->heading_ids);
    }
    else if (strcasecmp(n, "LandingMarkdownExtensions") == 0) {
        const char *bad;
        int flags = landing_gfm_parse_list(p, a, &bad);
        if (flags < 0) {
            return *bad && strcmp(bad, "none")
                ? apr_psprintf(p, "unknown extension '%s' (known: %s)", bad,
                               landing_gfm_names)
                : apr_psprintf(p, "give extension names or 'none' alone "
                               "(known: %s)", landing_gfm_names);
        }
        s->extensions = flags;
    }
    else if (strcasecmp(n, "LandingEditBase") == 0
             || strcasecmp(n, "LandingCanonicalBase") == 0) {
        const char **slot = strcasecmp(n, "LandingEditBase") == 0
                            ? &s->edit_base : &s->canonical_base;
        if (strcasecmp(a, "none") == 0) {
            *slot = NULL;
        }
        else if ((err = landing_pageconf_check_base(p, a))) {
            return err;
        }
        else {
            *slot = a;
        }
    }
    else if (strcasecmp(n, "LandingMaxSize") == 0) {
        return landing_size_parse(p, a, 0, &s->max_size);
    }
    else if (strcasecmp(n, "LandingStylesheet") == 0) {
        return landing_stylesheet_parse(p, a, &s->stylesheet);
    }
    else {
        return apr_psprintf(p, "%s is not a directive " PROGRAM " knows",
                            n);
    }
    return NULL;
}

static void settings_init(apr_pool_t *p, settings_t *s)
{
    memset(s, 0, sizeof(*s));
    s->layouts = apr_hash_make(p);
    s->components = apr_hash_make(p);
    s->site = landing_site_make(p);
    s->raw_html = 1;
    s->heading_ids = 1;
    s->extensions = LANDING_GFM_DEFAULT;
    s->max_size = LANDING_PAGE_DEFAULT_MAX_SIZE;
    s->stylesheet = LANDING_STYLESHEET_PREFIX;
}

/* @p path made absolute against the current directory, with "." and ".."
 * and repeated slashes taken out (symbolic links are left as they are,
 * as httpd leaves them in a request's file name). */
static const char *absolute(run_t *run, apr_pool_t *p, const char *path)
{
    apr_array_header_t *parts = apr_array_make(p, 8, sizeof(char *));
    char *copy, *tok, *state;

    copy = apr_pstrcat(p, *path == '/' ? "" : run->cwd, "/", path, NULL);
    for (tok = apr_strtok(copy, "/", &state); tok;
         tok = apr_strtok(NULL, "/", &state)) {
        if (strcmp(tok, ".") == 0) {
            continue;
        }
        if (strcmp(tok, "..") == 0) {
            if (parts->nelts) {
                parts->nelts--;
            }
            continue;
        }
        *(char **)apr_array_push(parts) = tok;
    }
    if (parts->nelts == 0) {
        return "/";
    }
    return apr_pstrcat(p, "/", apr_array_pstrcat(p, parts, '/'), NULL);
}

/* @p abs below the directory @p dir (both absolute): the rest, without
 * its leading '/' ("" for @p dir itself); NULL when it is not below. */
static const char *below(const char *abs, const char *dir)
{
    apr_size_t n = strlen(dir);

    if (n == 1 && *dir == '/') {
        return abs + 1;
    }
    if (strncmp(abs, dir, n) != 0 || (abs[n] != '/' && abs[n] != '\0')) {
        return NULL;
    }
    return abs[n] ? abs + n + 1 : abs + n;
}

/* Does <Directory @p dir> hold the file @p abs? Its path, with httpd's
 * wildcards (*, ?, [...]) matched a component at a time. */
static int directory_holds(apr_pool_t *p, const char *dir, int depth,
                           const char *abs)
{
    const char *q = abs;
    int i;

    if (!apr_fnmatch_test(dir)) {
        return below(abs, dir) != NULL;
    }
    /* The first @p depth components of @p abs. */
    for (i = 0; i < depth && *q; i++) {
        q = strchr(q + 1, '/');
        if (q == NULL) {
            return 0;   /* the file itself is not in a directory there */
        }
    }
    return apr_fnmatch(dir, apr_pstrndup(p, abs, q - abs),
                       APR_FNM_PATHNAME | APR_FNM_PERIOD) == APR_SUCCESS;
}

/* Does <Location @p loc> hold the URL path @p url? A prefix that ends
 * at a '/' of the path or at its end. */
static int location_holds(const char *loc, const char *url)
{
    apr_size_t n = strlen(loc);

    if (strncmp(url, loc, n) != 0) {
        return 0;
    }
    return n == 0 || loc[n - 1] == '/' || url[n] == '\0' || url[n] == '/';
}

static int section_cmp(const void *a, const void *b)
{
    const section_t *x = *(const section_t *const *)a;
    const section_t *y = *(const section_t *const *)b;

    /* As httpd merges them: the top level, then <Directory> from the
     * shortest path to the longest, then <Location>; in the order of the
     * file within each. */
    if (x->kind != y->kind) {
        return (int)x->kind - (int)y->kind;
    }
    if (x->kind == SEC_DIRECTORY && x->depth != y->depth) {
        return x->depth - y->depth;
    }
    return x->order - y->order;
}

/*
 * The configuration of the page in the file @p file served at @p url:
 * the --config sections that hold it, then the options. Returns NULL, or
 * why the page cannot be rendered as the server would (a template or a
 * navigation file of --config's that cannot be read: the options' were
 * read when they were given). Every value was checked when it was read.
 */
static const char *page_conf(run_t *run, apr_pool_t *p, const char *file,
                             const char *url, page_conf_t *conf)
{
    settings_t s;
    apr_array_header_t *use = apr_array_make(p, 8, sizeof(section_t *));
    apr_array_header_t *names;
    apr_hash_index_t *hi;
    const char *abs = NULL;
    int i, j, status;

    settings_init(p, &s);
    for (i = 0; run->sections && i < run->sections->nelts; i++) {
        section_t *sec = APR_ARRAY_IDX(run->sections, i, section_t *);
        if (sec->kind == SEC_DIRECTORY && abs == NULL) {
            abs = absolute(run, p, file);
        }
        if (sec->kind == SEC_TOP
            || (sec->kind == SEC_DIRECTORY
                && directory_holds(p, sec->path, sec->depth, abs))
            || (sec->kind == SEC_LOCATION && location_holds(sec->path, url))) {
            *(section_t **)apr_array_push(use) = sec;
        }
    }
    qsort(use->elts, use->nelts, sizeof(section_t *), section_cmp);
    for (i = 0; i < use->nelts; i++) {
        section_t *sec = APR_ARRAY_IDX(use, i, section_t *);
        for (j = 0; j < sec->directives->nelts; j++) {
            const directive_t *d = &APR_ARRAY_IDX(sec->directives, j,
                                                  directive_t);
            const char *err = apply_directive(run, p, &s, d, 1, &status);
            if (err) {
                return apr_psprintf(p, "%s: %s: %s", d->where, d->name, err);
            }
        }
    }
    for (j = 0; j < run->options->nelts; j++) {
        apply_directive(run, p, &s, &APR_ARRAY_IDX(run->options, j,
                                                   directive_t), 1, &status);
    }

    landing_pageconf_make(p, &conf->pc, s.layouts, run->builtin, s.site,
                          s.raw_html);
    conf->pc.md_flags = (conf->pc.md_flags & ~LANDING_GFM_ALL)
                        | s.extensions;
    if (!s.heading_ids) {
        conf->pc.md_flags |= LANDING_MD_NO_HEADING_IDS;
    }
    landing_pageconf_components(p, &conf->pc, run->builtin_components,
                                s.components);
    conf->pc.nav = s.nav;
    /* The module appends the file's path under its document root and the
     * request path, both percent-encoded; here both are the page's URL
     * path (the tree, or --root, is the document root). */
    if (s.edit_base) {
        conf->pc.edit_base = s.edit_base;
        conf->pc.source_path = apr_pescape_path(p, url, 1);
    }
    if (s.canonical_base) {
        conf->pc.canonical_base = s.canonical_base;
        conf->pc.url_path = apr_pescape_path(p, url, 1);
    }
    conf->max_size = s.max_size;
    conf->pc.stylesheet_url = s.stylesheet
        ? landing_stylesheet_builtin_url(p, s.stylesheet) : NULL;

    /* The layouts this page knows, for a message: LandingLayout's and
     * the built-in one. */
    names = apr_array_make(p, 4, sizeof(const char *));
    for (hi = apr_hash_first(p, conf->pc.layouts); hi;
         hi = apr_hash_next(hi)) {
        const void *k;
        apr_hash_this(hi, &k, NULL, NULL);
        *(const char **)apr_array_push(names) = k;
    }
    qsort(names->elts, names->nelts, sizeof(const char *), name_cmp);
    conf->layout_names = apr_array_pstrcat(p, names, ',');
    return NULL;
}

/* --- --config ------------------------------------------------------------ */

/* The next word of a configuration line, as httpd reads it
 * (ap_getword_conf): a run of non-blanks, or a quoted string in which a
 * backslash escapes the quote. NULL at the end of the line. */
static const char *config_word(apr_pool_t *p, const char **line)
{
    const char *s = *line, *start;
    char *w, *o;

    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (*s == '\0') {
        *line = s;
        return NULL;
    }
    if (*s == '"' || *s == '\'') {
        char q = *s++;
        w = o = apr_palloc(p, strlen(s) + 1);
        while (*s && *s != q) {
            if (*s == '\\' && (s[1] == q || s[1] == '\\')) {
                s++;
            }
            *o++ = *s++;
        }
        *o = '\0';
        if (*s == q) {
            s++;
        }
        *line = s;
        return w;
    }
    start = s;
    while (*s && *s != ' ' && *s != '\t') {
        s++;
    }
    *line = s;
    return apr_pstrndup(p, start, s - start);
}

static void config_error(const char *where, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, PROGRAM ": %s: ", where);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
}

static section_t *new_section(run_t *run, sec_e kind, const char *name,
                              const char *path)
{
    section_t *sec = apr_pcalloc(run->pool, sizeof(*sec));
    const char *q;

    sec->kind = kind;
    sec->name = name;
    sec->path = path;
    sec->order = run->sections->nelts;
    sec->directives = apr_array_make(run->pool, 4, sizeof(directive_t));
    for (q = path ? path : ""; *q; q++) {
        sec->depth += *q == '/' && q[1] != '\0';
    }
    *(section_t **)apr_array_push(run->sections) = sec;
    return sec;
}

/*
 * Read the Landing* directives of the httpd configuration in @p file into
 * run->sections. The sections that hold them decide which pages they
 * apply to (see page_conf); sections that select by something else than
 * a directory or a URL prefix (<Files>, <If>, <DirectoryMatch>, ...)
 * are passed over with a warning for each Landing directive in them.
 * Returns an exit status: EXIT_OK, or the worst of the directives'.
 */
static int read_config(run_t *run, const char *file, section_t *outer,
                       int depth, int optional)
{
    apr_pool_t *p = run->pool;
    apr_array_header_t *stack = apr_array_make(p, 4, sizeof(section_t *));
    section_t *top, *cur;
    char *src, *line, *next;
    apr_size_t len;
    apr_status_t rv;
    int lineno = 0, worst = EXIT_OK;

    if (apr_fnmatch_test(file)) {
        /* Include with a wildcard: the files it matches, in order. */
        apr_array_header_t *names;
        const char *slash = strrchr(file, '/');
        const char *dir = slash ? apr_pstrndup(p, file, slash - file + 1)
                                : "";
        int i;
        if (apr_match_glob(file, &names, p) != APR_SUCCESS) {
            names = apr_array_make(p, 1, sizeof(char *));
        }
        qsort(names->elts, names->nelts, sizeof(char *), name_cmp);
        for (i = 0; i < names->nelts; i++) {
            int st = read_config(run, apr_pstrcat(p, dir, APR_ARRAY_IDX(
                                     names, i, char *), NULL), outer,
                                 depth, optional);
            if (st > worst) {
                worst = st;
            }
        }
        return worst;
    }
    rv = read_file(p, file, &src, &len);
    if (rv != APR_SUCCESS) {
        if (optional) {
            return EXIT_OK;
        }
        fprintf(stderr, PROGRAM ": --config: cannot read '%s': %s\n", file,
                errstr(p, rv));
        return EXIT_PROBLEMS;
    }
    config_file(run, file);
    top = cur = outer ? outer : new_section(run, SEC_TOP, NULL, NULL);
    for (line = src; line && *line; line = next) {
        const char *rest, *name, *where;
        char *e;
        int first = ++lineno;

        /* A line, with the lines a trailing backslash joins to it. */
        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }
        while (next && (e = line + strlen(line)) > line
               && (e[-1] == '\\' || (e[-1] == '\r' && e - 1 > line
                                     && e[-2] == '\\'))) {
            char *more = next;
            *(e[-1] == '\r' ? e - 2 : e - 1) = '\0';
            next = strchr(more, '\n');
            if (next) {
                *next++ = '\0';
            }
            line = apr_pstrcat(p, line, more, NULL);
            lineno++;
        }
        e = line + strlen(line);
        while (e > line && (e[-1] == '\r' || e[-1] == ' '
                            || e[-1] == '\t')) {
            *--e = '\0';
        }
        rest = line;
        while (*rest == ' ' || *rest == '\t') {
            rest++;
        }
        if (*rest == '\0' || *rest == '#') {
            continue;
        }
        where = apr_psprintf(p, "%s:%d", file, first);

        if (rest[0] == '<' && rest[1] == '/') {
            /* The end of a section: back to the one around it. */
            if (stack->nelts == 0) {
                config_error(where, "%s without a section to close", rest);
                return EXIT_USAGE;
            }
            stack->nelts--;
            cur = stack->nelts ? APR_ARRAY_IDX(stack, stack->nelts - 1,
                                               section_t *) : top;
            continue;
        }
        if (rest[0] == '<') {
            char *body = apr_pstrdup(p, rest + 1), *gt = strrchr(body, '>');
            const char *arg, *kind;
            section_t *sec;

            if (gt == NULL) {
                config_error(where, "section '%s' does not end with '>'",
                             rest);
                return EXIT_USAGE;
            }
            *gt = '\0';
            arg = body;
            kind = config_word(p, &arg);
            arg = config_word(p, &arg);
            if (kind == NULL) {
                config_error(where, "a section without a name");
                return EXIT_USAGE;
            }
            if ((strcasecmp(kind, "Directory") == 0
                 || strcasecmp(kind, "Location") == 0)
                && arg && strcmp(arg, "~") != 0 && cur->kind != SEC_SKIPPED) {
                int dir = strcasecmp(kind, "Directory") == 0;
                if (cur->kind == SEC_DIRECTORY || cur->kind == SEC_LOCATION) {
                    config_error(where, "<%s> inside <%s>", kind, cur->name);
                    return EXIT_USAGE;
                }
                if (dir) {
                    /* Relative to the current directory (httpd takes it
                     * from ServerRoot); a trailing '/' is not part of it. */
                    arg = absolute(run, p, arg);
                }
                sec = new_section(run, dir ? SEC_DIRECTORY : SEC_LOCATION,
                                  kind, arg);
            }
            else if (cur->kind != SEC_SKIPPED
                     && strncasecmp(kind, "If", 2) == 0
                     && strcasecmp(kind, "If") != 0
                     && strcasecmp(kind, "IfFile") != 0) {
                /* <IfModule>, <IfDefine>, <IfVersion>: what they hold
                 * applies as where they are. (<VirtualHost> is another
                 * site: passed over, below.) */
                sec = cur;
            }
            else {
                sec = apr_pcalloc(p, sizeof(*sec));
                sec->kind = SEC_SKIPPED;
                sec->name = apr_pstrdup(p, kind);
            }
            *(section_t **)apr_array_push(stack) = sec;
            cur = sec;
            continue;
        }

        name = config_word(p, &rest);
        if ((strcasecmp(name, "Include") == 0
             || strcasecmp(name, "IncludeOptional") == 0)
            && cur->kind != SEC_SKIPPED) {
            const char *inc = config_word(p, &rest);
            int st;
            if (inc == NULL) {
                config_error(where, "%s wants a file", name);
                return EXIT_USAGE;
            }
            if (depth >= 16) {
                config_error(where, "Include nested too deeply");
                return EXIT_USAGE;
            }
            /* A Landing directive in an included file applies where the
             * Include is (httpd reads it there). */
            st = read_config(run, inc, cur, depth + 1,
                             strcasecmp(name, "IncludeOptional") == 0);
            if (st > worst) {
                worst = st;
            }
            continue;
        }
        if (strncasecmp(name, "Landing", 7) == 0) {
            directive_t d;
            apr_size_t i;
            int nargs = -1, status;
            const char *err;
            settings_t scratch;

            for (i = 0; i < sizeof(page_directives)
                            / sizeof(page_directives[0]); i++) {
                if (strcasecmp(name, page_directives[i].name) == 0) {
                    nargs = page_directives[i].nargs;
                    name = page_directives[i].name;
                }
            }
            if (nargs < 0) {
                const char *const *sd;
                for (sd = server_directives; *sd; sd++) {
                    if (strcasecmp(name, *sd) == 0) {
                        break;
                    }
                }
                if (*sd == NULL) {
                    config_error(where, "%s is not a directive " PROGRAM
                                 " knows; not applied", name);
                }
                continue;
            }
            if (cur->kind == SEC_SKIPPED) {
                config_error(where, "%s in <%s>: not applied (" PROGRAM
                             " reads <Directory> and <Location>)", name,
                             cur->name);
                continue;
            }
            memset(&d, 0, sizeof(d));
            d.name = name;
            d.where = where;
            if (nargs == 0) {
                while (*rest == ' ' || *rest == '\t') {
                    rest++;
                }
                d.args[0] = apr_pstrdup(p, rest);
                d.nargs = 1;
            }
            else {
                const char *w;
                while ((w = config_word(p, &rest)) != NULL) {
                    if (d.nargs == nargs) {
                        d.nargs++;
                        break;
                    }
                    d.args[d.nargs++] = w;
                }
                if (d.nargs != nargs) {
                    config_error(where, "%s takes %s", name, nargs == 1
                                 ? "one argument" : "two arguments");
                    return EXIT_USAGE;
                }
            }
            /* Checked now, so that a bad value stops the run here, as it
             * stops httpd. The files it names are read for the pages
             * that use them, and a page whose template cannot be read
             * is a problem of that page. */
            settings_init(p, &scratch);
            if ((err = apply_directive(run, p, &scratch, &d, 0, &status))) {
                config_error(where, "%s: %s", name, err);
                if (status > worst) {
                    worst = status;
                }
                continue;
            }
            *(directive_t *)apr_array_push(cur->directives) = d;
        }
    }
    if (stack->nelts) {
        config_error(file, "<%s> is not closed",
                     APR_ARRAY_IDX(stack, stack->nelts - 1,
                                   section_t *)->name);
        return EXIT_USAGE;
    }
    return worst;
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
static void page_source_conf(landing_page_conf_t *pc, apr_pool_t *p,
                             const char *file, const char *url)
{
    apr_size_t fl = strlen(file), ul = strlen(url);
    apr_finfo_t fi;
    site_dir_t *site = apr_pcalloc(p, sizeof(*site));

    pc->source_mtime = apr_stat(&fi, file, APR_FINFO_MTIME, p)
                           == APR_SUCCESS ? fi.mtime : 0;
    if (fl >= ul && strcmp(file + fl - ul, url) == 0) {
        site->root = apr_pstrmemdup(p, file, fl - ul);
    }
    else if (fl + 1 == ul && strcmp(file, url + 1) == 0) {
        site->root = ".";
    }
    pc->dir_lookup = site->root ? dir_lookup : NULL;
    pc->dir_baton = site;
}

/*
 * Decide what the module would do with @p src and say so. Returns the
 * result; for LANDING_PAGE_RENDERED, @p page holds the bytes (free them).
 * Problems are reported to @p to, against @p file.
 */
static landing_page_result_e render(run_t *run, apr_pool_t *p,
                                    const page_conf_t *conf,
                                    const char *file, const char *url,
                                    const char *src, apr_size_t len,
                                    landing_page_t *page, FILE *to)
{
    landing_page_conf_t pc;
    landing_page_result_e res;
    int line, col;

    /* As the filter does: a body over the size limit is never rendered,
     * but only a body with front matter is a Landing page at all. */
    if ((apr_off_t)len > conf->max_size
        && landing_fm_sniff(src, len, 1) == 1) {
        problem(run, to, file, 1, 1, "larger than LandingMaxSize (%"
                APR_OFF_T_FMT " bytes), would pass through unrendered",
                conf->max_size);
        memset(page, 0, sizeof(*page));
        return LANDING_PAGE_TOO_BIG;
    }
    pc = conf->pc;
    page_source_conf(&pc, p, file, url);
    res = landing_page_render(p, &pc, src, len, url, page);
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
                    conf->layout_names);
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

/* The URL path of the file @p file: its path under --root, or under the
 * current directory; a file outside the current directory is served at
 * its name. */
static const char *default_url(run_t *run, const char *file)
{
    const char *abs = absolute(run, run->pool, file);
    const char *rel = below(abs, run->root ? run->root : run->cwd);

    if (rel == NULL && run->root) {
        usage_error("%s is not under --root %s", file, run->root);
    }
    if (rel == NULL) {
        rel = strrchr(abs, '/') + 1;
    }
    return apr_pstrcat(run->pool, "/", rel, NULL);
}

static int render_one(run_t *run, const char *file, const char *url)
{
    const char *err;
    landing_page_t page;
    landing_page_result_e res;
    page_conf_t conf;
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
        url = default_url(run, file);
    }
    if ((err = page_conf(run, run->pool, file, url, &conf))) {
        problem(run, stderr, file, 1, 1, "%s", err);
        return EXIT_PROBLEMS;
    }
    res = render(run, run->pool, &conf, file, url, src, len, &page, stderr);
    if (res == LANDING_PAGE_RENDERED) {
        ok = write_all(stdout, page.html, page.len);
        landing_buf_release(page.html);
    }
    else {
        /* The module sends what it does not render unchanged; so do we,
         * and say why on stderr. */
        if (run->problems == 0 && !run->quiet) {
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
        it.page = 0;
        it.skip = 0;
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

/* Every file named by @p paths: a file as itself (under its base name,
 * or its path under --root), a directory by walking it (its files under
 * their paths in it, or under --root). A path that does not exist, or
 * is not under --root, is reported and counted as a problem. */
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
        const char *under = NULL;
        apr_size_t l = strlen(path);

        while (l > 1 && path[l - 1] == '/') {
            ((char *)path)[--l] = '\0';
        }
        if (rv != APR_SUCCESS) {
            fprintf(stderr, PROGRAM ": %s: %s\n", paths[i],
                    errstr(run->pool, rv));
            run->problems++;
        }
        else if (run->root
                 && (under = below(absolute(run, run->pool, path),
                                   run->root)) == NULL) {
            fprintf(stderr, PROGRAM ": %s: not under --root %s\n", paths[i],
                    run->root);
            run->problems++;
        }
        else if (fi.filetype == APR_DIR) {
            walk(run, path, under ? under : "", items);
        }
        else {
            item_t *it = apr_array_push(items);
            const char *slash = strrchr(path, '/');
            it->path = path;
            it->rel = under ? under : slash ? slash + 1 : path;
            it->named = 1;
            it->page = 0;
            it->skip = 0;
        }
    }
    return items;
}

/* --- --check ------------------------------------------------------------- */

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static int check(run_t *run, const char *const *paths, int n)
{
    apr_array_header_t *items = collect(run, paths, n);
    apr_pool_t *p;
    int i, pages = 0;

    apr_pool_create(&p, run->pool);
    for (i = 0; i < items->nelts; i++) {
        const item_t *it = &((item_t *)items->elts)[i];
        const char *url, *err;
        page_conf_t conf;
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
        url = apr_pstrcat(p, "/", it->rel, NULL);
        if ((err = page_conf(run, p, it->path, url, &conf))) {
            problem(run, stdout, it->path, 1, 1, "%s", err);
            continue;
        }
        if (render(run, p, &conf, it->path, url, src, len, &page, stdout)
            == LANDING_PAGE_RENDERED) {
            landing_buf_release(page.html);
        }
    }
    apr_pool_destroy(p);
    if (fflush(stdout) != 0) {
        perror(PROGRAM);
        return EXIT_PROBLEMS;
    }
    /* Always a last line, so that a CI log shows the check ran. */
    if (!run->quiet) {
        fprintf(stderr, PROGRAM ": %d %s checked, %d %s\n", pages,
                plural(pages, "page", "pages"), run->problems,
                plural(run->problems, "problem", "problems"));
    }
    return run->problems ? EXIT_PROBLEMS : EXIT_OK;
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

/* Is @p path a file that the settings name (a template, the navigation,
 * --config's file)? */
static int names_config(run_t *run, const char *path)
{
    char real[PATH_MAX];

    return realpath(path, real)
           && apr_hash_get(run->config_files, real, APR_HASH_KEY_STRING);
}

/* The built-in stylesheet, where the exported pages link it (its URL
 * path under the output directory), as the module serves it; nothing
 * for pages that have it inline. */
static void export_stylesheets(run_t *run)
{
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(run->pool, run->stylesheets); hi;
         hi = apr_hash_next(hi)) {
        const void *url;
        const char *dest;
        apr_status_t rv;

        apr_hash_this(hi, &url, NULL, NULL);
        dest = apr_pstrcat(run->pool, run->out_dir, url, NULL);
        if (apr_hash_get(run->written, dest, APR_HASH_KEY_STRING)) {
            problem(run, stderr, dest, 1, 1, "the built-in stylesheet's "
                    "place was already written from a source file; not "
                    "written");
            continue;
        }
        rv = write_file(run->pool, dest, landing_chrome_stylesheet,
                        landing_chrome_stylesheet_len, APR_FPROT_OS_DEFAULT);
        if (rv != APR_SUCCESS) {
            fprintf(stderr, "%s: %s: %s\n", PROGRAM, dest,
                    errstr(run->pool, rv));
            run->problems++;
        }
        else if (run->verbose) {
            fprintf(stderr, "(the built-in stylesheet) -> %s\n", dest);
        }
    }
}

/*
 * Render the page @p it again (its problems were reported by the first
 * pass) with its links rewritten for the export; NULL when it no longer
 * renders.
 */
static const char *export_page(run_t *run, apr_pool_t *p,
                               const landing_relink_t *rl, const item_t *it,
                               apr_size_t *len)
{
    const char *url = apr_pstrcat(p, "/", it->rel, NULL), *html = NULL;
    int problems = run->problems;
    page_conf_t conf;
    landing_page_t page;
    char *src;
    apr_size_t srclen;

    if (read_file(p, it->path, &src, &srclen) != APR_SUCCESS) {
        return NULL;
    }
    if (page_conf(run, p, it->path, url, &conf) == NULL
        && render(run, p, &conf, it->path, url, src, srclen, &page, NULL)
        == LANDING_PAGE_RENDERED) {
        html = landing_relink_html(p, rl, url, page.html, page.len, len);
        landing_buf_release(page.html);
    }
    run->problems = problems;
    return html;
}

/*
 * --out: a static site. The first pass renders every page to learn which
 * are pages (a Markdown file without front matter, or whose front matter
 * is broken, is copied instead) and reports their problems; the second
 * renders them again, rewrites their links to the pages of the export
 * (src/relink.h) and writes them, and copies the other files. Rendering
 * twice keeps only one page in memory at a time.
 */
static int export(run_t *run, const char *const *paths, int n)
{
    apr_array_header_t *items;
    apr_pool_t *p;
    landing_relink_t *rl;
    int i, rendered = 0, copied = 0;
    /* A progress line on a terminal, or with --verbose a line per file. */
    int tty = !run->verbose && isatty(STDERR_FILENO);
    const char *cr = tty ? "\r\033[K" : "";
    char real[PATH_MAX];

    if (apr_dir_make_recursive(run->out_dir, APR_OS_DEFAULT, run->pool)
        != APR_SUCCESS || realpath(run->out_dir, real) == NULL) {
        fprintf(stderr, PROGRAM ": %s: cannot make the output directory\n",
                run->out_dir);
        return EXIT_PROBLEMS;
    }
    run->out_real = apr_pstrdup(run->pool, real);
    run->written = apr_hash_make(run->pool);
    run->stylesheets = apr_hash_make(run->pool);
    rl = landing_relink_make(run->pool, run->relative
                                        ? LANDING_RELINK_RELATIVE : 0);
    items = collect(run, paths, n);

    apr_pool_create(&p, run->pool);
    /* Which Markdown files are pages; their problems. */
    for (i = 0; i < items->nelts; i++) {
        item_t *it = &((item_t *)items->elts)[i];
        const char *url, *err;
        page_conf_t conf;
        landing_page_t page;
        char *src;
        apr_size_t len;
        apr_status_t rv;

        apr_pool_clear(p);
        progress(tty, i + 1, items->nelts, it->rel);
        /* The configuration's own files (nav.yml, templates) are not part
         * of the site, unless named on the command line. */
        if (!it->named && names_config(run, it->path)) {
            it->skip = 1;
            if (run->verbose) {
                fprintf(stderr, "%s: named by the settings, not copied\n",
                        it->path);
            }
            continue;
        }
        if (!has_suffix(it->rel, ".md")) {
            continue;
        }
        rv = read_file(p, it->path, &src, &len);
        if (rv != APR_SUCCESS) {
            fprintf(stderr, "%s%s: %s: %s\n", cr, PROGRAM, it->path,
                    errstr(p, rv));
            run->problems++;
            it->skip = 1;
            continue;
        }
        fputs(cr, stderr);
        url = apr_pstrcat(p, "/", it->rel, NULL);
        if ((err = page_conf(run, p, it->path, url, &conf))) {
            problem(run, stderr, it->path, 1, 1, "%s", err);
            continue;
        }
        if (render(run, p, &conf, it->path, url, src, len, &page, stderr)
            == LANDING_PAGE_RENDERED) {
            landing_buf_release(page.html);
            it->page = 1;
            landing_relink_add(rl, url);
            if (conf.pc.stylesheet_url) {
                apr_hash_set(run->stylesheets,
                             apr_pstrdup(run->pool, conf.pc.stylesheet_url),
                             APR_HASH_KEY_STRING, "");
            }
        }
    }

    /* The site. */
    for (i = 0; i < items->nelts; i++) {
        const item_t *it = &((item_t *)items->elts)[i];
        const char *rel = it->rel, *dest, *html = NULL;
        apr_size_t len = 0;
        apr_status_t rv = APR_SUCCESS;

        if (it->skip) {
            continue;
        }
        apr_pool_clear(p);
        if (it->page) {
            rel = apr_pstrcat(p, apr_pstrndup(p, rel, strlen(rel) - 3),
                              ".html", NULL);
        }
        dest = apr_pstrcat(p, run->out_dir, "/", rel, NULL);
        if (apr_hash_get(run->written, dest, APR_HASH_KEY_STRING)) {
            fputs(cr, stderr);
            problem(run, stderr, it->path, 1, 1, "%s was already written "
                    "from another source; skipped", dest);
            continue;
        }
        apr_hash_set(run->written, apr_pstrdup(run->pool, dest),
                     APR_HASH_KEY_STRING, "");
        if (it->page && (html = export_page(run, p, rl, it, &len)) == NULL) {
            /* Changed under us since the first pass. */
            fprintf(stderr, "%s%s: %s: changed while exporting\n", cr,
                    PROGRAM, it->path);
            run->problems++;
            continue;
        }
        if (html) {
            rv = write_file(p, dest, html, len, APR_FPROT_OS_DEFAULT);
            rendered++;
        }
        else {
            /* Copies keep their permissions; pages get the usual ones,
             * as a new file would. */
            rv = make_parent(p, dest);
            if (rv == APR_SUCCESS) {
                rv = apr_file_copy(it->path, dest,
                                   APR_FPROT_FILE_SOURCE_PERMS, p);
            }
            copied++;
        }
        if (rv != APR_SUCCESS) {
            fprintf(stderr, "%s%s: %s: %s\n", cr, PROGRAM, dest,
                    errstr(p, rv));
            run->problems++;
        }
        else if (run->verbose) {
            fprintf(stderr, "%s -> %s\n", it->path, dest);
        }
    }
    apr_pool_destroy(p);
    export_stylesheets(run);
    /* Always a last line, on a terminal or in a CI log. */
    fputs(cr, stderr);
    if (!run->quiet) {
        fprintf(stderr, PROGRAM ": %d %s rendered, %d %s copied to %s, "
                "%d %s\n", rendered, plural(rendered, "page", "pages"),
                copied, plural(copied, "file", "files"), run->out_dir,
                run->problems, plural(run->problems, "problem", "problems"));
    }
    return run->problems ? EXIT_PROBLEMS : EXIT_OK;
}

/* --- --index ------------------------------------------------------------- */

/*
 * The search index of the pages under @p paths (search_index.h): a
 * directory is served at @p url (default "/"), a file at @p url and its
 * name. Only what changed since the last run is read again. The pages
 * are rendered with the settings of the first path's URL.
 */
static int build_index(run_t *run, const char *db, const char *url,
                       const char *settings, const char *const *paths,
                       int n)
{
    landing_index_conf_t ic;
    landing_index_stats_t st;
    landing_index_root_t *roots = apr_pcalloc(run->pool, n * sizeof(*roots));
    page_conf_t conf;
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
    if ((err = page_conf(run, run->pool, paths[0], roots[0].url, &conf))) {
        fprintf(stderr, PROGRAM ": --index: %s\n", err);
        return EXIT_PROBLEMS;
    }
    memset(&ic, 0, sizeof(ic));
    ic.pc = &conf.pc;
    ic.settings = settings;
    ic.max_size = conf.max_size;
    ic.home_title = landing_value_get_str(conf.pc.site, "name");
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

/* --- main ---------------------------------------------------------------- */

int main(int argc, const char *const *argv)
{
    apr_pool_t *pool;
    apr_getopt_t *os;
    apr_getopt_option_t *longopts;
    apr_status_t rv;
    run_t run;
    landing_template_t *builtin;
    const char *arg, *err;
    apr_array_header_t *configs;
    const char *out = NULL, *url = NULL, *root = NULL, *index = NULL;
    /* The settings as given, naming what the index was built with. */
    const char *settings = "landing-render " LANDING_RELEASE;
    int opt, checking = 0, status;
    apr_size_t i;
    char cwd[PATH_MAX];

    apr_app_initialize(&argc, &argv, NULL);
    atexit(apr_terminate);
    apr_pool_create(&pool, NULL);

    memset(&run, 0, sizeof(run));
    run.pool = pool;
    run.templates = apr_hash_make(pool);
    run.navs = apr_hash_make(pool);
    run.config_files = apr_hash_make(pool);
    run.options = apr_array_make(pool, 8, sizeof(directive_t));
    run.sections = apr_array_make(pool, 8, sizeof(section_t *));
    run.cwd = getcwd(cwd, sizeof(cwd)) ? apr_pstrdup(pool, cwd) : "/";
    configs = apr_array_make(pool, 2, sizeof(const char *));

    /* apr_getopt's table, from ours: option i has the code 256 + i. */
    longopts = apr_pcalloc(pool, (N_OPTIONS + 1) * sizeof(*longopts));
    for (i = 0; i < N_OPTIONS; i++) {
        longopts[i].name = option_table[i].name;
        longopts[i].optch = 256 + (int)i;
        longopts[i].has_arg = option_table[i].form != ARG_NONE;
        longopts[i].description = "";
    }

    apr_getopt_init(&os, pool, argc, argv);
    os->interleave = 1;
    os->errfn = getopt_error;
    os->argv[0] = PROGRAM;      /* messages name the program, not a path */
    while ((rv = apr_getopt_long(os, longopts, &opt, &arg)) == APR_SUCCESS) {
        const option_t *o = &option_table[opt - 256];

        if (o->code == OPT_SETTING || o->code == OPT_CONFIG) {
            settings = apr_psprintf(pool, "%s\n%s=%s", settings, o->name,
                                    arg ? arg : "");
        }
        switch (o->code) {
        case OPT_SETTING: {
            directive_t *d = apr_array_push(run.options);
            settings_t scratch;

            memset(d, 0, sizeof(*d));
            d->name = o->directive;
            d->where = apr_pstrcat(pool, "--", o->name, NULL);
            d->nargs = 1;
            d->args[0] = o->form == ARG_NONE ? o->value : arg;
            if (o->form == ARG_PAIR) {
                const char *eq = strchr(arg, '=');
                if (eq == NULL || eq == arg) {
                    usage_error("--%s wants %s, not '%s'", o->name, o->arg,
                                arg);
                }
                d->args[0] = apr_pstrndup(pool, arg, eq - arg);
                d->args[1] = eq + 1;
                d->nargs = 2;
            }
            /* Tried now: a bad value is a usage error; a template or a
             * navigation file that does not compile is a problem. */
            settings_init(pool, &scratch);
            if ((err = apply_directive(&run, pool, &scratch, d, 1,
                                       &status))) {
                if (status == EXIT_USAGE) {
                    usage_error("--%s: %s", o->name, err);
                }
                fprintf(stderr, PROGRAM ": --%s %s: %s\n", o->name,
                        o->form == ARG_PAIR ? d->args[0] : "", err);
                return EXIT_PROBLEMS;
            }
            break;
        }
        case OPT_CONFIG:
            *(const char **)apr_array_push(configs) = arg;
            break;
        case OPT_CHECK:
            checking = 1;
            break;
        case OPT_OUT:
            out = arg;
            break;
        case OPT_INDEX:
            index = arg;
            break;
        case OPT_RELATIVE:
            run.relative = 1;
            break;
        case OPT_PATH:
            url = arg;
            break;
        case OPT_ROOT:
            root = arg;
            break;
        case OPT_QUIET:
            run.quiet = 1;
            break;
        case OPT_VERBOSE:
            run.verbose = 1;
            break;
        case OPT_HELP:
            usage(stdout);
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
    if (run.relative && !out) {
        usage_error("--relative is for --out");
    }
    if (os->ind >= argc) {
        usage_error(checking || out || index ? "no PATH given"
                                             : "no FILE given");
    }
    if (!checking && !out && !index && argc - os->ind > 1) {
        usage_error("one FILE at a time (use --out DIR for many)");
    }
    if (root) {
        apr_finfo_t fi;
        if (apr_stat(&fi, root, APR_FINFO_TYPE, pool) != APR_SUCCESS
            || fi.filetype != APR_DIR) {
            usage_error("--root: '%s' is not a directory", root);
        }
        run.root = absolute(&run, pool, root);
    }

    if (landing_pageconf_builtin(pool, &builtin, &err) != APR_SUCCESS) {
        /* Checked when the program was built; cannot happen. */
        fprintf(stderr, PROGRAM ": the built-in chrome: %s\n", err);
        return EXIT_PROBLEMS;
    }
    run.builtin = builtin;
    if (landing_component_builtins(pool, &run.builtin_components, &err)
        != APR_SUCCESS) {
        fprintf(stderr, PROGRAM ": the built-in components: %s\n", err);
        return EXIT_PROBLEMS;
    }
    for (i = 0; i < (apr_size_t)configs->nelts; i++) {
        status = read_config(&run, APR_ARRAY_IDX(configs, i, const char *),
                             NULL, 0, 0);
        if (status != EXIT_OK) {
            return status;
        }
    }

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
