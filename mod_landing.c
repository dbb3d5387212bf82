/*
 * mod_landing: an output filter that renders Markdown pages whose YAML
 * front matter names a layout (by default "Landing") into complete HTML
 * pages with the site chrome. Everything else passes through unchanged.
 *
 * This file is the httpd glue only: the module record, the directives and
 * their per-directory merge, the filter, the response headers and the
 * logging. The rendering itself lives in src/, which has no httpd headers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_main.h"
#include "http_protocol.h"
#include "http_request.h"
#include "ap_mpm.h"
#include "mod_watchdog.h"
#include "unixd.h"
#include "util_filter.h"
#include "unixd.h"

#include <apr_atomic.h>
#include <apr_date.h>
#include <apr_file_io.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>

#include "src/budget.h"
#include "src/buf.h"
#include "src/chrome.h"
#include "src/component.h"
#include "src/etag.h"
#include "src/gzip.h"
#include "src/gate.h"
#include "src/hash.h"
#include "src/layout.h"
#include "src/layouts.h"
#include "src/markdown.h"
#include "src/nav.h"
#include "src/page.h"
#include "src/pageconf.h"
#include "src/sharedcache.h"
#include "src/search.h"
#include "src/search_index.h"
#include "src/search_page.h"
#include "src/site.h"
#include "src/size.h"
#include "src/stats.h"
#include "src/stylesheet.h"
#include "src/template.h"
#include "src/value.h"

#define LANDING_VERSION "mod_landing/" LANDING_RELEASE

/* Third-party modules do not use APLOGNO numbers; each message has a tag
 * of its own so that a log line leads back to one place in the code. */
#define LANDING_LOGNO(n) "LANDING" #n ": "

#define LANDING_UNSET (-1)
#define LANDING_MERGE(n, b, a, f) \
    ((n)->f = ((a)->f != LANDING_UNSET) ? (a)->f : (b)->f)

/* The largest body rendered when LandingMaxSize is not set: the same
 * default as landing-render's (src/pageconf.h). */
#define LANDING_DEFAULT_MAX_SIZE LANDING_PAGE_DEFAULT_MAX_SIZE

/* How many leading bytes can decide whether a body has front matter: a
 * BOM, "---" and up to 60 blanks before the line ends. */
#define LANDING_SNIFF_BYTES 72

module AP_MODULE_DECLARE_DATA landing_module;

/* Counters since start for the status page, in shared memory made in
 * post_config before the children fork (src/stats.c); NULL when there is
 * none, and then counting does nothing. */
static landing_stats_t *landing_stats;

static void count(landing_stat_e which)
{
    landing_stats_inc(landing_stats, which);
}


static const char landing_filter_name[] = "LANDING";
static ap_filter_rec_t *landing_filter_rec;

/*
 * A search location (SetHandler landing-search): the index it reads,
 * and the tree the module indexes itself when LandingSearchRoot is set.
 * Made when the directives are read, one per <Location>, and listed so
 * that post_config can find them all; readers are made per child.
 */
typedef struct landing_search_loc {
    const char *index;          /* LandingSearchIndex FILE, or NULL */
    const char *root;           /* LandingSearchRoot DIR, or NULL */
    const char *root_url;       /* ... and the URL path it is served at */
    const char *db;             /* the file read (post_config) */
    server_rec *s;
    const char *where;          /* the directive's file:line, for logs */
    struct landing_dir_conf *idx_conf;  /* the root's settings */
    landing_search_pool_t *readers;     /* this child's connections */
    struct landing_search_loc *next;
} landing_search_loc;

static landing_search_loc *search_locs;

/* How often the module's own indexes are brought up to date when
 * LandingSearchRefresh is not set. */
#define LANDING_DEFAULT_SEARCH_REFRESH 60
static int search_refresh = LANDING_UNSET;

typedef struct landing_dir_conf {
    int raw_html;            /* LandingRawHTML */
    apr_off_t max_size;      /* LandingMaxSize */
    landing_layouts_t *layouts; /* LandingLayout (src/layouts.h) */
    landing_site_t *site;    /* LandingSet: site.KEY (src/site.h) */
    landing_layouts_t *components; /* LandingComponent (src/layouts.h) */
    int cache;               /* LandingCache */
    int cache_gzip;          /* LandingCacheGzip */
    int heading_ids;         /* LandingHeadingIds */
    int nav_set;             /* LandingNav given (nav NULL: "none") */
    const landing_nav_t *nav;
    apr_uint64_t nav_hash;   /* of the nav file's bytes, for the digest */
    const char *edit_base;   /* LandingEditBase; "" for none */
    const char *canonical_base; /* LandingCanonicalBase; "" for none */
    int md_extensions;       /* LandingMarkdownExtensions: LANDING_GFM_* */
    /* LandingStylesheet: the built-in stylesheet's URL the pages link,
     * "" to inline it; NULL when not set (the server's default URL). */
    const char *stylesheet_url;
    landing_search_loc *search; /* LandingSearchIndex, LandingSearchRoot */
} landing_dir_conf;

/* The directory's Markdown extensions, the default when none is set. */
static int md_extensions(const landing_dir_conf *conf)
{
    return conf->md_extensions == LANDING_UNSET ? LANDING_GFM_DEFAULT
                                                : conf->md_extensions;
}

/* Per-server state. */
typedef struct {
    landing_layout_t *default_layout;   /* the embedded chrome */
    apr_off_t cache_size;               /* LandingCacheSize (main server) */
    const char *cache_dir;              /* LandingCacheDir (main server) */
    landing_gate_t *gate;               /* this child's renders at once */
    apr_uint64_t stylesheet_hash;       /* of the built-in stylesheet */
    const char *stylesheet_url;         /* its URL by default */
    const char *stylesheet_etag;        /* and its strong ETag */
    apr_off_t max_size_limit;           /* LandingMaxSizeLimit (main) */
    apr_off_t render_memory;            /* LandingRenderMemory (main) */
    apr_interval_time_t render_wait;    /* LandingRenderWait (main) */
    apr_hash_t *components;             /* the built-in components */
    apr_uint64_t components_hash;       /* of their sources */
} landing_server_conf;

/* Memory for renders in flight, all processes together, when
 * LandingRenderMemory is not set: one render of a 7 MB page (charged
 * 168 MB; one of the largest the default LandingMaxSize lets through
 * runs alone), or about a hundred renders of usual docs pages; measured
 * to keep an event child under 300 MB with 32 clients asking for 7 MB
 * pages (README, bench/inflight). */
#define LANDING_DEFAULT_RENDER_MEMORY (192 * 1024 * 1024)
/* How long a render waits for room before its page passes through. */
#define LANDING_DEFAULT_RENDER_WAIT apr_time_from_sec(10)

/* The budget behind LandingRenderMemory, in shared memory made in
 * post_config before the children fork (src/budget.c); NULL when there
 * is none, and then renders are bounded per child only. */
static landing_budget_t *render_budget;

/* The render cache's size when LandingCacheSize is not set: room for the
 * rendered pages of a docs site of a few thousand pages, each kept plain
 * and gzipped (3,000 pages of 48 KB with the stylesheet inline and 10 KB
 * gzipped take 175 MB). It is disk and the kernel's page cache, shared
 * by every child, not the children's own memory. */
#define LANDING_DEFAULT_CACHE_SIZE (256 * 1024 * 1024)

/* The render cache's directory when LandingCacheDir is not set, under
 * httpd's DefaultRuntimeDir. */
#define LANDING_DEFAULT_CACHE_DIR "landing-cache"

/* The render cache of the whole server, made in post_config before the
 * children fork (src/sharedcache.c); NULL when it is off. */
static landing_sharedcache_t *shared_cache;

/* Search results pages, in a cache of their own (shared_cache_init). */
static landing_sharedcache_t *search_cache;

static void *create_dir_conf(apr_pool_t *p, char *dir)
{
    landing_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dir;
    conf->raw_html = LANDING_UNSET;
    conf->max_size = LANDING_UNSET;
    conf->cache = LANDING_UNSET;
    conf->cache_gzip = LANDING_UNSET;
    conf->heading_ids = LANDING_UNSET;
    conf->md_extensions = LANDING_UNSET;
    conf->nav_set = 0;
    conf->nav = NULL;
    conf->edit_base = NULL;
    conf->canonical_base = NULL;
    conf->layouts = NULL;
    conf->components = NULL;
    conf->site = NULL;
    return conf;
}

static void *merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    landing_dir_conf *base = basev, *add = addv;
    landing_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    LANDING_MERGE(conf, base, add, raw_html);
    LANDING_MERGE(conf, base, add, max_size);
    LANDING_MERGE(conf, base, add, cache);
    LANDING_MERGE(conf, base, add, cache_gzip);
    LANDING_MERGE(conf, base, add, heading_ids);
    /* A list replaces its parent's whole, as a set: "none" included. */
    LANDING_MERGE(conf, base, add, md_extensions);
    /* The navigation and the link bases are one value each: a child that
     * sets one replaces its parent's, "none" included. */
    if (add->nav_set) {
        conf->nav_set = 1;
        conf->nav = add->nav;
        conf->nav_hash = add->nav_hash;
    }
    else {
        conf->nav_set = base->nav_set;
        conf->nav = base->nav;
        conf->nav_hash = base->nav_hash;
    }
    conf->edit_base = add->edit_base ? add->edit_base : base->edit_base;
    conf->canonical_base = add->canonical_base ? add->canonical_base
                                               : base->canonical_base;
    conf->stylesheet_url = add->stylesheet_url ? add->stylesheet_url
                                               : base->stylesheet_url;
    /* Layouts and site variables merge by name: a child adds names and
     * overrides the ones it repeats, and inherits the rest. */
    conf->layouts = landing_layouts_merge(p, base->layouts, add->layouts);
    conf->components = landing_layouts_merge(p, base->components,
                                             add->components);
    /* Directory merges run for every request: this one costs the same
     * for 1 LandingSet line or 10,000 (src/site.h). */
    conf->site = landing_site_merge(p, base->site, add->site);
    conf->search = add->search ? add->search : base->search;
    return conf;
}

/* --- directives ---------------------------------------------------------- */

static const char *set_layout(cmd_parms *cmd, void *dconf, const char *name,
                              const char *file)
{
    landing_dir_conf *conf = dconf;
    const char *path = ap_server_root_relative(cmd->pool, file);
    const char *err;
    landing_layout_t *layout;
    const char *q;

    for (q = name; *q; q++) {
        if (!apr_isalnum(*q) && *q != '-' && *q != '_' && *q != '.') {
            return apr_psprintf(cmd->pool, "%s: layout name '%s' may hold "
                                "only letters, digits, '-', '_' and '.'",
                                cmd->cmd->name, name);
        }
    }
    if (path == NULL) {
        return apr_psprintf(cmd->pool, "%s: invalid file path '%s'",
                            cmd->cmd->name, file);
    }
    /* Compiled now, so that a broken template stops the server at
     * startup; checked again on disk while serving (src/layout.c). */
    if (landing_layout_open(cmd->pool, path, &layout, &err) != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: %s%s", cmd->cmd->name,
                            strchr(err, ':') && strncmp(err, "cannot", 6)
                            ? "template error: " : "", err);
    }
    if (conf->layouts == NULL) {
        conf->layouts = landing_layouts_make(cmd->pool);
    }
    landing_layouts_set(cmd->pool, conf->layouts, name, layout);
    return NULL;
}

/* LandingComponent NAME FILE: as LandingLayout, for a component. */
static const char *set_component(cmd_parms *cmd, void *dconf,
                                 const char *name, const char *file)
{
    landing_dir_conf *conf = dconf;
    const char *path = ap_server_root_relative(cmd->pool, file);
    const char *err = landing_component_check_name(cmd->pool, name);
    landing_layout_t *layout;

    if (err) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err);
    }
    if (path == NULL) {
        return apr_psprintf(cmd->pool, "%s: invalid file path '%s'",
                            cmd->cmd->name, file);
    }
    /* Compiled now, so that a broken template stops the server at
     * startup; followed on disk while serving, as layouts are. */
    if (landing_layout_open(cmd->pool, path, &layout, &err) != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: %s%s", cmd->cmd->name,
                            strchr(err, ':') && strncmp(err, "cannot", 6)
                            ? "template error: " : "", err);
    }
    if (conf->components == NULL) {
        conf->components = landing_layouts_make(cmd->pool);
    }
    landing_layouts_set(cmd->pool, conf->components,
                        apr_pstrdup(cmd->pool, name), layout);
    return NULL;
}

static const char *set_site(cmd_parms *cmd, void *dconf, const char *key,
                            const char *value)
{
    landing_dir_conf *conf = dconf;
    const char *q;

    for (q = key; *q; q++) {
        if (!apr_isalnum(*q) && *q != '_' && *q != '-') {
            return apr_psprintf(cmd->pool, "%s: variable name '%s' may hold "
                                "only letters, digits, '-' and '_'",
                                cmd->cmd->name, key);
        }
    }
    if (*key == '\0') {
        return apr_psprintf(cmd->pool, "%s: empty variable name",
                            cmd->cmd->name);
    }
    /* Built into the map templates read, and digested, as it is read:
     * requests find both done. */
    if (conf->site == NULL) {
        conf->site = landing_site_make(cmd->pool);
    }
    landing_site_set(cmd->pool, conf->site, key, value);
    return NULL;
}

/* A size in bytes with an optional K, M or G (src/size.c), with the
 * directive's name in front of why it is refused. */
static const char *parse_size(cmd_parms *cmd, const char *arg,
                              apr_off_t *out, int allow_zero)
{
    const char *err = landing_size_parse(cmd->pool, arg, allow_zero, out);

    return err ? apr_pstrcat(cmd->pool, cmd->cmd->name, ": ", err, NULL)
               : NULL;
}

/*
 * The largest LandingMaxSize an .htaccess file may set: LandingMaxSizeLimit
 * (main server), else the LandingMaxSize of the server the file is read
 * for (its server-level value, which a virtual host inherits from the
 * main server), else the default.
 */
static apr_off_t max_size_limit(server_rec *s)
{
    landing_server_conf *main_sc = ap_get_module_config(
        ap_server_conf->module_config, &landing_module);
    landing_dir_conf *top = ap_get_module_config(s->lookup_defaults,
                                                 &landing_module);

    if (main_sc->max_size_limit != LANDING_UNSET) {
        return main_sc->max_size_limit;
    }
    return top && top->max_size != LANDING_UNSET ? top->max_size
                                                 : LANDING_DEFAULT_MAX_SIZE;
}

/* An .htaccess file (whose author may not be the administrator) is read
 * per request with the server's configuration complete; every other
 * context is the administrator's. */
static int in_htaccess(cmd_parms *cmd)
{
    return ap_check_cmd_context(cmd, NOT_IN_HTACCESS) != NULL;
}

static const char *set_max_size(cmd_parms *cmd, void *dconf, const char *arg)
{
    landing_dir_conf *conf = dconf;
    apr_off_t size, limit;
    const char *err = parse_size(cmd, arg, &size, 0);

    if (err) {
        return err;
    }
    /* A bound on memory that .htaccess could lift is no bound: refused,
     * never lowered silently, so the author sees why (a 500 and this
     * line in the error log). */
    if (in_htaccess(cmd) && size > (limit = max_size_limit(cmd->server))) {
        return apr_psprintf(cmd->pool, "%s %s is over LandingMaxSizeLimit "
                            "%s, the largest size an .htaccess file may set",
                            cmd->cmd->name, arg,
                            landing_size_format(cmd->pool, limit));
    }
    conf->max_size = size;
    return NULL;
}

/* A size of the main server's (LandingMaxSizeLimit, LandingCacheSize,
 * LandingRenderMemory): cmd->info says which field, and whether 0 is a
 * size (LandingCacheSize 0 turns the cache off). */
typedef struct {
    apr_size_t field;
    int allow_zero;
} server_size_t;

static const server_size_t max_size_limit_field = {
    APR_OFFSETOF(landing_server_conf, max_size_limit), 0
};
static const server_size_t cache_size_field = {
    APR_OFFSETOF(landing_server_conf, cache_size), 1
};
static const server_size_t render_memory_field = {
    APR_OFFSETOF(landing_server_conf, render_memory), 0
};

static const char *set_server_size(cmd_parms *cmd, void *dconf,
                                   const char *arg)
{
    const server_size_t *what = cmd->info;
    landing_server_conf *sc = ap_get_module_config(
        cmd->server->module_config, &landing_module);
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    (void)dconf;
    if (err) {
        return err;
    }
    return parse_size(cmd, arg, (apr_off_t *)((char *)sc + what->field),
                      what->allow_zero);
}

/* LandingCacheDir: relative to ServerRoot, as CacheRoot is. Whether the
 * children can write it is checked at startup (cache_dir_usable). */
static const char *set_cache_dir(cmd_parms *cmd, void *dconf,
                                 const char *arg)
{
    landing_server_conf *sc = ap_get_module_config(
        cmd->server->module_config, &landing_module);
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);

    (void)dconf;
    if (err) {
        return err;
    }
    sc->cache_dir = ap_server_root_relative(cmd->pool, arg);
    if (sc->cache_dir == NULL || *arg == '\0') {
        return apr_psprintf(cmd->pool, "LandingCacheDir: invalid path '%s'",
                            arg);
    }
    return NULL;
}

static const char *set_render_wait(cmd_parms *cmd, void *dconf,
                                   const char *arg)
{
    landing_server_conf *sc = ap_get_module_config(
        cmd->server->module_config, &landing_module);
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    const char *q;
    long secs;

    (void)dconf;
    if (err) {
        return err;
    }
    for (q = arg; apr_isdigit(*q); q++) {
    }
    secs = *arg && !*q && q - arg <= 4 ? atol(arg) : -1;
    if (secs < 0 || secs > 3600) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a number of "
                            "seconds from 0 to 3600", cmd->cmd->name, arg);
    }
    sc->render_wait = apr_time_from_sec(secs);
    return NULL;
}

static const char *set_nav(cmd_parms *cmd, void *dconf, const char *file)
{
    landing_dir_conf *conf = dconf;
    const char *path, *err;
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t got = 0;
    char *src;
    landing_nav_t *nav;

    conf->nav_set = 1;
    if (strcasecmp(file, "none") == 0) {
        conf->nav = NULL;
        conf->nav_hash = 0;
        return NULL;
    }
    path = ap_server_root_relative(cmd->pool, file);
    if (path == NULL) {
        return apr_psprintf(cmd->pool, "%s: invalid file path '%s'",
                            cmd->cmd->name, file);
    }
    rv = apr_file_open(&fd, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, cmd->temp_pool);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, fd);
        if (rv == APR_SUCCESS && (fi.filetype != APR_REG
                                  || fi.size > LANDING_NAV_MAX_SIZE)) {
            apr_file_close(fd);
            return apr_psprintf(cmd->pool, "%s: '%s' is not a regular file "
                                "of at most %d bytes", cmd->cmd->name, path,
                                LANDING_NAV_MAX_SIZE);
        }
    }
    if (rv == APR_SUCCESS) {
        src = apr_palloc(cmd->temp_pool, (apr_size_t)fi.size + 1);
        rv = apr_file_read_full(fd, src, (apr_size_t)fi.size, &got);
        apr_file_close(fd);
        if (APR_STATUS_IS_EOF(rv) && fi.size == 0) {
            rv = APR_SUCCESS;
        }
    }
    if (rv != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: cannot read '%s': %pm",
                            cmd->cmd->name, path, &rv);
    }
    /* Compiled once, into the configuration pool: every request reads
     * the same tree, and a broken file stops httpd here, with its line
     * and column. */
    if (landing_nav_compile(cmd->pool, src, got, path, &nav, &err)
        != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err);
    }
    conf->nav = nav;
    conf->nav_hash = landing_hash(0, src, got);
    return NULL;
}

/* LandingEditBase and LandingCanonicalBase: a URL with a scheme, or
 * "none". */
static const char *set_base(cmd_parms *cmd, void *dconf, const char *arg)
{
    landing_dir_conf *conf = dconf;
    const char **slot = (const char **)((char *)conf
                                        + (apr_size_t)cmd->info);
    const char *err;

    if (strcasecmp(arg, "none") == 0) {
        *slot = "";
        return NULL;
    }
    if ((err = landing_pageconf_check_base(cmd->pool, arg))) {
        return apr_pstrcat(cmd->pool, cmd->cmd->name, ": ", err, NULL);
    }
    *slot = arg;
    return NULL;
}

/* LandingStylesheet link | inline | URL-path: the URL is made here, once
 * (src/stylesheet.h); "" stands for inline. */
static const char *set_stylesheet(cmd_parms *cmd, void *dconf,
                                  const char *arg)
{
    landing_dir_conf *conf = dconf;
    const char *prefix;
    const char *err = landing_stylesheet_parse(cmd->pool, arg, &prefix);

    if (err) {
        return apr_psprintf(cmd->pool, "%s: %s", cmd->cmd->name, err);
    }
    conf->stylesheet_url = prefix
        ? landing_stylesheet_builtin_url(cmd->pool, prefix) : "";
    return NULL;
}

/* LandingMarkdownExtensions name... | none */
static const char *set_extensions(cmd_parms *cmd, void *dconf,
                                  const char *args)
{
    landing_dir_conf *conf = dconf;
    const char *bad;
    int flags = landing_gfm_parse_list(cmd->pool, args, &bad);

    if (flags < 0) {
        if (*bad == '\0' || strcmp(bad, "none") == 0) {
            return apr_psprintf(cmd->pool, "%s: give extension names or "
                                "'none' alone (known: %s)", cmd->cmd->name,
                                landing_gfm_names);
        }
        return apr_psprintf(cmd->pool, "%s: unknown extension '%s' "
                            "(known: %s)", cmd->cmd->name, bad,
                            landing_gfm_names);
    }
    conf->md_extensions = flags;
    return NULL;
}

/* The search location of this directory context, made on first use. */
static landing_search_loc *search_loc(cmd_parms *cmd, landing_dir_conf *conf)
{
    if (conf->search == NULL) {
        conf->search = apr_pcalloc(cmd->pool, sizeof(*conf->search));
        conf->search->s = cmd->server;
        conf->search->where = apr_psprintf(cmd->pool, "%s:%d",
                                           cmd->directive->filename,
                                           cmd->directive->line_num);
        conf->search->next = search_locs;
        search_locs = conf->search;
    }
    return conf->search;
}

/* LandingSearchIndex FILE: the index a search location reads. */
static const char *set_search_index(cmd_parms *cmd, void *dconf,
                                    const char *file)
{
    const char *path = ap_server_root_relative(cmd->pool, file);

    if (path == NULL) {
        return apr_psprintf(cmd->pool, "%s: invalid file path '%s'",
                            cmd->cmd->name, file);
    }
    search_loc(cmd, dconf)->index = path;
    return NULL;
}

/* LandingSearchRoot DIR [URL-PATH]: the tree the module indexes. */
static const char *set_search_root(cmd_parms *cmd, void *dconf,
                                   const char *dir, const char *url)
{
    const char *path = ap_server_root_relative(cmd->pool, dir);
    apr_finfo_t fi;
    landing_search_loc *loc;

    if (path == NULL || apr_stat(&fi, path, APR_FINFO_TYPE, cmd->temp_pool)
                        != APR_SUCCESS || fi.filetype != APR_DIR) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a directory",
                            cmd->cmd->name, dir);
    }
    if (url && *url != '/') {
        return apr_psprintf(cmd->pool, "%s: the URL path '%s' must start "
                            "with '/'", cmd->cmd->name, url);
    }
    loc = search_loc(cmd, dconf);
    loc->root = path;
    loc->root_url = url ? url : "/";
    return NULL;
}

static const char *set_search_refresh(cmd_parms *cmd, void *dconf,
                                      const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    const char *q;

    (void)dconf;
    if (err) {
        return err;
    }
    for (q = arg; apr_isdigit(*q); q++) {
    }
    if (!*arg || *q || q - arg > 5 || atoi(arg) < 1 || atoi(arg) > 86400) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a number of "
                            "seconds from 1 to 86400", cmd->cmd->name, arg);
    }
    search_refresh = atoi(arg);
    return NULL;
}

static const command_rec landing_cmds[] = {
    AP_INIT_TAKE2("LandingLayout", set_layout, NULL, RSRC_CONF | ACCESS_CONF,
                  "A front-matter layout name and the template file that "
                  "renders it"),
    AP_INIT_TAKE2("LandingComponent", set_component, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "A component name (<Name> in a page) and the template "
                  "file that renders it"),
    AP_INIT_TAKE2("LandingSet", set_site, NULL, OR_FILEINFO,
                  "A site variable (site.KEY in templates) and its value"),
    AP_INIT_FLAG("LandingRawHTML", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(landing_dir_conf, raw_html), OR_FILEINFO,
                 "Render raw HTML in Markdown (default On)"),
    AP_INIT_TAKE1("LandingMaxSize", set_max_size, NULL, OR_FILEINFO,
                  "The largest body rendered, in bytes (K, M, G allowed); "
                  "larger bodies pass through"),
    AP_INIT_FLAG("LandingHeadingIds", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(landing_dir_conf, heading_ids),
                 OR_FILEINFO,
                 "Give h2..h6 ids and permalink anchors (default On)"),
    AP_INIT_RAW_ARGS("LandingMarkdownExtensions", set_extensions, NULL,
                     OR_FILEINFO,
                     "GitHub's Markdown extensions to use (table "
                     "strikethrough tasklist autolink tagfilter footnotes), "
                     "or none; default table strikethrough tasklist"),
    AP_INIT_TAKE1("LandingNav", set_nav, NULL, RSRC_CONF | ACCESS_CONF,
                  "A YAML navigation file (title, path, children), or "
                  "none"),
    AP_INIT_TAKE1("LandingEditBase", set_base,
                  (void *)APR_OFFSETOF(landing_dir_conf, edit_base),
                  OR_FILEINFO,
                  "The URL that a page's source path is appended to for "
                  "its edit link, or none"),
    AP_INIT_TAKE1("LandingCanonicalBase", set_base,
                  (void *)APR_OFFSETOF(landing_dir_conf, canonical_base),
                  OR_FILEINFO,
                  "The URL that the request path is appended to for "
                  "<link rel=canonical>, or none"),
    AP_INIT_TAKE1("LandingStylesheet", set_stylesheet, NULL, OR_FILEINFO,
                  "link (the built-in stylesheet from its own URL, under "
                  "/.landing/), a URL-path to serve it under instead, or "
                  "inline (in every page)"),
    AP_INIT_FLAG("LandingCache", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(landing_dir_conf, cache), OR_FILEINFO,
                 "Keep rendered pages in the render cache (default On)"),
    AP_INIT_FLAG("LandingCacheGzip", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(landing_dir_conf, cache_gzip),
                 OR_FILEINFO,
                 "Keep cached pages gzipped too, and send that copy to "
                 "clients that accept gzip (default On)"),
    AP_INIT_TAKE1("LandingMaxSizeLimit", set_server_size,
                  (void *)&max_size_limit_field,
                  RSRC_CONF,
                  "The largest LandingMaxSize an .htaccess file may set "
                  "(default: the server's LandingMaxSize)"),
    AP_INIT_TAKE1("LandingRenderMemory", set_server_size,
                  (void *)&render_memory_field, RSRC_CONF,
                  "The memory renders in flight may take, all processes "
                  "together (K, M, G allowed; default 192M)"),
    AP_INIT_TAKE1("LandingRenderWait", set_render_wait, NULL, RSRC_CONF,
                  "Seconds a render waits for room in LandingRenderMemory "
                  "before its page passes through (default 10)"),
    AP_INIT_TAKE1("LandingCacheSize", set_server_size,
                  (void *)&cache_size_field, RSRC_CONF,
                  "The render cache's size, all processes together, in "
                  "bytes (K, M, G allowed; default 256M; 0 turns the "
                  "cache off)"),
    AP_INIT_TAKE1("LandingCacheDir", set_cache_dir, NULL, RSRC_CONF,
                  "The directory of the render cache's files (default: "
                  "landing-cache in DefaultRuntimeDir)"),
    AP_INIT_TAKE1("LandingSearchIndex", set_search_index, NULL,
                  RSRC_CONF | ACCESS_CONF,
                  "The search index file a landing-search location reads "
                  "(built by landing-render --index, or by the module "
                  "with LandingSearchRoot)"),
    AP_INIT_TAKE12("LandingSearchRoot", set_search_root, NULL,
                   RSRC_CONF | ACCESS_CONF,
                   "The directory of pages a landing-search location "
                   "indexes, and the URL path it is served at (default /)"),
    AP_INIT_TAKE1("LandingSearchRefresh", set_search_refresh, NULL,
                  RSRC_CONF,
                  "Seconds between updates of the indexes the module "
                  "builds (default 60)"),
    {NULL}
};

/* --- the filter ---------------------------------------------------------- */

struct landing_setup_t;

typedef struct {
    apr_bucket_brigade *held;   /* the body so far, set aside */
    apr_off_t len;              /* its length */
    int front_matter;           /* decided: the body starts with it */
    int from_file;              /* the body is exactly r->filename */
    const landing_dir_conf *conf;
    /* A file's setup and identity, found before its bytes are read. */
    struct landing_setup_t *su;
    char *key, *etag;
    /* If-None-Match as the client sent it, when a content coding's ETag
     * suffix was taken off it (accept_coded_etags). */
    const char *inm_coded;
    apr_size_t klen;
    apr_uint64_t charged;       /* taken from LandingRenderMemory */
} landing_ctx;

static void *create_server_conf(apr_pool_t *p, server_rec *s)
{
    landing_server_conf *sc = apr_pcalloc(p, sizeof(*sc));
    const char *err;

    (void)s;
    /* The embedded template was checked when the module was built; it is
     * compiled once per server record, in the configuration pool, so a
     * graceful restart gets a fresh copy. */
    landing_layout_static(p, landing_chrome_template,
                          landing_chrome_template_len, "conf/landing.html",
                          &sc->default_layout, &err);
    sc->cache_size = LANDING_UNSET;
    sc->max_size_limit = LANDING_UNSET;
    sc->render_memory = LANDING_UNSET;
    sc->render_wait = LANDING_UNSET;
    /* Hashed once here rather than into every request's digest. */
    sc->stylesheet_hash = landing_hash(0, landing_chrome_stylesheet,
                                       landing_chrome_stylesheet_len);
    sc->stylesheet_url = landing_stylesheet_builtin_url(
        p, LANDING_STYLESHEET_PREFIX);
    sc->stylesheet_etag = landing_stylesheet_etag(
        p, landing_chrome_stylesheet, landing_chrome_stylesheet_len);
    /* Like the chrome, checked when the module was built. */
    if (landing_component_builtins(p, &sc->components, &err)
        != APR_SUCCESS) {
        sc->components = NULL;
    }
    sc->components_hash = landing_component_builtins_hash();
    return sc;
}

static landing_server_conf *server_conf(request_rec *r)
{
    return ap_get_module_config(r->server->module_config, &landing_module);
}

/* The built-in stylesheet's URL that this directory's pages link, or ""
 * when they inline it (LandingStylesheet). */
static const char *stylesheet_url(request_rec *r, const landing_dir_conf *conf)
{
    return conf->stylesheet_url ? conf->stylesheet_url
                                : server_conf(r)->stylesheet_url;
}

/* Is this response not ours? Then say why (each reason has a tag of its
 * own, for LogLevel landing:trace1) and count it. */
static int step_out(request_rec *r)
{
    const char *enc;

    if (r->main != NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(01)
                      "pass: subrequest: %s", r->uri);
        count(LANDING_STAT_PASS_SUBREQUEST);
        return 1;
    }
    if (r->status != HTTP_OK) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(06)
                      "pass: status %d, not 200: %s", r->status, r->uri);
        count(LANDING_STAT_PASS_STATUS);
        return 1;
    }
    enc = r->content_encoding;
    if (enc == NULL) {
        enc = apr_table_get(r->headers_out, "Content-Encoding");
    }
    if (enc == NULL) {
        enc = apr_table_get(r->err_headers_out, "Content-Encoding");
    }
    if (enc != NULL) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(07)
                      "pass: body has Content-Encoding %s: %s", enc, r->uri);
        count(LANDING_STAT_PASS_ENCODING);
        return 1;
    }
    return 0;
}

/*
 * Conditional requests. The filter's init function asks handlers not to
 * answer 304 themselves (r->no_local_copy), because until the body has
 * been looked at nobody knows whether the response will be the source or
 * a rendered page, and the two have different validators. So the filter
 * answers for both, once the validators are known: a page's own, or, when
 * the body passes through, the ones the handler set.
 *
 * Returns OK to send the response, or the status to send instead.
 */
static int check_conditions(request_rec *r)
{
    if (r->main != NULL || r->status != HTTP_OK) {
        return OK;
    }
    r->no_local_copy = 0;
    return ap_meets_conditions(r);
}

/*
 * Warnings about a page that its author would want to know (a layout
 * named in the wrong case, a "Layout:" key) go to the error log once per
 * version of a file in each child, not on every request: such a page is
 * not rendered, so not cached, and is read again each time. The record
 * is per child (no shared memory); past LANDING_WARNED_MAX files it
 * starts over.
 */
#define LANDING_WARNED_MAX 4096
static apr_pool_t *warned_pool;
static apr_hash_t *warned;
#if APR_HAS_THREADS
static apr_thread_mutex_t *warned_lock;
#endif

static void warned_init(apr_pool_t *pchild)
{
    if (apr_pool_create(&warned_pool, pchild) != APR_SUCCESS) {
        warned_pool = NULL;
        return;
    }
    warned = apr_hash_make(warned_pool);
#if APR_HAS_THREADS
    if (apr_thread_mutex_create(&warned_lock, APR_THREAD_MUTEX_DEFAULT,
                                pchild) != APR_SUCCESS) {
        warned_lock = NULL;
    }
#endif
}

/* Is this the first warning about this version of the page? */
static int warn_first_time(request_rec *r)
{
    const char *key;
    int first = 1;

    if (warned_pool == NULL) {
        return 1;
    }
    key = r->finfo.filetype != APR_NOFILE
        ? apr_psprintf(r->pool, "%s\n%" APR_TIME_T_FMT "\n%" APR_OFF_T_FMT,
                       r->filename, r->finfo.mtime, r->finfo.size)
        : apr_pstrcat(r->pool, r->hostname ? r->hostname : "", r->uri,
                      NULL);
#if APR_HAS_THREADS
    if (warned_lock) {
        apr_thread_mutex_lock(warned_lock);
    }
#endif
    if (apr_hash_get(warned, key, APR_HASH_KEY_STRING)) {
        first = 0;
    }
    else {
        if (apr_hash_count(warned) >= LANDING_WARNED_MAX) {
            apr_pool_clear(warned_pool);
            warned = apr_hash_make(warned_pool);
        }
        apr_hash_set(warned, apr_pstrdup(warned_pool, key),
                     APR_HASH_KEY_STRING, "");
    }
#if APR_HAS_THREADS
    if (warned_lock) {
        apr_thread_mutex_unlock(warned_lock);
    }
#endif
    return first;
}

/* The page's source, for a log line: the file, or the URL of a body that
 * is not one. */
static const char *page_source(request_rec *r)
{
    return r->finfo.filetype != APR_NOFILE ? r->filename : r->uri;
}

/* Replace whatever is in @p bb with the answer @p status (304 or an
 * error) and send it. */
static apr_status_t send_status(ap_filter_t *f, apr_bucket_brigade *bb,
                                int status)
{
    request_rec *r = f->r;
    conn_rec *c = r->connection;

    apr_brigade_cleanup(bb);
    ap_remove_output_filter(f);
    if (status == HTTP_NOT_MODIFIED) {
        landing_ctx *ctx = f->ctx;
        /* The client revalidated the compressed page: its 304 carries the
         * ETag and Vary that the 200 had (RFC 9110 15.4.5). mod_deflate
         * and mod_brotli leave a response with no body alone, so they
         * would not add the suffix themselves. */
        if (ctx && ctx->inm_coded) {
            const char *coded = landing_etag_coded_match(
                r->pool, ctx->inm_coded,
                apr_table_get(r->headers_out, "ETag"));
            if (coded) {
                apr_table_setn(r->headers_out, "ETag", coded);
                apr_table_mergen(r->headers_out, "Vary", "Accept-Encoding");
            }
        }
        /* httpd's header filter sends a 304 without a body and with only
         * the headers RFC 9110 15.4.5 allows. */
        r->status = HTTP_NOT_MODIFIED;
        apr_table_unset(r->headers_out, "Content-Length");
    }
    else {
        APR_BRIGADE_INSERT_TAIL(bb, ap_bucket_error_create(status, NULL,
                                                           r->pool,
                                                           c->bucket_alloc));
    }
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(c->bucket_alloc));
    return ap_pass_brigade(f->next, bb);
}

/* Send everything held, then @p bb, and leave the chain. */
static apr_status_t pass_through(ap_filter_t *f, landing_ctx *ctx,
                                 apr_bucket_brigade *bb)
{
    int status = check_conditions(f->r);

    if (ctx && !APR_BRIGADE_EMPTY(ctx->held)) {
        APR_BRIGADE_PREPEND(bb, ctx->held);
    }
    if (status != OK) {
        return send_status(f, bb, status);
    }
    ap_remove_output_filter(f);
    return ap_pass_brigade(f->next, bb);
}

/* A render cache entry says this source failed to render before, with
 * this configuration and these templates: pass it through unparsed. */
static apr_status_t failed_before(ap_filter_t *f, landing_ctx *ctx,
                                  landing_sharedcache_page_t *pg,
                                  apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    int code = pg->failure;

    landing_sharedcache_release(pg);
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(19)
                  "pass: rendering failed before (%s), not parsed again: "
                  "%s", landing_page_result_name((landing_page_result_e)code),
                  r->filename ? r->filename : r->uri);
    count(LANDING_STAT_PASS_FAILED_BEFORE);
    return pass_through(f, ctx, bb);
}

/*
 * The URL path the client asked for, percent-encoded, for the canonical
 * link. A directory served by its index page (mod_dir) has r->uri naming
 * the index file; the URL asked for is the directory.
 */
static const char *request_path(request_rec *r)
{
    const char *raw = r->unparsed_uri ? r->unparsed_uri : "";
    apr_size_t n = strcspn(raw, "?#");
    apr_size_t u = strlen(r->uri);
    const char *slash = strrchr(r->uri, '/');

    if (n > 0 && raw[n - 1] == '/' && u > 0 && r->uri[u - 1] != '/'
        && slash) {
        return ap_os_escape_path(r->pool,
                                 apr_pstrmemdup(r->pool, r->uri,
                                                slash + 1 - r->uri), 1);
    }
    return ap_os_escape_path(r->pool, r->uri, 1);
}

/* What this request renders with, and what identifies it. */
typedef struct landing_setup_t {
    request_rec *r;
    const landing_dir_conf *conf;
    apr_time_t now;
    apr_uint64_t digest;        /* everything in the config that shows */
    apr_time_t mtime;           /* the newest template's mtime */
} landing_setup_t;

/* The layout a directory maps @p name to: LandingLayout's, or for the
 * default name the built-in chrome. */
static landing_layout_t *find_layout(request_rec *r,
                                     const landing_dir_conf *conf,
                                     const char *name)
{
    landing_layout_t *l = landing_layouts_get(conf->layouts, name);

    if (l == NULL && strcmp(name, LANDING_DEFAULT_LAYOUT) == 0) {
        l = server_conf(r)->default_layout;
    }
    return l;
}

/* src/page.c's look-up of the template a page names: its current
 * version, held until the request ends. Only this one layout is taken,
 * however many the directory maps. */
static const landing_template_t *page_template(void *baton, const char *name)
{
    landing_setup_t *su = baton;
    landing_layout_t *l = find_layout(su->r, su->conf, name);
    landing_layout_use_t use;
    const char *err;

    if (l == NULL) {
        return NULL;
    }
    use = landing_layout_acquire(l, su->r->pool, su->now, &err);
    if (err) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, su->r, LANDING_LOGNO(20)
                      "LandingLayout %s: %s", name, err);
    }
    return use.tpl;
}

/* For the warning about "layout: landing": a layout this directory
 * maps, or the built-in one, whose name differs from @p name only in
 * case. */
static const char *page_layout_nocase(void *baton, apr_pool_t *p,
                                      const char *name)
{
    landing_setup_t *su = baton;
    const char *found = landing_layouts_find_nocase(su->conf->layouts, p,
                                                    name);

    if (found == NULL && strcasecmp(name, LANDING_DEFAULT_LAYOUT) == 0) {
        found = LANDING_DEFAULT_LAYOUT;
    }
    return found;
}

/* src/component.c's look-up of a component a page names, for
 * LandingComponent: its current version, held until the request ends. */
static const landing_template_t *page_component(void *baton,
                                                const char *name)
{
    landing_setup_t *su = baton;
    landing_layout_t *l = landing_layouts_get(su->conf->components, name);
    landing_layout_use_t use;
    const char *err;

    if (l == NULL) {
        return NULL;
    }
    use = landing_layout_acquire(l, su->r->pool, su->now, &err);
    if (err) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, su->r, LANDING_LOGNO(20)
                      "LandingComponent %s: %s", name, err);
    }
    return use.tpl;
}

/*
 * Digest the configuration that affects the output: the templates of
 * every layout this directory maps (src/layouts.c works that out at most
 * once a second per <Directory>, not per request), the site variables
 * (digested when they were read) and the rest. Everything that can
 * change a page's bytes other than the source goes into the digest: it
 * is part of cache keys and ETags. Nothing here grows with the number of
 * LandingLayout or LandingSet lines.
 */
static void setup(request_rec *r, const landing_dir_conf *conf,
                  landing_setup_t *su)
{
    landing_server_conf *sc = server_conf(r);
    apr_array_header_t *errors = NULL;
    apr_uint64_t h = 0;
    int i;

    su->r = r;
    su->conf = conf;
    su->now = apr_time_now();
    su->mtime = 0;
    if (conf->layouts) {
        landing_layouts_digest(conf->layouts, r->pool, su->now, &h,
                               &su->mtime, &errors);
        for (i = 0; errors && i < errors->nelts; i++) {
            landing_layouts_error_t *e =
                &APR_ARRAY_IDX(errors, i, landing_layouts_error_t);
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, LANDING_LOGNO(20)
                          "LandingLayout %s: %s", e->name, e->error);
        }
        h = landing_hash_u64(0, h);
    }
    if (conf->components) {
        /* The components' templates, as the layouts' (src/layouts.h). */
        apr_uint64_t ch = 0;
        apr_time_t cm = 0;
        errors = NULL;
        landing_layouts_digest(conf->components, r->pool, su->now, &ch,
                               &cm, &errors);
        for (i = 0; errors && i < errors->nelts; i++) {
            landing_layouts_error_t *e =
                &APR_ARRAY_IDX(errors, i, landing_layouts_error_t);
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, LANDING_LOGNO(20)
                          "LandingComponent %s: %s", e->name, e->error);
        }
        h = landing_hash_u64(landing_hash_str(h, "components"), ch);
        if (cm > su->mtime) {
            su->mtime = cm;
        }
    }
    h = landing_hash_u64(h, sc->components_hash);
    if (landing_layouts_get(conf->layouts, LANDING_DEFAULT_LAYOUT) == NULL) {
        const char *err;
        landing_layout_use_t use = landing_layout_acquire(sc->default_layout,
                                                          r->pool, su->now,
                                                          &err);
        h = landing_hash_u64(landing_hash_str(h, LANDING_DEFAULT_LAYOUT),
                             use.hash);
    }
    h = landing_hash_u64(h, sc->stylesheet_hash);
    h = landing_hash_str(h, stylesheet_url(r, conf));
    h = landing_hash_u64(h, conf->raw_html != 0);
    h = landing_hash_u64(h, landing_site_digest(conf->site));
    h = landing_hash_u64(h, conf->heading_ids != 0);
    h = landing_hash_u64(h, (apr_uint64_t)md_extensions(conf));
    h = landing_hash_u64(h, conf->nav ? conf->nav_hash : 0);
    h = landing_hash_str(h, conf->edit_base ? conf->edit_base : "");
    h = landing_hash_str(h, conf->canonical_base ? conf->canonical_base
                                                 : "");
    if (conf->canonical_base && *conf->canonical_base) {
        /* The canonical link shows the URL asked for, which r->uri (in
         * the cache key) does not tell for a directory's index page. */
        h = landing_hash_str(h, request_path(r));
    }
    su->digest = landing_hash_str(h, LANDING_VERSION);
}

/*
 * The cache key and the ETag of a page. A file is known by its size and
 * mtime, any other body by a hash of its bytes; then come the request
 * path (templates can show it) and the configuration digest. The ETag
 * leaves out the file's path and inode, so servers with copies of the
 * same tree agree on it; the cache key adds the path, since one cache
 * serves every file of the server.
 */
static void page_identity(request_rec *r, const landing_setup_t *su,
                          const char *body, apr_size_t len, int from_file,
                          char **key, apr_size_t *klen, char **etag)
{
    apr_uint64_t h;

    if (from_file) {
        h = landing_hash_u64(landing_hash_u64(0, (apr_uint64_t)r->finfo.size),
                             (apr_uint64_t)r->finfo.mtime);
        *key = apr_psprintf(r->pool, "F%s", r->filename);
    }
    else {
        /* The handler's Last-Modified is the page's "last_updated". */
        const char *lm = apr_table_get(r->headers_out, "Last-Modified");
        h = landing_hash_str(landing_hash(1, body, len), lm ? lm : "");
        *key = apr_pstrdup(r->pool, "B");
    }
    h = landing_hash_u64(landing_hash_str(h, r->uri), su->digest);
    *etag = apr_psprintf(r->pool, "\"L%016" APR_UINT64_T_HEX_FMT "\"", h);
    *key = apr_pstrcat(r->pool, *key, *etag, NULL);
    *klen = strlen(*key);
}

static int cache_on(request_rec *r, const landing_dir_conf *conf)
{
    (void)r;
    return conf->cache != 0 && shared_cache != NULL;
}

/* Are this directory's pages cached gzipped too, so that the response
 * depends on Accept-Encoding? */
static int gzip_on(request_rec *r)
{
    const landing_dir_conf *conf = ap_get_module_config(r->per_dir_config,
                                                        &landing_module);
    return cache_on(r, conf) && conf->cache_gzip != 0;
}

/* The page describes itself now, not its source: type and validators of
 * the rendered bytes (RFC 9110 8.8); no Last-Modified when @p mtime is
 * unknown (0). With gzipped copies in the cache the response varies with
 * Accept-Encoding, the 304s too (RFC 9110 15.4.5). */
static void page_headers(request_rec *r, const char *etag, apr_time_t mtime)
{
    ap_set_content_type(r, "text/html; charset=utf-8");
    apr_table_set(r->headers_out, "ETag", etag);
    if (gzip_on(r)) {
        apr_table_mergen(r->headers_out, "Vary", "Accept-Encoding");
    }
    if (mtime > 0) {
        r->mtime = 0;
        ap_update_mtime(r, mtime);
        ap_set_last_modified(r);
    }
    else {
        apr_table_unset(r->headers_out, "Last-Modified");
    }
}

static void release_bytes(void *data)
{
    landing_buf_release(data);
}

/* Does the client take the gzipped copy? Accept-Encoding names gzip
 * with a q above 0, and no "no-gzip" (SetEnvIf) says otherwise, as for
 * mod_deflate. */
static int client_takes_gzip(request_rec *r)
{
    return apr_table_get(r->subprocess_env, "no-gzip") == NULL
           && landing_gzip_accepted(apr_table_get(r->headers_in,
                                                  "Accept-Encoding"));
}

/*
 * Put @p b, a page's bytes in memory, at the head of @p bb, followed by a
 * FLUSH: the core writes a small body at once, as it writes a file,
 * rather than after its check for a pipelined request, which would send
 * a keep-alive connection through the MPM's listener before its next
 * request.
 */
static void insert_page_bytes(apr_bucket_brigade *bb, apr_bucket *b)
{
    APR_BRIGADE_INSERT_HEAD(bb, apr_bucket_flush_create(bb->bucket_alloc));
    APR_BRIGADE_INSERT_HEAD(bb, b);
}

/*
 * Put the bytes of a page found in a cache (@p gzip: its gzipped copy)
 * at the head of @p bb: from memory when its file was read whole, else
 * as a file bucket, sent by sendfile, or read by mmap unless EnableMMAP
 * Off is set where the page is, as the core sends a static file.
 */
static void cache_page_insert(request_rec *r,
                              const landing_sharedcache_page_t *pg, int gzip,
                              apr_bucket_brigade *bb)
{
    apr_bucket_alloc_t *list = r->connection->bucket_alloc;
    apr_size_t len = gzip ? pg->gzip_len : pg->len;
    apr_bucket *b;
#if APR_HAS_MMAP
    core_dir_config *d;
#endif

    if (pg->data) {
        insert_page_bytes(bb, apr_bucket_pool_create(
                                  gzip ? pg->gzip : pg->data, len, r->pool,
                                  list));
        return;
    }
    b = apr_bucket_file_create(pg->fd, gzip ? pg->gzip_offset : pg->offset,
                               len, r->pool, list);
#if APR_HAS_MMAP
    d = ap_get_core_module_config(r->per_dir_config);
    if (d->enable_mmap == ENABLE_MMAP_OFF) {
        apr_bucket_file_enable_mmap(b, 0);
    }
#endif
    APR_BRIGADE_INSERT_HEAD(bb, b);
}

/*
 * Send a rendered page: its headers, then its bytes (or a 304). A page
 * from the cache (@p html NULL) goes out as cache_page_insert() puts it.
 * A page just rendered goes out from memory: @p html (landing_buf) and
 * @p gz (malloc), both owned here from now on.
 */
static apr_status_t send_page(ap_filter_t *f, landing_sharedcache_page_t *pg,
                              char *html, char *gz, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    apr_bucket_alloc_t *list = r->connection->bucket_alloc;
    int gzip = pg->gzip_len > 0 && gzip_on(r) && client_takes_gzip(r);
    apr_size_t len = gzip ? pg->gzip_len : pg->len;
    int status;

    page_headers(r, pg->etag, pg->mtime);
    ap_set_content_length(r, (apr_off_t)len);
    apr_table_unset(r->headers_out, "Content-MD5");
    /* The conditions compare the page's own ETag: accept_coded_etags took
     * the coding suffix off If-None-Match. */
    status = check_conditions(r);
    if (status != OK) {
        landing_buf_release(html);
        free(gz);
        return send_status(f, bb, status);
    }
    if (gzip) {
        /* As mod_deflate: the suffix keeps the two strong validators
         * apart (RFC 9110 8.8.3); a coding filter after this one sees the
         * Content-Encoding and leaves the body alone. */
        apr_table_set(r->headers_out, "ETag",
                      landing_etag_with_coding(r->pool, pg->etag, "gzip"));
        apr_table_setn(r->headers_out, "Content-Encoding", "gzip");
    }
    ap_remove_output_filter(f);
    /* bb holds the EOS; the page goes first. */
    if (html == NULL) {
        cache_page_insert(r, pg, gzip, bb);
    }
    else if (gzip) {
        landing_buf_release(html);
        insert_page_bytes(bb, apr_bucket_heap_create(gz, len, free, list));
    }
    else {
        free(gz);
        insert_page_bytes(bb, apr_bucket_heap_create(html, len,
                                                     release_bytes, list));
    }
    return ap_pass_brigade(f->next, bb);
}

/* When the source last changed: the file's mtime, or for a body not
 * from a file the handler's Last-Modified, if it set one; 0 if unknown. */
static apr_time_t source_mtime(request_rec *r, int from_file)
{
    const char *lm;
    apr_time_t t;

    if (from_file) {
        return r->finfo.mtime;
    }
    lm = apr_table_get(r->headers_out, "Last-Modified");
    t = lm ? apr_date_parse_http(lm) : 0;
    return t > 0 ? t : 0;
}

/* The Last-Modified of a page: the newest of source and templates; none
 * when the source's is unknown. */
static apr_time_t page_mtime(request_rec *r, const landing_setup_t *su,
                             int from_file)
{
    apr_time_t src = source_mtime(r, from_file);

    if (src == 0) {
        return 0;
    }
    return src > su->mtime ? src : su->mtime;
}

/*
 * src/crumb.h's question, asked of httpd with a subrequest look-up (no
 * handler runs): does directory @p dir serve something to this client?
 * Its index page (mod_dir makes the look-up that of the index file), or
 * a listing where mod_autoindex would make one. Not a 404, 403, 401 or
 * redirect. An index.md's title is read from its first bytes. Asked
 * only while a page is rendered; the answer is part of the rendered page
 * and so of its cache entry (see "Breadcrumbs" in the README).
 */
static int dir_lookup(void *baton, apr_pool_t *p, const char *dir,
                      const char **title)
{
    request_rec *r = baton;
    request_rec *rr = ap_sub_req_lookup_uri(dir, r, NULL);
    int served = 0;

    *title = NULL;
    if (rr->status == HTTP_OK && rr->finfo.filetype == APR_REG) {
        apr_size_t n = rr->filename ? strlen(rr->filename) : 0;
        apr_file_t *fd;
        served = 1;
        if (n > 3 && strcmp(rr->filename + n - 3, ".md") == 0
            && apr_file_open(&fd, rr->filename, APR_FOPEN_READ
                             | APR_FOPEN_BINARY, APR_OS_DEFAULT, p)
               == APR_SUCCESS) {
            char *buf = apr_palloc(p, LANDING_CRUMB_READ_MAX);
            apr_size_t got = 0;
            apr_file_read_full(fd, buf, LANDING_CRUMB_READ_MAX, &got);
            apr_file_close(fd);
            *title = landing_crumb_index_title(p, buf, got);
        }
    }
    else if (rr->status == HTTP_OK && rr->finfo.filetype == APR_DIR) {
        served = (ap_allow_options(rr) & OPT_INDEXES)
                 && ap_find_linked_module("mod_autoindex.c") != NULL;
    }
    ap_log_rerror(APLOG_MARK, APLOG_TRACE2, 0, r, LANDING_LOGNO(71)
                  "breadcrumb %s: %s (status %d)", dir,
                  served ? "served, linked" : "nothing served, not linked",
                  rr->status);
    ap_destroy_sub_req(rr);
    return served;
}

/* The page's configuration for src/page.c, assembled as landing-render
 * assembles it (src/pageconf.c), so both give the same bytes. The
 * template comes from page_template(), for the layout the page names. */
static void page_conf(request_rec *r, const landing_dir_conf *conf,
                      landing_setup_t *su, landing_page_conf_t *pc)
{
    landing_pageconf_make(r->pool, pc, NULL, NULL, conf->site,
                          conf->raw_html != 0);
    pc->layout_find = page_template;
    pc->layout_baton = su;
    pc->layout_nocase = page_layout_nocase;
    pc->dir_lookup = dir_lookup;
    pc->dir_baton = r;
    pc->stylesheet_url = *stylesheet_url(r, conf) ? stylesheet_url(r, conf)
                                                  : NULL;
    /* The built-in components, and LandingComponent's over them, looked
     * up as a page names them. */
    pc->components = server_conf(r)->components;
    if (conf->components) {
        pc->component_find = page_component;
        pc->component_baton = su;
    }
}

/*
 * What a page's components need an author to hear: an unknown component
 * at warn (once per page and name, see component.h), the rest (Vue
 * expressions dropped, tags not closed) at info. Logged when the page is
 * rendered, so once per change of the page, not per request.
 */
static void log_component_problems(request_rec *r, const landing_page_t *page)
{
    int i;

    for (i = 0; page->problems && i < page->problems->nelts; i++) {
        const landing_component_problem_t *pr = &APR_ARRAY_IDX(
            page->problems, i, landing_component_problem_t);
        const char *file = r->filename ? r->filename : r->uri;
        if (pr->kind == LANDING_COMPONENT_UNKNOWN) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(50)
                          "%s:%d: %s", file, pr->line, pr->message);
        }
        else {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, LANDING_LOGNO(51)
                          "%s:%d: %s", file, pr->line, pr->message);
        }
    }
}

/*
 * The page's file relative to the directory its URL maps to (the
 * DocumentRoot, or an Alias's target), for LandingEditBase. A file that
 * is not under that directory (a symlinked tree, a handler's own body)
 * falls back to the URL below the context's prefix.
 */
static const char *source_path(request_rec *r)
{
    const char *root = ap_context_document_root(r);
    const char *prefix = ap_context_prefix(r);
    const char *rel = r->uri;
    apr_size_t n;

    if (r->filename && root && *root) {
        n = strlen(root);
        while (n > 0 && root[n - 1] == '/') {
            n--;
        }
        if (strncmp(r->filename, root, n) == 0 && r->filename[n] == '/') {
            return ap_os_escape_path(r->pool, r->filename + n, 1);
        }
    }
    n = prefix ? strlen(prefix) : 0;
    while (n > 0 && prefix[n - 1] == '/') {
        n--;
    }
    if (n > 0 && strncmp(rel, prefix, n) == 0 && rel[n] == '/') {
        rel += n;
    }
    return ap_os_escape_path(r->pool, rel, 1);
}

/* The docs chrome's settings: Markdown extensions, heading ids,
 * navigation, link bases. */
static void docs_conf(request_rec *r, const landing_dir_conf *conf,
                      landing_page_conf_t *pc)
{
    pc->md_flags = (pc->md_flags & ~LANDING_GFM_ALL) | md_extensions(conf);
    if (conf->heading_ids == 0) {
        pc->md_flags |= LANDING_MD_NO_HEADING_IDS;
    }
    pc->nav = conf->nav;
    if (conf->edit_base && *conf->edit_base) {
        pc->edit_base = conf->edit_base;
        pc->source_path = source_path(r);
    }
    if (conf->canonical_base && *conf->canonical_base) {
        pc->canonical_base = conf->canonical_base;
        pc->url_path = request_path(r);
    }
}

/* Tests only (t/35): with LANDING_TEST_HOOKS in httpd's environment, a
 * request's LANDING_TEST_CACHE_CRASH variable (set with SetEnvIf) makes
 * its cache writer die at that step, to show that no torn page is ever
 * served afterwards. */
static int test_hooks;

static void test_crash_point(request_rec *r)
{
    const char *w;

    if (!test_hooks) {
        return;
    }
    w = apr_table_get(r->subprocess_env, "LANDING_TEST_CACHE_CRASH");
    landing_sharedcache_crash_at(
        w == NULL ? LANDING_SHAREDCACHE_CRASH_NONE
        : strcmp(w, "write") == 0 ? LANDING_SHAREDCACHE_CRASH_WRITE
        : strcmp(w, "claimed") == 0 ? LANDING_SHAREDCACHE_CRASH_CLAIMED
        : strcmp(w, "renamed") == 0 ? LANDING_SHAREDCACHE_CRASH_RENAMED
        : LANDING_SHAREDCACHE_CRASH_NONE);
}

/*
 * How a cache file is opened: to go out by sendfile(2) unless
 * EnableSendfile Off is set where the page is. httpd's default
 * (unset, taken for Off) is for a document tree on a network filesystem,
 * and the cache's files are the module's own, in LandingCacheDir on a
 * local disk. Without it a page is read through the file bucket, with a
 * seek and a read, as the core sends a static file without sendfile.
 */
static apr_int32_t cache_open_flags(request_rec *r)
{
    core_dir_config *d = ap_get_core_module_config(r->per_dir_config);

    return d->enable_sendfile != ENABLE_SENDFILE_OFF
        ? APR_FOPEN_SENDFILE_ENABLED : 0;
}

/*
 * How large a cache file may be to be read whole and sent from memory
 * (cache_page_insert()). On an HTTP/2 stream (a secondary connection),
 * none: mod_http2 moves a file bucket to the client's connection as it
 * is, and reads it straight into its frames, where bytes in memory would
 * be copied once more on the way.
 */
static apr_size_t cache_whole_max(request_rec *r)
{
    return r->connection->master ? 0 : LANDING_SHAREDCACHE_WHOLE_MAX;
}

/* Look a page up in the shared cache. */
static int cache_lookup(request_rec *r, const char *key, apr_size_t klen,
                        landing_sharedcache_page_t *pg)
{
    apr_status_t rv = landing_sharedcache_get(shared_cache, r->pool, key,
                                              klen, cache_open_flags(r),
                                              cache_whole_max(r), pg);

    if (rv == LANDING_SHAREDCACHE_TORN) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, LANDING_LOGNO(81)
                      "render cache: the file for this page in %s is not "
                      "a whole page of its own; not served, rendering "
                      "again: %s", landing_sharedcache_dir(shared_cache),
                      page_source(r));
    }
    return rv == APR_SUCCESS;
}

/* Store a page (or a remembered failure) in the shared cache. */
static void cache_store(request_rec *r, const char *key, apr_size_t klen,
                        const landing_sharedcache_page_t *pg)
{
    apr_uint64_t evicted = 0;
    apr_status_t rv;

    test_crash_point(r);
    rv = landing_sharedcache_put(shared_cache, r->pool, key, klen, pg,
                                 &evicted);
    if (evicted) {
        landing_stats_add(landing_stats, LANDING_STAT_CACHE_EVICTION,
                          evicted);
    }
    if (rv == APR_ENOSPC || rv == APR_ENAMETOOLONG || rv == APR_EAGAIN) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, rv, r, LANDING_LOGNO(82)
                      "not cached (%s): %s",
                      rv == APR_ENOSPC ? "larger than LandingCacheSize"
                      : rv == APR_EAGAIN ? "being stored by another request"
                      : "key too long", page_source(r));
    }
    else if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, rv, r, LANDING_LOGNO(83)
                      "render cache: cannot store a page in %s; it is "
                      "served, not cached: %s",
                      landing_sharedcache_dir(shared_cache), page_source(r));
    }
}

/*
 * The held body as one run of bytes. A file is one bucket, which reads as
 * the file's memory map (EnableMMAP, the default): that is used in place.
 * Anything else, or a file read in pieces, is copied into one buffer.
 * The bytes last until ctx->held is cleaned up.
 */
static apr_status_t held_bytes(landing_ctx *ctx, request_rec *r, char **src,
                               apr_size_t *len)
{
    apr_bucket *b = APR_BRIGADE_FIRST(ctx->held);

    if (b != APR_BRIGADE_SENTINEL(ctx->held)
        && APR_BUCKET_NEXT(b) == APR_BRIGADE_SENTINEL(ctx->held)
        && !APR_BUCKET_IS_METADATA(b)) {
        const char *data;
        apr_size_t n;
        apr_status_t rv = apr_bucket_read(b, &data, &n, APR_BLOCK_READ);
        if (rv != APR_SUCCESS) {
            return rv;
        }
        /* Still one bucket: the read gave all of it. */
        if (APR_BUCKET_NEXT(b) == APR_BRIGADE_SENTINEL(ctx->held)) {
            *src = (char *)data;
            *len = n;
            return APR_SUCCESS;
        }
    }
    return apr_brigade_pflatten(ctx->held, src, len, r->pool);
}

/* --- memory of renders in flight (LandingRenderMemory) ------------------ */

static apr_status_t uncharge(void *data)
{
    landing_ctx *ctx = data;

    if (ctx->charged && render_budget) {
        landing_budget_give(render_budget, ctx->charged);
    }
    ctx->charged = 0;
    return APR_SUCCESS;
}

/* The render's memory is done with: the page is made, or will not be. */
static void render_done(request_rec *r, landing_ctx *ctx)
{
    if (ctx->charged) {
        apr_pool_cleanup_run(r->pool, ctx, uncharge);
    }
}

/*
 * Take what rendering @p len bytes needs from the server-wide budget,
 * before the body is read (a file) or parsed, waiting up to
 * LandingRenderWait for room. Returns 0 when there was none: the page
 * passes through, with a warning and PassedBusy, and the request does
 * not fail.
 */
static int charge(request_rec *r, landing_ctx *ctx, apr_uint64_t len)
{
    landing_server_conf *main_sc = ap_get_module_config(
        ap_server_conf->module_config, &landing_module);
    apr_interval_time_t wait = main_sc->render_wait == LANDING_UNSET
        ? LANDING_DEFAULT_RENDER_WAIT : main_sc->render_wait;
    apr_uint64_t bytes = landing_budget_estimate(len);
    apr_time_t started;

    if (render_budget == NULL || ctx->charged) {
        return 1;
    }
    started = apr_time_now();
    if (landing_budget_take(render_budget, bytes, wait) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(40)
                      "pass: renders in flight hold LandingRenderMemory "
                      "(%" APR_UINT64_T_FMT " of %" APR_UINT64_T_FMT
                      " bytes), no room for %" APR_UINT64_T_FMT " more "
                      "within %" APR_TIME_T_FMT " s: %s",
                      landing_budget_used(render_budget),
                      landing_budget_max(render_budget), bytes,
                      apr_time_sec(wait), r->filename ? r->filename : r->uri);
        count(LANDING_STAT_PASS_BUSY);
        return 0;
    }
    ctx->charged = bytes;
    apr_pool_cleanup_register(r->pool, ctx, uncharge, apr_pool_cleanup_null);
    if (apr_time_now() - started > apr_time_from_msec(1)) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(41)
                      "waited %" APR_TIME_T_FMT " ms for room in "
                      "LandingRenderMemory: %s",
                      apr_time_as_msec(apr_time_now() - started),
                      r->filename ? r->filename : r->uri);
    }
    return 1;
}

/* Render the held body; on success replace it with the page. */
static apr_status_t render(ap_filter_t *f, landing_ctx *ctx,
                           apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    const landing_dir_conf *conf = ctx->conf;
    int cache = cache_on(r, conf);
    landing_setup_t su;
    landing_page_conf_t pc;
    landing_page_t page;
    landing_page_result_e res;
    landing_sharedcache_page_t pg;
    char *gz = NULL;
    int remember;
    char *src, *key, *etag;
    apr_size_t len, klen;
    apr_status_t rv;
    apr_time_t started;

    rv = held_bytes(ctx, r, &src, &len);
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, LANDING_LOGNO(10)
                      "reading %s failed", r->filename);
        count(LANDING_STAT_PASS_ERROR);
        return rv;
    }

    if (ctx->su) {
        /* A file: known before it was read. */
        su = *ctx->su;
        key = ctx->key;
        klen = ctx->klen;
        etag = ctx->etag;
    }
    else {
        setup(r, conf, &su);
        page_identity(r, &su, src, len, ctx->from_file, &key, &klen, &etag);
    }
    if (!ctx->su && cache && cache_lookup(r, key, klen, &pg)) {
        if (pg.failure) {
            return failed_before(f, ctx, &pg, bb);
        }
        /* A body that is not a file: its hash found the page. */
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(16)
                      "cache hit (body hash): %s", r->uri);
        count(LANDING_STAT_CACHE_HIT);
        apr_brigade_cleanup(ctx->held);
        return send_page(f, &pg, NULL, NULL, bb);
    }
    if (cache) {
        /* Counted here, not at the first look-up of a file: a miss is a
         * page that had to be rendered, not any file that was looked up. */
        count(LANDING_STAT_CACHE_MISS);
    }

    /* A body that is not a file is charged once it is all here. */
    if (!charge(r, ctx, len)) {
        return pass_through(f, ctx, bb);
    }
    page_conf(r, conf, &su, &pc);
    docs_conf(r, conf, &pc);
    pc.source_mtime = source_mtime(r, ctx->from_file);
    if (server_conf(r)->gate) {
        landing_gate_enter(server_conf(r)->gate);
    }
    /* The render itself, not the wait at the gate: the buckets show what
     * pages cost, and the wait is load. */
    started = apr_time_now();
    res = landing_page_render(r->pool, &pc, src, len, r->uri, &page);
    if (server_conf(r)->gate) {
        landing_gate_leave(server_conf(r)->gate);
    }
    render_done(r, ctx);
    switch (res) {
    case LANDING_PAGE_RENDERED:
        landing_stats_time(landing_stats, apr_time_now() - started);
        log_component_problems(r, &page);
        break;
    case LANDING_PAGE_INVALID:
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(11)
                      "%s:%d:%d: invalid front matter, passing through: %s",
                      r->filename, page.line, page.column, page.error);
        count(LANDING_STAT_PASS_INVALID);
        return pass_through(f, ctx, bb);
    case LANDING_PAGE_NOMEM:
    case LANDING_PAGE_TOO_BIG:
        /* Past a bound (cmark's work, memory or CPU time, the page's
         * growth, the template's steps) the same source, configuration
         * and templates fail the same way every time: remember it under
         * the key a page would have. Out of memory may pass; it is not
         * remembered. */
        remember = cache && res == LANDING_PAGE_TOO_BIG;
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, LANDING_LOGNO(12)
                      "rendering %s failed (%s), passing through%s",
                      r->filename, landing_page_result_name(res),
                      remember
                      ? "; remembered, not parsed again until the source, "
                        "the configuration or a template changes" : "");
        count(LANDING_STAT_PASS_ERROR);
        if (remember) {
            memset(&pg, 0, sizeof(pg));
            pg.failure = res;
            pg.etag = etag;
            cache_store(r, key, klen, &pg);
        }
        return pass_through(f, ctx, bb);
    case LANDING_PAGE_OTHER_LAYOUT:
        if (page.suggest && warn_first_time(r)) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(61)
                          "%s:%d: layout '%s' is not configured; did you "
                          "mean '%s'? (passing through)", page_source(r),
                          page.line > 0 ? page.line : 1, page.layout,
                          page.suggest);
        }
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(13)
                      "pass: layout '%s' is not configured: %s", page.layout,
                      r->filename);
        count(LANDING_STAT_PASS_OTHER_LAYOUT);
        return pass_through(f, ctx, bb);
    case LANDING_PAGE_NO_LAYOUT:
        if (page.layout_key && warn_first_time(r)) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(62)
                          "%s:%d: front matter key '%s' should be 'layout' "
                          "(keys are case-sensitive; passing through)",
                          page_source(r), page.line > 0 ? page.line : 1,
                          page.layout_key);
        }
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(08)
                      "pass: front matter names no layout: %s", r->filename);
        count(LANDING_STAT_PASS_NO_LAYOUT);
        return pass_through(f, ctx, bb);
    default:
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(14)
                      "pass: %s (after parsing): %s",
                      landing_page_result_name(res), r->filename);
        count(LANDING_STAT_PASS_NO_FRONT_MATTER);
        return pass_through(f, ctx, bb);
    }

    apr_brigade_cleanup(ctx->held);
    memset(&pg, 0, sizeof(pg));
    pg.etag = etag;
    pg.mtime = page_mtime(r, &su, ctx->from_file);
    pg.data = page.html;
    pg.len = page.len;
    if (cache) {
        /* Compressed once here, not by mod_deflate on every request. A
         * page that gzip cannot shrink is kept plain only. */
        if (gzip_on(r)
            && landing_gzip(page.html, page.len, &gz, &pg.gzip_len)
               == APR_SUCCESS && pg.gzip_len < page.len) {
            pg.gzip = gz;
        }
        else {
            free(gz);
            gz = NULL;
            pg.gzip_len = 0;
        }
        cache_store(r, key, klen, &pg);
    }
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(15)
                  "rendered: layout '%s', %" APR_SIZE_T_FMT " bytes of "
                  "Markdown to %" APR_SIZE_T_FMT " bytes of HTML: %s",
                  page.layout, len, page.len, r->filename);
    count(LANDING_STAT_RENDERED);
    landing_stats_add(landing_stats, LANDING_STAT_BYTES_IN, len);
    landing_stats_add(landing_stats, LANDING_STAT_BYTES_OUT, page.len);
    return send_page(f, &pg, page.html, gz, bb);
}

/*
 * Is @p bb exactly the whole of r->filename, as the default handler sends
 * it (one FILE bucket, then EOS)? Then the file's size and mtime identify
 * the body, and a cached page can be sent without reading a byte.
 */
static int body_is_the_file(request_rec *r, apr_bucket_brigade *bb)
{
    apr_bucket *e = APR_BRIGADE_FIRST(bb);
    apr_bucket_file *fb;
    const char *fname;

    if (r->finfo.filetype != APR_REG || r->filename == NULL
        || !APR_BUCKET_IS_FILE(e) || e->start != 0
        || (apr_off_t)e->length != r->finfo.size
        || !APR_BUCKET_IS_EOS(APR_BUCKET_NEXT(e))) {
        return 0;
    }
    fb = e->data;
    return apr_file_name_get(&fname, fb->fd) == APR_SUCCESS
        && strcmp(fname, r->filename) == 0;
}

/*
 * A file body is read with read(2) into memory kept for the next page
 * (chunk.h), not through the memory map the file bucket would make:
 * mapping and unmapping a file for every request costs more than reading
 * it (the unmap stops every CPU the child runs on to flush its TLB), and
 * the first touch of every page of the map faults. The first bytes are
 * read alone: a body without front matter (an image in a directory with
 * the filter) keeps its file bucket, and goes out by sendfile as it would
 * without the filter. Returns 1 when the body was found to have no front
 * matter; else the body is read (or left as it was, for the general path
 * to read) and the filter carries on.
 */
static int read_file_body(request_rec *r, landing_ctx *ctx,
                          apr_bucket_brigade *bb, apr_off_t max)
{
    apr_bucket *e = APR_BRIGADE_FIRST(bb);
    apr_file_t *fd = ((apr_bucket_file *)e->data)->fd;
    apr_size_t size = (apr_size_t)r->finfo.size, got;
    apr_off_t off = 0;
    char head[LANDING_SNIFF_BYTES];
    landing_buf_t buf;
    char *data;

    if (r->finfo.size <= 0 || r->finfo.size > max) {
        return 0;
    }
    got = size < sizeof(head) ? size : sizeof(head);
    if (apr_file_seek(fd, APR_SET, &off) != APR_SUCCESS
        || apr_file_read_full(fd, head, got, &got) != APR_SUCCESS) {
        return 0;   /* the file bucket's own read will say what failed */
    }
    if (landing_fm_sniff(head, got, got == size) == 0) {
        return 1;
    }
    /* Room for this render in the server's budget, before its body is
     * read: a request that waits for room holds no more than this. */
    if (!charge(r, ctx, size)) {
        return 2;
    }
    landing_buf_init_big(&buf, size + 1);
    off = 0;
    if (buf.failed || apr_file_seek(fd, APR_SET, &off) != APR_SUCCESS
        || apr_file_read_full(fd, buf.data, size, &got) != APR_SUCCESS
        || got != size) {
        landing_buf_free(&buf);
        return 0;
    }
    buf.len = got;
    data = landing_buf_detach(&buf, &got);
    if (data) {
        APR_BUCKET_INSERT_BEFORE(e, apr_bucket_heap_create(
                                        data, got, release_bytes,
                                        r->connection->bucket_alloc));
        apr_bucket_delete(e);
    }
    return 0;
}

static apr_off_t max_size(const landing_dir_conf *conf)
{
    return conf->max_size == LANDING_UNSET ? LANDING_DEFAULT_MAX_SIZE
                                           : conf->max_size;
}

/*
 * Would a page with @p etag be "not modified" for this request? Only a
 * GET (or HEAD) whose If-None-Match names the page's ETag, with no
 * If-Match or If-Unmodified-Since, which come first (RFC 9110 13.2.2)
 * and are left to the general path. The ETag says the page was rendered
 * from exactly these bytes and this configuration, so it would be the
 * same page again.
 */
static int revalidates(request_rec *r, const char *etag)
{
    const char *inm = apr_table_get(r->headers_in, "If-None-Match");

    return inm != NULL && r->method_number == M_GET && r->main == NULL
           && r->status == HTTP_OK
           && apr_table_get(r->headers_in, "If-Match") == NULL
           && apr_table_get(r->headers_in, "If-Unmodified-Since") == NULL
           && ap_find_etag_weak(r->pool, inm, etag);
}

/*
 * A client that got a page through mod_deflate (or mod_brotli) holds the
 * page's ETag with "-gzip" (or "-br") added, and revalidates with it.
 * Both 304 paths compare If-None-Match with the page's own ETag, before
 * the coding filter runs; so the suffix comes off the page tags in
 * If-None-Match first (src/etag.h); the 304 gets it back (send_status).
 */
static void accept_coded_etags(request_rec *r, landing_ctx *ctx)
{
    const char *inm = apr_table_get(r->headers_in, "If-None-Match");
    const char *plain = landing_etag_strip_coding(r->pool, inm);

    if (plain != NULL) {
        ctx->inm_coded = inm;
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(60)
                      "If-None-Match %s compared as %s (a content "
                      "coding's ETag suffix): %s", inm, plain, r->uri);
        apr_table_setn(r->headers_in, "If-None-Match", plain);
    }
}

/*
 * First call, for a body that is a file: it is known by its size and
 * mtime before a byte of it is read. A page in the cache goes out at
 * once; a client (or a cache in front) that has the page already gets
 * its 304 without a render, with the render cache or without it.
 */
static int answer_from_identity(ap_filter_t *f, landing_ctx *ctx,
                                apr_bucket_brigade *bb, apr_status_t *rv)
{
    request_rec *r = f->r;
    landing_sharedcache_page_t pg;
    int hit;

    if (!ctx->from_file) {
        return 0;
    }
    ctx->su = apr_palloc(r->pool, sizeof(*ctx->su));
    setup(r, ctx->conf, ctx->su);
    page_identity(r, ctx->su, NULL, 0, 1, &ctx->key, &ctx->klen, &ctx->etag);
    hit = cache_on(r, ctx->conf)
          && cache_lookup(r, ctx->key, ctx->klen, &pg);
    if (hit && pg.failure) {
        /* The file goes out unread, by sendfile as without the filter. */
        *rv = failed_before(f, ctx, &pg, bb);
        return 1;
    }
    if (hit) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(17)
                      "cache hit: %s", r->filename);
        count(LANDING_STAT_CACHE_HIT);
        /* Drop the file bucket unread; keep the EOS. */
        apr_bucket_delete(APR_BRIGADE_FIRST(bb));
        *rv = send_page(f, &pg, NULL, NULL, bb);
        return 1;
    }
    /* Past LandingMaxSize the file passes through, and the client's
     * ETag is no page's any more. */
    if (r->finfo.size <= max_size(ctx->conf) && revalidates(r, ctx->etag)) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(18)
                      "not modified (the client has the page), not "
                      "rendered: %s", r->filename);
        page_headers(r, ctx->etag, page_mtime(r, ctx->su, 1));
        *rv = send_status(f, bb, HTTP_NOT_MODIFIED);
        return 1;
    }
    return 0;
}

/*
 * Would the core's default handler serve this request's file as it is?
 * It serves whatever no other handler takes: its own names, or the
 * handler httpd derives from a file's type when no AddHandler or
 * SetHandler names one. A text type is no other module's handler (a
 * script's handler is named, or an application/ type such as PHP's). A
 * GET or HEAD of a regular file, with no path info, that the server's
 * user may read (by its permission bits for everyone: a file only some
 * may read goes the usual way, where the open decides).
 */
static int served_as_file(request_rec *r)
{
    const char *h = r->handler;
    const char *type = r->content_type;
    apr_size_t n;

    if (r->main != NULL || r->method_number != M_GET
        || r->status != HTTP_OK || r->filename == NULL
        || r->finfo.filetype != APR_REG
        || (r->path_info && *r->path_info)
        || !(r->finfo.valid & APR_FINFO_PROT)
        || !(r->finfo.protection & APR_FPROT_WREAD)
        || r->content_encoding != NULL) {
        return 0;
    }
    if (h == NULL || *h == '\0' || strcmp(h, "default-handler") == 0) {
        return 1;
    }
    n = strlen(h);
    return type && strncasecmp(h, "text/", 5) == 0
           && strncasecmp(h, type, n) == 0
           && (type[n] == '\0' || type[n] == ';' || type[n] == ' ');
}

/*
 * A page in the render cache, answered before any handler runs: the
 * request costs what a static file costs, with no open(2) of its source
 * and none of the filter's work on a body. Only when LANDING is the
 * first filter of the response (nothing before it would change the
 * body), its source is a file the default handler would send as it is
 * (served_as_file), and the cache has the page for the file's size and
 * mtime and this configuration: exactly what the filter's first call
 * would find (answer_from_identity), answered the same way (send_page),
 * with the same headers, conditions, ranges and gzip. Everything else,
 * a miss included, is DECLINED and takes the usual path.
 */
static int landing_cached_handler(request_rec *r)
{
    ap_filter_t *f = r->output_filters;
    landing_sharedcache_page_t pg;
    landing_ctx *ctx;
    apr_bucket_brigade *bb;
    apr_status_t rv;

    if (f == NULL || f->frec != landing_filter_rec || f->ctx != NULL
        || shared_cache == NULL || !served_as_file(r)) {
        return DECLINED;
    }
    ctx = apr_pcalloc(r->pool, sizeof(*ctx));
    ctx->conf = ap_get_module_config(r->per_dir_config, &landing_module);
    if (!cache_on(r, ctx->conf) || r->finfo.size > max_size(ctx->conf)) {
        return DECLINED;
    }
    ctx->from_file = 1;
    ctx->su = apr_palloc(r->pool, sizeof(*ctx->su));
    setup(r, ctx->conf, ctx->su);
    page_identity(r, ctx->su, NULL, 0, 1, &ctx->key, &ctx->klen, &ctx->etag);
    if (!cache_lookup(r, ctx->key, ctx->klen, &pg)) {
        return DECLINED;
    }
    if (pg.failure) {
        /* The filter says why it passes the file through. */
        landing_sharedcache_release(&pg);
        return DECLINED;
    }
    rv = ap_discard_request_body(r);
    if (rv != OK) {
        landing_sharedcache_release(&pg);
        return rv;
    }
    f->ctx = ctx;
    accept_coded_etags(r, ctx);
    ap_set_accept_ranges(r);
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(17)
                  "cache hit: %s (before the handler)", r->filename);
    count(LANDING_STAT_CACHE_HIT);
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(
                                    r->connection->bucket_alloc));
    return send_page(f, &pg, NULL, NULL, bb) == APR_SUCCESS
        ? OK : AP_FILTER_ERROR;
}

static apr_status_t no_front_matter(ap_filter_t *f, landing_ctx *ctx,
                                    apr_bucket_brigade *bb)
{
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, f->r, LANDING_LOGNO(04)
                  "pass: no front matter: %s", f->r->uri);
    count(LANDING_STAT_PASS_NO_FRONT_MATTER);
    return pass_through(f, ctx, bb);
}

static apr_status_t landing_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    landing_ctx *ctx = f->ctx;
    apr_bucket *e, *eos = NULL, *over = NULL;
    apr_bucket_brigade *rest = NULL;
    apr_off_t max;
    apr_status_t rv;

    if (APR_BRIGADE_EMPTY(bb)) {
        return APR_SUCCESS;
    }
    if (ctx == NULL) {
        if (step_out(r)) {
            return pass_through(f, NULL, bb);
        }
        f->ctx = ctx = apr_pcalloc(r->pool, sizeof(*ctx));
        ctx->held = apr_brigade_create(r->pool, r->connection->bucket_alloc);
        ctx->conf = ap_get_module_config(r->per_dir_config, &landing_module);
        accept_coded_etags(r, ctx);
        /* Known by its size and mtime, the body needs no hash for its
         * ETag, with the render cache or without. */
        ctx->from_file = body_is_the_file(r, bb);
        if (answer_from_identity(f, ctx, bb, &rv)) {
            return rv;
        }
        if (ctx->from_file) {
            switch (read_file_body(r, ctx, bb, max_size(ctx->conf))) {
            case 1:
                return no_front_matter(f, ctx, bb);
            case 2:
                return pass_through(f, ctx, bb);    /* the file, unread */
            default:
                break;
            }
        }
    }

    max = max_size(ctx->conf);

    /* Count the data; everything up to the EOS is held. FLUSH buckets are
     * dropped: nothing may leave before the page is decided and built. */
    for (e = APR_BRIGADE_FIRST(bb); e != APR_BRIGADE_SENTINEL(bb); ) {
        apr_bucket *next = APR_BUCKET_NEXT(e);
        if (APR_BUCKET_IS_EOS(e)) {
            eos = e;
            break;
        }
        if (APR_BUCKET_IS_FLUSH(e)) {
            apr_bucket_delete(e);
        }
        else if (!APR_BUCKET_IS_METADATA(e)) {
            if (e->length == (apr_size_t)-1) {
                const char *data;
                apr_size_t n;
                rv = apr_bucket_read(e, &data, &n, APR_BLOCK_READ);
                if (rv != APR_SUCCESS) {
                    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r,
                                  LANDING_LOGNO(02) "reading a %s bucket "
                                  "failed", e->type->name);
                    count(LANDING_STAT_PASS_ERROR);
                    return rv;
                }
                /* A pipe or socket bucket (a CGI's body) became the bytes
                 * read and, after them, a new bucket for the rest. */
                next = APR_BUCKET_NEXT(e);
            }
            ctx->len += e->length;
            if (ctx->len > max && ctx->len >= LANDING_SNIFF_BYTES) {
                /* Past the limit: read no further, so that an endless
                 * body is never held; what is unread streams through. */
                over = next;
                break;
            }
        }
        e = next;
    }
    if (eos) {
        rest = apr_brigade_split_ex(bb, eos, NULL);
    }
    else if (over && over != APR_BRIGADE_SENTINEL(bb)) {
        rest = apr_brigade_split_ex(bb, over, NULL);
    }
    rv = ap_save_brigade(f, &ctx->held, &bb, r->pool);
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, LANDING_LOGNO(03)
                      "setting the body aside failed");
        return rv;
    }
    if (rest == NULL) {
        rest = bb;    /* empty now; carries on as the outgoing brigade */
    }

    if (!ctx->front_matter) {
        char head[LANDING_SNIFF_BYTES];
        apr_size_t n = sizeof(head);
        int sniff;

        rv = apr_brigade_flatten(ctx->held, head, &n);
        if (rv != APR_SUCCESS) {
            return rv;
        }
        sniff = landing_fm_sniff(head, n, eos != NULL);
        if (sniff == 0) {
            return no_front_matter(f, ctx, rest);
        }
        if (sniff < 0) {
            return APR_SUCCESS;    /* too few bytes yet */
        }
        ctx->front_matter = 1;
    }

    if (ctx->len > max) {
        /* Never hand cmark more than the limit: stream the rest through
         * unchanged, so memory stays bounded even for an endless body. */
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(05)
                      "pass: body of %s is larger than LandingMaxSize "
                      "(%" APR_OFF_T_FMT " bytes so far)",
                      r->filename ? r->filename : r->uri, ctx->len);
        count(LANDING_STAT_PASS_SIZE);
        return pass_through(f, ctx, rest);
    }
    if (eos == NULL) {
        return APR_SUCCESS;
    }
    return render(f, ctx, rest);
}

/*
 * Runs before the handler. Handlers must not answer a conditional request
 * from the source's validators: the filter answers it (check_conditions)
 * once it knows what the response is.
 */
static int landing_filter_init(ap_filter_t *f)
{
    if (f->r->main == NULL) {
        f->r->no_local_copy = 1;
    }
    return OK;
}

/* --- hooks --------------------------------------------------------------- */

/*
 * Can the children write @p dir? They run as User and Group (mod_unixd);
 * the parent that checks is often root, and then goes by the owner and
 * the mode, not by what root itself may do.
 */
static int cache_dir_usable(const char *dir)
{
    struct stat st;

    if (geteuid() != 0) {
        return access(dir, W_OK | X_OK) == 0;
    }
    if (stat(dir, &st) != 0) {
        return 0;
    }
    if (st.st_uid == ap_unixd_config.user_id) {
        return (st.st_mode & (S_IWUSR | S_IXUSR)) == (S_IWUSR | S_IXUSR);
    }
    if (st.st_gid == ap_unixd_config.group_id) {
        return (st.st_mode & (S_IWGRP | S_IXGRP)) == (S_IWGRP | S_IXGRP);
    }
    return (st.st_mode & (S_IWOTH | S_IXOTH)) == (S_IWOTH | S_IXOTH);
}

/* The render cache a restart keeps: with the same directory and size,
 * the children of the next generation go on with the same index and
 * files. It hangs off the process pool, which outlives restarts. */
typedef struct {
    landing_sharedcache_t *cache;
    apr_pool_t *pool;           /* the cache's, a child of the process's */
} kept_cache_t;

#define KEPT_CACHE_KEY "landing-shared-cache"
#define KEPT_SEARCH_CACHE_KEY "landing-search-cache"

/*
 * Make a shared cache of @p size bytes in @p dir, or keep the one of the
 * last generation kept under @p kept_key; NULL in @p out for size 0.
 * On failure @p out is NULL and @p err says why.
 */
static apr_status_t cache_make(apr_pool_t *pconf, server_rec *s,
                               const char *dir, apr_uint64_t size,
                               const char *kept_key,
                               landing_sharedcache_t **out,
                               const char **err)
{
    apr_pool_t *pp = s->process->pool;
    kept_cache_t *kept = NULL;
    apr_status_t rv;

    *out = NULL;
    apr_pool_userdata_get((void **)&kept, kept_key, pp);
    if (kept == NULL) {
        kept = apr_pcalloc(pp, sizeof(*kept));
        apr_pool_userdata_set(kept, kept_key, apr_pool_cleanup_null, pp);
    }
    if (kept->cache && strcmp(landing_sharedcache_dir(kept->cache), dir) == 0
        && landing_sharedcache_max(kept->cache) == size) {
        *out = kept->cache;
        return APR_SUCCESS;
    }
    /* Another directory or size: a new index, and the old one unmapped
     * here; children of the last generation keep their own mapping of it
     * until they exit. */
    if (kept->pool) {
        apr_pool_destroy(kept->pool);
        kept->pool = NULL;
        kept->cache = NULL;
    }
    if (size == 0) {
        return APR_SUCCESS;
    }
    rv = apr_pool_create(&kept->pool, pp);
    if (rv != APR_SUCCESS) {
        *err = "out of memory";
        return rv;
    }
    /* Made here, as root, it is made the children's. */
    if (apr_dir_make(dir, APR_FPROT_UREAD | APR_FPROT_UWRITE
                          | APR_FPROT_UEXECUTE | APR_FPROT_GREAD
                          | APR_FPROT_GEXECUTE, pconf) == APR_SUCCESS
        && geteuid() == 0
        && chown(dir, ap_unixd_config.user_id, ap_unixd_config.group_id)
           != 0) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, errno, s, LANDING_LOGNO(84)
                     "LandingCacheDir %s: cannot give it to user %s", dir,
                     ap_unixd_config.user_name);
    }
    rv = landing_sharedcache_create(kept->pool, dir, size, &kept->cache,
                                    err);
    if (rv == APR_SUCCESS && !cache_dir_usable(dir)) {
        *err = apr_psprintf(pconf, "%s is not writable by user %s, whom "
                            "the children run as; make it theirs (chown), "
                            "or name another directory", dir,
                            ap_unixd_config.user_name);
        rv = APR_EACCES;
    }
    if (rv != APR_SUCCESS) {
        apr_pool_destroy(kept->pool);
        kept->pool = NULL;
        kept->cache = NULL;
        return rv;
    }
    *out = kept->cache;
    ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, s, LANDING_LOGNO(85)
                 "render cache: %s, %" APR_UINT64_T_FMT " bytes, "
                 "%" APR_UINT64_T_FMT " entries at most", dir, size,
                 landing_sharedcache_stats(*out).slots);
    return APR_SUCCESS;
}

/*
 * Make the server's render cache, or keep the one of the last
 * generation, and the search results' beside it when there is a search
 * location. Returns OK, or an error that stops httpd with a line that
 * says what to fix.
 */
static int shared_cache_init(apr_pool_t *pconf, server_rec *s)
{
    landing_server_conf *sc = ap_get_module_config(s->module_config,
                                                   &landing_module);
    apr_uint64_t size = sc->cache_size == LANDING_UNSET
        ? LANDING_DEFAULT_CACHE_SIZE : (apr_uint64_t)sc->cache_size;
    const char *dir = sc->cache_dir
        ? sc->cache_dir
        : ap_runtime_dir_relative(pconf, LANDING_DEFAULT_CACHE_DIR);
    const char *err = NULL;
    apr_status_t rv;

    shared_cache = NULL;
    search_cache = NULL;
    rv = cache_make(pconf, s, dir, size, KEPT_CACHE_KEY, &shared_cache,
                    &err);
    if (rv != APR_SUCCESS) {
        if (sc->cache_dir == NULL) {
            /* Only the default failed (a DefaultRuntimeDir this user
             * cannot write): serve, uncached, and say how to fix it. */
            ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, LANDING_LOGNO(86)
                         "render cache off: %s; set LandingCacheDir to a "
                         "directory the children can write", err);
            return OK;
        }
        ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, LANDING_LOGNO(80)
                     "LandingCacheDir: %s (LandingCacheSize 0 turns the "
                     "render cache off)", err);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    /* Search results have a cache of their own, an eighth of the size:
     * readers' queries, however many and however odd, never push the
     * site's pages out. */
    if (shared_cache && search_locs) {
        rv = cache_make(pconf, s, apr_pstrcat(pconf, dir, "/search", NULL),
                        size / 8, KEPT_SEARCH_CACHE_KEY, &search_cache,
                        &err);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, LANDING_LOGNO(97)
                         "search results are not cached: %s", err);
        }
    }
    return OK;
}

static int landing_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    apr_status_t rv;

    (void)plog;
    (void)ptemp;
    ap_add_version_component(pconf, LANDING_VERSION);
    /* cmark-gfm's extension registry, filled before any child starts and
     * before any thread could race to fill it. */
    landing_gfm_init();

    /* The counters live in the process pool, which outlives restarts:
     * a graceful restart finds them again, and the children it replaces
     * keep counting into the same segment until they exit. The file is
     * used only where anonymous shared memory is missing. */
    rv = landing_stats_attach(s->process->pool,
                              ap_runtime_dir_relative(pconf,
                                                      "landing-stats.shm"),
                              &landing_stats);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, LANDING_LOGNO(31)
                     "no shared memory for the landing-status counters; "
                     "the status page will show none");
        landing_stats = NULL;
    }

    /* The render memory budget: one per configuration (pconf), so that
     * a restart takes a new LandingRenderMemory; children of the last
     * generation finish with the segment they have mapped. Slots for as
     * many processes as the MPM may run, to get back what a crashed one
     * held. */
    {
        landing_server_conf *sc = ap_get_module_config(s->module_config,
                                                       &landing_module);
        apr_uint64_t max = sc->render_memory == LANDING_UNSET
            ? LANDING_DEFAULT_RENDER_MEMORY
            : (apr_uint64_t)sc->render_memory;
        int daemons = 0;

        if (ap_mpm_query(AP_MPMQ_HARD_LIMIT_DAEMONS, &daemons)
            != APR_SUCCESS || daemons < 1) {
            daemons = 256;
        }
        render_budget = NULL;
        rv = landing_budget_create(pconf, max, daemons + 16, &render_budget);
        if (rv != APR_SUCCESS) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, LANDING_LOGNO(42)
                         "no shared memory for LandingRenderMemory; "
                         "renders are bounded per child only");
            render_budget = NULL;
        }
    }
    return shared_cache_init(pconf, s);
}

/* --- site search --------------------------------------------------------- */

/*
 * The settings a search root's pages are served with: the server's,
 * then those of every <Directory> section (not regex or wildcard ones)
 * that holds the root, shortest first, as a request for a file in the
 * root would merge them. Sections for subdirectories of the tree are
 * not looked at: the whole tree is indexed with the root's settings.
 */
static landing_dir_conf *root_settings(apr_pool_t *p, server_rec *s,
                                       const char *root)
{
    core_server_config *csc = ap_get_core_module_config(s->module_config);
    landing_dir_conf *conf = ap_get_module_config(s->lookup_defaults,
                                                  &landing_module);
    const char *dir = root[strlen(root) - 1] == '/'
        ? root : apr_pstrcat(p, root, "/", NULL);
    ap_conf_vector_t **sec = (ap_conf_vector_t **)csc->sec_dir->elts;
    int i;

    for (i = 0; i < csc->sec_dir->nelts; i++) {
        core_dir_config *cd = ap_get_core_module_config(sec[i]);
        landing_dir_conf *dc = ap_get_module_config(sec[i], &landing_module);
        if (cd == NULL || dc == NULL || cd->r || cd->d_is_fnmatch
            || cd->d == NULL || strncmp(dir, cd->d, strlen(cd->d)) != 0) {
            continue;
        }
        conf = merge_dir_conf(p, conf, dc);
    }
    return conf;
}

/* The layouts and components a page of the index names: any version
 * serves (only the content is kept), taken as a request takes it. */
typedef struct {
    server_rec *s;
    const landing_dir_conf *conf;
    apr_pool_t *p;
    apr_time_t now;
} index_baton;

static const landing_template_t *index_template(void *baton,
                                                const char *name)
{
    index_baton *ib = baton;
    landing_layout_t *l = landing_layouts_get(ib->conf->layouts, name);
    landing_server_conf *sc = ap_get_module_config(ib->s->module_config,
                                                   &landing_module);
    const char *err;

    if (l == NULL && strcmp(name, LANDING_DEFAULT_LAYOUT) == 0) {
        l = sc->default_layout;
    }
    return l ? landing_layout_acquire(l, ib->p, ib->now, &err).tpl : NULL;
}

static const landing_template_t *index_component(void *baton,
                                                 const char *name)
{
    index_baton *ib = baton;
    landing_layout_t *l = landing_layouts_get(ib->conf->components, name);
    const char *err;

    return l ? landing_layout_acquire(l, ib->p, ib->now, &err).tpl : NULL;
}

/*
 * Bring the index of @p loc up to date (src/search_index.c): only what
 * changed is read, and the new index replaces the old one by a rename,
 * so requests reading it never wait and never see half of one.
 */
static void search_build(landing_search_loc *loc, apr_pool_t *p)
{
    const landing_dir_conf *conf = loc->idx_conf;
    landing_server_conf *sc = ap_get_module_config(loc->s->module_config,
                                                   &landing_module);
    landing_page_conf_t pc;
    landing_index_conf_t ic;
    landing_index_root_t root;
    landing_index_stats_t st;
    index_baton ib;
    apr_uint64_t ch = 0;
    apr_time_t cm = 0, started = apr_time_now();
    apr_array_header_t *errors = NULL;
    const char *err;

    ib.s = loc->s;
    ib.conf = conf;
    ib.p = p;
    ib.now = started;
    landing_pageconf_make(p, &pc, NULL, NULL, conf->site,
                          conf->raw_html != 0);
    pc.layout_find = index_template;
    pc.layout_baton = &ib;
    pc.components = sc->components;
    if (conf->components) {
        pc.component_find = index_component;
        pc.component_baton = &ib;
        landing_layouts_digest(conf->components, p, started, &ch, &cm,
                               &errors);
    }
    pc.md_flags = (pc.md_flags & ~LANDING_GFM_ALL) | md_extensions(conf);
    if (conf->heading_ids == 0) {
        pc.md_flags |= LANDING_MD_NO_HEADING_IDS;
    }
    pc.nav = conf->nav;

    memset(&ic, 0, sizeof(ic));
    ic.pc = &pc;
    /* What changes a page's text or place: any change reads all again. */
    ic.settings = apr_psprintf(p, "%s %x %" APR_UINT64_T_HEX_FMT " %"
                               APR_UINT64_T_HEX_FMT " %" APR_UINT64_T_HEX_FMT
                               " %" APR_UINT64_T_HEX_FMT, LANDING_VERSION,
                               (unsigned)pc.md_flags,
                               conf->nav ? conf->nav_hash : 0,
                               landing_site_digest(conf->site), ch,
                               sc->components_hash);
    ic.max_size = max_size(conf);
    ic.home_title = landing_value_get_str(landing_site_value(conf->site),
                                          "name");
    root.path = loc->root;
    root.url = loc->root_url;
    if (landing_index_update(p, &ic, &root, 1, loc->db, &st, &err)
        != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, 0, loc->s, LANDING_LOGNO(92)
                     "search index of %s (%s): %s", loc->root, loc->where,
                     err);
        return;
    }
    /* An update that changed nothing is routine: trace2, so that
     * trace1 stays one line per request's decision. */
    ap_log_error(APLOG_MARK, st.written ? APLOG_INFO : APLOG_TRACE2, 0,
                 loc->s, LANDING_LOGNO(93) "search index of %s: %d pages, "
                 "%d files read, %d removed, %d unreadable, %s in %"
                 APR_TIME_T_FMT " ms: %s", loc->root, st.pages, st.indexed,
                 st.removed, st.failed, st.written ? "written" : "unchanged",
                 apr_time_as_msec(apr_time_now() - started), loc->db);
}

/* mod_watchdog's thread, in one child: the indexes at start, then every
 * LandingSearchRefresh seconds. */
static apr_status_t search_watchdog(int state, void *data, apr_pool_t *p)
{
    landing_search_loc *loc;

    (void)data;
    if (state == AP_WATCHDOG_STATE_STOPPING) {
        return APR_SUCCESS;
    }
    for (loc = search_locs; loc; loc = loc->next) {
        if (loc->root && loc->idx_conf) {
            apr_pool_t *sub;
            apr_pool_create(&sub, p);
            search_build(loc, sub);
            apr_pool_destroy(sub);
        }
    }
    return APR_SUCCESS;
}

/*
 * Where each search location's index is, and who builds it. With
 * LandingSearchRoot and no LandingSearchIndex the index is a file of the
 * module's in the run-time directory, in a directory the children's user
 * can write. With mod_watchdog loaded the module's indexes are built in
 * the background (mod_watchdog's thread in one child); without it they
 * are built once, here, and never refreshed.
 */
static int search_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                              apr_pool_t *ptemp, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *wd_get;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *wd_register;
    landing_search_loc *loc;
    ap_watchdog_t *wd;
    int building = 0;
    apr_status_t rv;

    (void)plog;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG) {
        return OK;
    }
    for (loc = search_locs; loc; loc = loc->next) {
        loc->db = loc->index;
        if (loc->root == NULL) {
            continue;
        }
        loc->idx_conf = root_settings(pconf, loc->s, loc->root);
        building = 1;
        if (loc->db == NULL) {
            const char *dir = ap_runtime_dir_relative(pconf,
                                                      "landing-search");
            rv = apr_dir_make(dir, APR_FPROT_OS_DEFAULT, ptemp);
            if (rv != APR_SUCCESS && !APR_STATUS_IS_EEXIST(rv)) {
                ap_log_error(APLOG_MARK, APLOG_CRIT, rv, s, LANDING_LOGNO(94)
                             "cannot make %s for the search index of %s",
                             dir, loc->root);
                return HTTP_INTERNAL_SERVER_ERROR;
            }
            /* The children write it: their user owns it. */
            if (geteuid() == 0 && chown(dir, ap_unixd_config.user_id,
                                        ap_unixd_config.group_id) != 0) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, errno, s,
                             LANDING_LOGNO(94) "cannot give %s to the "
                             "server's user", dir);
            }
            loc->db = apr_psprintf(pconf, "%s/%016" APR_UINT64_T_HEX_FMT
                                   ".db", dir,
                                   landing_hash_str(landing_hash_str(
                                       0, loc->root), loc->root_url));
        }
    }
    if (!building) {
        return OK;
    }
    wd_get = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    wd_register = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (wd_get && wd_register
        && wd_get(&wd, "landing-search", 0, 1, pconf) == APR_SUCCESS
        && wd_register(wd, apr_time_from_sec(
                           search_refresh == LANDING_UNSET
                           ? LANDING_DEFAULT_SEARCH_REFRESH
                           : search_refresh), NULL,
                       search_watchdog) == APR_SUCCESS) {
        return OK;
    }
    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, LANDING_LOGNO(95)
                 "mod_watchdog is not loaded: the search indexes of "
                 "LandingSearchRoot are built now, once, and not kept up "
                 "to date (LoadModule watchdog_module for that)");
    for (loc = search_locs; loc; loc = loc->next) {
        if (loc->root) {
            search_build(loc, ptemp);
        }
    }
    return OK;
}

/* One value of a query string (application/x-www-form-urlencoded), its
 * bytes as sent: '+' a space, %XX decoded (NUL included; the search
 * cleans it), at most @p max bytes. NULL when it is not there. */
static const char *form_value(apr_pool_t *p, const char *args,
                              const char *name, apr_size_t max,
                              apr_size_t *len)
{
    apr_size_t n = strlen(name);
    const char *s = args;

    while (s && *s) {
        apr_size_t seg = strcspn(s, "&;");
        if (seg > n && strncmp(s, name, n) == 0 && s[n] == '=') {
            char *out = apr_palloc(p, max + 1);
            const char *v = s + n + 1, *end = s + seg;
            apr_size_t o = 0;
            while (v < end && o < max) {
                if (*v == '+') {
                    out[o++] = ' ';
                    v++;
                }
                else if (*v == '%' && end - v >= 3 && apr_isxdigit(v[1])
                         && apr_isxdigit(v[2])) {
                    char hex[3] = { v[1], v[2], 0 };
                    out[o++] = (char)strtol(hex, NULL, 16);
                    v += 3;
                }
                else {
                    out[o++] = *v++;
                }
            }
            out[o] = '\0';
            *len = o;
            return out;
        }
        s += seg;
        if (*s) {
            s++;
        }
    }
    return NULL;
}

/* A rendered page's bytes, for a heap bucket. */
static void free_page(void *data)
{
    landing_buf_release(data);
}

/* Search, retrying once with a new connection: a connection opened on an
 * index that was replaced or broken since gives way to a fresh one. */
static const char *search_run(request_rec *r, landing_search_loc *loc,
                              const apr_array_header_t *terms, int page,
                              landing_search_found_t *found)
{
    landing_search_db_t *db;
    const char *err = NULL;
    int attempt;

    if (loc->readers == NULL) {
        return "the search location has no index in this process";
    }
    for (attempt = 0; attempt < 2; attempt++) {
        if (landing_search_pool_get(loc->readers, r->pool, &db, &err)
            != APR_SUCCESS) {
            return err;
        }
        if (landing_search_find(r->pool, db, terms,
                                (page - 1) * LANDING_SEARCH_PER_PAGE,
                                LANDING_SEARCH_PER_PAGE, found, &err)
            == APR_SUCCESS) {
            landing_search_pool_put(loc->readers, db, 0);
            return NULL;
        }
        landing_search_pool_put(loc->readers, db, 1);
    }
    return err;
}

/*
 * A results page's identity: the index file as it is now (a new index is
 * a new file renamed over the old one, or a changed size or mtime), what
 * was asked, the URL and everything in the chrome (su->digest). The ETag
 * is the hash of all that; the cache key adds the index's path, as a
 * page's key adds its file's. 0 when the index cannot be looked at: no
 * identity, nothing cached.
 */
static int search_identity(request_rec *r, const landing_search_loc *loc,
                           const landing_search_view_t *v,
                           const landing_setup_t *su, char **key,
                           apr_size_t *klen, char **etag)
{
    apr_finfo_t fi;
    apr_uint64_t h;

    if (apr_stat(&fi, loc->db, APR_FINFO_IDENT | APR_FINFO_SIZE
                 | APR_FINFO_MTIME, r->pool) != APR_SUCCESS) {
        return 0;
    }
    h = landing_hash_u64(landing_hash_u64(0, (apr_uint64_t)fi.device),
                         (apr_uint64_t)fi.inode);
    h = landing_hash_u64(landing_hash_u64(h, (apr_uint64_t)fi.size),
                         (apr_uint64_t)fi.mtime);
    h = landing_hash_u64(landing_hash_str(h, v->query),
                         (apr_uint64_t)v->page);
    h = landing_hash_u64(landing_hash_str(h, r->uri), su->digest);
    *etag = apr_psprintf(r->pool, "\"S%016" APR_UINT64_T_HEX_FMT "\"", h);
    *key = apr_pstrcat(r->pool, "S", loc->db, *etag, NULL);
    *klen = strlen(*key);
    return 1;
}

/* A results page kept in the search results' cache, opened as
 * cache_lookup() opens a page. */
static int search_cache_get(request_rec *r, const char *key, apr_size_t klen,
                            landing_sharedcache_page_t *pg)
{
    return landing_sharedcache_get(search_cache, r->pool, key, klen,
                                   cache_open_flags(r), cache_whole_max(r),
                                   pg) == APR_SUCCESS
           && !pg->failure;
}

/* The headers of a results page, from the cache or just made: it follows
 * the index, which changes under the same URL, so a client asks again
 * each time (no-cache) and gets a 304 while the index and the chrome
 * stay as they were. */
static int search_headers(request_rec *r, const char *etag, apr_size_t len)
{
    ap_set_content_type(r, "text/html; charset=utf-8");
    apr_table_setn(r->headers_out, "Cache-Control", "no-cache");
    if (etag) {
        apr_table_set(r->headers_out, "ETag", etag);
    }
    ap_set_content_length(r, (apr_off_t)len);
    return etag && r->status == HTTP_OK ? ap_meets_conditions(r) : OK;
}

/* A results page from its cache (cache_page_insert()). */
static int search_send_cached(request_rec *r, landing_sharedcache_page_t *pg)
{
    conn_rec *c = r->connection;
    apr_bucket_brigade *bb;
    int status = search_headers(r, pg->etag, pg->len);

    if (status != OK) {
        landing_sharedcache_release(pg);
        return status;
    }
    bb = apr_brigade_create(r->pool, c->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(c->bucket_alloc));
    cache_page_insert(r, pg, 0, bb);
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS
        ? OK : AP_FILTER_ERROR;
}

/*
 * SetHandler landing-search: GET ?q=WORDS&page=N. The results are the
 * body of a page in the site's chrome (the location's layout, site
 * variables and navigation). When the index cannot be read the page
 * says search is unavailable, with a 503 (the server's trouble, and it
 * passes: Retry-After), and the error log says why.
 */
static int landing_search_handler(request_rec *r)
{
    conn_rec *c = r->connection;
    const landing_dir_conf *conf;
    landing_search_loc *loc;
    landing_search_view_t view;
    landing_search_found_t found;
    landing_setup_t su;
    landing_page_conf_t pc;
    landing_page_t page;
    landing_buf_t body;
    landing_sharedcache_page_t pg;
    apr_bucket_brigade *bb;
    const char *q, *pgno, *err = NULL;
    char *key = NULL, *etag = NULL;
    apr_size_t qlen = 0, plen, klen = 0;
    char *html;
    apr_size_t len;
    void (*release)(void *) = free_page;
    int n;

    if (r->handler == NULL || strcmp(r->handler, "landing-search") != 0) {
        return DECLINED;
    }
    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    conf = ap_get_module_config(r->per_dir_config, &landing_module);
    loc = conf->search;

    memset(&view, 0, sizeof(view));
    view.action = ap_escape_uri(r->pool, r->uri);
    q = form_value(r->pool, r->args, "q", LANDING_SEARCH_MAX_QUERY * 4,
                   &qlen);
    view.query = q ? landing_search_clean(r->pool, q, qlen) : "";
    view.terms = landing_search_terms(r->pool, view.query);
    pgno = form_value(r->pool, r->args, "page", 8, &plen);
    n = pgno ? atoi(pgno) : 1;
    view.page = n >= 1 && n <= LANDING_SEARCH_MAX_PAGE ? n : 1;

    setup(r, conf, &su);
    if (loc == NULL || loc->db == NULL) {
        err = "no LandingSearchIndex or LandingSearchRoot for this location";
    }
    else if (conf->cache != 0 && search_cache
             && search_identity(r, loc, &view, &su, &key, &klen, &etag)) {
        /* The same words on the same index give the same page: a query
         * asked again costs what a cached page costs. */
        if (search_cache_get(r, key, klen, &pg)) {
            ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(96)
                          "search: results from the render cache: %s?%s",
                          r->uri, r->args ? r->args : "");
            return search_send_cached(r, &pg);
        }
    }
    if (err == NULL && view.terms->nelts > 0) {
        err = search_run(r, loc, view.terms, view.page, &found);
        if (err == NULL && found.hits->nelts == 0 && found.total > 0) {
            /* Past the last page of results: the last page. */
            n = (found.total + LANDING_SEARCH_PER_PAGE - 1)
                / LANDING_SEARCH_PER_PAGE;
            view.page = n < LANDING_SEARCH_MAX_PAGE ? n
                                                    : LANDING_SEARCH_MAX_PAGE;
            err = search_run(r, loc, view.terms, view.page, &found);
        }
        view.found = &found;
    }
    if (err) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, LANDING_LOGNO(91)
                      "search is unavailable: %s", err);
        view.found = NULL;
        view.unavailable = "Search is unavailable right now. Please try "
                           "again later, or browse the pages from the "
                           "navigation.";
        r->status = HTTP_SERVICE_UNAVAILABLE;
        apr_table_setn(r->err_headers_out, "Retry-After", "60");
    }
    else if (view.found) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(90)
                      "search: %d words, %d pages match, page %d: %s",
                      view.terms->nelts, found.total, view.page, r->uri);
    }

    landing_buf_init(&body, 4096);
    landing_search_page(r->pool, &view, &body);
    if (body.failed) {
        landing_buf_free(&body);
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    page_conf(r, conf, &su, &pc);
    docs_conf(r, conf, &pc);
    if (landing_page_wrap(r->pool, &pc, LANDING_DEFAULT_LAYOUT,
                          landing_search_page_title(r->pool, &view),
                          body.data, body.len, r->uri, &page)
        == LANDING_PAGE_RENDERED) {
        landing_buf_free(&body);
        html = page.html;
    }
    else {
        /* No chrome to be had (out of memory): the body alone. */
        html = landing_buf_detach(&body, &len);
        page.len = len;
        release = free;
    }
    if (html == NULL) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    if (err == NULL && etag) {
        memset(&pg, 0, sizeof(pg));
        pg.etag = etag;
        pg.data = html;
        pg.len = page.len;
        landing_sharedcache_put(search_cache, r->pool, key, klen, &pg, NULL);
    }
    n = search_headers(r, err ? NULL : etag, page.len);
    if (n != OK) {
        release(html);
        return n;
    }
    bb = apr_brigade_create(r->pool, c->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(c->bucket_alloc));
    insert_page_bytes(bb, apr_bucket_heap_create(html, page.len, release,
                                                 c->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS
        ? OK : AP_FILTER_ERROR;
}

/* --- the status page ----------------------------------------------------- */

/* Is "auto" one of the query's words? (?auto, as mod_status has it.) */
static int wants_auto(const char *args)
{
    const char *s = args;

    while (s && *s) {
        apr_size_t n = strcspn(s, "&;");
        if (n == 4 && strncasecmp(s, "auto", 4) == 0) {
            return 1;
        }
        s += n;
        if (*s) {
            s++;
        }
    }
    return 0;
}

/* SetHandler landing-status: the counters of every child since start,
 * as an HTML page or, with ?auto, as "Key: value" lines. */
static int landing_status_handler(request_rec *r)
{
    conn_rec *c = r->connection;
    apr_bucket_brigade *bb;
    landing_buf_t out;
    char *data;
    apr_size_t len;
    int html;

    if (r->handler == NULL || strcmp(r->handler, "landing-status") != 0) {
        return DECLINED;
    }
    r->allowed |= (AP_METHOD_BIT << M_GET);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    html = !wants_auto(r->args);
    landing_buf_init(&out, 4096);
    if (shared_cache) {
        landing_sharedcache_stats_t cs = landing_sharedcache_stats(
            shared_cache);
        landing_stats_gauge_t g[] = {
            { "CacheEntries", "pages (and remembered failures)", cs.entries },
            { "CacheBytes", "bytes (4 KB pages counted whole)", cs.bytes },
            { "CacheSize", "bound (LandingCacheSize)", cs.max_bytes },
            { "CacheSlots", "entries it can index", cs.slots },
            { "CacheTorn", "files found not whole, not served", cs.torn },
        };
        landing_stats_report(landing_stats, html, LANDING_VERSION,
                             apr_time_now(), "Render cache now, all children",
                             g, (int)(sizeof(g) / sizeof(g[0])), &out);
    }
    else {
        landing_stats_report(landing_stats, html, LANDING_VERSION,
                             apr_time_now(), NULL, NULL, 0, &out);
    }
    data = landing_buf_detach(&out, &len);
    if (data == NULL) {
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    ap_set_content_type(r, html ? "text/html; charset=utf-8"
                                : "text/plain; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    /* Counters change with every request: never from a cache. */
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    bb = apr_brigade_create(r->pool, c->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_heap_create(data, len, free,
                                                       c->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(c->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS
        ? OK : AP_FILTER_ERROR;
}

/* --- the built-in stylesheet -------------------------------------------- */

/* Which stylesheet URL is @p uri under the prefix of @p url (the current
 * stylesheet's URL there)? STYLESHEET_CURRENT: @p url itself;
 * STYLESHEET_OTHER: another well-formed name (landing.<16 hex>.css), as
 * the pages of another release of the module link; else 0. */
#define STYLESHEET_CURRENT 1
#define STYLESHEET_OTHER 2
static int stylesheet_match(const char *uri, const char *url)
{
    apr_size_t n = (apr_size_t)(strrchr(url, '/') + 1 - url);

    if (strcmp(uri, url) == 0) {
        return STYLESHEET_CURRENT;
    }
    return strncmp(uri, url, n) == 0 && landing_stylesheet_is_name(uri + n)
        ? STYLESHEET_OTHER : 0;
}

/* Does @p uri name the built-in stylesheet, this release's or another's?
 * Under /.landing/, on every host, or under the URL-path that
 * LandingStylesheet gives for the request's own directory. */
static int is_stylesheet_url(request_rec *r, const char *uri)
{
    const landing_dir_conf *conf = ap_get_module_config(r->per_dir_config,
                                                        &landing_module);
    int which = stylesheet_match(uri, server_conf(r)->stylesheet_url);

    if (which == 0 && conf && conf->stylesheet_url && *conf->stylesheet_url) {
        which = stylesheet_match(uri, conf->stylesheet_url);
    }
    return which;
}

/*
 * GET or HEAD of the built-in stylesheet (src/stylesheet.h): bytes in the
 * module's own memory, at a URL that changes when they do, so a browser
 * and every cache on the way may keep them for a year without asking
 * again (RFC 9111 5.2.2.1, RFC 8246). Another release's name (a page
 * from a node of a fleet not yet upgraded, or already upgraded, asks for
 * it here) gets this release's stylesheet rather than a 404, cached for
 * five minutes only: its bytes are not the ones its name promises, and
 * the next fetch may reach a node that has them. Any other name under
 * the prefix is left to the rest of the server, which has no such file
 * (a 404): the module claims only stylesheet names, never a site's other
 * files. Ranges (the BYTERANGE filter) and compression (DEFLATE, by type
 * text/css) work on the response as on a static file's.
 */
static int landing_stylesheet_handler(request_rec *r)
{
    landing_server_conf *sc = server_conf(r);
    conn_rec *c = r->connection;
    apr_bucket_brigade *bb;
    const char *inm, *plain;
    int status, which;

    which = r->uri ? is_stylesheet_url(r, r->uri) : 0;
    if (which == 0) {
        return DECLINED;
    }
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(70)
                  "the built-in stylesheet: %s%s", r->uri,
                  which == STYLESHEET_OTHER
                  ? " (another release's name: this release's, for "
                    "five minutes)" : "");
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    if (r->method_number != M_GET) {
        return HTTP_METHOD_NOT_ALLOWED;
    }
    /* A directory with SetOutputFilter LANDING: the stylesheet is not a
     * page, and its conditions are answered here. */
    ap_remove_output_filter_byhandle(r->output_filters, landing_filter_name);
    r->no_local_copy = 0;

    ap_set_content_type(r, "text/css; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)landing_chrome_stylesheet_len);
    ap_set_accept_ranges(r);
    apr_table_setn(r->headers_out, "ETag", sc->stylesheet_etag);
    apr_table_setn(r->headers_out, "Cache-Control",
                   which == STYLESHEET_CURRENT
                   ? "public, max-age=31536000, immutable"
                   : "public, max-age=300");
    r->mtime = 0;
    ap_update_mtime(r, apr_time_from_sec(landing_chrome_stylesheet_mtime));
    ap_set_last_modified(r);

    /* Revalidated with the tag mod_deflate gave it ("-gzip"): the same
     * bytes, so a 304 with that tag (src/etag.h), as for pages. */
    inm = apr_table_get(r->headers_in, "If-None-Match");
    plain = landing_etag_strip_coding(r->pool, inm);
    if (plain) {
        apr_table_setn(r->headers_in, "If-None-Match", plain);
    }
    status = ap_meets_conditions(r);
    if (status == HTTP_NOT_MODIFIED && plain) {
        const char *coded = landing_etag_coded_match(r->pool, inm,
                                                     sc->stylesheet_etag);
        if (coded) {
            apr_table_setn(r->headers_out, "ETag", coded);
            apr_table_mergen(r->headers_out, "Vary", "Accept-Encoding");
        }
    }
    if (status != OK) {
        return status;
    }
    bb = apr_brigade_create(r->pool, c->bucket_alloc);
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_immortal_create(
                                    landing_chrome_stylesheet,
                                    landing_chrome_stylesheet_len,
                                    c->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(c->bucket_alloc));
    return ap_pass_brigade(r->output_filters, bb) == APR_SUCCESS
        ? OK : AP_FILTER_ERROR;
}

/* Each child's gate, shared by its threads and by every virtual host.
 * The render cache is the server's (post_config). */
static void landing_child_init(apr_pool_t *pchild, server_rec *s)
{
    landing_gate_t *gate = NULL;
    server_rec *vs;

    if (render_budget) {
        landing_budget_attach(render_budget, pchild);
    }
    warned_init(pchild);
    /* As many renders at once as there are CPUs: more would not finish
     * sooner, and each holds memory in proportion to its page. */
    if (landing_gate_create(pchild, landing_gate_cpus(), &gate)
        != APR_SUCCESS) {
        gate = NULL;
    }
    test_hooks = getenv("LANDING_TEST_HOOKS") != NULL;
    for (vs = s; vs; vs = vs->next) {
        landing_server_conf *sc = ap_get_module_config(vs->module_config,
                                                       &landing_module);
        sc->gate = gate;
    }
    /* Each child reads the search indexes through connections of its
     * own, shared by its threads. */
    {
        landing_search_loc *loc;
        for (loc = search_locs; loc; loc = loc->next) {
            loc->readers = loc->db ? landing_search_pool_make(pchild, loc->db)
                                   : NULL;
        }
    }
}

/* The search locations are those of the configuration being read. */
static int landing_pre_config(apr_pool_t *pconf, apr_pool_t *plog,
                              apr_pool_t *ptemp)
{
    (void)pconf;
    (void)plog;
    (void)ptemp;
    search_locs = NULL;
    search_refresh = LANDING_UNSET;
    return OK;
}

static void landing_register_hooks(apr_pool_t *p)
{
    static const char *const watchdog_after[] = { "mod_watchdog.c", NULL };

    (void)p;
    landing_search_init();
    landing_filter_rec = ap_register_output_filter(
        landing_filter_name, landing_filter, landing_filter_init,
        AP_FTYPE_RESOURCE);
    ap_hook_pre_config(landing_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_post_config(landing_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    /* Before mod_watchdog's, which starts the watchdogs that have a
     * callback by then. */
    ap_hook_post_config(search_post_config, NULL, watchdog_after,
                        APR_HOOK_LAST);
    ap_hook_child_init(landing_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(landing_status_handler, NULL, NULL, APR_HOOK_MIDDLE);
    /* First: the stylesheet's one URL is the module's, whatever handler
     * (a proxy's, a SetHandler) the rest of its location has. */
    ap_hook_handler(landing_stylesheet_handler, NULL, NULL, APR_HOOK_FIRST);
    /* A cached page before the handler that would open its source; it
     * takes only requests that handler would serve (served_as_file). */
    ap_hook_handler(landing_cached_handler, NULL, NULL, APR_HOOK_FIRST);
    ap_hook_handler(landing_search_handler, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(landing) = {
    STANDARD20_MODULE_STUFF,
    create_dir_conf,
    merge_dir_conf,
    create_server_conf,
    NULL,
    landing_cmds,
    landing_register_hooks,
    AP_MODULE_FLAG_NONE
};
