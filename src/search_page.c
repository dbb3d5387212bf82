/* The search page's body: form, results, paging. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "search_page.h"

static void esc(landing_buf_t *b, const char *s)
{
    landing_buf_add_escaped(b, s, strlen(s));
}

/* @p s for a query string (application/x-www-form-urlencoded). */
static const char *form_encode(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, strlen(s) * 3 + 1), *o = out;
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            *o++ = (char)c;
        }
        else if (c == ' ') {
            *o++ = '+';
        }
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

static void page_link(apr_pool_t *p, landing_buf_t *b,
                      const landing_search_view_t *v, int page,
                      const char *rel, const char *label)
{
    landing_buf_puts(b, "<a rel=\"");
    landing_buf_puts(b, rel);
    landing_buf_puts(b, "\" href=\"");
    esc(b, apr_psprintf(p, "%s?q=%s&page=%d", v->action,
                        form_encode(p, v->query), page));
    landing_buf_puts(b, "\">");
    landing_buf_puts(b, label);
    landing_buf_puts(b, "</a>");
}

static void words(landing_buf_t *b, const landing_search_view_t *v)
{
    int i;

    for (i = 0; v->terms && i < v->terms->nelts; i++) {
        if (i) {
            landing_buf_puts(b, " ");
        }
        esc(b, APR_ARRAY_IDX(v->terms, i, const char *));
    }
}

const char *landing_search_page_title(apr_pool_t *p,
                                      const landing_search_view_t *v)
{
    return v->query && *v->query ? apr_pstrcat(p, "Search: ", v->query, NULL)
                                 : "Search";
}

void landing_search_page(apr_pool_t *p, const landing_search_view_t *v,
                         landing_buf_t *b)
{
    const landing_search_found_t *f = v->found;
    int i, pages;

    landing_buf_puts(b, "<h1>Search</h1>\n"
                     "<form class=\"search-page\" role=\"search\" "
                     "method=\"get\" action=\"");
    esc(b, v->action);
    landing_buf_puts(b, "\">\n<label for=\"search-page-q\">Search the "
                     "docs</label>\n<input id=\"search-page-q\" "
                     "type=\"search\" name=\"q\" value=\"");
    esc(b, v->query ? v->query : "");
    landing_buf_puts(b, "\" maxlength=\""
                     APR_STRINGIFY(LANDING_SEARCH_MAX_QUERY) "\">\n"
                     "<button type=\"submit\">Search</button>\n</form>\n");

    if (v->unavailable) {
        landing_buf_puts(b, "<p class=\"search-unavailable\">");
        esc(b, v->unavailable);
        landing_buf_puts(b, "</p>\n");
        return;
    }
    if (f == NULL) {
        return;
    }
    if (f->total == 0) {
        landing_buf_puts(b, "<p class=\"search-summary\">No results for "
                         "<strong>");
        words(b, v);
        landing_buf_puts(b, "</strong>. Every word must appear in a page; "
                         "try fewer or other words.</p>\n");
        return;
    }
    pages = (f->total + LANDING_SEARCH_PER_PAGE - 1) / LANDING_SEARCH_PER_PAGE;
    if (pages > LANDING_SEARCH_MAX_PAGE) {
        pages = LANDING_SEARCH_MAX_PAGE;
    }
    landing_buf_puts(b, apr_psprintf(p, "<p class=\"search-summary\">%d "
                                     "result%s for <strong>", f->total,
                                     f->total == 1 ? "" : "s"));
    words(b, v);
    landing_buf_puts(b, "</strong>");
    if (pages > 1) {
        landing_buf_puts(b, apr_psprintf(p, ", page %d of %d", v->page,
                                         pages));
    }
    landing_buf_puts(b, "</p>\n");
    landing_buf_puts(b, apr_psprintf(p, "<ol class=\"search-results\" "
                                     "start=\"%d\">\n",
                                     (v->page - 1) * LANDING_SEARCH_PER_PAGE
                                     + 1));
    for (i = 0; i < f->hits->nelts; i++) {
        const landing_search_hit_t *h = &APR_ARRAY_IDX(f->hits, i,
                                                       landing_search_hit_t);
        landing_buf_puts(b, "<li>\n<a class=\"search-title\" href=\"");
        esc(b, h->url);
        landing_buf_puts(b, "\">");
        esc(b, h->title);
        if (*h->heading) {
            landing_buf_puts(b, " <span class=\"search-heading\">\xE2\x80\xBA ");
            esc(b, h->heading);
            landing_buf_puts(b, "</span>");
        }
        landing_buf_puts(b, "</a>\n");
        if (h->section && *h->section) {
            landing_buf_puts(b, "<p class=\"search-section\">");
            esc(b, h->section);
            landing_buf_puts(b, "</p>\n");
        }
        if (*h->snippet) {
            landing_buf_puts(b, "<p class=\"search-snippet\">");
            landing_buf_puts(b, h->snippet);     /* escaped, with marks */
            landing_buf_puts(b, "</p>\n");
        }
        landing_buf_puts(b, "</li>\n");
    }
    landing_buf_puts(b, "</ol>\n");
    if (pages > 1) {
        landing_buf_puts(b, "<nav class=\"search-pages\" aria-label=\""
                         "Result pages\">\n");
        if (v->page > 1) {
            page_link(p, b, v, v->page - 1, "prev", "Previous");
            landing_buf_puts(b, "\n");
        }
        landing_buf_puts(b, apr_psprintf(p, "<span>Page %d of %d</span>\n",
                                         v->page, pages));
        if (v->page < pages) {
            page_link(p, b, v, v->page + 1, "next", "Next");
            landing_buf_puts(b, "\n");
        }
        landing_buf_puts(b, "</nav>\n");
    }
}
