/*
 * Fuzz target: the whole page (src/page.c): front matter, layout lookup,
 * cmark, and the embedded chrome, configured as the module configures it
 * (src/pageconf.c), with the built-in components.
 *
 * Byte 0: bit 0 LandingRawHTML On, bit 1 a site name, bit 2 a site
 * language, bit 3 put "---\nlayout: Landing\n---\n" before the input, so
 * that the fuzzer reaches cmark without first having to write front
 * matter; bits 4-6 a small memory budget for cmark (src/mdguard.h), so
 * that parses give up at every point. Byte 1: the GitHub extensions,
 * bit 0 table, 1 strikethrough, 2 tasklist, 3 autolink, 4 tagfilter,
 * 5 footnotes (LANDING_GFM_* >> 8). The rest is the body.
 *
 * Checked besides memory safety: a rendered page is NUL-free text of the
 * length reported, and with raw HTML off it carries no <script> and no
 * link or image to a javascript:, vbscript:, file: or (non-image) data:
 * URL inside the content. The body parsed under the guard, with or
 * without a budget, renders exactly as cmark-gfm renders it unguarded,
 * with the same extensions.
 */
#include <string.h>
#include <apr_hash.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include <apr_tables.h>
#include <cmark-gfm-extension_api.h>

#include "buf.h"
#include "component.h"
#include "container.h"
#include "fuzz.h"
#include "gfm.h"
#include "html.h"
#include "markdown.h"
#include "mdguard.h"
#include "page.h"
#include "pageconf.h"

static apr_status_t free_copy(void *data)
{
    free(data);
    return APR_SUCCESS;
}

static const char default_fm[] = "---\nlayout: Landing\n---\n";

/* Does @p s (NUL-terminated) hold @p needle, ignoring ASCII case? */
static const char *find_nocase(const char *s, const char *end,
                               const char *needle)
{
    apr_size_t n = strlen(needle);

    for (; s + n <= end; s++) {
        if (strncasecmp(s, needle, n) == 0) {
            return s;
        }
    }
    return NULL;
}

/* cmark's safe mode: no dangerous URL in an href or src attribute. */
static void check_safe_urls(const char *s, const char *end)
{
    static const char *const attrs[] = { "href=\"", "src=\"", NULL };
    static const char *const bad[] = {
        "javascript:", "vbscript:", "file:", NULL
    };
    int a, b;

    for (a = 0; attrs[a]; a++) {
        const char *q = s;
        while ((q = find_nocase(q, end, attrs[a])) != NULL) {
            const char *url = q + strlen(attrs[a]);
            for (b = 0; bad[b]; b++) {
                FUZZ_ASSERT(end - url < (long)strlen(bad[b])
                            || strncasecmp(url, bad[b], strlen(bad[b])));
            }
            if (end - url >= 5 && strncasecmp(url, "data:", 5) == 0) {
                FUZZ_ASSERT(end - url >= 11
                            && strncasecmp(url + 5, "image/", 6) == 0);
            }
            q = url;
        }
    }
}

/* The guard changes nothing in what cmark makes of a body, giving up
 * anywhere leaves nothing behind (LeakSanitizer would say), and the
 * module's renderer (html.c) writes cmark's own bytes. */
static void check_guard(const char *body, size_t len, int opts, int exts)
{
    int cm = CMARK_OPT_VALIDATE_UTF8
             | ((opts & 0x01) ? CMARK_OPT_UNSAFE : 0);
    int k = (opts >> 4) & 0x07;
    apr_size_t budget = k ? (apr_size_t)128 << k : (apr_size_t)-1;
    cmark_node *doc;
    apr_status_t rv;

    rv = landing_mdguard_parse_within(body, len, cm, exts, budget, &doc);
    FUZZ_ASSERT(rv == APR_SUCCESS || rv == LANDING_MD_TOO_COMPLEX);
    FUZZ_ASSERT((rv == APR_SUCCESS) == (doc != NULL));
    if (doc) {
        /* cmark-gfm on its own: its allocator, its renderer. */
        cmark_parser *parser = cmark_parser_new(cm
                                                | landing_gfm_options(exts));
        cmark_node *plain_doc;
        cmark_llist *list;
        char *guarded, *plain;
        landing_buf_t ours;
        apr_size_t olen;
        char *mine;

        landing_container_attach(parser);
        landing_gfm_attach(parser, exts);
        cmark_parser_feed(parser, body, len);
        plain_doc = cmark_parser_finish(parser);
        list = cmark_parser_get_syntax_extensions(parser);
        plain = cmark_render_html(plain_doc, cm, list);
        guarded = cmark_render_html(doc, cm, list);
        cmark_node_free(plain_doc);
        cmark_parser_free(parser);
        FUZZ_ASSERT(strcmp(guarded, plain) == 0);
        landing_buf_init(&ours, 64);
        landing_html_render(doc, cm, exts, NULL, NULL, &ours);
        mine = landing_buf_detach(&ours, &olen);
        FUZZ_ASSERT(mine != NULL && strcmp(mine, plain) == 0);
        free(mine);
        landing_mdguard_free(guarded);
        free(plain);
        landing_mdguard_free_doc(doc);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static landing_template_t *builtin;
    static apr_hash_t *components;
    apr_pool_t *p;
    landing_page_conf_t pc;
    landing_page_t page;
    landing_page_result_e res;
    landing_site_t *site;
    const char *src;
    size_t len;
    int opts, exts;

    if (size < 2) {
        return 0;
    }
    opts = data[0];
    exts = (data[1] << 8) & LANDING_GFM_ALL;
    data += 1;
    size -= 1;
    p = fuzz_pool();
    if (builtin == NULL) {
        /* Compiled once, in a pool that lives as long as the process. */
        apr_pool_t *keep = fuzz_pool();
        const char *err;
        FUZZ_ASSERT(landing_pageconf_builtin(keep, &builtin, &err)
                    == APR_SUCCESS);
        FUZZ_ASSERT(landing_component_builtins(keep, &components, &err)
                    == APR_SUCCESS);
    }
    site = landing_site_make(p);
    if (opts & 0x02) {
        landing_site_set(p, site, "name", "Fuzz <Docs> & \"co\"");
    }
    if (opts & 0x04) {
        landing_site_set(p, site, "lang", "de\" onload=\"x");
    }
    landing_pageconf_make(p, &pc, apr_hash_make(p), builtin, site,
                          opts & 0x01);
    pc.md_flags = (pc.md_flags & ~LANDING_GFM_ALL) | exts;
    /* The built-in components, as the module has them: the component
     * pass runs on every page (fuzz_component.c fuzzes it alone). */
    landing_pageconf_components(p, &pc, components, NULL);

    if (opts & 0x08) {
        char *b = apr_palloc(p, sizeof(default_fm) - 1 + size - 1);
        memcpy(b, default_fm, sizeof(default_fm) - 1);
        memcpy(b + sizeof(default_fm) - 1, data + 1, size - 1);
        src = b;
        len = sizeof(default_fm) - 1 + size - 1;
    }
    else {
        /* A copy of exactly the input's bytes, so that ASan sees any read
         * past the end. */
        char *b = malloc(size - 1 ? size - 1 : 1);
        memcpy(b, data + 1, size - 1);
        apr_pool_cleanup_register(p, b, free_copy, apr_pool_cleanup_null);
        src = b;
        len = size - 1;
    }

    check_guard((const char *)data + 1, size - 1, opts, exts);
    res = landing_page_render(p, &pc, src, len, "/fuzz/page.md", &page);
    if (res == LANDING_PAGE_RENDERED) {
        const char *main_start, *main_end;

        FUZZ_ASSERT(page.html != NULL && page.html[page.len] == '\0');
        if (page.md_problems) {
            /* Unclosed containers are placed on lines of the file (a
             * lone CR ends a line too, as in CommonMark). */
            int i, lines = 1;
            for (i = 0; (size_t)i < len; i++) {
                lines += src[i] == '\n'
                         || (src[i] == '\r'
                             && ((size_t)i + 1 == len || src[i + 1] != '\n'));
            }
            for (i = 0; i < page.md_problems->nelts; i++) {
                const landing_md_problem_t *pr = &APR_ARRAY_IDX(
                    page.md_problems, i, landing_md_problem_t);
                FUZZ_ASSERT(pr->line >= 1 && pr->line <= lines);
            }
        }
        FUZZ_ASSERT(memchr(page.html, '\0', page.len) == NULL);
        if (!(opts & 0x01)) {
            /* The chrome has no script; a page must not bring one. */
            FUZZ_ASSERT(find_nocase(page.html, page.html + page.len,
                                    "<script") == NULL);
            main_start = strstr(page.html, "<main");
            main_end = main_start ? strstr(main_start, "</main>") : NULL;
            FUZZ_ASSERT(main_start && main_end);
            check_safe_urls(main_start, main_end);
        }
        landing_buf_release(page.html);
    }
    else {
        FUZZ_ASSERT(page.html == NULL);
        FUZZ_ASSERT(res != LANDING_PAGE_NOMEM);
    }
    apr_pool_destroy(p);
    return 0;
}
