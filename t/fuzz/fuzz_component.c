/*
 * Fuzz target: the component pass (src/component.c) on HTML as it is,
 * without cmark in front, so that the fuzzer reaches every tag shape:
 * attributes of every quoting, entities, Vue bindings, nesting, crossed
 * and unclosed tags, comments and raw text, [[toc]] paragraphs.
 *
 * Byte 0: bit 0 raw HTML on (components are looked for), bit 1 a page
 * with an "On this page" list, bit 2 a small growth bound (1 KB), bit 3
 * the test components (Box, Item, Show, Loop, Work) on top of the
 * built-ins. The rest is the HTML.
 *
 * Checked besides memory safety: the pass ends with success or a bound
 * (APR_ENOSPC), never out of memory; it is deterministic; HTML with no
 * '<' before a capital letter and no [[toc]] comes back as it was, not
 * copied; within the growth bound; and every problem gets a line within
 * the input.
 */
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>

#include "buf.h"
#include "component.h"
#include "fuzz.h"

static const char *const tests[][2] = {
    { "Box", "<div class=\"box\">{{{slot}}}</div>" },
    { "Item", "<i title=\"{{title}}\">{{name}}{{#flag}}!{{/flag}}:{{{slot}}}</i>" },
    { "Show", "[{{a}}|{{cardTitle}}|{{page.title}}|{{path}}]\n" },
    { "Loop", "<Loop>{{{slot}}}</Loop>" },
    { "Work", "{{#page.l}}{{#page.l}}{{x}}{{/page.l}}{{/page.l}}" },
};

static apr_hash_t *templates(apr_pool_t *keep, int with_tests)
{
    static apr_hash_t *builtins, *all;
    const char *err;
    apr_size_t i;

    if (builtins == NULL) {
        FUZZ_ASSERT(landing_component_builtins(keep, &builtins, &err)
                    == APR_SUCCESS);
        all = apr_hash_copy(keep, builtins);
        for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
            landing_template_t *tpl;
            FUZZ_ASSERT(landing_template_compile(keep, tests[i][1],
                                                 strlen(tests[i][1]),
                                                 tests[i][0], &tpl, &err)
                        == APR_SUCCESS);
            apr_hash_set(all, tests[i][0], APR_HASH_KEY_STRING, tpl);
        }
    }
    return with_tests ? all : builtins;
}

static int has_work(const char *s, size_t n, int raw)
{
    size_t i;

    for (i = 0; i + 1 < n; i++) {
        if (s[i] == '<' && raw && ((s[i + 1] >= 'A' && s[i + 1] <= 'Z')
                                   || (s[i + 1] == '/' && i + 2 < n
                                       && s[i + 2] >= 'A'
                                       && s[i + 2] <= 'Z'))) {
            return 1;
        }
    }
    for (i = 0; i + 14 <= n; i++) {
        if (strncasecmp(s + i, "<p>[[toc]]</p>", 14) == 0) {
            return 1;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static apr_pool_t *keep;
    apr_pool_t *p;
    landing_component_conf_t c;
    landing_value_t *page, *toc, *items, *item, *list;
    apr_array_header_t *problems;
    const char *out, *again;
    apr_size_t len, len2, n;
    apr_status_t rv, rv2;
    char *html;
    int opts, i;

    if (size < 1) {
        return 0;
    }
    if (keep == NULL) {
        keep = fuzz_pool();
    }
    opts = data[0];
    p = fuzz_pool();
    n = size - 1;
    /* Exactly the input's bytes, so that ASan sees a read past them. */
    html = malloc(n ? n : 1);
    memcpy(html, data + 1, n);

    page = landing_value_map(p);
    landing_value_set_cstr(p, page, "title", "Fuzz <page>");
    list = landing_value_list(p);
    for (i = 0; i < 64; i++) {
        landing_value_push(p, list, landing_value_str(p, "", 0));
    }
    landing_value_set(p, page, "l", list);
    toc = landing_value_map(p);
    items = landing_value_list(p);
    item = landing_value_map(p);
    landing_value_set_cstr(p, item, "id", "a\"b");
    landing_value_set_cstr(p, item, "text", "A & <B>");
    landing_value_set_cstr(p, item, "children", "");
    landing_value_push(p, items, item);
    landing_value_set(p, toc, "items", items);

    memset(&c, 0, sizeof(c));
    c.templates = templates(keep, opts & 0x08);
    c.raw_html = opts & 0x01;
    c.page = page;
    c.site = landing_value_map(p);
    c.path = "/fuzz.md";
    c.toc = (opts & 0x02) ? toc : NULL;
    c.max_growth = (opts & 0x04) ? 1024 : 16 * 1024 * 1024;

    problems = apr_array_make(p, 4, sizeof(landing_component_problem_t));
    rv = landing_component_expand(p, &c, html, n, &out, &len, problems);
    FUZZ_ASSERT(rv == APR_SUCCESS || rv == APR_ENOSPC);
    if (rv == APR_SUCCESS) {
        FUZZ_ASSERT(len <= n + c.max_growth);
        if (!has_work(html, n, c.raw_html)) {
            FUZZ_ASSERT(out == html && len == n);
        }
        rv2 = landing_component_expand(p, &c, html, n, &again, &len2, NULL);
        FUZZ_ASSERT(rv2 == APR_SUCCESS && len2 == len
                    && memcmp(out, again, len) == 0);
        if (again != html) {
            landing_buf_release((char *)again);
        }
        if (out != html) {
            FUZZ_ASSERT(out[len] == '\0');
            landing_buf_release((char *)out);
        }
    }
    FUZZ_ASSERT(problems->nelts <= LANDING_COMPONENT_MAX_PROBLEMS);
    landing_component_locate(problems, html, n);
    for (i = 0; i < problems->nelts; i++) {
        const landing_component_problem_t *pr =
            &APR_ARRAY_IDX(problems, i, landing_component_problem_t);
        FUZZ_ASSERT(pr->message != NULL && pr->name != NULL);
        FUZZ_ASSERT(pr->line >= 0 && (apr_size_t)pr->line <= n + 1);
    }
    free(html);
    apr_pool_destroy(p);
    return 0;
}
