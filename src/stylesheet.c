/* The built-in stylesheet at a content-hashed URL: see stylesheet.h. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "chrome.h"
#include "hash.h"
#include "stylesheet.h"

static const char *hex_of(apr_pool_t *p, const char *css, apr_size_t len)
{
    return apr_psprintf(p, "%016" APR_UINT64_T_HEX_FMT,
                        landing_hash(0, css, len));
}

const char *landing_stylesheet_name(apr_pool_t *p, const char *css,
                                    apr_size_t len)
{
    return apr_pstrcat(p, "landing.", hex_of(p, css, len), ".css", NULL);
}

const char *landing_stylesheet_etag(apr_pool_t *p, const char *css,
                                    apr_size_t len)
{
    return apr_pstrcat(p, "\"L", hex_of(p, css, len), "\"", NULL);
}

/* May @p c stand in a prefix as it is? The unreserved characters of RFC
 * 3986 2.3 and '/': the prefix goes into an href unescaped, and into
 * comparisons with the decoded request path. */
static int path_char(char c)
{
    return apr_isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_'
           || c == '~';
}

const char *landing_stylesheet_parse(apr_pool_t *p, const char *arg,
                                     const char **prefix)
{
    const char *s;
    apr_size_t n = strlen(arg);

    if (strcasecmp(arg, "inline") == 0) {
        *prefix = NULL;
        return NULL;
    }
    if (strcasecmp(arg, "link") == 0) {
        *prefix = LANDING_STYLESHEET_PREFIX;
        return NULL;
    }
    if (arg[0] != '/' || arg[1] == '/') {
        return apr_psprintf(p, "'%s' is not inline, link or a URL-path "
                            "starting with one '/'", arg);
    }
    for (s = arg; *s; s++) {
        if (!path_char(*s)) {
            return apr_psprintf(p, "'%s': a URL-path here holds only "
                                "letters, digits and / - . _ ~", arg);
        }
        /* A "." or ".." segment: the browser would resolve it away, and
         * the link would name another URL than the one answered. */
        if (*s == '/' && s[1] == '.'
            && (s[2] == '/' || s[2] == '\0'
                || (s[2] == '.' && (s[3] == '/' || s[3] == '\0')))) {
            return apr_psprintf(p, "'%s': no '.' or '..' segments", arg);
        }
        if (*s == '/' && s[1] == '/') {
            return apr_psprintf(p, "'%s': no empty segments", arg);
        }
    }
    *prefix = arg[n - 1] == '/' ? apr_pstrdup(p, arg)
                                : apr_pstrcat(p, arg, "/", NULL);
    return NULL;
}

int landing_stylesheet_is_name(const char *name)
{
    static const char head[] = "landing.", tail[] = ".css";
    int i;

    if (strncmp(name, head, sizeof(head) - 1) != 0) {
        return 0;
    }
    name += sizeof(head) - 1;
    for (i = 0; i < 16; i++) {
        if (!apr_isdigit(name[i]) && !(name[i] >= 'a' && name[i] <= 'f')) {
            return 0;
        }
    }
    return strcmp(name + 16, tail) == 0;
}

const char *landing_stylesheet_builtin_url(apr_pool_t *p, const char *prefix)
{
    return apr_pstrcat(p, prefix,
                       landing_stylesheet_name(p, landing_chrome_stylesheet,
                                               landing_chrome_stylesheet_len),
                       NULL);
}
