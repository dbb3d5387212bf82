/* One page: front matter -> layout -> Markdown -> chrome. */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>

#include "buf.h"
#include "component.h"
#include "date.h"
#include "markdown.h"
#include "mdguard.h"
#include "page.h"
#include "prevnext.h"
#include "toc.h"
#include "url.h"

const char *landing_page_result_name(landing_page_result_e res)
{
    switch (res) {
    case LANDING_PAGE_RENDERED:        return "rendered";
    case LANDING_PAGE_NO_FRONT_MATTER: return "no front matter";
    case LANDING_PAGE_NO_LAYOUT:       return "no layout";
    case LANDING_PAGE_OTHER_LAYOUT:    return "other layout";
    case LANDING_PAGE_INVALID:         return "invalid front matter";
    case LANDING_PAGE_NOMEM:           return "out of memory";
    case LANDING_PAGE_TOO_BIG:         return "page too big";
    }
    return "unknown";
}

static const char *nonempty_str(const landing_value_t *v)
{
    return (v && v->type == LANDING_VALUE_STRING && v->len) ? v->str : NULL;
}

/*
 * Normalize front matter "meta:" (a list of maps with name or property,
 * and content) into items {attr, key, content}. A "description" entry
 * feeds the description instead, unless front matter has one already.
 */
static landing_value_t *meta_list(apr_pool_t *p, const landing_value_t *fm,
                                  const char **description)
{
    landing_value_t *list = landing_value_list(p);
    const landing_value_t *meta = landing_value_get(fm, "meta");
    const landing_entry_t *e;

    if (meta == NULL || meta->type != LANDING_VALUE_LIST) {
        return list;
    }
    for (e = meta->first; e; e = e->next) {
        const char *attr = "name";
        const char *key = nonempty_str(landing_value_get(e->value, "name"));
        const char *content = landing_value_get_str(e->value, "content");
        landing_value_t *item;

        if (key == NULL) {
            attr = "property";
            key = nonempty_str(landing_value_get(e->value, "property"));
        }
        if (key == NULL || content == NULL) {
            continue;
        }
        if (strcasecmp(key, "description") == 0 && *attr == 'n') {
            if (*description == NULL) {
                *description = content;
            }
            continue;
        }
        item = landing_value_map(p);
        landing_value_set_cstr(p, item, "attr", attr);
        landing_value_set(p, item, "key", landing_value_str(p, key,
                                                            strlen(key)));
        landing_value_set(p, item, "content",
                          landing_value_str(p, content, strlen(content)));
        landing_value_push(p, list, item);
    }
    return list;
}

/* A front matter switch: shown unless it is there and false. */
static int shown(const landing_value_t *fm, const char *key)
{
    const landing_value_t *v = landing_value_get(fm, key);
    return v == NULL || landing_value_truthy(v);
}

/* @p base without its trailing '/', then @p path, which starts with '/'. */
static const char *join_url(apr_pool_t *p, const char *base,
                            const char *path)
{
    apr_size_t n = strlen(base);

    while (n > 0 && base[n - 1] == '/') {
        n--;
    }
    return apr_pstrcat(p, apr_pstrmemdup(p, base, n),
                       *path == '/' ? "" : "/", path, NULL);
}

/*
 * The docs chrome: navigation, "on this page", the edit link and the
 * canonical URL. Front matter showToc, showBreadcrumb and editLink set to
 * false hide theirs; canonicalUrl replaces the canonical URL (false
 * removes it).
 */
/* A canonical URL from front matter must be a web address: http(s) or a
 * path on this site (src/url.h: not "//host" or "/\\host", which lead
 * to another host). A "javascript:" or "data:" one is ignored, raw HTML
 * setting or not: it is the page's author's word about where the page
 * lives, not markup. */
static int web_url(const landing_value_t *v)
{
    return landing_url_is_web(v->str);
}

/* The front end's directory look-up, asked once per directory and
 * render: the breadcrumbs and the site's title share the root's. */
typedef struct {
    const landing_page_conf_t *conf;
    apr_hash_t *seen;      /* dir -> its index page's title, "" for no
                              title, or no_dir */
} dir_memo_t;

static const char no_dir[] = "";

static int memo_lookup(void *baton, apr_pool_t *p, const char *dir,
                       const char **title)
{
    dir_memo_t *m = baton;
    const char *t = apr_hash_get(m->seen, dir, APR_HASH_KEY_STRING);

    if (t == NULL) {
        const char *found = NULL;
        t = m->conf->dir_lookup(m->conf->dir_baton, p, dir, &found)
            ? (found ? found : "") : no_dir;
        apr_hash_set(m->seen, apr_pstrdup(p, dir), APR_HASH_KEY_STRING, t);
    }
    *title = (t != no_dir && *t) ? t : NULL;
    return t != no_dir;
}

/* The site's name for the header: LandingSet name, else the title of
 * the root's index page, else a word that says what the site is. */
static const char *site_title(apr_pool_t *p, const char *site_name,
                              const landing_nav_lookup_t *look)
{
    const char *t = NULL;

    if (site_name) {
        return site_name;
    }
    if (look && look->fn(look->baton, p, "/", &t) && t) {
        return t;
    }
    return "Documentation";
}

/* Where the brand links: "/", unless the navigation has no "/" and the
 * front end says the root serves nothing (""). */
static const char *home_path(apr_pool_t *p, const landing_nav_t *nav,
                             const landing_nav_lookup_t *look)
{
    const char *t;

    if (look == NULL || landing_nav_title(p, nav, "/") != NULL) {
        return "/";
    }
    return look->fn(look->baton, p, "/", &t) ? "/" : "";
}

static void chrome_values(apr_pool_t *p, const landing_page_conf_t *conf,
                          const landing_value_t *fm, landing_value_t *toc,
                          const char *path, const char *title,
                          const char *site_name, landing_value_t *root)
{
    landing_nav_values_t nav;
    const landing_value_t *canonical = landing_value_get(fm, "canonicalUrl");
    landing_nav_lookup_t look_at, *look = NULL;
    dir_memo_t memo;
    landing_value_t *prev, *next;

    if (conf->dir_lookup) {
        memo.conf = conf;
        memo.seen = apr_hash_make(p);
        look_at.fn = memo_lookup;
        look_at.baton = &memo;
        look = &look_at;
    }
    landing_value_set_cstr(p, root, "site_title",
                           site_title(p, site_name, look));
    landing_value_set_cstr(p, root, "home_path",
                           home_path(p, conf->nav, look));
    landing_nav_values(p, conf->nav, path, title,
                       site_name ? site_name : "Home", look, &nav);
    prev = landing_prevnext_link(p, conf->nav, fm, "prev", nav.prev);
    next = landing_prevnext_link(p, conf->nav, fm, "next", nav.next);
    if (prev || next) {
        landing_value_t *both = landing_value_map(p);
        if (prev) {
            landing_value_set(p, root, "prev", prev);
            landing_value_set(p, both, "prev", prev);
        }
        if (next) {
            landing_value_set(p, root, "next", next);
            landing_value_set(p, both, "next", next);
        }
        landing_value_set(p, root, "page_nav", both);
    }
    if (nav.tabs) {
        landing_value_set(p, root, "tabs", nav.tabs);
    }
    if (nav.sidebar) {
        landing_value_set(p, root, "sidebar", nav.sidebar);
    }
    if (nav.breadcrumbs && shown(fm, "showBreadcrumb")) {
        landing_value_set(p, root, "breadcrumbs", nav.breadcrumbs);
    }
    if (nav.footer) {
        landing_value_set(p, root, "footer_links", nav.footer);
    }
    if (toc) {
        landing_value_set(p, root, "toc", toc);
    }
    if (conf->edit_base && *conf->edit_base && conf->source_path
        && shown(fm, "editLink")) {
        landing_value_set_cstr(p, root, "edit_url",
                               join_url(p, conf->edit_base,
                                        conf->source_path));
    }
    if (canonical && canonical->type == LANDING_VALUE_STRING
        && landing_value_truthy(canonical) && !web_url(canonical)) {
        canonical = NULL;    /* not a web address: as if it were absent */
    }
    if (canonical) {
        if (canonical->type == LANDING_VALUE_STRING
            && landing_value_truthy(canonical)) {
            landing_value_set(p, root, "canonical_url",
                              (landing_value_t *)canonical);
        }
    }
    else if (conf->canonical_base && *conf->canonical_base) {
        landing_value_set_cstr(p, root, "canonical_url",
                               join_url(p, conf->canonical_base,
                                        conf->url_path ? conf->url_path
                                        : (path ? path : "/")));
    }
}

/* A LandingSet switch: on, true, yes or 1. */
static int on(const landing_value_t *v)
{
    const char *s = nonempty_str(v);
    return s && (strcasecmp(s, "on") == 0 || strcasecmp(s, "true") == 0
                 || strcasecmp(s, "yes") == 0 || strcmp(s, "1") == 0);
}

/* "last_updated": front matter lastUpdated (a date), else the source's
 * time; none for lastUpdated: false, or when neither is known. */
static void last_updated(apr_pool_t *p, const landing_page_conf_t *conf,
                         const landing_value_t *fm, const char *lang,
                         landing_value_t *root)
{
    const landing_value_t *v = landing_value_get(fm, "lastUpdated");
    apr_time_t t = conf->source_mtime;

    if (v && !landing_value_truthy(v)) {
        return;
    }
    if (v && v->type == LANDING_VALUE_STRING) {
        apr_time_t given;
        if (landing_date_parse(v->str, &given)) {
            t = given;
        }
    }
    if (t > 0) {
        landing_value_set(p, root, "last_updated",
                          landing_date_value(p, t, lang ? lang : "en"));
        if (on(landing_value_get(conf->site, "lastUpdated"))) {
            landing_value_set_cstr(p, root, "show_last_updated", "true");
        }
    }
}

/* A page without a "layout" key: is there one that differs only in case
 * ("Layout: Landing")? Its author meant it; say so (out->layout_key). */
static void layout_key_hint(const landing_value_t *fm, landing_page_t *out)
{
    const landing_entry_t *en;

    if (fm == NULL || fm->type != LANDING_VALUE_MAP) {
        return;
    }
    for (en = fm->first; en; en = en->next) {
        if (en->key && strcasecmp(en->key, "layout") == 0
            && en->value && en->value->type == LANDING_VALUE_STRING
            && en->value->len > 0) {
            out->layout_key = en->key;
            out->line = en->value->line;
            out->column = en->value->column;
            return;
        }
    }
}

/* A layout that is not configured: does one differ from it only in case
 * ("landing" for "Landing")? Then out->suggest names it. Unknown layouts
 * in general stay silent: a tree may hold pages for other layouts. */
static void layout_case_hint(apr_pool_t *p, const landing_page_conf_t *conf,
                             const landing_value_t *fm, landing_page_t *out)
{
    apr_hash_t *layouts = conf->layouts;
    const landing_value_t *v = landing_value_get(fm, "layout");
    apr_hash_index_t *hi;

    if (v) {
        out->line = v->line;
        out->column = v->column;
    }
    if (layouts == NULL) {
        if (conf->layout_nocase) {
            out->suggest = conf->layout_nocase(conf->layout_baton, p,
                                               out->layout);
        }
        return;
    }
    for (hi = apr_hash_first(p, layouts); hi; hi = apr_hash_next(hi)) {
        const void *name;
        apr_hash_this(hi, &name, NULL, NULL);
        if (strcasecmp(name, out->layout) == 0) {
            out->suggest = name;
            return;
        }
    }
}

static apr_status_t free_html(void *data)
{
    landing_buf_release(data);
    return APR_SUCCESS;
}

/*
 * The page's components and [[toc]] (component.h), expanded in cmark's
 * HTML. A page with neither gets its HTML back as it was, after one scan.
 */
static apr_status_t expand_components(apr_pool_t *p,
                                      const landing_page_conf_t *conf,
                                      const landing_fm_t *fm,
                                      const landing_md_t *md,
                                      const landing_value_t *toc,
                                      const char *path, const char *src,
                                      apr_size_t len, const char **content,
                                      apr_size_t *content_len,
                                      landing_page_t *out)
{
    landing_component_conf_t cc;
    apr_array_header_t *problems = apr_array_make(p, 0,
                                                  sizeof(landing_component_problem_t));
    apr_status_t rv;

    memset(&cc, 0, sizeof(cc));
    cc.templates = conf->components;
    cc.find = conf->component_find;
    cc.baton = conf->component_baton;
    cc.raw_html = (conf->md_flags & LANDING_MD_RAW_HTML) != 0;
    cc.page = fm->data;
    cc.site = conf->site;
    cc.path = path ? path : "";
    cc.toc = toc;
    cc.max_growth = LANDING_PAGE_MAX_GROWTH;
    rv = landing_component_expand(p, &cc, md->html, md->html_len, content,
                                  content_len, problems);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (*content != md->html) {
        apr_pool_cleanup_register(p, *content, free_html,
                                  apr_pool_cleanup_null);
    }
    if (problems->nelts) {
        landing_component_locate(problems, src, len);
        out->problems = problems;
    }
    return APR_SUCCESS;
}

/*
 * The page's content in the chrome: @p fm is its front matter (an empty
 * map for a page that has none), @p base_len the size that the growth
 * bound counts from.
 */
static landing_page_result_e chrome(apr_pool_t *p,
                                    const landing_page_conf_t *conf,
                                    const landing_template_t *tpl,
                                    const landing_value_t *fm,
                                    landing_value_t *toc, const char *title,
                                    const char *description,
                                    const char *content,
                                    apr_size_t content_len,
                                    apr_size_t base_len, const char *path,
                                    landing_page_t *out)
{
    landing_value_t *root;
    landing_buf_t buf;
    const char *site_name, *lang;

    site_name = nonempty_str(landing_value_get(conf->site, "name"));
    lang = nonempty_str(landing_value_get(fm, "lang"));
    if (lang == NULL) {
        lang = nonempty_str(landing_value_get(conf->site, "lang"));
    }

    root = landing_value_map(p);
    landing_value_set(p, root, "meta", meta_list(p, fm, &description));
    landing_value_set(p, root, "title", landing_value_cstr(p, title));
    if (site_name && *title) {
        landing_value_set(p, root, "head_title",
                          landing_value_cstr(p, apr_pstrcat(p, title, " | ",
                                                            site_name,
                                                            NULL)));
    }
    else {
        landing_value_set_cstr(p, root, "head_title",
                               *title ? title : (site_name ? site_name : ""));
    }
    landing_value_set_cstr(p, root, "lang", lang ? lang : "en");
    last_updated(p, conf, fm, lang, root);
    if (description) {
        landing_value_set_cstr(p, root, "description", description);
    }
    landing_value_set(p, root, "content",
                      landing_value_str(p, content, content_len));
    landing_value_set(p, root, "stylesheet",
                      landing_value_str(p, conf->stylesheet
                                        ? conf->stylesheet : "",
                                        conf->stylesheet_len));
    if (conf->stylesheet_url) {
        landing_value_set_cstr(p, root, "stylesheet_url",
                               conf->stylesheet_url);
    }
    landing_value_set_cstr(p, root, "path", path ? path : "");
    landing_value_set(p, root, "page", (landing_value_t *)fm);
    landing_value_set(p, root, "site", conf->site
                      ? (landing_value_t *)conf->site : landing_value_map(p));
    chrome_values(p, conf, fm, toc, path, title, site_name, root);

    /* The growth bound counts from cmark's HTML: components and the
     * chrome share it. */
    landing_buf_init_big(&buf, landing_template_literal_size(tpl)
                         + content_len + conf->stylesheet_len + 1024);
    buf.max = base_len + conf->stylesheet_len + LANDING_PAGE_MAX_GROWTH;
    landing_template_expand(tpl, root, &buf);
    if (buf.failed) {
        int too_big = (buf.failed == LANDING_BUF_TOO_BIG);
        landing_buf_free(&buf);
        return too_big ? LANDING_PAGE_TOO_BIG : LANDING_PAGE_NOMEM;
    }
    out->html = landing_buf_detach(&buf, &out->len);
    if (out->html == NULL) {
        return LANDING_PAGE_NOMEM;
    }
    return LANDING_PAGE_RENDERED;
}

/* The template for @p layout, from the table or the look-up. */
static const landing_template_t *find_template(const landing_page_conf_t *conf,
                                               const char *layout)
{
    return conf->layouts
        ? apr_hash_get(conf->layouts, layout, APR_HASH_KEY_STRING)
        : conf->layout_find
        ? conf->layout_find(conf->layout_baton, layout) : NULL;
}

landing_page_result_e landing_page_wrap(apr_pool_t *p,
                                        const landing_page_conf_t *conf,
                                        const char *layout,
                                        const char *title,
                                        const char *content, apr_size_t len,
                                        const char *path,
                                        landing_page_t *out)
{
    const landing_template_t *tpl = find_template(conf, layout);

    memset(out, 0, sizeof(*out));
    out->layout = layout;
    if (tpl == NULL) {
        return LANDING_PAGE_OTHER_LAYOUT;
    }
    if (path) {
        path = landing_url_site_path(p, path);
    }
    out->content = content;
    out->content_len = len;
    out->title = title;
    return chrome(p, conf, tpl, landing_value_map(p), NULL, title, NULL,
                  content, len, len, path, out);
}

landing_page_result_e landing_page_render(apr_pool_t *p,
                                          const landing_page_conf_t *conf,
                                          const char *src, apr_size_t len,
                                          const char *path,
                                          landing_page_t *out)
{
    landing_fm_t fm;
    landing_fm_status_e st;
    const landing_template_t *tpl;
    landing_md_t md;
    landing_value_t *toc;
    const char *title, *description, *content;
    apr_size_t content_len;
    apr_status_t rv;

    memset(out, 0, sizeof(*out));
    if (path) {
        /* A request path that starts "//" (MergeSlashes Off) would be
         * another host's in a link. */
        path = landing_url_site_path(p, path);
    }
    st = landing_fm_parse(p, src, len, conf->fm_limits, &fm);
    if (st == LANDING_FM_NONE) {
        return LANDING_PAGE_NO_FRONT_MATTER;
    }
    if (st == LANDING_FM_INVALID) {
        out->error = fm.error;
        out->line = fm.line;
        out->column = fm.column;
        return LANDING_PAGE_INVALID;
    }
    out->layout = nonempty_str(landing_value_get(fm.data, "layout"));
    if (out->layout == NULL) {
        layout_key_hint(fm.data, out);
        return LANDING_PAGE_NO_LAYOUT;
    }
    tpl = find_template(conf, out->layout);
    if (tpl == NULL) {
        layout_case_hint(p, conf, fm.data, out);
        return LANDING_PAGE_OTHER_LAYOUT;
    }

    rv = landing_md_render(p, fm.body, fm.body_len, conf->md_flags, &md);
    if (rv != APR_SUCCESS) {
        /* Past cmark's bounds (mdguard.h) the page is too big to render,
         * as it is past the template's. */
        return rv == LANDING_MD_TOO_COMPLEX ? LANDING_PAGE_TOO_BIG
                                            : LANDING_PAGE_NOMEM;
    }

    if (md.problems) {
        /* Lines in the body become lines in the file. */
        const char *c = src;
        int i, first = 1;
        while ((c = memchr(c, '\n', (apr_size_t)(fm.body - c))) != NULL) {
            first++;
            c++;
        }
        for (i = 0; i < md.problems->nelts; i++) {
            APR_ARRAY_IDX(md.problems, i, landing_md_problem_t).line
                += first - 1;
        }
        out->md_problems = md.problems;
    }

    toc = shown(fm.data, "showToc") ? landing_toc_value(p, md.headings)
                                    : NULL;
    rv = expand_components(p, conf, &fm, &md, toc, path, src, len,
                           &content, &content_len, out);
    if (rv != APR_SUCCESS) {
        return rv == APR_ENOSPC ? LANDING_PAGE_TOO_BIG : LANDING_PAGE_NOMEM;
    }

    title = nonempty_str(landing_value_get(fm.data, "title"));
    if (title == NULL) {
        title = md.h1 ? md.h1 : "";
    }
    description = nonempty_str(landing_value_get(fm.data, "description"));
    out->content = content;
    out->content_len = content_len;
    out->title = title;
    out->description = description;
    if (conf->content_only) {
        return LANDING_PAGE_RENDERED;
    }
    return chrome(p, conf, tpl, fm.data, toc, title, description, content,
                  content_len, md.html_len, path, out);
}
