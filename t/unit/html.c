/*
 * Unit tests for src/html: the renderer gives cmark-gfm's
 * cmark_render_html() bytes for the same document, for every kind of node,
 * every option it knows and every set of GitHub extensions, on
 * hand-written cases, on every file of the page corpus and the examples,
 * and on random documents; and with heading ids, the same bytes once the
 * ids and permalinks are taken out.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

#include "buf.h"
#include "container.h"
#include "gfm.h"
#include "html.h"
#include "tap.h"

/* Options to hold the renderer to, each with and without raw HTML. */
static const int option_sets[] = {
    CMARK_OPT_VALIDATE_UTF8,
    CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SOURCEPOS,
    CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_HARDBREAKS | CMARK_OPT_SMART,
    CMARK_OPT_NOBREAKS,
};
#define N_OPTION_SETS (int)(sizeof(option_sets) / sizeof(option_sets[0]))

/* Every set of the six extensions (LANDING_GFM_*, 0x100 to 0x2000). */
#define N_EXT_SETS 64
#define EXT_SET(i) ((i) << 8)

/* Ours for @p doc; malloc'd. */
static char *ours(cmark_node *doc, int opts, int exts,
                  landing_html_heading_fn *fn)
{
    landing_buf_t b;
    apr_size_t len;

    landing_buf_init(&b, 64);
    landing_html_render(doc, opts, exts, fn, NULL, &b);
    return landing_buf_detach(&b, &len);
}

/* Whether parses get the custom containers (container.h), as every
 * parse through mdguard does. */
static int containers;

/* @p md parsed with cmark-gfm's own allocator, @p opts and the
 * extensions @p exts (and the containers, with @c containers); cmark's
 * HTML of it in @p want. */
static cmark_node *parse(const char *md, size_t len, int opts, int exts,
                         char **want)
{
    cmark_parser *parser = cmark_parser_new(opts | landing_gfm_options(exts));
    cmark_node *doc;

    if (containers) {
        landing_container_attach(parser);
    }
    landing_gfm_attach(parser, exts);
    cmark_parser_feed(parser, md, len);
    doc = cmark_parser_finish(parser);
    if (want) {
        *want = cmark_render_html(doc, opts,
                                  cmark_parser_get_syntax_extensions(parser));
    }
    cmark_parser_free(parser);
    return doc;
}

/* Does ours equal cmark's for @p md under @p opts and @p exts? On a
 * difference, the first one is shown (once per call site's name). */
static int same(const char *md, size_t len, int opts, int exts,
                const char *name)
{
    char *want;
    cmark_node *doc = parse(md, len, opts, exts, &want);
    char *got = ours(doc, opts, exts, NULL);
    int eq = got && strcmp(got, want) == 0;

    if (!eq && name) {
        size_t i = 0;
        while (got && got[i] && got[i] == want[i]) {
            i++;
        }
        diag("%s (options %#x, extensions %#x): differs at byte %lu:\n"
             "  cmark: %.60s\n  ours:  %.60s", name, opts, exts,
             (unsigned long)i, want + i, got ? got + i : "(null)");
    }
    free(got);
    free(want);
    cmark_node_free(doc);
    return eq;
}

/* Every option set, with and without raw HTML, each with one set of
 * extensions; over the option sets, the extension sets go round, and
 * with @p all every extension set is tried with every option set. */
static int same_all_options(const char *md, size_t len, const char *name,
                            int all)
{
    int i, e, eq = 1;
    for (i = 0; i < N_OPTION_SETS; i++) {
        for (e = all ? 0 : i; e < N_EXT_SETS; e += all ? 1 : N_EXT_SETS) {
            eq &= same(md, len, option_sets[i], EXT_SET(e), name);
            eq &= same(md, len, option_sets[i] | CMARK_OPT_UNSAFE,
                       EXT_SET(e), name);
        }
    }
    /* And the ones the module uses by default. */
    eq &= same(md, len, CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_UNSAFE,
               LANDING_GFM_DEFAULT, name);
    eq &= same(md, len, CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_UNSAFE,
               LANDING_GFM_ALL, name);
    return eq;
}

static const char *const cases[] = {
    "",
    "plain\n",
    "# h1\n## h2 *em*\n###### h6\nSetext\n===\nTwo\n---\n",
    "para one\nsoft break  \nhard break\\\nbackslash break\n\nnext\n",
    "> quote\n> > nested\n>\n> - item\n\n>\n",
    "- a\n- b\n\n- loose\n\n1. one\n2. two\n\n7) seven\n8) eight\n\n"
    "0. zero\n\n* [ ] task\n+ plus\n",
    "- a\n  - b\n    - c\n\n      para in c\n- d\n",
    "-\n\n- \n  x\n",
    "```\nno info\n```\n\n```c   extra words\nint x = 1 < 2 && \"s\";\n```\n\n"
    "~~~ language-py\nx\n~~~\n\n    indented <code>\n\n```\nunclosed",
    "```a&b\"<>\tx\ny\n```\n",
    "<div class=\"x\">\n*not md*\n</div>\n\n<!-- comment -->\n\n"
    "<?php x ?>\n\n<![CDATA[ y ]]>\n\ninline <b>bold</b> <a href='x'>a</a>\n",
    "***\n---\n___\n* * *\n",
    "`code` ``co`de`` ` a ` *em* **strong** ***both*** _u_ __uu__\n",
    "[link](/url \"title & <more>\") [empty]() [ref][r] <http://auto.link/x?a&b>"
    " <me@example.com>\n\n[r]: /ref%20url 'ref title'\n",
    "[q](<a b> \"t\") [e](&lt;&gt;%5C\\\\%20) [u](\xc3\xa9\xe2\x82\xac/\x7f)"
    " [p](a'b\"c[d]e^f`g{h|i}j~k)\n",
    "[js](javascript:alert(1)) [JS](JavaScript:x) [vb](vbscript:x) "
    "[f](file:///etc/passwd) [d](data:text/html,x) [i](data:image/png;x) "
    "[I](DATA:IMAGE/GIF;x) [s](data:image/svg+xml;x) [w](data:image/webp;x)"
    " [j](data:image/jpeg;x)\n",
    "![alt *em* `code` <i>raw</i>\nsoft ![inner](i.png) [link](l)](img.png "
    "\"img & title\") ![](empty.png) ![x](javascript:y)\n",
    "![a\\\nb](c)\n",
    "&amp; &copy; &#35; &#x22; &nbsp; &bogus; \"quotes\" 'single' / < >\n",
    "a\0b\r\nc\rd\n\xff\xfe invalid \xc3( utf8\n",
    "| not | a | table |\n|---|---|---|\n",
    "- a\n\n\n- b\n\n> q\n\n1. x\n   ```\n   code\n   ```\n",
    "*a **b *c* b** a* _x __y__ x_ **[link *in* strong](u)**\n",
    "# \n## #\n### ###\n#### a ####\n",
    "Title with `code`\n---\n\n> # h1 in quote\n\n- ## h2 in list\n",
    "line one\nline two\n",
    /* GitHub's extensions. */
    "| a | b | c |\n| :-- | :-: | --: |\n| 1 | *2* | `3` |\n| x |\n"
    "| y | z | w | extra |\n\nafter\n",
    "a | b\n--- | ---\nc | d\n\n|x|\n|-|\n",
    "| h |\n|---|\n\n| only | header |\n| --- | --- |\n",
    "| \\| pipe | `a|b` |\n|-|-|\n| ~~s~~ | [l](u) ![i](j) |\n",
    "> | q | t |\n> |---|---|\n> | 1 | 2 |\n\n- | l | t |\n  |---|---|\n",
    "~~struck~~ ~single~ ~~~triple~~~ ~~a *b* c~~ x~~y~~z\n",
    "- [ ] open\n- [x] done\n- [X] Done\n  - [ ] nested\n\n1. [x] ordered\n"
    "\n- [x]\n- [ ]not\n",
    "- [x] loose\n\n- [ ] items\n",
    "www.example.com http://a.b/c?d=e&f=g. foo@bar.example "
    "https://x.y/(z)) mailto:me@x.y\n",
    "Text[^1] and[^note] and again[^1] and[^missing].\n\n"
    "[^1]: First.\n[^note]: Second\n\n    with more.\n\n"
    "[^unused]: Never cited.\n",
    "A[^a].\n\n[^a]:\n    ## Heading in a footnote\n\n    > quote\n",
    "Ref[^x]\n\n[^x]: - list only\n",
    "<title>t</title> <textarea>x</textarea> <STYLE>s</STYLE>\n\n"
    "<script>alert(1)</script>\n\n<xmp> <iframe src=x> <noembed> "
    "<noframes> <plaintext> </script > <scripts> <script/> <scrip\n\n"
    "<div><style>\n</style></div>\n",
};

static void test_cases(void)
{
    size_t i;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* Case 19 has a NUL in it: its length is its own. */
        size_t len = strlen(cases[i]);
        if (strncmp(cases[i], "a\0b", 4) == 0) {
            len = sizeof("a\0b\r\nc\rd\n\xff\xfe invalid \xc3( utf8\n") - 1;
        }
        ok(same_all_options(cases[i], len, "case", 1),
           "case %lu: cmark's HTML, every extension set",
           (unsigned long)i);
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long n;

    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    if (n < 0) {
        /* A directory. */
        fclose(f);
        return NULL;
    }
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)n + 1);
    *len = fread(s, 1, (size_t)n, f);
    s[*len] = '\0';
    fclose(f);
    return s;
}

/* Every file in @p dir; returns how many there were. */
static int test_dir(const char *dir, int *differ)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    if (d == NULL) {
        return 0;
    }
    while ((de = readdir(d)) != NULL) {
        char path[1024];
        size_t len;
        char *s;
        if (de->d_name[0] == '.') {
            continue;
        }
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        s = slurp(path, &len);
        if (s == NULL) {
            continue;
        }
        n++;
        if (!same_all_options(s, len, path, 0)) {
            (*differ)++;
        }
        free(s);
    }
    closedir(d);
    return n;
}

static void test_files(void)
{
    int differ = 0;
    int n = test_dir("t/fuzz/corpus/page", &differ);
    n += test_dir("examples", &differ);
    n += test_dir("t/unit/data", &differ);
    ok(n >= 10, "%d files of the page corpus and the examples", n);
    is_int(differ, 0, "each renders as cmark renders it");
}

/* Random documents, made of pieces of Markdown syntax: deterministic. */
static unsigned long seed = 12345;

static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)((seed >> 33) % n);
}

static const char *const pieces[] = {
    "\n", "\n\n", "  \n", "\\\n", "# ", "## ", "### ", "#### ", "\n===\n",
    "\n---\n", "> ", "- ", "* ", "+ ", "1. ", "3) ", "   ", "    ", "\t",
    "```", "~~~", "```js x", "<div>", "</div>", "<!-- c -->", "<b>", "</b>",
    "*", "**", "_", "__", "`", "``", "[", "]", "](", "(", ")", "![", "<",
    ">", "&", "&amp;", "&lt;", "&#x27;", "\"", "'", "/", "\\", "!",
    "http://x.y/z?a=1&b=2", "<http://auto>", "javascript:x", "data:image/png",
    "[r]", "\n[r]: /u \"t\"\n", "text", "more text ", "word", "\xc3\xa9",
    "\xe2\x82\xac", "\xff", "\r\n", "|", "---", "***", " \"title\"",
    /* GitHub's extensions. */
    "| a |", "|---|", ":--", ":-:", "--:", " | ", "~", "~~", "- [ ] ",
    "- [x] ", "[^1]", "[^n]", "\n[^1]: note\n", "\n[^n]:\n    ",
    "www.example.com", "https://x.y", "a@b.example", "<script>", "<title>",
    "</style>", "<xmp ",
    /* Custom containers. */
    "::: tip", "\n:::\n", ":::", "::::", "::: warning T <i>&", "::: details",
    ":::: danger\n", "\n::: x_y Title\n", "::: \n", ":::tip",
};

static void test_random(void)
{
    int i, differ = 0;
    char doc[1024];

    for (i = 0; i < 20000; i++) {
        size_t len = 0;
        int k, n = 1 + (int)rnd(40);
        for (k = 0; k < n; k++) {
            const char *p = pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))];
            size_t pl = strlen(p);
            if (len + pl >= sizeof(doc)) {
                break;
            }
            memcpy(doc + len, p, pl);
            len += pl;
        }
        doc[len] = '\0';
        containers = (i & 16) != 0;
        if (!same(doc, len, option_sets[i % N_OPTION_SETS]
                                | ((i & 4) ? CMARK_OPT_UNSAFE : 0),
                  EXT_SET((i / 8) % N_EXT_SETS),
                  differ < 3 ? "random document" : NULL)) {
            differ++;
        }
    }
    containers = 0;
    is_int(differ, 0, "20000 random documents render as cmark renders them"
           " (half of them with containers)");
}

/* With ids: each h2..h6 gets the id, and the permalink; taking both out
 * gives cmark's bytes. */
static const char *fixed_id(void *baton, cmark_node *heading)
{
    (void)baton;
    return cmark_node_get_heading_level(heading) == 3 ? NULL : "x&\"y";
}

static char *strip(char *s, const char *what)
{
    char *p;
    size_t n = strlen(what);
    while ((p = strstr(s, what)) != NULL) {
        memmove(p, p + n, strlen(p + n) + 1);
    }
    return s;
}

static void test_heading_ids(void)
{
    const char *md = "# One\n## Two *em*\n### Three\n> #### Four\n\n- ## Five\n"
                     "Six\n---\n\nNote[^n].\n\n[^n]:\n    ## In a footnote\n";
    int opts = CMARK_OPT_VALIDATE_UTF8;
    char *want;
    cmark_node *doc = parse(md, strlen(md), opts, LANDING_GFM_ALL, &want);
    char *got = ours(doc, opts, LANDING_GFM_ALL, fixed_id);

    has_str(got, "<h2 id=\"x&amp;&quot;y\">Two <em>em</em><a class=\""
                 "header-anchor\" href=\"#x&amp;&quot;y\" aria-hidden=\"true\""
                 " tabindex=\"-1\">#</a></h2>\n", "h2: id, text, permalink");
    has_str(got, "<h1>One</h1>", "h1: left alone");
    has_str(got, "<h3>Three</h3>", "no id given: left alone");
    has_str(got, "<blockquote>\n<h4 id=", "in a quote");
    has_str(got, "<li>\n<h2 id=", "in a list");
    has_str(got, "<h2 id=\"x&amp;&quot;y\">Six", "setext heading");
    has_str(got, "<li id=\"fn-n\">\n<h2 id=\"x&amp;&quot;y\">In a footnote",
            "in a footnote");
    strip(got, " id=\"x&amp;&quot;y\"");
    strip(got, "<a class=\"header-anchor\" href=\"#x&amp;&quot;y\" "
               "aria-hidden=\"true\" tabindex=\"-1\">#</a>");
    is_str(got, want, "without ids and permalinks: cmark's bytes");
    free(got);
    free(want);
    cmark_node_free(doc);
}

/* A piece of a tree, not a document: as cmark renders the same piece. */
static void test_subtree(void)
{
    const char *md = "- a *b*\n- c\n\n> q\n";
    int opts = CMARK_OPT_VALIDATE_UTF8;
    cmark_node *doc = parse(md, strlen(md), opts, 0, NULL);
    cmark_node *list = cmark_node_first_child(doc);
    cmark_node *item = cmark_node_first_child(list);
    cmark_node *para = cmark_node_first_child(item);
    cmark_node *emph = cmark_node_last_child(para);
    cmark_node *nodes[] = { list, item, para, emph,
                            cmark_node_first_child(emph),
                            cmark_node_next(list) };
    size_t i;

    for (i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
        char *want = cmark_render_html(nodes[i], opts, NULL);
        char *got = ours(nodes[i], opts, 0, NULL);
        is_str(got, want, "subtree %lu (%s)", (unsigned long)i,
               cmark_node_get_type_string(nodes[i]));
        free(got);
        free(want);
    }
    cmark_node_free(doc);
}

/* Containers: every shape, held to cmark_render_html with the extension's
 * own renderer. */
static const char *const container_cases[] = {
    "::: tip\nx\n:::\n",
    "para\n::: warning Title & <b>\n- a\n- b\n:::\nafter\n",
    "- ::: tip\n  x\n  :::\n- b\n\n1. ::: details S\n   ## H\n   :::\n",
    ":::: tip\n::: details\nin\n:::\n::::\n",
    "::: tip\n::: danger\nin\n:::\nmid\n:::\nout\n",
    "::: details Show\n```json\n:::\n```\n:::\n",
    "```\n::: tip\n```\n    ::: tip\n",
    "> ::: tip\n> ## Head\n> :::\n> after\n",
    "::: tip\n<div>\nraw\n:::\nafter\n",
    "::: tip\n<!--\n:::\n-->\n:::\n",
    "::: tip\nunclosed\n",
    ":::\nstray\n",
    "::: tip\n:::\n::: warning\n\n:::\n",
    "| a |\n|---|\n| 1 |\n::: tip\nx\n:::\n",
    "::: tip\n| a |\n|---|\n| 1 |\n:::\n",
    "::: tip\n[^1]\n\n[^1]: n\n:::\n",
    ":::tip\nno space\n:::\n::: bad<name\n:::\n::: \xc3\xa9\n:::\n",
    "- a\n  ::: tip\n  x\n:::\n- b\n",
    ":::: a\n- ::: b\n  x\n  ::::\nout\n",
    "::: a\n:::: b\nx\n:::\n::::\n",
};

static void test_containers(void)
{
    size_t i;

    containers = 1;
    for (i = 0; i < sizeof(container_cases) / sizeof(container_cases[0]);
         i++) {
        ok(same_all_options(container_cases[i], strlen(container_cases[i]),
                            "container case", 1),
           "container case %lu: cmark's HTML, every extension set",
           (unsigned long)i);
    }
    /* The other cases and files, with the extension attached too. */
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len = strlen(cases[i]);
        if (strncmp(cases[i], "a\0b", 4) == 0) {
            continue;
        }
        ok(same_all_options(cases[i], len, "case with containers", 0),
           "case %lu with containers attached", (unsigned long)i);
    }
    test_files();
    containers = 0;
}

int main(void)
{
    apr_initialize();
    test_cases();
    test_containers();
    test_files();
    test_random();
    test_heading_ids();
    test_subtree();
    apr_terminate();
    return done_testing();
}
