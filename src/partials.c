/* Partials: the built-in ones, and the files the others name. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "chrome.h"
#include "partials.h"

int landing_partials_builtin_find(const char *name, const char **src,
                                  apr_size_t *len)
{
    const landing_embedded_t *e;

    /* A handful of names: a walk is as fast as anything. */
    for (e = landing_chrome_partials; e->name; e++) {
        if (strcmp(e->name, name) == 0) {
            *src = e->src;
            *len = e->len;
            return 1;
        }
    }
    return 0;
}

/* The names there are, for messages. */
static const char *builtin_names(apr_pool_t *p)
{
    const landing_embedded_t *e;
    const char *s = "";

    for (e = landing_chrome_partials; e->name; e++) {
        s = apr_pstrcat(p, s, *s ? ", " : "", e->name, NULL);
    }
    return s;
}

static const char *unknown_builtin(apr_pool_t *p, const char *name)
{
    return apr_psprintf(p, "no built-in partial '%s' (there are %s)", name,
                        builtin_names(p));
}

static apr_status_t load_builtin(void *baton, apr_pool_t *p,
                                 const char *from, const char *name,
                                 const char **file, const char **src,
                                 apr_size_t *len, const char **err)
{
    (void)baton;
    (void)from;
    if (!landing_partials_builtin_find(name, src, len)) {
        *err = strncmp(name, LANDING_PARTIALS_BUILTIN,
                       sizeof(LANDING_PARTIALS_BUILTIN) - 1) == 0
               ? unknown_builtin(p, name)
               : apr_psprintf(p, "a built-in template includes only "
                              "built-in partials (%s)", builtin_names(p));
        return APR_NOTFOUND;
    }
    *file = name;
    return APR_SUCCESS;
}

const landing_partials_t *landing_partials_builtin(void)
{
    static const landing_partials_t builtin = { load_builtin, NULL };
    return &builtin;
}

const char *landing_partials_file(apr_pool_t *p, const char *from,
                                  const char *name, const char **err)
{
    const char *q, *part = name, *slash;

    if (strncmp(name, LANDING_PARTIALS_BUILTIN,
                sizeof(LANDING_PARTIALS_BUILTIN) - 1) == 0) {
        *err = unknown_builtin(p, name);
        return NULL;
    }
    for (q = name; ; q++) {
        if (*q == '/' || *q == '\0') {
            apr_size_t n = q - part;
            if (n == 0 || (n == 1 && part[0] == '.')
                || (n == 2 && part[0] == '.' && part[1] == '.')) {
                *err = apr_psprintf(p, "partial name '%s' must be a "
                                    "relative path below the template's "
                                    "directory", name);
                return NULL;
            }
            if (*q == '\0') {
                break;
            }
            part = q + 1;
        }
        else if (!apr_isalnum(*q) && *q != '-' && *q != '_' && *q != '.') {
            *err = apr_psprintf(p, "partial name '%s' may hold only "
                                "letters, digits, '-', '_', '.' and '/'",
                                name);
            return NULL;
        }
    }
    slash = strrchr(from, '/');
    if (slash == NULL) {
        return apr_pstrcat(p, name, ".html", NULL);
    }
    return apr_pstrcat(p, apr_pstrmemdup(p, from, slash - from + 1), name,
                       ".html", NULL);
}
