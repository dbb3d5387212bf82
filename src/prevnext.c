/* Previous and next page: the navigation's, or front matter's. */
#include <string.h>
#include <apr_strings.h>

#include "crumb.h"
#include "prevnext.h"
#include "url.h"

/* A link front matter may give: a web address, or a relative path (no
 * scheme before the first '/', '?' or '#'). */
static int linkable(const char *s)
{
    const char *colon, *end;

    if (s == NULL || *s == '\0') {
        return 0;
    }
    if (*s == '/' || *s == '\\') {
        return landing_url_is_web(s);
    }
    if (landing_url_is_web(s)) {
        return 1;
    }
    colon = strchr(s, ':');
    end = strpbrk(s, "/?#");
    return colon == NULL || (end != NULL && end < colon);
}

/* "/guide/setup.md" -> "Setup", "/guide/" -> "Guide", "/" -> "/". */
static const char *title_of_path(apr_pool_t *p, const char *path)
{
    apr_size_t n = strcspn(path, "?#");
    const char *seg, *dot;
    apr_size_t len;

    while (n > 1 && path[n - 1] == '/') {
        n--;
    }
    for (seg = path + n; seg > path && seg[-1] != '/'; seg--) {
    }
    len = (apr_size_t)(path + n - seg);
    dot = memchr(seg, '.', len);
    if (dot && dot > seg) {
        len = (apr_size_t)(dot - seg);
    }
    if (len == 5 && strncmp(seg, "index", 5) == 0 && seg > path + 1) {
        return title_of_path(p, apr_pstrmemdup(p, path, (apr_size_t)(seg
                                                                 - path)));
    }
    return len ? landing_crumb_title(p, seg, len) : apr_pstrdup(p, path);
}

static const char *nonempty(const landing_value_t *v)
{
    return v && v->type == LANDING_VALUE_STRING && v->len ? v->str : NULL;
}

landing_value_t *landing_prevnext_link(apr_pool_t *p,
                                       const landing_nav_t *nav,
                                       const landing_value_t *fm,
                                       const char *key,
                                       landing_value_t *from_nav)
{
    const landing_value_t *v = landing_value_get(fm, key);
    const char *path = NULL, *title = NULL;
    landing_value_t *out;

    if (v == NULL) {
        return from_nav;
    }
    if (!landing_value_truthy(v)) {
        return NULL;
    }
    if (v->type == LANDING_VALUE_MAP) {
        path = nonempty(landing_value_get(v, "path"));
        if (path == NULL) {
            path = nonempty(landing_value_get(v, "link"));
        }
        title = nonempty(landing_value_get(v, "title"));
        if (title == NULL) {
            title = nonempty(landing_value_get(v, "text"));
        }
    }
    else if (v->type == LANDING_VALUE_STRING) {
        if (strcmp(v->str, "true") == 0) {
            return from_nav;
        }
        path = v->str;
    }
    if (!linkable(path)) {
        return from_nav;
    }
    if (title == NULL) {
        title = landing_nav_title(p, nav, path);
    }
    if (title == NULL) {
        title = title_of_path(p, path);
    }
    out = landing_value_map(p);
    landing_value_set_cstr(p, out, "title", title);
    landing_value_set_cstr(p, out, "path", path);
    return out;
}
