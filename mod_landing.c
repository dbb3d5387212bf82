/*
 * mod_landing: an output filter that renders Markdown pages whose YAML
 * front matter names a layout (by default "Landing") into complete HTML
 * pages with the site chrome. Everything else passes through unchanged.
 *
 * This file is the httpd glue only: the module record, the directives and
 * their per-directory merge, the filter, the response headers and the
 * logging. The rendering itself lives in src/, which has no httpd headers.
 */
#include <string.h>

#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"

#include <apr_file_io.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "src/chrome.h"
#include "src/markdown.h"
#include "src/page.h"
#include "src/template.h"
#include "src/value.h"

#define LANDING_VERSION "mod_landing/0.1.0"

/* Third-party modules do not use APLOGNO numbers; each message has a tag
 * of its own so that a log line leads back to one place in the code. */
#define LANDING_LOGNO(n) "LANDING" #n ": "

#define LANDING_UNSET (-1)
#define LANDING_MERGE(n, b, a, f) \
    ((n)->f = ((a)->f != LANDING_UNSET) ? (a)->f : (b)->f)

/* The largest body rendered when LandingMaxSize is not set. Real docs
 * pages are well under a megabyte; this leaves room for generated
 * references while keeping cmark's memory use bounded. */
#define LANDING_DEFAULT_MAX_SIZE (8 * 1024 * 1024)

/* How many leading bytes can decide whether a body has front matter: a
 * BOM, "---" and up to 60 blanks before the line ends. */
#define LANDING_SNIFF_BYTES 72

module AP_MODULE_DECLARE_DATA landing_module;



static const char landing_filter_name[] = "LANDING";

typedef struct {
    int raw_html;            /* LandingRawHTML */
    apr_off_t max_size;      /* LandingMaxSize */
    apr_hash_t *layouts;     /* LandingLayout: name -> landing_template_t */
    apr_table_t *site;       /* LandingSet: site.KEY */
} landing_dir_conf;

static void *create_dir_conf(apr_pool_t *p, char *dir)
{
    landing_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    (void)dir;
    conf->raw_html = LANDING_UNSET;
    conf->max_size = LANDING_UNSET;
    conf->layouts = NULL;
    conf->site = NULL;
    return conf;
}

static void *merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    landing_dir_conf *base = basev, *add = addv;
    landing_dir_conf *conf = apr_pcalloc(p, sizeof(*conf));

    LANDING_MERGE(conf, base, add, raw_html);
    LANDING_MERGE(conf, base, add, max_size);
    /* Layouts and site variables merge by name: a child adds names and
     * overrides the ones it repeats, and inherits the rest. */
    if (base->layouts && add->layouts) {
        conf->layouts = apr_hash_overlay(p, add->layouts, base->layouts);
    }
    else {
        conf->layouts = add->layouts ? add->layouts : base->layouts;
    }
    if (base->site && add->site) {
        const apr_array_header_t *arr = apr_table_elts(add->site);
        const apr_table_entry_t *elts = (const apr_table_entry_t *)arr->elts;
        int i;
        conf->site = apr_table_copy(p, base->site);
        for (i = 0; i < arr->nelts; i++) {
            apr_table_set(conf->site, elts[i].key, elts[i].val);
        }
    }
    else {
        conf->site = add->site ? add->site : base->site;
    }
    return conf;
}

/* --- directives ---------------------------------------------------------- */

static const char *set_layout(cmd_parms *cmd, void *dconf, const char *name,
                              const char *file)
{
    landing_dir_conf *conf = dconf;
    const char *path = ap_server_root_relative(cmd->pool, file);
    const char *err;
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t got;
    char *src;
    landing_template_t *tpl;
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
    rv = apr_file_open(&fd, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, cmd->temp_pool);
    if (rv == APR_SUCCESS) {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, fd);
    }
    if (rv != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: cannot open template '%s': %pm",
                            cmd->cmd->name, path, &rv);
    }
    if (fi.filetype != APR_REG) {
        return apr_psprintf(cmd->pool, "%s: template '%s' is not a regular "
                            "file", cmd->cmd->name, path);
    }
    src = apr_palloc(cmd->pool, (apr_size_t)fi.size + 1);
    rv = apr_file_read_full(fd, src, (apr_size_t)fi.size, &got);
    apr_file_close(fd);
    if (rv != APR_SUCCESS && !(APR_STATUS_IS_EOF(rv) && fi.size == 0)) {
        return apr_psprintf(cmd->pool, "%s: cannot read template '%s': %pm",
                            cmd->cmd->name, path, &rv);
    }
    src[got] = '\0';
    if (landing_template_compile(cmd->pool, src, got, path, &tpl, &err)
        != APR_SUCCESS) {
        return apr_psprintf(cmd->pool, "%s: template error: %s",
                            cmd->cmd->name, err);
    }
    if (conf->layouts == NULL) {
        conf->layouts = apr_hash_make(cmd->pool);
    }
    apr_hash_set(conf->layouts, apr_pstrdup(cmd->pool, name),
                 APR_HASH_KEY_STRING, tpl);
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
    if (conf->site == NULL) {
        conf->site = apr_table_make(cmd->pool, 4);
    }
    apr_table_set(conf->site, key, value);
    return NULL;
}

static const char *set_max_size(cmd_parms *cmd, void *dconf, const char *arg)
{
    landing_dir_conf *conf = dconf;
    char *end;
    apr_int64_t n;

    if (apr_strtoff(&conf->max_size, arg, &end, 10) != APR_SUCCESS
        || conf->max_size <= 0) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a positive size",
                            cmd->cmd->name, arg);
    }
    n = conf->max_size;
    switch (*end) {
    case 'k': case 'K': n *= 1024; end++; break;
    case 'm': case 'M': n *= 1024 * 1024; end++; break;
    case 'g': case 'G': n *= 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (*end != '\0' || n < conf->max_size) {
        return apr_psprintf(cmd->pool, "%s: '%s' is not a size (a number of "
                            "bytes, with an optional K, M or G)",
                            cmd->cmd->name, arg);
    }
    conf->max_size = n;
    return NULL;
}

static const command_rec landing_cmds[] = {
    AP_INIT_TAKE2("LandingLayout", set_layout, NULL, RSRC_CONF | ACCESS_CONF,
                  "A front-matter layout name and the template file that "
                  "renders it"),
    AP_INIT_TAKE2("LandingSet", set_site, NULL, OR_FILEINFO,
                  "A site variable (site.KEY in templates) and its value"),
    AP_INIT_FLAG("LandingRawHTML", ap_set_flag_slot,
                 (void *)APR_OFFSETOF(landing_dir_conf, raw_html), OR_FILEINFO,
                 "Render raw HTML in Markdown (default On)"),
    AP_INIT_TAKE1("LandingMaxSize", set_max_size, NULL, OR_FILEINFO,
                  "The largest body rendered, in bytes (K, M, G allowed); "
                  "larger bodies pass through"),
    {NULL}
};

/* --- the filter ---------------------------------------------------------- */

typedef struct {
    apr_bucket_brigade *held;   /* the body so far, set aside */
    apr_off_t len;              /* its length */
    int front_matter;           /* decided: the body starts with it */
    const landing_dir_conf *conf;
} landing_ctx;

/* Per-server state made at configuration time. */
typedef struct {
    apr_hash_t *default_layouts;   /* "Landing" -> the embedded chrome */
} landing_server_conf;

static void *create_server_conf(apr_pool_t *p, server_rec *s)
{
    landing_server_conf *sc = apr_pcalloc(p, sizeof(*sc));
    landing_template_t *tpl;
    const char *err;

    (void)s;
    /* The embedded template was checked when the module was built; it is
     * compiled once per server record, in the configuration pool, so a
     * graceful restart gets a fresh copy. */
    sc->default_layouts = apr_hash_make(p);
    if (landing_template_compile(p, landing_chrome_template,
                                 landing_chrome_template_len,
                                 "conf/landing.html", &tpl, &err)
        == APR_SUCCESS) {
        apr_hash_set(sc->default_layouts, LANDING_DEFAULT_LAYOUT,
                     APR_HASH_KEY_STRING, tpl);
    }
    return sc;
}

/* Why this response is not ours, or NULL if it may be. */
static const char *step_out_reason(request_rec *r)
{
    if (r->main != NULL) {
        return "subrequest";
    }
    if (r->status != HTTP_OK) {
        return "status";
    }
    if (r->content_encoding != NULL
        || apr_table_get(r->headers_out, "Content-Encoding") != NULL
        || apr_table_get(r->err_headers_out, "Content-Encoding") != NULL) {
        return "content encoding";
    }
    return NULL;
}

/* Send everything held, then @p bb, and leave the chain. */
static apr_status_t pass_through(ap_filter_t *f, landing_ctx *ctx,
                                 apr_bucket_brigade *bb)
{
    ap_remove_output_filter(f);
    if (ctx && !APR_BRIGADE_EMPTY(ctx->held)) {
        APR_BRIGADE_PREPEND(bb, ctx->held);
    }
    return ap_pass_brigade(f->next, bb);
}

static landing_value_t *site_value(apr_pool_t *p, const apr_table_t *site)
{
    landing_value_t *map = landing_value_map(p);
    if (site) {
        const apr_array_header_t *arr = apr_table_elts(site);
        const apr_table_entry_t *elts = (const apr_table_entry_t *)arr->elts;
        int i;
        for (i = 0; i < arr->nelts; i++) {
            landing_value_set(p, map, elts[i].key,
                              landing_value_str(p, elts[i].val,
                                                strlen(elts[i].val)));
        }
    }
    return map;
}

/* Render the held body; on success replace it with the page. */
static apr_status_t render(ap_filter_t *f, landing_ctx *ctx,
                           apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    const landing_dir_conf *conf = ctx->conf;
    landing_server_conf *sc = ap_get_module_config(r->server->module_config,
                                                   &landing_module);
    landing_page_conf_t pc;
    landing_page_t page;
    landing_page_result_e res;
    char *src;
    apr_size_t len;
    apr_status_t rv;
    apr_bucket *e;

    rv = apr_brigade_pflatten(ctx->held, &src, &len, r->pool);
    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, LANDING_LOGNO(10)
                      "reading %s failed", r->filename);
        return rv;
    }

    memset(&pc, 0, sizeof(pc));
    if (conf->layouts == NULL) {
        pc.layouts = sc->default_layouts;
    }
    else if (apr_hash_get(conf->layouts, LANDING_DEFAULT_LAYOUT,
                          APR_HASH_KEY_STRING) == NULL) {
        pc.layouts = apr_hash_overlay(r->pool, conf->layouts,
                                      sc->default_layouts);
    }
    else {
        pc.layouts = conf->layouts;
    }
    pc.site = site_value(r->pool, conf->site);
    pc.md_flags = (conf->raw_html != 0) ? LANDING_MD_RAW_HTML : 0;
    pc.stylesheet = landing_chrome_stylesheet;
    pc.stylesheet_len = landing_chrome_stylesheet_len;

    res = landing_page_render(r->pool, &pc, src, len, r->uri, &page);
    switch (res) {
    case LANDING_PAGE_RENDERED:
        break;
    case LANDING_PAGE_INVALID:
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(11)
                      "%s:%d:%d: invalid front matter, passing through: %s",
                      r->filename, page.line, page.column, page.error);
        return pass_through(f, ctx, bb);
    case LANDING_PAGE_NOMEM:
    case LANDING_PAGE_TOO_BIG:
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, LANDING_LOGNO(12)
                      "rendering %s failed (%s), passing through",
                      r->filename, landing_page_result_name(res));
        return pass_through(f, ctx, bb);
    case LANDING_PAGE_OTHER_LAYOUT:
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(13)
                      "pass: layout '%s' is not configured: %s", page.layout,
                      r->filename);
        return pass_through(f, ctx, bb);
    default:
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(14)
                      "pass: %s: %s", landing_page_result_name(res),
                      r->filename);
        return pass_through(f, ctx, bb);
    }

    apr_brigade_cleanup(ctx->held);
    ap_remove_output_filter(f);

    /* The page describes itself now, not the .md file: its type and
     * exact length. The source's ETag would wrongly validate the page. */
    ap_set_content_type(r, "text/html; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)page.len);
    apr_table_unset(r->headers_out, "ETag");
    apr_table_unset(r->headers_out, "Content-MD5");

    /* bb holds the EOS and whatever followed it; the page goes first, as
     * one heap bucket that takes ownership of the buffer. */
    e = apr_bucket_heap_create(page.html, page.len, free,
                               r->connection->bucket_alloc);
    APR_BRIGADE_INSERT_HEAD(bb, e);
    ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(15)
                  "rendered: layout '%s', %" APR_SIZE_T_FMT " bytes of "
                  "Markdown to %" APR_SIZE_T_FMT " bytes of HTML: %s",
                  page.layout, len, page.len, r->filename);
    return ap_pass_brigade(f->next, bb);
}

static apr_status_t landing_filter(ap_filter_t *f, apr_bucket_brigade *bb)
{
    request_rec *r = f->r;
    landing_ctx *ctx = f->ctx;
    apr_bucket *e, *eos = NULL;
    apr_bucket_brigade *rest = NULL;
    apr_status_t rv;

    if (APR_BRIGADE_EMPTY(bb)) {
        return APR_SUCCESS;
    }
    if (ctx == NULL) {
        const char *why = step_out_reason(r);
        if (why) {
            ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(01)
                          "pass: %s: %s", why, r->uri);
            ap_remove_output_filter(f);
            return ap_pass_brigade(f->next, bb);
        }
        f->ctx = ctx = apr_pcalloc(r->pool, sizeof(*ctx));
        ctx->held = apr_brigade_create(r->pool, r->connection->bucket_alloc);
        ctx->conf = ap_get_module_config(r->per_dir_config, &landing_module);
    }

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
                    return rv;
                }
            }
            ctx->len += e->length;
        }
        e = next;
    }
    if (eos) {
        rest = apr_brigade_split_ex(bb, eos, NULL);
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
            ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, LANDING_LOGNO(04)
                          "pass: no front matter: %s", r->uri);
            return pass_through(f, ctx, rest);
        }
        if (sniff < 0) {
            return APR_SUCCESS;    /* too few bytes yet */
        }
        ctx->front_matter = 1;
    }

    if (ctx->len > (ctx->conf->max_size == LANDING_UNSET
                    ? LANDING_DEFAULT_MAX_SIZE : ctx->conf->max_size)) {
        /* Never hand cmark more than the limit: stream the rest through
         * unchanged, so memory stays bounded even for an endless body. */
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, LANDING_LOGNO(05)
                      "pass: body of %s is larger than LandingMaxSize "
                      "(%" APR_OFF_T_FMT " bytes so far)",
                      r->filename ? r->filename : r->uri, ctx->len);
        return pass_through(f, ctx, rest);
    }
    if (eos == NULL) {
        return APR_SUCCESS;
    }
    return render(f, ctx, rest);
}

/* --- hooks --------------------------------------------------------------- */

static int landing_post_config(apr_pool_t *pconf, apr_pool_t *plog,
                               apr_pool_t *ptemp, server_rec *s)
{
    (void)plog;
    (void)ptemp;
    (void)s;
    ap_add_version_component(pconf, LANDING_VERSION);
    return OK;
}

static void landing_register_hooks(apr_pool_t *p)
{
    (void)p;
    ap_register_output_filter(landing_filter_name, landing_filter, NULL,
                              AP_FTYPE_RESOURCE);
    ap_hook_post_config(landing_post_config, NULL, NULL, APR_HOOK_MIDDLE);
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
