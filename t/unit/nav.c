/* Unit tests for src/nav and src/toc: compiling a navigation file, its
 * errors, and the values a page gets (tabs, sidebar, breadcrumbs, footer,
 * "On this page"). */
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "markdown.h"
#include "nav.h"
#include "tap.h"
#include "toc.h"

static apr_pool_t *pool;

static const char site_yaml[] =
    "nav:\n"
    "  - title: Home\n"
    "    path: /\n"
    "  - title: Guide\n"
    "    path: /guide/\n"
    "    children:\n"
    "      - title: Install\n"
    "        path: /guide/install.md\n"
    "      - title: Configure\n"
    "        path: /guide/configure.md\n"
    "        children:\n"
    "          - title: Advanced\n"
    "            path: /guide/configure/advanced.md\n"
    "          - title: Expert\n"
    "            path: /guide/configure/expert.md\n"
    "      - title: Upgrade\n"
    "        path: /guide/upgrade/index.md\n"
    "        children:\n"
    "          - title: From 1.x\n"
    "            path: /guide/upgrade/from-1.md\n"
    "  - title: API\n"
    "    path: /api\n"
    "    children:\n"
    "      - title: Errors\n"
    "        path: /api/errors.md?x=1#top\n"
    "  - title: Blog\n"
    "    path: https://blog.example.org/\n"
    "footer:\n"
    "  - title: Imprint\n"
    "    path: /imprint.md\n";

static landing_nav_t *compile(const char *yaml, const char **err)
{
    landing_nav_t *nav = NULL;
    *err = NULL;
    if (landing_nav_compile(pool, yaml, strlen(yaml), "nav.yml", &nav, err)
        != APR_SUCCESS) {
        return NULL;
    }
    return nav;
}

static const char *flag(const landing_value_t *item, const char *key,
                        const char *mark)
{
    return landing_value_truthy(landing_value_get(item, key)) ? mark : "";
}

/* "title[*]" per item: * current, ^ active (not current). */
static const char *list_titles(const landing_value_t *map)
{
    const landing_value_t *items = landing_value_get(map, "items");
    const landing_entry_t *e;
    const char *s = "";

    if (items == NULL) {
        return "(none)";
    }
    for (e = items->first; e; e = e->next) {
        int cur = landing_value_truthy(landing_value_get(e->value,
                                                         "current"));
        s = apr_pstrcat(pool, s, *s ? " | " : "",
                        landing_value_get_str(e->value, "title"),
                        cur ? "*" : flag(e->value, "active", "^"), NULL);
    }
    return s;
}

/* The flat sidebar as "DEPTH:title[flags]" with ")" per closed list:
 * * current, ^ active, + expanded, - collapsed. */
static const char *sidebar_shape(const landing_value_t *sidebar)
{
    const landing_value_t *items = landing_value_get(sidebar, "items");
    const landing_entry_t *e;
    const char *s = "";

    if (items == NULL) {
        return "(none)";
    }
    for (e = items->first; e; e = e->next) {
        const landing_value_t *v = e->value;
        apr_size_t closes = landing_value_get(v, "close")->count;
        int cur = landing_value_truthy(landing_value_get(v, "current"));
        s = apr_pstrcat(pool, s, *s ? " " : "",
                        landing_value_get_str(v, "depth"), ":",
                        landing_value_get_str(v, "title"),
                        cur ? "*" : flag(v, "active", "^"),
                        flag(v, "expanded", "+"), flag(v, "collapsed", "-"),
                        NULL);
        while (closes--) {
            s = apr_pstrcat(pool, s, ")", NULL);
        }
    }
    return s;
}

static void test_values(void)
{
    const char *err;
    landing_nav_t *nav = compile(site_yaml, &err);
    landing_nav_values_t v;

    if (!ok(nav != NULL, "the site's nav compiles")) {
        diag("%s", err);
        return;
    }

    /* A page in the tree, one level down. */
    landing_nav_values(pool, nav, "/guide/install.md", "Install page",
                       "Site", NULL, &v);
    is_str(list_titles(v.tabs), "Home | Guide^ | API | Blog",
           "tabs: the section is active");
    is_str(landing_value_get_str(v.sidebar, "title"), "Guide",
           "sidebar: the section's title");
    is_str(sidebar_shape(v.sidebar), "1:Install* 1:Configure- 1:Upgrade-",
           "sidebar: page current, other groups collapsed");
    is_str(list_titles(v.breadcrumbs), "Home | Guide | Install*",
           "breadcrumbs: the root item, the ancestors, the page");
    is_str(list_titles(v.footer), "Imprint", "footer links");

    /* Two levels down: the way there is expanded, and closed again. */
    landing_nav_values(pool, nav, "/guide/configure/expert.md", "", "Site",
                       NULL, &v);
    is_str(sidebar_shape(v.sidebar), "1:Install 1:Configure^+ 2:Advanced "
           "2:Expert*) 1:Upgrade-", "sidebar: ancestor expanded");
    is_str(list_titles(v.breadcrumbs), "Home | Guide | Configure | Expert*",
           "breadcrumbs: two ancestors");

    /* A group's own page: expanded, current. */
    landing_nav_values(pool, nav, "/guide/upgrade/", "", "Site", NULL, &v);
    is_str(sidebar_shape(v.sidebar), "1:Install 1:Configure- 1:Upgrade*+ "
           "2:From 1.x)", "the current page's children are shown");
    landing_nav_values(pool, nav, "/guide/upgrade/index.html", "", "Site",
                       NULL, &v);
    is_str(sidebar_shape(v.sidebar), "1:Install 1:Configure- 1:Upgrade*+ "
           "2:From 1.x)", "index.html is its directory too");

    /* The section's page: its tab and the sidebar's title are current. */
    landing_nav_values(pool, nav, "/guide/index.md", "", "Site", NULL, &v);
    is_str(list_titles(v.tabs), "Home | Guide* | API | Blog",
           "the section page's tab is current");
    ok(landing_value_truthy(landing_value_get(v.sidebar, "current")),
       "and the sidebar's title");
    is_str(list_titles(v.breadcrumbs), "Home | Guide*", "two crumbs");

    /* Nav paths are matched without query, fragment or trailing '/'. */
    landing_nav_values(pool, nav, "/api/errors.md", "", "Site", NULL, &v);
    is_str(sidebar_shape(v.sidebar), "1:Errors*", "query and fragment "
           "ignored");
    landing_nav_values(pool, nav, "/api/", "", "Site", NULL, &v);
    is_str(list_titles(v.tabs), "Home | Guide | API* | Blog",
           "/api/ is the item /api");

    /* A page the tree does not list: its directory's item stands in. */
    landing_nav_values(pool, nav, "/guide/upgrade/other.md", "Other",
                       "Site", NULL, &v);
    is_str(sidebar_shape(v.sidebar), "1:Install 1:Configure- 1:Upgrade^+ "
           "2:From 1.x)", "unlisted: its directory's item is active and "
           "expanded, nothing current");
    is_str(list_titles(v.breadcrumbs), "Home | Guide | Upgrade | Other*",
           "unlisted: URL segments named by the tree");
    /* configure.md is a page, not the directory configure/. */
    landing_nav_values(pool, nav, "/guide/configure/other.md", "Other",
                       "Site", NULL, &v);
    is_str(sidebar_shape(v.sidebar), "1:Install 1:Configure- 1:Upgrade-",
           "a page is no directory prefix");
    is_str(list_titles(v.breadcrumbs), "Home | Guide | Configure | Other*",
           "a directory without an item: its name, read as a title");
    landing_nav_values(pool, nav, "/misc/deep/x.md", "", "Site", NULL, &v);
    ok(v.sidebar == NULL, "no section: no sidebar");
    is_str(list_titles(v.tabs), "Home | Guide | API | Blog",
           "the root is no prefix: no tab active");
    is_str(list_titles(v.breadcrumbs), "Home | Misc | Deep | x.md*",
           "no title: the last segment");
    {
        const landing_entry_t *e = landing_value_get(v.breadcrumbs,
                                                     "items")->first;
        is_str(landing_value_get_str(e->next->value, "path"), "/misc/",
               "a segment's path is its directory");
        is_str(landing_value_get_str(e->next->next->next->value, "path"),
               "/misc/deep/x.md", "the page's path is the request's");
    }

    /* The root page: one crumb, so none. */
    landing_nav_values(pool, nav, "/", "Home", "Site", NULL, &v);
    ok(v.breadcrumbs == NULL, "home: no breadcrumbs");
    ok(v.sidebar == NULL, "home: no children, no sidebar");
    is_str(list_titles(v.tabs), "Home* | Guide | API | Blog", "home tab");

    /* Without a nav: only breadcrumbs, from the URL. */
    landing_nav_values(pool, NULL, "/a/b.md", "B", "My Site", NULL, &v);
    ok(v.tabs == NULL && v.sidebar == NULL && v.footer == NULL,
       "no nav: no tabs, sidebar or footer");
    is_str(list_titles(v.breadcrumbs), "My Site | A | B*",
           "no nav: the home title given");
    landing_nav_values(pool, NULL, "/b.md", "B", "Home", NULL, &v);
    is_str(list_titles(v.breadcrumbs), "Home | B*", "top level");

    /* A request path that starts "//" or "/\\" (MergeSlashes Off, an
     * encoded backslash) gives crumbs on this site, not another host. */
    {
        static const char *const paths[] = { "//evil.example/x.md",
                                             "/\\evil.example/x.md",
                                             "/\t//evil.example/x.md" };
        int i;
        for (i = 0; i < 3; i++) {
            const landing_entry_t *e;
            const char *all = "";
            landing_nav_values(pool, nav, paths[i], "X", "Home", NULL, &v);
            for (e = landing_value_get(v.breadcrumbs, "items")->first; e;
                 e = e->next) {
                all = apr_pstrcat(pool, all, " ",
                                  landing_value_get_str(e->value, "path"),
                                  NULL);
            }
            is_str(all, " / /evil.example/ /evil.example/x.md",
                   "crumbs of request path %d are site paths", i);
        }
    }
}

/* A front end's directory look-up: "/" and "/docs/" serve nothing,
 * "/docs/guide/" serves an index page titled "The guide", anything else
 * serves without a title. Counts its calls. */
static int lookups;

static int fake_lookup(void *baton, apr_pool_t *p, const char *dir,
                       const char **title)
{
    (void)baton;
    (void)p;
    lookups++;
    *title = NULL;
    if (strcmp(dir, "/") == 0 || strcmp(dir, "/docs/") == 0) {
        return 0;
    }
    if (strcmp(dir, "/docs/guide/") == 0) {
        *title = "The guide";
    }
    return 1;
}

/* "title=path" per crumb. */
static const char *crumb_links(const landing_value_t *map)
{
    const landing_entry_t *e;
    const char *s = "";

    for (e = landing_value_get(map, "items")->first; e; e = e->next) {
        s = apr_pstrcat(pool, s, *s ? " | " : "",
                        landing_value_get_str(e->value, "title"), "=",
                        landing_value_get_str(e->value, "path"), NULL);
    }
    return s;
}

static void test_lookup(void)
{
    landing_nav_lookup_t look = { fake_lookup, NULL };
    landing_nav_values_t v;
    const char *err;
    landing_nav_t *nav = compile(site_yaml, &err);

    lookups = 0;
    landing_nav_values(pool, NULL, "/docs/guide/getting-started/first.md",
                       "First steps", "Home", &look, &v);
    is_str(crumb_links(v.breadcrumbs), "Home= | Docs= | The guide="
           "/docs/guide/ | Getting started=/docs/guide/getting-started/ | "
           "First steps=/docs/guide/getting-started/first.md",
           "crumbs: linked only where something is served, titled "
           "by the index page or the name");
    is_int(lookups, 4, "one look-up per directory, the page's own none");

    /* The navigation's items are linked as it says; Home is its "/". */
    lookups = 0;
    landing_nav_values(pool, nav, "/guide/upgrade/other.md", "Other",
                       "Site", &look, &v);
    is_str(crumb_links(v.breadcrumbs), "Home=/ | Guide=/guide/ | "
           "Upgrade=/guide/upgrade/index.md | Other=/guide/upgrade/other.md",
           "nav items keep their links");
    is_int(lookups, 0, "no look-up for what the navigation names");
}

/* Previous and next: the nav's document order, pages only. */
static void test_prev_next(void)
{
    const char *err;
    landing_nav_t *nav = compile(site_yaml, &err);
    landing_nav_values_t v;

    landing_nav_values(pool, nav, "/guide/install.md", "", "Site", NULL,
                       &v);
    is_str(landing_value_get_str(v.prev, "title"), "Guide",
           "prev: the section's page comes before its first child");
    is_str(landing_value_get_str(v.next, "path"), "/guide/configure.md",
           "next: the following sibling");
    landing_nav_values(pool, nav, "/guide/configure/expert.md", "", "Site",
                       NULL, &v);
    is_str(landing_value_get_str(v.next, "title"), "Upgrade",
           "next after a nested list: back up a level");
    landing_nav_values(pool, nav, "/guide/upgrade/from-1.md", "", "Site",
                       NULL, &v);
    is_str(landing_value_get_str(v.next, "title"), "API",
           "next after a section's last page: the next section");
    landing_nav_values(pool, nav, "/", "", "Site", NULL, &v);
    ok(v.prev == NULL, "the first page has no prev");
    is_str(landing_value_get_str(v.next, "title"), "Guide", "home: next");
    landing_nav_values(pool, nav, "/api/errors.md", "", "Site", NULL, &v);
    ok(v.next == NULL, "the last page has no next (the Blog URL is no "
       "page)");
    landing_nav_values(pool, nav, "/guide/other.md", "", "Site", NULL, &v);
    ok(v.prev == NULL && v.next == NULL, "a page the nav does not list: "
       "none");
    is_str(landing_nav_title(pool, nav, "/guide/upgrade/"), "Upgrade",
           "a path's title in the nav");
    ok(landing_nav_title(pool, nav, "/nowhere.md") == NULL,
       "a path the nav does not list has none");
}

static void test_errors(void)
{
    static const struct {
        const char *yaml;
        const char *err;
        const char *why;
    } cases[] = {
        { "- title: A\n  path: /a\n  childs: []\n",
          "nav.yml:3:11: unknown key 'childs' (an item has title, path and "
          "children)", "unknown key" },
        { "- title: A\n- title: B\n  path: /b\n",
          "nav.yml:1:3: the item has no 'path'", "missing path" },
        { "- path: /a\n", "nav.yml:1:3: the item has no 'title'",
          "missing title" },
        { "- title: ''\n  path: /a\n",
          "nav.yml:1:10: 'title' must be a non-empty string", "empty title" },
        { "- title: [x]\n  path: /a\n",
          "nav.yml:1:10: 'title' must be a non-empty string",
          "title not a string" },
        { "- title: A\n  path: a/b\n",
          "nav.yml:2:9: path 'a/b' must start with '/' or be a URL with a "
          "scheme", "relative path" },
        { "- title: A\n  path: //evil.example/x\n",
          "nav.yml:2:9: path '//evil.example/x' leads to another host: a "
          "path on this site starts with one '/'", "a path with //" },
        { "- title: A\n  path: '/\\evil.example/x'\n",
          "nav.yml:2:9: path '/\\evil.example/x' leads to another host: a "
          "path on this site starts with one '/'", "a path with /\\" },
        { "nav: []\nfooter:\n  - title: F\n    path: \"/\\t//evil\"\n",
          "nav.yml:4:11: path '/\t//evil' leads to another host: a "
          "path on this site starts with one '/'", "a footer path /TAB//" },
        { "- title: A\n  path: /a\n  children: {}\n",
          "nav.yml:3:13: 'children' must be a list of items",
          "children a map" },
        { "- just text\n",
          "nav.yml:1:3: an item must be a map with 'title' and 'path'",
          "item a scalar" },
        { "title: A\n",
          "nav.yml:1:8: unknown key 'title' (the file has 'nav' and "
          "'footer')", "a map without nav" },
        { "footer: []\n", "nav.yml:1:1: 'nav' must be a list of items",
          "footer alone" },
        { "nav: []\nfooter: x\n",
          "nav.yml:2:9: 'footer' must be a list of items", "footer scalar" },
        { "", "nav.yml:1:1: the navigation must be a list of items (title, "
          "path, children)", "empty file" },
        { "- title: A\n  path: /a\n - x\n", NULL, "YAML syntax error" },
    };
    apr_size_t i;
    const char *err;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ok(compile(cases[i].yaml, &err) == NULL, "error: %s", cases[i].why);
        if (cases[i].err) {
            is_str(err, cases[i].err, "message: %s", cases[i].why);
        }
        else {
            has_str(err, "nav.yml:3:2: ", "position: %s", cases[i].why);
        }
    }

    /* Aliases are followed, but a tree that doubles at every level stops
     * at the item bound instead of filling memory. */
    {
        const char *yaml = "- &a0 {title: x, path: /x}\n";
        int l;
        for (l = 1; l <= 20; l++) {
            yaml = apr_psprintf(pool, "%s- &a%d {title: x, path: /x, "
                                "children: [*a%d, *a%d]}\n", yaml, l, l - 1,
                                l - 1);
        }
        ok(compile(yaml, &err) == NULL, "alias doubling: an error");
        has_str(err, "more than 100000 items", "alias doubling: the bound");
    }

    /* Good: a list root, URLs with schemes, aliases. */
    ok(compile("- &g {title: G, path: /g}\n- title: M\n"
               "  path: mailto:docs@example.org\n- *g\n", &err) != NULL,
       "list root, mailto: and an alias compile");
}

/* "text" per toc item. */
static const char *toc_texts(const landing_value_t *map)
{
    const landing_value_t *items = landing_value_get(map, "items");
    const landing_entry_t *e;
    const char *s = "";

    if (items == NULL) {
        return "(none)";
    }
    for (e = items->first; e; e = e->next) {
        s = apr_pstrcat(pool, s, *s ? " | " : "",
                        landing_value_get_str(e->value, "text"), NULL);
    }
    return s;
}

static void test_toc(void)
{
    landing_md_t md;
    landing_value_t *toc;
    const landing_entry_t *e;
    const char *src = "## Lone h3 first\n### Early\n## One\n### One.a\n"
                      "#### deep\n### One.b\n## Two\n##\n## Three\n";

    /* An h3 before the first h2 stands alone. */
    landing_md_render(pool, "### Early\n## One\n### One.a\n", 17 + 3, 0,
                      &md);
    toc = landing_toc_value(pool, md.headings);
    is_str(toc_texts(toc), "Early | One", "an h3 before any h2: own item");

    landing_md_render(pool, src, strlen(src), 0, &md);
    toc = landing_toc_value(pool, md.headings);
    is_str(toc_texts(toc), "Lone h3 first | One | Two | Three",
           "h2 items; no h4, no slug-less heading");
    e = landing_value_get(toc, "items")->first;
    is_str(toc_texts(landing_value_get(e->value, "children")), "Early",
           "h3 under its h2");
    e = e->next;
    is_str(landing_value_get_str(e->value, "id"), "one", "item id");
    is_str(toc_texts(landing_value_get(e->value, "children")),
           "One.a | One.b", "h3s nested, h4 skipped");
    e = e->next;
    ok(!landing_value_truthy(landing_value_get(e->value, "children")),
       "no h3: children false");

    landing_md_render(pool, "# Only a title\n", 15, 0, &md);
    ok(landing_toc_value(pool, md.headings) == NULL, "no h2: no toc");
    landing_md_render(pool, "## A\n", 5, LANDING_MD_NO_HEADING_IDS, &md);
    ok(landing_toc_value(pool, md.headings) == NULL, "no ids: no toc");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    test_values();
    test_lookup();
    test_prev_next();
    test_errors();
    test_toc();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
