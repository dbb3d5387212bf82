/*
 * The site navigation: compile the YAML tree (read by the front matter's
 * tree builder, see landing_yaml_parse) into items, then, per request,
 * find the page in it and make the template values.
 */
#include <string.h>
#include <apr_hash.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "crumb.h"
#include "frontmatter.h"
#include "nav.h"
#include "url.h"

typedef struct nav_item_t nav_item_t;
struct nav_item_t {
    const char *title;
    const char *path;
    /** The path as pages are matched (see canon()); NULL for a URL. */
    const char *key;
    nav_item_t *parent;
    nav_item_t *children;
    nav_item_t *next;
    /** Its place in the document order of pages (order), or -1. */
    int order;
};

struct landing_nav_t {
    nav_item_t *items;
    nav_item_t *footer;
    /** key -> the first item with that key, in document order */
    apr_hash_t *by_key;
    /** Those first items, in document order (nav_item_t *): the pages
     *  that "previous" and "next" walk through. */
    apr_array_header_t *order;
};

/*
 * The form of a path that pages are matched by: without a query or
 * fragment, without a last segment "index" or "index.EXT", and without
 * a trailing '/', so that "/guide", "/guide/" and "/guide/index.md" are
 * one page whichever way the nav or the request names it.
 */
static const char *canon(apr_pool_t *p, const char *path)
{
    apr_size_t len = strcspn(path, "?#");
    char *s = apr_pstrmemdup(p, path, len);
    char *slash = strrchr(s, '/');

    if (slash && strncmp(slash + 1, "index", 5) == 0
        && (slash[6] == '\0' || slash[6] == '.')) {
        slash[1] = '\0';
    }
    len = strlen(s);
    while (len > 1 && s[len - 1] == '/') {
        s[--len] = '\0';
    }
    return s;
}

/* --- compiling ---------------------------------------------------------- */

typedef struct {
    apr_pool_t *p;
    const char *name;
    landing_nav_t *nav;
    int count;
    const char *err;
} compiler_t;

static int fail(compiler_t *c, const landing_value_t *at, const char *msg)
{
    c->err = apr_psprintf(c->p, "%s:%d:%d: %s", c->name,
                          at ? at->line : 0, at ? at->column : 0, msg);
    return 0;
}

/* A path the chrome can link to: a path on this site (one '/', see
 * src/url.h), or a URL with a scheme. A relative path would mean
 * something else on every page, and "//host/x" another host. */
static int valid_path(const char *s)
{
    const char *q;

    if (*s == '/') {
        return landing_url_is_site_path(s);
    }
    if (!apr_isalpha(*s)) {
        return 0;
    }
    for (q = s + 1; apr_isalnum(*q) || *q == '+' || *q == '-' || *q == '.';
         q++) {
    }
    return *q == ':' && q[1] != '\0';
}

static int nonempty_string(const landing_value_t *v)
{
    return v && v->type == LANDING_VALUE_STRING && v->len > 0;
}

static int compile_items(compiler_t *c, const landing_value_t *list,
                         nav_item_t *parent, int children_allowed,
                         nav_item_t **first);

static int compile_item(compiler_t *c, const landing_value_t *v,
                        nav_item_t *parent, int children_allowed,
                        nav_item_t **out)
{
    const landing_entry_t *e;
    const landing_value_t *title = NULL, *path = NULL, *children = NULL;
    nav_item_t *item;

    if (++c->count > LANDING_NAV_MAX_ITEMS) {
        return fail(c, v, apr_psprintf(c->p, "more than %d items",
                                       LANDING_NAV_MAX_ITEMS));
    }
    if (v->type != LANDING_VALUE_MAP) {
        return fail(c, v, "an item must be a map with 'title' and 'path'");
    }
    for (e = v->first; e; e = e->next) {
        if (strcmp(e->key, "title") == 0) {
            title = e->value;
        }
        else if (strcmp(e->key, "path") == 0) {
            path = e->value;
        }
        else if (strcmp(e->key, "children") == 0 && children_allowed) {
            children = e->value;
        }
        else {
            return fail(c, e->value,
                        apr_psprintf(c->p, "unknown key '%s' (an item has "
                                     "%s)", e->key, children_allowed
                                     ? "title, path and children"
                                     : "title and path"));
        }
    }
    if (!nonempty_string(title)) {
        return fail(c, title ? title : v, title ? "'title' must be a "
                    "non-empty string" : "the item has no 'title'");
    }
    if (!nonempty_string(path)) {
        return fail(c, path ? path : v, path ? "'path' must be a "
                    "non-empty string" : "the item has no 'path'");
    }
    if (!valid_path(path->str)) {
        return fail(c, path, apr_psprintf(c->p, *path->str == '/'
                                          ? "path '%s' leads to another "
                                          "host: a path on this site starts "
                                          "with one '/'"
                                          : "path '%s' must start with "
                                          "'/' or be a URL with a scheme",
                                          path->str));
    }
    item = apr_pcalloc(c->p, sizeof(*item));
    item->title = title->str;
    item->path = path->str;
    item->parent = parent;
    item->order = -1;
    if (*item->path == '/') {
        item->key = canon(c->p, item->path);
        /* Footer links (no children allowed) are never the page. An item
         * comes before its children: the order is the document's. */
        if (children_allowed
            && apr_hash_get(c->nav->by_key, item->key,
                            APR_HASH_KEY_STRING) == NULL) {
            apr_hash_set(c->nav->by_key, item->key, APR_HASH_KEY_STRING,
                         item);
            item->order = c->nav->order->nelts;
            APR_ARRAY_PUSH(c->nav->order, nav_item_t *) = item;
        }
    }
    if (children) {
        if (children->type != LANDING_VALUE_LIST) {
            return fail(c, children, "'children' must be a list of items");
        }
        if (!compile_items(c, children, item, 1, &item->children)) {
            return 0;
        }
    }
    *out = item;
    return 1;
}

static int compile_items(compiler_t *c, const landing_value_t *list,
                         nav_item_t *parent, int children_allowed,
                         nav_item_t **first)
{
    const landing_entry_t *e;
    nav_item_t **tail = first;

    for (e = list->first; e; e = e->next) {
        if (!compile_item(c, e->value, parent, children_allowed, tail)) {
            return 0;
        }
        tail = &(*tail)->next;
    }
    return 1;
}

/*
 * libyaml's word for a tab where indentation is ("found character that
 * cannot start any token") names neither the tab nor, sometimes, its
 * line. Find a tab in the leading white space of line @p at (1-based),
 * else of any line: its line and column, and 1; 0 when there is none.
 */
static int find_indent_tab(const char *src, apr_size_t len, int at,
                           int *tab_line, int *tab_col)
{
    int pass;

    for (pass = 0; pass < 2; pass++) {
        const char *s = src, *end = src + len;
        int n = 1;
        while (s < end) {
            const char *eol = memchr(s, '\n', (apr_size_t)(end - s));
            const char *e = eol ? eol : end, *q;
            if (pass == 1 || n == at) {
                for (q = s; q < e && (*q == ' ' || *q == '\t'); q++) {
                    if (*q == '\t') {
                        *tab_line = n;
                        *tab_col = (int)(q - s) + 1;
                        return 1;
                    }
                }
            }
            s = e + 1;
            n++;
        }
    }
    return 0;
}

apr_status_t landing_nav_compile(apr_pool_t *p, const char *src,
                                 apr_size_t len, const char *name,
                                 landing_nav_t **nav, const char **err)
{
    /* Trusted input, but still bounded: a navigation is a configuration
     * file, and a mistake in it should fail, not exhaust memory. */
    static const landing_fm_limits_t limits = {
        LANDING_NAV_MAX_SIZE, 64, 4 * LANDING_NAV_MAX_ITEMS
    };
    landing_value_t *root;
    const landing_value_t *items = NULL, *footer = NULL;
    const char *yerr;
    int line, column;
    compiler_t c;

    memset(&c, 0, sizeof(c));
    c.p = p;
    c.name = name;
    c.nav = apr_pcalloc(p, sizeof(*c.nav));
    c.nav->by_key = apr_hash_make(p);
    c.nav->order = apr_array_make(p, 16, sizeof(nav_item_t *));

    if (landing_yaml_parse(p, src, len, &limits, &root, &yerr, &line,
                           &column) != APR_SUCCESS) {
        int tab_line, tab_col;
        if (find_indent_tab(src, len, line, &tab_line, &tab_col)) {
            *err = apr_psprintf(p, "%s:%d:%d: a tab in the indentation; "
                                "YAML indents with spaces only (libyaml: "
                                "%s)", name, tab_line, tab_col, yerr);
        }
        else {
            *err = apr_psprintf(p, "%s:%d:%d: %s", name, line, column,
                                yerr);
        }
        return APR_EINVAL;
    }
    if (root && root->type == LANDING_VALUE_LIST) {
        items = root;
    }
    else if (root && root->type == LANDING_VALUE_MAP) {
        const landing_entry_t *e;
        for (e = root->first; e; e = e->next) {
            if (strcmp(e->key, "nav") == 0) {
                items = e->value;
            }
            else if (strcmp(e->key, "footer") == 0) {
                footer = e->value;
            }
            else {
                fail(&c, e->value, apr_psprintf(p, "unknown key '%s' (the "
                                                "file has 'nav' and "
                                                "'footer')", e->key));
                *err = c.err;
                return APR_EINVAL;
            }
        }
        if (items == NULL || items->type != LANDING_VALUE_LIST) {
            fail(&c, items ? items : root, "'nav' must be a list of items");
            *err = c.err;
            return APR_EINVAL;
        }
        if (footer && footer->type != LANDING_VALUE_LIST) {
            fail(&c, footer, "'footer' must be a list of items");
            *err = c.err;
            return APR_EINVAL;
        }
    }
    else {
        *err = apr_psprintf(p, "%s:%d:%d: the navigation must be a list of "
                            "items (title, path, children)", name,
                            root ? root->line : 1, root ? root->column : 1);
        return APR_EINVAL;
    }
    if (!compile_items(&c, items, NULL, 1, &c.nav->items)
        || (footer && !compile_items(&c, footer, NULL, 0, &c.nav->footer))) {
        *err = c.err;
        return APR_EINVAL;
    }
    *nav = c.nav;
    return APR_SUCCESS;
}

/* --- one page's values -------------------------------------------------- */

static landing_value_t *flag(apr_pool_t *p, int on)
{
    return landing_value_str(p, on ? "true" : "", on ? 4 : 0);
}

static landing_value_t *str(apr_pool_t *p, const char *s)
{
    return landing_value_str(p, s, strlen(s));
}

/* A map {items: list}, the shape of every navigation value. */
static landing_value_t *wrap(apr_pool_t *p, landing_value_t *list)
{
    landing_value_t *map = landing_value_map(p);
    landing_value_set(p, map, "items", list);
    return map;
}

/* Is @p item the page @p at, or above it? */
static int is_active(const nav_item_t *item, const nav_item_t *at)
{
    for (; at; at = at->parent) {
        if (at == item) {
            return 1;
        }
    }
    return 0;
}

/*
 * The item that stands for the page at @p key: the item with that key,
 * or else the one for its longest directory prefix. The root "/" is a
 * prefix of every path, so it stands only for itself: a page outside
 * every section is in none.
 */
static const nav_item_t *find(apr_pool_t *p, const landing_nav_t *nav,
                              const char *key, int *exact)
{
    const nav_item_t *item = apr_hash_get(nav->by_key, key,
                                          APR_HASH_KEY_STRING);
    char *dir, *slash;

    *exact = (item != NULL);
    if (item) {
        return item;
    }
    dir = apr_pstrdup(p, key);
    while ((slash = strrchr(dir, '/')) != NULL && slash > dir) {
        *slash = '\0';
        item = apr_hash_get(nav->by_key, dir, APR_HASH_KEY_STRING);
        if (item) {
            return item;
        }
    }
    return NULL;
}

static landing_value_t *tabs(apr_pool_t *p, const landing_nav_t *nav,
                             const nav_item_t *at, int exact)
{
    landing_value_t *list = landing_value_list(p);
    const nav_item_t *item;

    for (item = nav->items; item; item = item->next) {
        landing_value_t *v = landing_value_map(p);
        landing_value_set(p, v, "title", str(p, item->title));
        landing_value_set(p, v, "path", str(p, item->path));
        landing_value_set(p, v, "current", flag(p, exact && item == at));
        landing_value_set(p, v, "active", flag(p, is_active(item, at)));
        landing_value_push(p, list, v);
    }
    return wrap(p, list);
}

/* Flatten @p parent's children into @p list; see nav.h for the keys. */
static landing_value_t *sidebar_items(apr_pool_t *p, landing_value_t *list,
                                      const nav_item_t *parent, int depth,
                                      const nav_item_t *at, int exact)
{
    const nav_item_t *item;
    landing_value_t *last = NULL;

    for (item = parent->children; item; item = item->next) {
        landing_value_t *v = landing_value_map(p);
        int active = is_active(item, at);
        int expanded = active && item->children != NULL;

        landing_value_set(p, v, "title", str(p, item->title));
        landing_value_set(p, v, "path", str(p, item->path));
        landing_value_set(p, v, "depth", str(p, apr_itoa(p, depth)));
        landing_value_set(p, v, "current", flag(p, exact && item == at));
        landing_value_set(p, v, "active", flag(p, active));
        landing_value_set(p, v, "expanded", flag(p, expanded));
        landing_value_set(p, v, "collapsed",
                          flag(p, item->children && !expanded));
        landing_value_set(p, v, "close", landing_value_list(p));
        landing_value_push(p, list, v);
        last = v;
        if (expanded) {
            /* The nested list ends after its last item. */
            landing_value_t *end = sidebar_items(p, list, item, depth + 1,
                                                 at, exact);
            landing_value_push(p, landing_value_get(end, "close"),
                               landing_value_map(p));
            last = end;
        }
    }
    return last;
}

static landing_value_t *sidebar(apr_pool_t *p, const nav_item_t *section,
                                const nav_item_t *at, int exact)
{
    landing_value_t *v = landing_value_map(p);
    landing_value_t *list = landing_value_list(p);

    landing_value_set(p, v, "title", str(p, section->title));
    landing_value_set(p, v, "path", str(p, section->path));
    landing_value_set(p, v, "current", flag(p, exact && section == at));
    landing_value_set(p, v, "active", flag(p, 1));
    sidebar_items(p, list, section, 1, at, exact);
    landing_value_set(p, v, "items", list);
    return v;
}

static void crumb(apr_pool_t *p, landing_value_t *list, const char *title,
                  const char *path, int current)
{
    landing_value_t *v = landing_value_map(p);
    landing_value_set(p, v, "title", str(p, title));
    landing_value_set(p, v, "path", str(p, path));
    landing_value_set(p, v, "current", flag(p, current));
    landing_value_push(p, list, v);
}

/* The link of a directory's crumb that the navigation does not list:
 * the directory when the front end says it serves something (or cannot
 * tell), else none (""). Sets @p *title to its index page's title, if
 * the front end knows it. */
static const char *dir_link(apr_pool_t *p, const landing_nav_lookup_t *look,
                            const char *dir, const char **title)
{
    *title = NULL;
    if (look == NULL || look->fn == NULL) {
        return dir;
    }
    return look->fn(look->baton, p, dir, title) ? dir : "";
}

static landing_value_t *breadcrumbs(apr_pool_t *p, const landing_nav_t *nav,
                                    const char *path, const char *key,
                                    const nav_item_t *at, int exact,
                                    const char *title, const char *home,
                                    const landing_nav_lookup_t *look)
{
    landing_value_t *list = landing_value_list(p);
    const nav_item_t *root = nav ? apr_hash_get(nav->by_key, "/",
                                                APR_HASH_KEY_STRING) : NULL;
    const char *home_title = root ? root->title : home;
    const char *ignored;
    const char *home_path = root ? root->path
                                 : dir_link(p, look, "/", &ignored);

    if (exact) {
        /* The item's ancestors, from the top, then the item. */
        const nav_item_t *chain[64], *item;
        int n = 0;

        for (item = at; item && n < 64; item = item->parent) {
            chain[n++] = item;
        }
        if (chain[n - 1] != root) {
            crumb(p, list, home_title, home_path, 0);
        }
        while (n-- > 0) {
            crumb(p, list, chain[n]->title, chain[n]->path, n == 0);
        }
    }
    else {
        /* The URL's segments, each named by its item when it has one. */
        const char *s = key + 1;

        crumb(p, list, home_title, *s == '\0' ? path : home_path,
              *s == '\0');
        while (*s) {
            const char *slash = strchr(s, '/');
            const char *dir;
            const nav_item_t *item;

            if (slash == NULL) {
                /* The last segment is this page. */
                crumb(p, list, *title ? title : s, path, 1);
                break;
            }
            dir = apr_pstrmemdup(p, key, slash - key);
            item = nav ? apr_hash_get(nav->by_key, dir, APR_HASH_KEY_STRING)
                       : NULL;
            if (item) {
                crumb(p, list, item->title, item->path, 0);
            }
            else {
                /* Read as a title, or the index page's own. */
                const char *index_title;
                const char *link = dir_link(p, look,
                                            apr_pstrcat(p, dir, "/", NULL),
                                            &index_title);
                crumb(p, list, index_title ? index_title
                      : landing_crumb_title(p, s, (apr_size_t)(slash - s)),
                      link, 0);
            }
            s = slash + 1;
        }
    }
    return list->count >= 2 ? wrap(p, list) : NULL;
}

static landing_value_t *footer(apr_pool_t *p, const landing_nav_t *nav)
{
    landing_value_t *list = landing_value_list(p);
    const nav_item_t *item;

    for (item = nav->footer; item; item = item->next) {
        landing_value_t *v = landing_value_map(p);
        landing_value_set(p, v, "title", str(p, item->title));
        landing_value_set(p, v, "path", str(p, item->path));
        landing_value_push(p, list, v);
    }
    return list->count ? wrap(p, list) : NULL;
}

/* The neighbours of item @p at in the document order. */
static landing_value_t *link_value(apr_pool_t *p, const nav_item_t *item)
{
    landing_value_t *v = landing_value_map(p);
    landing_value_set(p, v, "title", str(p, item->title));
    landing_value_set(p, v, "path", str(p, item->path));
    return v;
}

const char *landing_nav_title(apr_pool_t *p, const landing_nav_t *nav,
                              const char *path)
{
    const nav_item_t *item;

    if (nav == NULL || *path != '/') {
        return NULL;
    }
    item = apr_hash_get(nav->by_key, canon(p, path), APR_HASH_KEY_STRING);
    return item ? item->title : NULL;
}

void landing_nav_values(apr_pool_t *p, const landing_nav_t *nav,
                        const char *path, const char *title,
                        const char *home_title,
                        const landing_nav_lookup_t *look,
                        landing_nav_values_t *out)
{
    const char *key;
    const nav_item_t *at = NULL, *section = NULL;
    int exact = 0;

    memset(out, 0, sizeof(*out));
    /* The breadcrumbs of a page the tree does not list are made of the
     * request path: it must not lead to another host ("//host/x" with
     * MergeSlashes Off, "/\\host/x"). */
    path = landing_url_site_path(p, path);
    key = canon(p, path);
    if (nav) {
        at = find(p, nav, key, &exact);
        for (section = at; section && section->parent;
             section = section->parent) {
        }
        out->tabs = tabs(p, nav, at, exact);
        if (section && section->children) {
            out->sidebar = sidebar(p, section, at, exact);
        }
        out->footer = footer(p, nav);
        if (exact && at->order > 0) {
            out->prev = link_value(p, APR_ARRAY_IDX(nav->order,
                                                    at->order - 1,
                                                    nav_item_t *));
        }
        if (exact && at->order >= 0 && at->order + 1 < nav->order->nelts) {
            out->next = link_value(p, APR_ARRAY_IDX(nav->order,
                                                    at->order + 1,
                                                    nav_item_t *));
        }
    }
    out->breadcrumbs = breadcrumbs(p, nav, path, key, at, exact,
                                   title ? title : "",
                                   home_title ? home_title : "Home", look);
}
