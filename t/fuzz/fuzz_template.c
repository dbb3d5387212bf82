/*
 * Fuzz target: template compile and expand (src/template.c).
 *
 * Byte 0: the output bound (low nibble, in KiB steps; 0 for none),
 * whether to add the fixed values below (0x10 clear), and whether
 * partials are the built-in ones (0x20 set; else a partial tag is an
 * error). Then the template source, up to
 * the first NUL byte; after it, YAML that becomes the values the
 * template sees (parsed as front matter, so aliases make shared and
 * repeated lists cheaply). A template is trusted configuration, the
 * values are not: no pair may crash, read uninitialized memory, or run
 * unbounded.
 *
 * Checked besides memory safety: expanding twice gives the same bytes,
 * and the output respects the buffer's bound.
 */
#include <string.h>
#include <apr_strings.h>

#include "buf.h"
#include "frontmatter.h"
#include "fuzz.h"
#include "partials.h"
#include "template.h"

static landing_value_t *values_from(apr_pool_t *p, const char *yaml,
                                    size_t len, int fixed)
{
    landing_value_t *root = NULL, *list, *item;
    landing_fm_t fm;
    char *doc = apr_palloc(p, len + 16);
    int i;

    memcpy(doc, "---\n", 4);
    memcpy(doc + 4, yaml, len);
    memcpy(doc + 4 + len, "\n---\n", 5);
    if (landing_fm_parse(p, doc, len + 9, NULL, &fm) == LANDING_FM_OK) {
        root = fm.data;
    }
    if (root == NULL) {
        root = landing_value_map(p);
    }
    if (fixed) {
        /* What a page gives the chrome, so short templates find it. */
        landing_value_set_cstr(p, root, "title", "<T> & \"t\" 'x'");
        landing_value_set_cstr(p, root, "content", "<p>{{title}}</p>");
        landing_value_set(p, root, "empty", landing_value_str(p, "", 0));
        list = landing_value_list(p);
        for (i = 0; i < 3; i++) {
            item = landing_value_map(p);
            landing_value_set_cstr(p, item, "name", i ? "b" : "a<");
            landing_value_push(p, list, item);
        }
        landing_value_set(p, root, "items", list);
        item = landing_value_map(p);
        landing_value_set_cstr(p, item, "title", "{{{content}}}");
        landing_value_set(p, item, "items", list);
        landing_value_set(p, root, "page", item);
    }
    return root;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *src, *nul;
    size_t src_len;
    landing_template_t *tpl;
    landing_value_t *root;
    const char *err;
    landing_buf_t a, b;
    apr_size_t max;
    int opts;

    if (size < 1) {
        return 0;
    }
    opts = data[0];
    max = (apr_size_t)(opts & 0x0f) * 1024;
    src = (const char *)data + 1;
    size--;
    nul = memchr(src, '\0', size);
    src_len = nul ? (size_t)(nul - src) : size;

    p = fuzz_pool();
    /* The template must outlive nothing here; a copy in the pool, as
     * landing_template_compile asks. */
    src = apr_pstrmemdup(p, src, src_len);
    if (landing_template_compile_with(p, src, src_len, "fuzz.html",
                                      opts & 0x20 ? landing_partials_builtin()
                                                  : NULL, &tpl, &err)
        != APR_SUCCESS) {
        /* The template's position, or a built-in partial's. */
        FUZZ_ASSERT(err != NULL && (strncmp(err, "fuzz.html:", 10) == 0
                                    || strncmp(err, "landing/", 8) == 0));
        apr_pool_destroy(p);
        return 0;
    }
    if (!(opts & 0x20)) {
        FUZZ_ASSERT(landing_template_literal_size(tpl) <= src_len);
    }
    root = values_from(p, nul ? nul + 1 : "", nul ? size - src_len - 1 : 0,
                       !(opts & 0x10));

    landing_buf_init(&a, 256);
    a.max = max;
    landing_template_expand(tpl, root, &a);
    landing_buf_init(&b, 256);
    b.max = max;
    landing_template_expand(tpl, root, &b);
    FUZZ_ASSERT(a.failed == b.failed);
    if (!a.failed) {
        FUZZ_ASSERT(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    }
    FUZZ_ASSERT(max == 0 || a.len < max);
    landing_buf_free(&a);
    landing_buf_free(&b);
    apr_pool_destroy(p);
    return 0;
}
