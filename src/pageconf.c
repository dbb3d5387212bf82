/* A page's configuration: settings over the built-in defaults. */
#include <string.h>
#include <apr_file_io.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "chrome.h"
#include "layout.h"
#include "markdown.h"
#include "pageconf.h"
#include "url.h"
#include "partials.h"

void landing_pageconf_make(apr_pool_t *p, landing_page_conf_t *pc,
                           apr_hash_t *templates,
                           const landing_template_t *builtin,
                           const landing_site_t *site, int raw_html)
{
    memset(pc, 0, sizeof(*pc));
    pc->layouts = templates;
    if (builtin && (templates == NULL
                    || apr_hash_get(templates, LANDING_DEFAULT_LAYOUT,
                                    APR_HASH_KEY_STRING) == NULL)) {
        pc->layouts = templates ? apr_hash_copy(p, templates)
                                : apr_hash_make(p);
        apr_hash_set(pc->layouts, LANDING_DEFAULT_LAYOUT,
                     APR_HASH_KEY_STRING, builtin);
    }
    /* Built when the settings were read (src/site.c): nothing here grows
     * with their number. */
    pc->site = site ? landing_site_value(site) : landing_value_map(p);
    pc->md_flags = (raw_html ? LANDING_MD_RAW_HTML : 0) | LANDING_GFM_DEFAULT;
    pc->stylesheet = landing_chrome_stylesheet;
    pc->stylesheet_len = landing_chrome_stylesheet_len;
    pc->fm_limits = NULL;
}

void landing_pageconf_components(apr_pool_t *p, landing_page_conf_t *pc,
                                 apr_hash_t *builtins, apr_hash_t *user)
{
    if (user && apr_hash_count(user)) {
        pc->components = builtins ? apr_hash_overlay(p, user, builtins)
                                  : user;
    }
    else {
        pc->components = builtins;
    }
}

apr_status_t landing_pageconf_builtin(apr_pool_t *p,
                                      landing_template_t **tpl,
                                      const char **err)
{
    return landing_template_compile_with(p, landing_chrome_template,
                                         landing_chrome_template_len,
                                         "conf/landing.html",
                                         landing_partials_builtin(), tpl,
                                         err);
}

apr_status_t landing_pageconf_load(apr_pool_t *p, const char *path,
                                   landing_template_t **tpl,
                                   const char **err)
{
    /* The same reading and compiling as LandingLayout's (src/layout.c);
     * a command-line run never reloads, so the first version is it. */
    landing_layout_t *layout;
    apr_status_t rv = landing_layout_open(p, path, &layout, err);

    if (rv == APR_SUCCESS) {
        *tpl = (landing_template_t *)landing_layout_current(layout);
    }
    return rv;
}

const char *landing_pageconf_check_layout_name(apr_pool_t *p,
                                               const char *name)
{
    const char *q;

    if (*name == '\0') {
        return "empty layout name";
    }
    for (q = name; *q; q++) {
        if (!apr_isalnum(*q) && *q != '-' && *q != '_' && *q != '.') {
            return apr_psprintf(p, "layout name '%s' may hold only letters, "
                                "digits, '-', '_' and '.'", name);
        }
    }
    return NULL;
}

const char *landing_pageconf_check_site_key(apr_pool_t *p, const char *key)
{
    const char *q;

    if (*key == '\0') {
        return "empty variable name";
    }
    for (q = key; *q; q++) {
        if (!apr_isalnum(*q) && *q != '_' && *q != '-') {
            return apr_psprintf(p, "variable name '%s' may hold only "
                                "letters, digits, '-' and '_'", key);
        }
    }
    return NULL;
}

const char *landing_pageconf_check_base(apr_pool_t *p, const char *url)
{
    apr_size_t n;

    if (*url == '\0' || strchr(url, '"') || strchr(url, '<')
        || strchr(url, ' ')) {
        return apr_psprintf(p, "'%s' is not a URL", url);
    }
    /* A base without a scheme would make links relative to each page
     * ("git.example.com/edit/..." under /guide/): say what to write. */
    n = landing_url_scheme(url);
    if (n == 0 || strncmp(url + n, "://", 3) != 0 || url[n + 3] == '\0') {
        return apr_psprintf(p, "'%s' has no scheme; give a whole URL such "
                            "as 'https://%s', or 'none'", url,
                            url[0] == '/' && url[1] == '/' ? url + 2 : url);
    }
    return NULL;
}
