/* URLs from pages and the navigation: which are paths on this site. */
#include <string.h>
#include <strings.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "url.h"

/* The WHATWG URL parser removes every tab and line break from a URL
 * before it reads it (URL Standard, "basic URL parser", step 3). */
static const char *skip_ignored(const char *s)
{
    while (*s == '\t' || *s == '\n' || *s == '\r') {
        s++;
    }
    return s;
}

int landing_url_is_site_path(const char *s)
{
    const char *next;

    if (s == NULL || *s != '/') {
        return 0;
    }
    next = skip_ignored(s + 1);
    return *next != '/' && *next != '\\';
}

apr_size_t landing_url_scheme(const char *s)
{
    const char *q = s;

    if (!apr_isalpha(*q)) {
        return 0;
    }
    while (apr_isalnum(*q) || *q == '+' || *q == '-' || *q == '.') {
        q++;
    }
    return *q == ':' ? (apr_size_t)(q - s) : 0;
}

int landing_url_is_web(const char *s)
{
    return s != NULL && (strncasecmp(s, "https://", 8) == 0
                         || strncasecmp(s, "http://", 7) == 0
                         || landing_url_is_site_path(s));
}

const char *landing_url_site_path(apr_pool_t *p, const char *path)
{
    const char *s;

    if (landing_url_is_site_path(path)) {
        return path;
    }
    if (path == NULL || *path != '/') {
        return "/";
    }
    for (s = path; *s == '/' || *s == '\\' || *s == '\t' || *s == '\n'
                   || *s == '\r'; s++) {
    }
    return apr_pstrcat(p, "/", s, NULL);
}
