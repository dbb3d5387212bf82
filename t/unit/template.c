/* Unit tests for src/template: the Mustache subset and its errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "template.h"
#include "tap.h"

static apr_pool_t *pool;
static landing_value_t *root;

/* Compile and expand @p src against the global root; the result is
 * pool-allocated, or NULL when compiling failed. */
static const char *render(const char *src)
{
    landing_template_t *tpl;
    const char *err;
    landing_buf_t b;
    apr_size_t len;
    char *html;
    const char *res;

    if (landing_template_compile(pool, src, strlen(src), "t.html", &tpl,
                                 &err) != APR_SUCCESS) {
        diag("compile failed: %s", err);
        return NULL;
    }
    landing_buf_init(&b, 0);
    landing_template_expand(tpl, root, &b);
    html = landing_buf_detach(&b, &len);
    res = apr_pstrmemdup(pool, html, len);
    free(html);
    return res;
}

/* The compile error for @p src, or NULL if it compiled. */
static const char *compile_error(const char *src)
{
    landing_template_t *tpl;
    const char *err;
    apr_status_t rv;

    rv = landing_template_compile(pool, src, strlen(src), "t.html", &tpl,
                                  &err);
    if (rv == APR_SUCCESS) {
        return NULL;
    }
    if (rv != APR_EINVAL || tpl != NULL) {
        return "compile failed without APR_EINVAL and a NULL template";
    }
    return err;
}

static landing_value_t *falsy(const char *s)
{
    landing_value_t *v = landing_value_cstr(pool, s);
    v->falsy = 1;
    return v;
}

static void build_root(void)
{
    landing_value_t *page, *items, *item, *site, *empty, *link;

    root = landing_value_map(pool);
    landing_value_set_cstr(pool, root, "name", "World");
    landing_value_set_cstr(pool, root, "html", "<b>bold</b> & 'q' \"d\"");
    landing_value_set_cstr(pool, root, "braces", "{{name}} {{{html}}}");
    landing_value_set_cstr(pool, root, "empty_str", "");
    landing_value_set(pool, root, "nul", landing_value_str(pool, "a\0b<", 4));
    landing_value_set(pool, root, "off", falsy("false"));
    landing_value_set_cstr(pool, root, "on", "yes");

    page = landing_value_map(pool);
    landing_value_set_cstr(pool, page, "title", "Page <One>");
    link = landing_value_map(pool);
    landing_value_set_cstr(pool, link, "href", "/a?b=1&c=2");
    landing_value_set(pool, page, "link", link);
    landing_value_set(pool, root, "page", page);

    items = landing_value_list(pool);
    item = landing_value_map(pool);
    landing_value_set_cstr(pool, item, "label", "first");
    landing_value_push(pool, items, item);
    item = landing_value_map(pool);
    landing_value_set_cstr(pool, item, "label", "second");
    landing_value_set_cstr(pool, item, "name", "Inner");
    landing_value_push(pool, items, item);
    landing_value_set(pool, root, "items", items);

    items = landing_value_list(pool);
    landing_value_push(pool, items, landing_value_cstr(pool, "a<"));
    landing_value_push(pool, items, landing_value_cstr(pool, "b"));
    landing_value_push(pool, items, landing_value_cstr(pool, "c"));
    landing_value_set(pool, root, "letters", items);

    empty = landing_value_list(pool);
    landing_value_set(pool, root, "none", empty);
    landing_value_set(pool, root, "emptymap", landing_value_map(pool));

    site = landing_value_map(pool);
    landing_value_set_cstr(pool, site, "name", "Docs");
    landing_value_set(pool, root, "site", site);
}

static void test_variables(void)
{
    is_str(render("Hello, {{name}}!"), "Hello, World!", "plain variable");
    is_str(render("{{ name }}"), "World", "blanks inside the tag");
    is_str(render("{{html}}"),
           "&lt;b&gt;bold&lt;/b&gt; &amp; &#39;q&#39; &quot;d&quot;",
           "{{name}} escapes & < > \" '");
    is_str(render("{{{html}}}"), "<b>bold</b> & 'q' \"d\"",
           "{{{name}}} is raw");
    is_str(render("{{{ html }}}"), "<b>bold</b> & 'q' \"d\"",
           "{{{ name }}} with blanks is raw");
    is_str(render("{{&html}}"), "<b>bold</b> & 'q' \"d\"",
           "{{&name}} is raw");
    is_str(render("{{& html}}"), "<b>bold</b> & 'q' \"d\"",
           "{{& name}} is raw");
    is_str(render("[{{missing}}]"), "[]", "missing name prints nothing");
    is_str(render("[{{page}}]"), "[]", "a map prints nothing");
    is_str(render("[{{letters}}]"), "[]", "a list prints nothing");
    is_str(render("{{page.title}}"), "Page &lt;One&gt;", "dotted name");
    is_str(render("{{page.link.href}}"), "/a?b=1&amp;c=2",
           "three-part dotted name, escaped");
    is_str(render("[{{page.nope}}][{{nope.title}}][{{name.x}}]"), "[][][]",
           "dotted names that do not resolve print nothing");
    is_str(render("[{{.}}]"), "[]", "{{.}} of the root map prints nothing");
    is_str(render("{{braces}}"), "{{name}} {{{html}}}",
           "'{{' inside a value stays literal");
    is_str(render("{{{braces}}}"), "{{name}} {{{html}}}",
           "'{{' inside a raw value stays literal");
    is_str(render("{{off}}"), "false", "a falsy string still prints");
    is_str(render("a { b } {c} }} { {"), "a { b } {c} }} { {",
           "single braces and a lone '}}' are text");
    is_str(render(""), "", "empty template");
    is_str(render("{{nul}}"), "a\xEF\xBF\xBD" "b&lt;",
           "a NUL in a value becomes U+FFFD when escaped");
    is_str(render("{{!ignored}}x{{! multi\nline }}y"), "xy", "comments");
    is_str(render("{{!}}z"), "z", "empty comment");
}

static void test_sections(void)
{
    is_str(render("{{#letters}}<{{.}}>{{/letters}}"), "<a&lt;><b><c>",
           "section over a list of strings, {{.}} escaped");
    is_str(render("{{#letters}}{{{.}}}{{/letters}}"), "a<bc",
           "{{{.}}} is raw");
    is_str(render("{{#items}}{{label}},{{/items}}"), "first,second,",
           "section over a list of maps");
    is_str(render("{{#items}}{{name}};{{/items}}"), "World;Inner;",
           "outer names resolve from the context stack");
    is_str(render("{{#items}}{{site.name}}{{/items}}"), "DocsDocs",
           "dotted outer name inside a section");
    is_str(render("{{#page}}{{title}}{{/page}}"), "Page &lt;One&gt;",
           "section over a map pushes it");
    is_str(render("{{#page.link}}{{href}}{{/page.link}}"), "/a?b=1&amp;c=2",
           "section over a dotted name");
    is_str(render("{{#emptymap}}shown{{/emptymap}}"), "shown",
           "an empty map is truthy");
    is_str(render("{{#on}}[{{.}}]{{/on}}"), "[yes]",
           "truthy string: shown once, {{.}} is the string");
    is_str(render("{{#off}}no{{/off}}"), "", "falsy string hides");
    is_str(render("{{#empty_str}}no{{/empty_str}}"), "", "empty string "
           "hides");
    is_str(render("{{#none}}no{{/none}}"), "", "empty list hides");
    is_str(render("{{#missing}}no{{/missing}}"), "", "missing name hides");
    is_str(render("{{^none}}yes{{/none}}"), "yes", "inverted: empty list");
    is_str(render("{{^missing}}yes{{/missing}}"), "yes",
           "inverted: missing");
    is_str(render("{{^off}}yes{{/off}}"), "yes", "inverted: falsy string");
    is_str(render("{{^empty_str}}yes{{/empty_str}}"), "yes",
           "inverted: empty string");
    is_str(render("{{^letters}}no{{/letters}}"), "", "inverted: list");
    is_str(render("{{^on}}no{{/on}}"), "", "inverted: truthy string");
    is_str(render("{{^page}}no{{/page}}"), "", "inverted: map");
    is_str(render("{{#items}}{{#letters}}{{label}}{{.}} {{/letters}}|"
                  "{{/items}}"),
           "firsta&lt; firstb firstc |seconda&lt; secondb secondc |",
           "nested sections see every outer context");
    is_str(render("{{#page}}{{#link}}{{title}}:{{href}}{{/link}}{{/page}}"),
           "Page &lt;One&gt;:/a?b=1&amp;c=2",
           "nested maps: inner and outer names");
    is_str(render("{{#site.name}}{{.}}{{/site.name}}{{^site.name}}D"
                  "{{/site.name}}"), "Docs", "the chrome's site.name idiom");
    is_str(render("{{#items}}{{^name}}-{{/name}}{{/items}}"), "",
           "inverted inside a section sees the outer name");
    is_str(render("{{#page}}{{#missing}}x{{/missing}}{{^missing}}y"
                  "{{/missing}}{{/page}}"), "y",
           "missing inside a section");
}

static void test_deep_nesting(void)
{
    char src[2048], *q;
    const char *out;
    int i;

    /* As deep as allowed, each level a section over the truthy "on". */
    q = src;
    for (i = 0; i < LANDING_TEMPLATE_MAX_NESTING; i++) {
        q += sprintf(q, "{{#on}}");
    }
    q += sprintf(q, "{{name}}{{.}}");
    for (i = 0; i < LANDING_TEMPLATE_MAX_NESTING; i++) {
        q += sprintf(q, "{{/on}}");
    }
    out = render(src);
    is_str(out, "Worldyes", "%d nested sections expand",
           LANDING_TEMPLATE_MAX_NESTING);

    q = src;
    for (i = 0; i <= LANDING_TEMPLATE_MAX_NESTING; i++) {
        q += sprintf(q, "{{#on}}");
    }
    for (i = 0; i <= LANDING_TEMPLATE_MAX_NESTING; i++) {
        q += sprintf(q, "{{/on}}");
    }
    out = compile_error(src);
    has_str(out, "t.html:1: ", "%d nested sections: error with position",
            LANDING_TEMPLATE_MAX_NESTING + 1);
    has_str(out, "deep", "%d nested sections: says too deep",
            LANDING_TEMPLATE_MAX_NESTING + 1);
}

static void test_errors(void)
{
    const char *err;

    err = compile_error("line 1\nline 2 {{name\nline 3");
    is_str(err, "t.html:2: unclosed '{{' tag", "unclosed tag");
    err = compile_error("text {{");
    is_str(err, "t.html:1: unclosed '{{' tag", "'{{' at the very end");
    err = compile_error("a {b} {");
    is_str(err, NULL, "single braces compile");
    err = compile_error("\n\n{{{name}}");
    is_str(err, "t.html:3: unclosed '{{{' tag", "unclosed triple tag");
    err = compile_error("a\n{{#items}}\nb\n{{#page}}{{/page}}\n");
    has_str(err, "t.html:2: ", "unclosed section: line of its opening");
    has_str(err, "items", "unclosed section: names it");
    err = compile_error("{{#items}}\n\n{{/page}}");
    has_str(err, "t.html:3: ", "mismatched close: line of the close");
    has_str(err, "page", "mismatched close: names the close");
    has_str(err, "items", "mismatched close: names the open section");
    has_str(err, "line 1", "mismatched close: says where it opened");
    err = compile_error("x\n{{/items}}");
    has_str(err, "t.html:2: ", "stray close: position");
    has_str(err, "closes no open section", "stray close: message");
    err = compile_error("{{#items}}{{/items}}\n{{/items}}");
    has_str(err, "t.html:2: ", "close after balance: position");
    err = compile_error("\n\n\n{{> header}}");
    has_str(err, "t.html:4: ", "partial: position");
    has_str(err, "partial", "partial: message");
    err = compile_error("{{=<% %>=}}");
    has_str(err, "t.html:1: ", "delimiter change: position");
    has_str(err, "delimiter", "delimiter change: message");
    err = compile_error("\n{{}}");
    is_str(err, "t.html:2: empty tag name", "empty name");
    err = compile_error("{{  }}");
    is_str(err, "t.html:1: empty tag name", "blank name");
    err = compile_error("{{#}}{{/}}");
    has_str(err, "empty tag name", "empty section name");
    err = compile_error("{{{}}}");
    has_str(err, "empty tag name", "empty raw name");
    err = compile_error("{{&}}");
    has_str(err, "empty tag name", "empty & name");
    err = compile_error("{{a..b}}");
    has_str(err, "t.html:1: bad name", "double dot");
    err = compile_error("{{.a}}");
    has_str(err, "bad name", "leading dot");
    err = compile_error("{{a.}}");
    has_str(err, "bad name", "trailing dot");
    err = compile_error("{{a b}}");
    has_str(err, "bad character", "blank inside a name");
    err = compile_error("{{#a}}{{/ a }}");
    is_str(err, NULL, "blanks in a closing tag are trimmed");
    err = compile_error("{{! {{ unclosed?}}{{name}}");
    is_str(err, NULL, "a comment ends at the first '}}'");
    err = compile_error("{{!\n\n}}\n{{#x}}\n{{/y}}");
    has_str(err, "t.html:5: ", "lines in comments are counted");
    err = compile_error("{{{name}}}\n{{#x}}{{/y}}");
    has_str(err, "t.html:2: ", "lines after raw tags are counted");

    {
        landing_template_t *tpl;
        const char *e;
        landing_template_compile(pool, "{{x", 3, NULL, &tpl, &e);
        has_str(e, ":1: ", "no name: still a position");
    }
}

/* Partials from a table of NAME, SOURCE pairs, as a loader would find
 * them in files: a partial's file is "dir/NAME.html". */
static const char *const *partial_table;

static apr_status_t table_load(void *baton, apr_pool_t *p, const char *from,
                               const char *name, const char **file,
                               const char **src, apr_size_t *len,
                               const char **err)
{
    int i;

    (void)baton;
    (void)from;
    for (i = 0; partial_table[i]; i += 2) {
        if (strcmp(partial_table[i], name) == 0) {
            *file = apr_pstrcat(p, "dir/", name, ".html", NULL);
            *src = partial_table[i + 1];
            *len = strlen(*src);
            return APR_SUCCESS;
        }
    }
    *err = apr_psprintf(p, "cannot open template 'dir/%s.html'", name);
    return APR_NOTFOUND;
}

static const landing_partials_t table_partials = { table_load, NULL };

/* As render() and compile_error(), with the partials of @p table. */
static const char *render_with(const char *const *table, const char *src,
                               const char **err)
{
    landing_template_t *tpl;
    landing_buf_t b;
    apr_size_t len;
    char *html;
    const char *res;

    partial_table = table;
    *err = NULL;
    if (landing_template_compile_with(pool, src, strlen(src), "t.html",
                                      &table_partials, &tpl, err)
        != APR_SUCCESS) {
        return NULL;
    }
    landing_buf_init(&b, 0);
    landing_template_expand(tpl, root, &b);
    html = landing_buf_detach(&b, &len);
    res = apr_pstrmemdup(pool, html, len);
    free(html);
    return res;
}

static void test_standalone(void)
{
    is_str(render("<ul>\n  {{#letters}}\n  <li>{{.}}</li>\n  {{/letters}}\n"
                  "</ul>\n"),
           "<ul>\n  <li>a&lt;</li>\n  <li>b</li>\n  <li>c</li>\n</ul>\n",
           "standalone section lines leave no line behind");
    is_str(render("a\n{{^none}}\nempty\n{{/none}}\nb"), "a\nempty\nb",
           "standalone inverted section lines");
    is_str(render("a\n  {{! a comment }}  \nb"), "a\nb",
           "a standalone comment takes its line, blanks and all");
    is_str(render("a\n{{!\nmany\nlines\n}}\nb"), "a\nb",
           "a standalone comment over lines");
    is_str(render("a\r\n{{#on}}\r\nx\r\n{{/on}}\r\nb"), "a\r\nx\r\nb",
           "\\r\\n line ends");
    is_str(render("  {{#on}}\nx{{/on}}"), "x",
           "standalone on the first line");
    is_str(render("x\n{{#on}}y\n{{/on}}  "), "x\ny\n",
           "standalone on the last line, no newline");
    is_str(render("a {{#on}}x{{/on}}\n"), "a x\n",
           "a tag after text is not standalone");
    is_str(render("{{#on}} x\n{{/on}}"), " x\n",
           "a tag before text is not standalone");
    is_str(render("{{#on}}{{/on}}\nb"), "\nb",
           "two tags on a line: not standalone");
    is_str(render("  {{name}}\nb"), "  World\nb",
           "an interpolation is never standalone");
    is_str(render("|\n{{#letters}}\n{{.}}\n{{/letters}}\n|"),
           "|\na&lt;\nb\nc\n|", "a list's lines, one per item");
}

static void test_null(void)
{
    landing_value_t *nul = landing_value_cstr(pool, "~");

    nul->falsy = LANDING_VALUE_NULL;
    landing_value_set(pool, root, "nothing", nul);
    is_str(render("[{{nothing}}][{{{nothing}}}][{{&nothing}}]"), "[][][]",
           "a YAML null prints as nothing");
    is_str(render("[{{#nothing}}x{{/nothing}}{{^nothing}}y{{/nothing}}]"),
           "[y]", "a YAML null is false");
    is_str(render("{{off}}"), "false", "false still prints");
}

static void test_partials(void)
{
    static const char *const table[] = {
        "hello", "Hello, {{name}}!",
        "list", "<li>{{.}}</li>\n",
        "lines", "one\n  two\n\nthree\n",
        "outer", "[{{> inner}}]",
        "inner", "{{#on}}in{{/on}}",
        "self", "x{{> self}}",
        "a", "{{> b}}",
        "b", "{{> c}}",
        "c", "{{> a}}",
        "broken", "ok\n{{#x}}\n",
        "badclose", "{{/letters}}",
        "value", "{{content}}",
        NULL
    };
    const char *err, *out;

    is_str(render_with(table, "<p>{{> hello}}</p>", &err),
           "<p>Hello, World!</p>", "a partial in line");
    is_str(render_with(table, "<p>{{>hello}}</p>", &err),
           "<p>Hello, World!</p>", "no blank after '>'");
    is_str(render_with(table, "<ul>\n{{#letters}}\n  {{> list}}\n"
                       "{{/letters}}\n</ul>", &err),
           "<ul>\n  <li>a&lt;</li>\n  <li>b</li>\n  <li>c</li>\n</ul>",
           "a standalone partial in a section, indented");
    is_str(render_with(table, "a\n    {{> lines}}\nb", &err),
           "a\n    one\n      two\n\n    three\nb",
           "a standalone partial's lines all take its indent, empty ones "
           "aside");
    is_str(render_with(table, "a {{> lines}}b", &err),
           "a one\n  two\n\nthree\nb", "an inline partial is not indented");
    is_str(render_with(table, "{{> outer}}", &err), "[in]",
           "a partial includes a partial");
    is_str(render_with(table, "{{> hello}}{{> hello}}", &err),
           "Hello, World!Hello, World!", "the same partial twice");
    landing_value_set_cstr(pool, root, "content", "{{> hello}}");
    is_str(render_with(table, "{{> value}}", &err), "{{&gt; hello}}",
           "a value that looks like a partial stays text");

    out = render_with(table, "x\n{{> self}}", &err);
    ok(out == NULL, "a partial that includes itself does not compile");
    is_str(err, "dir/self.html:1: partial 'self' includes itself "
           "(dir/self.html > dir/self.html)",
           "self-inclusion: file, line and the chain");
    out = render_with(table, "\n\n{{> a}}", &err);
    ok(out == NULL, "a cycle through three partials does not compile");
    is_str(err, "dir/c.html:1: partial 'a' includes itself "
           "(dir/a.html > dir/b.html > dir/c.html > dir/a.html)",
           "cycle: where it closes, and the chain");
    render_with(table, "one\ntwo {{> nope}}", &err);
    is_str(err, "t.html:2: partial 'nope': cannot open template "
           "'dir/nope.html'", "a missing partial: file:line of the tag");
    render_with(table, "{{> broken}}", &err);
    is_str(err, "dir/broken.html:2: section 'x' is never closed",
           "an error inside a partial: the partial's file and line");
    render_with(table, "{{#letters}}{{> badclose}}{{/letters}}", &err);
    has_str(err, "dir/badclose.html:1: '{{/letters}}' closes no open "
            "section", "a partial cannot close its includer's section");
    render_with(table, "{{> }}", &err);
    is_str(err, "t.html:1: empty partial name", "empty partial name");
    render_with(table, "{{> a b}}", &err);
    has_str(err, "bad character in partial name", "blank in a name");
    is_str(compile_error("{{> hello}}"), "t.html:1: partials ({{>hello}}) "
           "are not available here", "no loader: partials are an error");
}

static void test_partial_bounds(void)
{
    /* Each level includes the next one twice: 2^20 copies of the last,
     * past the bound on parts, stopped while compiling. */
    static const char *table[2 * 22 + 1];
    const char *err;
    int i;

    for (i = 0; i < 21; i++) {
        table[2 * i] = apr_psprintf(pool, "p%d", i);
        table[2 * i + 1] = apr_psprintf(pool, "{{> p%d}}{{> p%d}}x",
                                        i + 1, i + 1);
    }
    table[42] = "p21";
    table[43] = "{{name}}";
    table[44] = NULL;
    ok(render_with(table, "{{> p0}}", &err) == NULL,
       "partials that double 20 times do not compile");
    has_str(err, "more than", "and say why");
    for (i = 0; i < 21; i++) {
        table[2 * i + 1] = apr_psprintf(pool, "{{> p%d}}", i + 1);
    }
    ok(render_with(table, "{{> p0}}", &err) == NULL,
       "partials 22 deep do not compile");
    has_str(err, "nest more than", "and say why");
    is_str(render_with(table, "{{> p8}}", &err), "World",
           "partials 14 deep do");
}

static void test_literal_size(void)
{
    landing_template_t *tpl;
    const char *err;
    const char *src = "abc{{name}}de{{#items}}f{{/items}}{{! c }}g";

    if (ok(landing_template_compile(pool, src, strlen(src), "t", &tpl, &err)
           == APR_SUCCESS, "compile for literal size")) {
        is_int(landing_template_literal_size(tpl), 7,
               "literal size counts text only");
    }
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);
    build_root();

    test_variables();
    test_sections();
    test_deep_nesting();
    test_errors();
    test_literal_size();
    test_standalone();
    test_null();
    test_partials();
    test_partial_bounds();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
