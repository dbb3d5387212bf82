/* "On this page" from the headings cmark found. */
#include <string.h>

#include "markdown.h"
#include "toc.h"

static landing_value_t *item(apr_pool_t *p, const landing_md_heading_t *h)
{
    landing_value_t *v = landing_value_map(p);

    landing_value_set(p, v, "id", landing_value_str(p, h->id,
                                                    strlen(h->id)));
    landing_value_set(p, v, "text", landing_value_str(p, h->text,
                                                      strlen(h->text)));
    /* Always present (false until an h3 comes), so that {{#children}}
     * in an h3 never finds its h2's by Mustache's outward lookup. */
    landing_value_set(p, v, "children", landing_value_str(p, "", 0));
    return v;
}

landing_value_t *landing_toc_value(apr_pool_t *p,
                                   const apr_array_header_t *headings)
{
    landing_value_t *list = landing_value_list(p), *map;
    landing_value_t *h2 = NULL;
    int i;

    for (i = 0; headings && i < headings->nelts; i++) {
        const landing_md_heading_t *h =
            &APR_ARRAY_IDX(headings, i, landing_md_heading_t);
        if (h->id == NULL || h->level > 3) {
            continue;
        }
        if (h->level == 2) {
            h2 = item(p, h);
            landing_value_push(p, list, h2);
        }
        else if (h2) {
            landing_value_t *children = landing_value_get(h2, "children");
            if (children->type != LANDING_VALUE_MAP) {
                children = landing_value_map(p);
                landing_value_set(p, children, "items",
                                  landing_value_list(p));
                landing_value_set(p, h2, "children", children);
            }
            landing_value_push(p, landing_value_get(children, "items"),
                               item(p, h));
        }
        else {
            landing_value_push(p, list, item(p, h));
        }
    }
    if (list->count == 0) {
        return NULL;
    }
    map = landing_value_map(p);
    landing_value_set(p, map, "items", list);
    return map;
}
