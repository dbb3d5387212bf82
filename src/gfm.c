/* GitHub's extensions: names, flags, registration once, attaching. */
#include <pthread.h>
#include <string.h>
#include <apr_strings.h>
#include <cmark-gfm-core-extensions.h>

#include "container.h"
#include "gfm.h"

/* In the order the README and the error messages list them; footnotes,
 * a parser option, has no extension to attach. */
static const struct {
    const char *name;
    int flag;
} known[] = {
    { "table", LANDING_GFM_TABLE },
    { "strikethrough", LANDING_GFM_STRIKETHROUGH },
    { "tasklist", LANDING_GFM_TASKLIST },
    { "autolink", LANDING_GFM_AUTOLINK },
    { "tagfilter", LANDING_GFM_TAGFILTER },
    { "footnotes", LANDING_GFM_FOOTNOTES },
};
#define N_KNOWN (sizeof(known) / sizeof(known[0]))

const char landing_gfm_names[] =
    "table strikethrough tasklist autolink tagfilter footnotes";

static cmark_syntax_extension *ext[N_KNOWN];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    apr_size_t i;

    cmark_gfm_core_extensions_ensure_registered();
    /* Custom containers (container.h) are made here too, before any
     * child starts. */
    landing_container_init();
    for (i = 0; i < N_KNOWN; i++) {
        if (known[i].flag != LANDING_GFM_FOOTNOTES) {
            ext[i] = cmark_find_syntax_extension(known[i].name);
        }
    }
}

void landing_gfm_init(void)
{
    pthread_once(&once, init_once);
}

int landing_gfm_flag(const char *name)
{
    apr_size_t i;

    for (i = 0; i < N_KNOWN; i++) {
        if (strcmp(name, known[i].name) == 0) {
            return known[i].flag;
        }
    }
    return 0;
}

const char *landing_gfm_list(apr_pool_t *p, int flags)
{
    const char *s = NULL;
    apr_size_t i;

    for (i = 0; i < N_KNOWN; i++) {
        if (flags & known[i].flag) {
            s = s ? apr_pstrcat(p, s, " ", known[i].name, NULL)
                  : known[i].name;
        }
    }
    return s ? s : "none";
}

int landing_gfm_parse_list(apr_pool_t *p, const char *text,
                           const char **bad)
{
    char *copy = apr_pstrdup(p, text), *last, *word;
    int flags = 0, none = 0, words = 0;

    *bad = NULL;
    for (word = apr_strtok(copy, " \t,", &last); word;
         word = apr_strtok(NULL, " \t,", &last)) {
        int f = landing_gfm_flag(word);
        words++;
        if (strcmp(word, "none") == 0) {
            none = 1;
        }
        else if (f == 0) {
            *bad = word;
            return -1;
        }
        flags |= f;
    }
    /* "none" stands alone: "none table" is a mistake, not a list. */
    if (words == 0 || (none && words > 1)) {
        *bad = words ? "none" : "";
        return -1;
    }
    return flags;
}

int landing_gfm_options(int flags)
{
    return (flags & LANDING_GFM_FOOTNOTES) ? CMARK_OPT_FOOTNOTES : 0;
}

void landing_gfm_attach(cmark_parser *parser, int flags)
{
    apr_size_t i;

    landing_gfm_init();
    for (i = 0; i < N_KNOWN; i++) {
        if ((flags & known[i].flag) && ext[i]) {
            cmark_parser_attach_syntax_extension(parser, ext[i]);
        }
    }
}
