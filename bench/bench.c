/*
 * bench: how fast the core renders one body, in one process.
 *
 *   bench --cmark FILE [SECONDS]   cmark-gfm alone on the body (front
 *                                  matter cut off), with the default
 *                                  extensions: parse and render to HTML
 *   bench --page FILE [SECONDS]    the whole page: front matter, cmark,
 *                                  the built-in chrome
 *
 * Prints one line: "renders N seconds S per_render_us U mb_per_s M".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_file_io.h>
#include <apr_time.h>
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include "component.h"
#include "frontmatter.h"
#include "gfm.h"
#include "markdown.h"
#include "mdguard.h"
#include "page.h"
#include "pageconf.h"
#include "stylesheet.h"

static int usage(void)
{
    fprintf(stderr, "usage: bench --cmark|--page FILE [SECONDS]\n");
    return 2;
}

int main(int argc, char **argv)
{
    apr_pool_t *pool, *iter;
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_size_t got;
    char *src;
    int page_mode;
    double seconds = argc > 3 ? atof(argv[3]) : 2.0;
    apr_time_t start, end;
    long n = 0;
    landing_page_conf_t pc;
    apr_hash_t *components;
    landing_template_t *tpl;
    landing_fm_t fm;
    const char *err;
    double elapsed;

    /* Under valgrind (callgrind counting instructions) a page takes fifty
     * times as long: BENCH_NO_TIME_LIMIT=1 lifts the parse's time limit. */
    if (getenv("BENCH_NO_TIME_LIMIT")) {
        landing_mdguard_time_limit(0);
    }
    if (argc < 3 || seconds <= 0) {
        return usage();
    }
    if (strcmp(argv[1], "--cmark") == 0) {
        page_mode = 0;
    }
    else if (strcmp(argv[1], "--page") == 0) {
        page_mode = 1;
    }
    else {
        return usage();
    }
    apr_initialize();
    apr_pool_create(&pool, NULL);
    if (apr_file_open(&fd, argv[2], APR_FOPEN_READ, APR_OS_DEFAULT, pool)
        || apr_file_info_get(&fi, APR_FINFO_SIZE, fd)) {
        fprintf(stderr, "bench: cannot read %s\n", argv[2]);
        return 1;
    }
    src = apr_palloc(pool, (apr_size_t)fi.size + 1);
    apr_file_read_full(fd, src, (apr_size_t)fi.size, &got);

    if (landing_pageconf_builtin(pool, &tpl, &err) != APR_SUCCESS) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    landing_pageconf_make(pool, &pc, NULL, tpl, NULL, 1);
    /* The stylesheet linked, as the module's default. */
    pc.stylesheet_url = landing_stylesheet_builtin_url(
        pool, LANDING_STYLESHEET_PREFIX);
    /* The built-in components, as the module has them. */
    if (landing_component_builtins(pool, &components, &err)
        != APR_SUCCESS) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    landing_pageconf_components(pool, &pc, components, NULL);
    landing_fm_parse(pool, src, got, NULL, &fm);

    apr_pool_create(&iter, pool);
    start = apr_time_now();
    do {
        if (page_mode) {
            landing_page_t page;
            if (landing_page_render(iter, &pc, src, got, "/bench.md", &page)
                != LANDING_PAGE_RENDERED) {
                fprintf(stderr, "bench: %s is not a Landing page\n",
                        argv[2]);
                return 1;
            }
            landing_buf_release(page.html);
        }
        else {
            /* cmark-gfm's own API, with the options and the extensions
             * the filter uses by default: the baseline that everything
             * else is measured against. */
            int opts = CMARK_OPT_UNSAFE | CMARK_OPT_VALIDATE_UTF8;
            cmark_parser *parser = cmark_parser_new(opts);
            cmark_node *doc;
            char *html;
            landing_gfm_attach(parser, LANDING_GFM_DEFAULT);
            cmark_parser_feed(parser, fm.body, fm.body_len);
            doc = cmark_parser_finish(parser);
            html = cmark_render_html(doc, opts,
                                     cmark_parser_get_syntax_extensions(
                                         parser));
            cmark_parser_free(parser);
            cmark_node_free(doc);
            free(html);
        }
        apr_pool_clear(iter);
        n++;
        end = apr_time_now();
    } while ((double)(end - start) < seconds * APR_USEC_PER_SEC);

    elapsed = (double)(end - start) / APR_USEC_PER_SEC;
    printf("renders %ld seconds %.3f per_render_us %.1f mb_per_s %.1f\n",
           n, elapsed, elapsed * 1e6 / n,
           (double)got * n / elapsed / (1024 * 1024));
    apr_pool_destroy(pool);
    apr_terminate();
    return 0;
}
