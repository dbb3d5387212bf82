/* Unit tests for src/frontmatter: sniffing, splitting, parsing, limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_time.h>

#include "frontmatter.h"
#include "tap.h"

static apr_pool_t *pool;

static landing_fm_status_e parse_n(const char *src, apr_size_t len,
                                   const landing_fm_limits_t *limits,
                                   landing_fm_t *fm)
{
    return landing_fm_parse(pool, src, len, limits, fm);
}

static landing_fm_status_e parse(const char *src, landing_fm_t *fm)
{
    return parse_n(src, strlen(src), NULL, fm);
}

/* The value at a dotted path, e.g. "nested.a.b". */
static const landing_value_t *at(const landing_value_t *v, const char *path)
{
    char *copy = apr_pstrdup(pool, path), *last, *part;

    for (part = apr_strtok(copy, ".", &last); part && v;
         part = apr_strtok(NULL, ".", &last)) {
        v = landing_value_get(v, part);
    }
    return v;
}

static const char *str_at(const landing_value_t *v, const char *path)
{
    v = at(v, path);
    return (v && v->type == LANDING_VALUE_STRING) ? v->str : NULL;
}

/* The @p i th item (0-based) of a list or map. */
static const landing_value_t *nth(const landing_value_t *v, int i)
{
    const landing_entry_t *e;

    if (v == NULL || v->type == LANDING_VALUE_STRING) {
        return NULL;
    }
    for (e = v->first; e && i > 0; e = e->next) {
        i--;
    }
    return e ? e->value : NULL;
}

/* --- sniff -------------------------------------------------------------- */

typedef struct {
    const char *bytes;
    int len;           /* -1: strlen */
    int at_end;
    int want;
} sniff_case_t;

static const sniff_case_t sniff_cases[] = {
    { "", -1, 0, -1 },
    { "", -1, 1, 0 },
    { "-", -1, 0, -1 },
    { "-", -1, 1, 0 },
    { "--", -1, 0, -1 },
    { "--", -1, 1, 0 },
    { "---", -1, 0, -1 },
    { "---\n", -1, 0, 1 },
    { "---\n", -1, 1, 1 },
    { "---\ntitle: x\n", -1, 0, 1 },
    { "---\r", -1, 0, -1 },
    { "---\r\n", -1, 0, 1 },
    { "---\rx", -1, 0, 0 },
    { "--- \n", -1, 0, 1 },
    { "---\t \n", -1, 0, 1 },
    { "--- ", -1, 0, -1 },
    { "----", -1, 0, 0 },
    { "----\n", -1, 1, 0 },
    { "---x\n", -1, 0, 0 },
    { "--- x\n", -1, 0, 0 },
    { "-x", -1, 0, 0 },
    { " ---\n", -1, 0, 0 },
    { "# Title\n", -1, 0, 0 },
    { "<html>", -1, 0, 0 },
    { "\xEF", -1, 0, -1 },
    { "\xEF", -1, 1, 0 },
    { "\xEF\xBB", -1, 0, -1 },
    { "\xEF\xBB", -1, 1, 0 },
    { "\xEF\xBB\xBF", -1, 0, -1 },
    { "\xEF\xBB\xBF", -1, 1, 0 },
    { "\xEF\xBB\xBF-", -1, 0, -1 },
    { "\xEF\xBB\xBF---\n", -1, 0, 1 },
    { "\xEF\xBB\xBF---\r\n", -1, 1, 1 },
    { "\xEF\xBB\xBF# x", -1, 0, 0 },
    { "\xEFx", -1, 0, 0 },
    { "\xEF\xBBx---\n", -1, 0, 0 },
    { "\0---\n", 5, 0, 0 },
};

static void printable(char *out, const char *s, int len)
{
    int i;

    for (i = 0; i < len && i < 16; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            out += sprintf(out, "\\n");
        }
        else if (c == '\r') {
            out += sprintf(out, "\\r");
        }
        else if (c < 0x20 || c >= 0x7f) {
            out += sprintf(out, "\\x%02X", c);
        }
        else {
            *out++ = c;
        }
    }
    *out = '\0';
}

static void test_sniff(void)
{
    static const char *const inputs[] = {
        "---\ntitle: x\n---\n", "\xEF\xBB\xBF---\r\na: 1\r\n---\r\n",
        "----\n", "--- \t \n", "# Title\n", "---x", "\xEF\xBB\xBF# no\n",
        NULL
    };
    char name[128], spaces[200];
    int i, bad;
    apr_size_t k;

    for (i = 0; i < (int)(sizeof(sniff_cases) / sizeof(sniff_cases[0]));
         i++) {
        const sniff_case_t *c = &sniff_cases[i];
        int len = c->len < 0 ? (int)strlen(c->bytes) : c->len;
        printable(name, c->bytes, len);
        is_int(landing_fm_sniff(c->bytes, len, c->at_end), c->want,
               "sniff \"%s\"%s", name, c->at_end ? " at end" : "");
    }

    /* A lone "---\r" at the end is decided one way or the other. */
    ok(landing_fm_sniff("---\r", 4, 1) != -1, "sniff \"---\\r\" at end "
       "decides");

    /* Blanks after the fence are bounded: a long run of them decides no,
     * rather than keeping the caller buffering forever. */
    memset(spaces, ' ', sizeof(spaces));
    memcpy(spaces, "---", 3);
    is_int(landing_fm_sniff(spaces, sizeof(spaces), 0), 0,
           "sniff: 197 blanks after --- decide no");

    /* Bytes arriving in pieces: no prefix decides differently from the
     * whole input. */
    bad = 0;
    for (i = 0; inputs[i]; i++) {
        apr_size_t n = strlen(inputs[i]);
        int final = landing_fm_sniff(inputs[i], n, 1);
        for (k = 0; k <= n; k++) {
            int r = landing_fm_sniff(inputs[i], k, 0);
            if (r != -1 && r != final) {
                printable(name, inputs[i], (int)n);
                diag("prefix %d of \"%s\" says %d, whole says %d",
                     (int)k, name, r, final);
                bad++;
            }
        }
    }
    is_int(bad, 0, "sniff: no prefix contradicts the whole input");
}

/* --- split -------------------------------------------------------------- */

static void test_split(void)
{
    landing_fm_t fm;
    const char *src;
    char *copy;

    src = "---\ntitle: Hi\n---\nBody\n";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "--- ... --- parses")) {
        is_str(landing_value_get_str(fm.data, "title"), "Hi", "title read");
        ok(fm.body == src + 18, "body starts after the closing fence");
        is_int(fm.body_len, 5, "body length");
        ok(fm.error == NULL, "no error on success");
    }

    src = "---\ntitle: Hi\n...\nBody";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "--- ... '...' parses")) {
        is_str(landing_value_get_str(fm.data, "title"), "Hi",
               "'...' closes");
        is_str(fm.body, "Body", "body after '...'");
    }

    src = "---\r\ntitle: Hi\r\nlang: de\r\n---\r\n# Body\r\n";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "CRLF parses")) {
        is_str(landing_value_get_str(fm.data, "title"), "Hi",
               "CRLF: no CR in values");
        is_str(landing_value_get_str(fm.data, "lang"), "de", "CRLF: lang");
        ok(fm.body == src + 31, "CRLF: body offset");
        is_str(fm.body, "# Body\r\n", "CRLF: body");
    }

    src = "\xEF\xBB\xBF---\ntitle: Hi\n---\nB";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "BOM parses")) {
        is_str(landing_value_get_str(fm.data, "title"), "Hi", "BOM: title");
        ok(fm.body == src + 21, "BOM: body offset");
        is_int(fm.body_len, 1, "BOM: body length");
    }

    src = "--- \ntitle: Hi\n---  \t\nBody";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "fences with blanks")) {
        is_str(fm.body, "Body", "blanks: body");
    }

    src = "---\na: 1\n---";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "closing fence at EOF")) {
        ok(fm.body == src + strlen(src), "EOF fence: body at the end");
        is_int(fm.body_len, 0, "EOF fence: empty body");
    }

    src = "---\n---\nBody";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "empty front matter")) {
        ok(fm.data && fm.data->type == LANDING_VALUE_MAP
           && fm.data->count == 0, "empty front matter is an empty map");
        is_str(fm.body, "Body", "empty front matter: body");
    }

    src = "---\nblock: |\n  ---\n  ...\n---\nBody";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "indented fences")) {
        is_str(landing_value_get_str(fm.data, "block"), "---\n...\n",
               "an indented --- or ... does not close");
        is_str(fm.body, "Body", "indented fences: body");
    }

    src = "---\ntitle: a\n----\n---\nB";
    is_int(parse(src, &fm), LANDING_FM_INVALID, "---- does not close "
           "(and is no YAML here)");

    src = "# Hello\n\n---\ntitle: x\n---\n";
    if (is_int(parse(src, &fm), LANDING_FM_NONE, "no front matter")) {
        ok(fm.body == src && fm.body_len == strlen(src),
           "NONE: body is the whole input");
        ok(fm.data == NULL, "NONE: no data");
    }
    is_int(parse("", &fm), LANDING_FM_NONE, "empty input: NONE");

    src = "---\ntitle: x\n\nBody without a fence\n";
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "unterminated")) {
        has_str(fm.error, "closing", "unterminated: message says why");
        is_int(fm.line, 1, "unterminated: points at line 1");
    }
    is_int(parse("---", &fm), LANDING_FM_INVALID, "lone --- is "
           "unterminated");
    is_int(parse("---\n", &fm), LANDING_FM_INVALID, "lone ---\\n is "
           "unterminated");

    /* Values are copies: the input buffer may go away. */
    copy = strdup("---\ntitle: Kept\ntags: [a, b]\n---\nx");
    if (is_int(parse(copy, &fm), LANDING_FM_OK, "parse a heap copy")) {
        memset(copy, 'Z', strlen(copy));
        is_str(landing_value_get_str(fm.data, "title"), "Kept",
               "values do not point into the input");
        ok(nth(landing_value_get(fm.data, "tags"), 1)
           && strcmp(nth(landing_value_get(fm.data, "tags"), 1)->str,
                     "b") == 0, "list items do not point into the input");
    }
    free(copy);
}

/* --- YAML --------------------------------------------------------------- */

static void test_yaml(void)
{
    landing_fm_t fm;
    const landing_value_t *d, *v, *m;
    const landing_entry_t *e;
    int n;
    const char *src =
        "---\n"
        "title: \"Quoted: <string> \\u00e9\"\n"
        "single: 'it''s'\n"
        "tags:\n"
        "  - one\n"
        "  - two\n"
        "flow: [x, 'y', {k: v}]\n"
        "nested:\n"
        "  a:\n"
        "    b: deep\n"
        "    list: [1, 2]\n"
        "meta:\n"
        "  - name: description\n"
        "    content: A page\n"
        "  - property: og:title\n"
        "    content: \"OG title\"\n"
        "literal: |\n"
        "  line one\n"
        "  line two\n"
        "folded: >\n"
        "  folded\n"
        "  text\n"
        "\n"
        "  para\n"
        "stripped: |-\n"
        "  no newline\n"
        "off_word: false\n"
        "False_word: False\n"
        "no_word: no\n"
        "null_word: null\n"
        "tilde: ~\n"
        "empty:\n"
        "qfalse: \"false\"\n"
        "sno: 'no'\n"
        "qempty: \"\"\n"
        "yes_word: yes\n"
        "true_word: true\n"
        "dup: first\n"
        "dup: last\n"
        "---\n";

    if (!is_int(parse(src, &fm), LANDING_FM_OK, "rich YAML parses")) {
        diag("error: %s at %d:%d", fm.error, fm.line, fm.column);
        return;
    }
    d = fm.data;
    is_str(str_at(d, "title"), "Quoted: <string> \xC3\xA9",
           "double-quoted string with escape");
    is_str(str_at(d, "single"), "it's", "single-quoted string");

    v = at(d, "tags");
    if (ok(v && v->type == LANDING_VALUE_LIST, "block list")) {
        is_int(v->count, 2, "block list count");
        is_str(nth(v, 0)->str, "one", "block list item 1");
        is_str(nth(v, 1)->str, "two", "block list item 2");
    }
    v = at(d, "flow");
    if (ok(v && v->type == LANDING_VALUE_LIST && v->count == 3,
           "flow list of 3")) {
        is_str(nth(v, 1)->str, "y", "flow list quoted item");
        is_str(str_at(nth(v, 2), "k"), "v", "flow map inside flow list");
    }
    is_str(str_at(d, "nested.a.b"), "deep", "nested maps");
    v = at(d, "nested.a.list");
    ok(v && v->type == LANDING_VALUE_LIST && v->count == 2,
       "list in nested map");

    v = at(d, "meta");
    if (ok(v && v->type == LANDING_VALUE_LIST && v->count == 2,
           "meta: list of 2")) {
        m = nth(v, 0);
        ok(m && m->type == LANDING_VALUE_MAP, "meta item is a map");
        is_str(str_at(m, "name"), "description", "meta[0].name");
        is_str(str_at(m, "content"), "A page", "meta[0].content");
        is_str(str_at(nth(v, 1), "property"), "og:title",
               "meta[1].property (colon in plain scalar)");
        is_str(str_at(nth(v, 1), "content"), "OG title", "meta[1].content");
    }

    is_str(str_at(d, "literal"), "line one\nline two\n", "literal block |");
    is_str(str_at(d, "folded"), "folded text\npara\n", "folded block >");
    is_str(str_at(d, "stripped"), "no newline", "chomped block |-");

    ok(!landing_value_truthy(at(d, "off_word")), "plain false is falsy");
    ok(!landing_value_truthy(at(d, "False_word")), "plain False is falsy");
    ok(!landing_value_truthy(at(d, "no_word")), "plain no is falsy");
    ok(!landing_value_truthy(at(d, "null_word")), "plain null is falsy");
    ok(!landing_value_truthy(at(d, "tilde")), "plain ~ is falsy");
    ok(at(d, "empty") != NULL && !landing_value_truthy(at(d, "empty")),
       "empty value present and falsy");
    ok(landing_value_truthy(at(d, "qfalse")), "quoted \"false\" is truthy");
    ok(landing_value_truthy(at(d, "sno")), "quoted 'no' is truthy");
    ok(!landing_value_truthy(at(d, "qempty")), "quoted \"\" is falsy");
    ok(landing_value_truthy(at(d, "yes_word")), "plain yes is truthy");
    ok(landing_value_truthy(at(d, "true_word")), "plain true is truthy");
    is_str(str_at(d, "off_word"), "false", "falsy keeps its text");

    is_str(str_at(d, "dup"), "last", "duplicate key: last wins");
    n = 0;
    for (e = d->first; e; e = e->next) {
        n += (strcmp(e->key, "dup") == 0);
    }
    is_int(n, 1, "duplicate key: one entry");
    ok(d->first && strcmp(d->first->key, "title") == 0,
       "map keeps document order");

    /* A "\0" escape puts a NUL inside a value: the length says so. */
    if (is_int(parse("---\nt: \"a\\0b\"\n---\n", &fm), LANDING_FM_OK,
               "escaped NUL parses")) {
        v = at(fm.data, "t");
        ok(v && v->len == 3 && memcmp(v->str, "a\0b", 4) == 0,
           "escaped NUL: three bytes, NUL-terminated");
    }

    /* Non-string keys cannot be looked up by name. */
    is_int(parse("---\n[a, b]: 1\n---\n", &fm), LANDING_FM_INVALID,
           "a list as a key is invalid");
    has_str(fm.error, "key", "list key: message");

    /* A root that is not a map: OK, with an empty map. */
    if (is_int(parse("---\n- a\n- b\n---\nB", &fm), LANDING_FM_OK,
               "list root is OK")) {
        ok(fm.data && fm.data->type == LANDING_VALUE_MAP
           && fm.data->count == 0, "list root gives an empty map");
        is_str(fm.body, "B", "list root: body");
    }
    if (is_int(parse("---\njust text\n---\n", &fm), LANDING_FM_OK,
               "scalar root is OK")) {
        ok(fm.data && fm.data->type == LANDING_VALUE_MAP
           && fm.data->count == 0, "scalar root gives an empty map");
    }
    if (is_int(parse("---\n# only a comment\n---\n", &fm), LANDING_FM_OK,
               "comment-only front matter is OK")) {
        ok(fm.data && fm.data->count == 0, "comment only: empty map");
    }
}

/* --- errors ------------------------------------------------------------- */

static void test_errors(void)
{
    landing_fm_t fm;
    const char *src;
    static const char nul[] = "---\ntitle: a\0b\n---\nBody";
    static const char nul2[] = "---\na: 1\nb: 2\n\0\n---\n";

    /* Line 4 of the file holds the error: the second ':' in column 11. */
    src = "---\n"
          "title: ok\n"
          "tags: [a, b]\n"
          "key: value: other\n"
          "---\n";
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "YAML syntax error")) {
        ok(fm.error != NULL && *fm.error, "syntax error has a message");
        is_int(fm.line, 4, "syntax error: file line");
        is_int(fm.column, 11, "syntax error: column of the second ':'");
    }

    src = "\xEF\xBB\xBF---\r\n"
          "title: ok\r\n"
          "tags: [a, b]\r\n"
          "key: value: other\r\n"
          "---\r\n";
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "error with BOM and "
               "CRLF")) {
        is_int(fm.line, 4, "BOM+CRLF: file line");
        is_int(fm.column, 11, "BOM+CRLF: column");
    }

    src = "---\n"
          "a: 1\n"
          "b:\n"
          "  - x\n"
          " - y\n"
          "---\n";
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "bad indentation")) {
        is_int(fm.line, 5, "bad indentation: file line");
        ok(fm.column >= 1 && fm.column <= 3, "bad indentation: column %d "
           "near the start", fm.column);
    }

    src = "---\ntitle: \"open\n---\n";
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "unclosed quote")) {
        ok(fm.line >= 2, "unclosed quote: line %d in the front matter",
           fm.line);
    }

    src = "---\na: 1\nb: *nope\n---\n";
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "unknown alias")) {
        has_str(fm.error, "nope", "unknown alias: names it");
        is_int(fm.line, 3, "unknown alias: line");
        is_int(fm.column, 4, "unknown alias: column");
    }

    /* An alias cannot reach into the container that defines it. */
    src = "---\na: &a\n  b: *a\n---\n";
    is_int(parse(src, &fm), LANDING_FM_INVALID, "self-referencing alias "
           "is invalid");

    if (is_int(parse_n(nul, sizeof(nul) - 1, NULL, &fm), LANDING_FM_INVALID,
               "NUL byte in a value is invalid")) {
        ok(fm.error != NULL, "NUL byte: message");
        is_int(fm.line, 2, "NUL byte: line");
        is_int(fm.column, 9, "NUL byte: column");
    }
    if (is_int(parse_n(nul2, sizeof(nul2) - 1, NULL, &fm),
               LANDING_FM_INVALID, "NUL byte on its own line")) {
        is_int(fm.line, 4, "NUL byte on line 4: line");
        is_int(fm.column, 1, "NUL byte on line 4: column");
    }
    src = "---\na: 1\ntitle: caf\xE9\n---\n";
    if (is_int(parse(src, &fm), LANDING_FM_INVALID,
               "invalid UTF-8 is invalid")) {
        ok(fm.error != NULL, "invalid UTF-8: message");
        is_int(fm.line, 3, "invalid UTF-8: line");
        is_int(fm.column, 11, "invalid UTF-8: column");
    }
    src = "---\ntitle: \xC3\n---\n";
    is_int(parse(src, &fm), LANDING_FM_INVALID, "truncated UTF-8 sequence "
           "is invalid");
    src = "---\ntitle: \xED\xA0\x80\n---\n";
    is_int(parse(src, &fm), LANDING_FM_INVALID, "UTF-8 surrogate is "
           "invalid");
}

/* --- limits ------------------------------------------------------------- */

/* "---\n" + "x: " + n '[' + n ']' + "\n---\n" */
static const char *nested_lists(int n)
{
    char *s = apr_palloc(pool, 2 * n + 16), *q = s;

    q += sprintf(q, "---\nx: ");
    memset(q, '[', n);
    q += n;
    memset(q, ']', n);
    q += n;
    strcpy(q, "\n---\n");
    return s;
}

/* "---\nx: [" + n items + "]\n---\n" */
static const char *long_list(int n)
{
    char *s = apr_palloc(pool, 2 * n + 20), *q = s;
    int i;

    q += sprintf(q, "---\nx: [");
    for (i = 0; i < n; i++) {
        *q++ = '1';
        *q++ = ',';
    }
    strcpy(q - (n > 0), "]\n---\n");
    return s;
}

static void test_limits(void)
{
    landing_fm_t fm;
    landing_fm_limits_t lim;
    const char *src;
    const landing_value_t *a, *b;
    apr_time_t t0, spent;
    char *big;
    int i;

    ok(landing_fm_default_limits() != NULL
       && landing_fm_default_limits()->max_size == LANDING_FM_MAX_SIZE
       && landing_fm_default_limits()->max_depth == LANDING_FM_MAX_DEPTH
       && landing_fm_default_limits()->max_nodes == LANDING_FM_MAX_NODES,
       "default limits are the documented ones");

    /* Depth: the root map is level 1. */
    src = nested_lists(LANDING_FM_MAX_DEPTH - 1);
    is_int(parse(src, &fm), LANDING_FM_OK, "depth %d is allowed",
           LANDING_FM_MAX_DEPTH);
    src = nested_lists(LANDING_FM_MAX_DEPTH);
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "depth %d is invalid",
               LANDING_FM_MAX_DEPTH + 1)) {
        has_str(fm.error, "deeper", "depth: message");
        is_int(fm.line, 2, "depth: line");
    }
    src = nested_lists(5000);
    is_int(parse(src, &fm), LANDING_FM_INVALID, "depth 5000 is invalid");

    lim = *landing_fm_default_limits();
    lim.max_depth = 3;
    src = "---\na:\n  b: [c]\n---\n";
    is_int(parse_n(src, strlen(src), &lim, &fm), LANDING_FM_OK,
           "max_depth 3: depth 3 is allowed");
    src = "---\na:\n  b:\n    c: d\n---\n";
    is_int(parse_n(src, strlen(src), &lim, &fm), LANDING_FM_OK,
           "max_depth 3: three nested maps are allowed");
    src = "---\na:\n  b:\n    c: [d]\n---\n";
    if (is_int(parse_n(src, strlen(src), &lim, &fm), LANDING_FM_INVALID,
               "max_depth 3: depth 4 is invalid")) {
        is_int(fm.line, 4, "max_depth 3: line of the fourth level");
        is_int(fm.column, 8, "max_depth 3: column of the fourth level");
    }

    /* Node count: root, key, list and the items. */
    src = long_list(LANDING_FM_MAX_NODES - 3);
    is_int(parse(src, &fm), LANDING_FM_OK, "%d nodes are allowed",
           LANDING_FM_MAX_NODES);
    src = long_list(LANDING_FM_MAX_NODES - 2);
    if (is_int(parse(src, &fm), LANDING_FM_INVALID, "%d nodes are invalid",
               LANDING_FM_MAX_NODES + 1)) {
        has_str(fm.error, "more than", "node count: message");
    }
    lim = *landing_fm_default_limits();
    lim.max_nodes = 6;
    src = "---\na: [1, 2, 3]\n---\n";
    is_int(parse_n(src, strlen(src), &lim, &fm), LANDING_FM_OK,
           "max_nodes 6: 6 nodes are allowed");
    src = "---\na: [1, 2, 3, 4]\n---\n";
    is_int(parse_n(src, strlen(src), &lim, &fm), LANDING_FM_INVALID,
           "max_nodes 6: 7 nodes are invalid");

    /* Size: bytes between the fences. */
    lim = *landing_fm_default_limits();
    lim.max_size = 16;
    src = "---\na: 123456789012\n---\nbody";
    is_int(parse_n(src, strlen(src), &lim, &fm), LANDING_FM_OK,
           "max_size 16: 16 bytes are allowed");
    src = "---\na: 1234567890123\n---\nbody";
    if (is_int(parse_n(src, strlen(src), &lim, &fm), LANDING_FM_INVALID,
               "max_size 16: 17 bytes are invalid")) {
        has_str(fm.error, "larger", "size: message");
        is_int(fm.line, 0, "size: no position");
    }
    big = apr_palloc(pool, 3 * LANDING_FM_MAX_SIZE);
    strcpy(big, "---\ntitle: t\n");
    for (i = 0; i < LANDING_FM_MAX_SIZE / 8 + 1; i++) {
        memcpy(big + 13 + i * 8, "# ....\n", 8);
    }
    strcpy(big + 13 + i * 8, "---\n");
    is_int(parse(big, &fm), LANDING_FM_INVALID, "front matter over %d "
           "bytes is invalid", LANDING_FM_MAX_SIZE);
    /* The same, unterminated, stops at the bound too. */
    big[strlen(big) - 4] = '\0';
    is_int(parse(big, &fm), LANDING_FM_INVALID, "oversized unterminated "
           "front matter is invalid");
    /* A large body after small front matter is fine. */
    strcpy(big, "---\ntitle: t\n---\n");
    memset(big + 17, 'b', 2 * LANDING_FM_MAX_SIZE);
    big[17 + 2 * LANDING_FM_MAX_SIZE] = '\0';
    if (is_int(parse(big, &fm), LANDING_FM_OK, "large body is no "
               "problem")) {
        is_int(fm.body_len, 2 * LANDING_FM_MAX_SIZE, "large body length");
    }

    /* Billion laughs: every alias shares its anchor, nothing is copied. */
    src = "---\n"
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
        "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
        "---\n";
    t0 = apr_time_now();
    is_int(parse(src, &fm), LANDING_FM_OK, "billion laughs parses");
    spent = apr_time_now() - t0;
    ok(spent < apr_time_from_sec(1), "billion laughs is cheap (%ld us)",
       (long)spent);
    a = at(fm.data, "h");
    b = at(fm.data, "i");
    ok(a && b && b->count == 9 && nth(b, 8) == a,
       "billion laughs: aliases share the anchored list");

    /* Wider: too many aliases fail on the node bound, quickly. */
    {
        char *s = apr_palloc(pool, 64 * 1024), *q = s;
        int j;
        q += sprintf(q, "---\nl0: &l0 [x, x, x, x]\n");
        for (i = 1; i < 40; i++) {
            q += sprintf(q, "l%d: &l%d [", i, i);
            for (j = 0; j < 60; j++) {
                q += sprintf(q, "*l%d, ", i - 1);
            }
            q += sprintf(q, "*l%d]\n", i - 1);
        }
        strcpy(q, "---\n");
        t0 = apr_time_now();
        is_int(parse(s, &fm), LANDING_FM_INVALID, "alias bomb over the "
               "node bound is invalid");
        spent = apr_time_now() - t0;
        ok(spent < apr_time_from_sec(1), "alias bomb fails fast (%ld us)",
           (long)spent);
    }

    src = "---\n"
        "base: &base\n"
        "  x: 1\n"
        "  y: [a]\n"
        "copy: *base\n"
        "s: &s text\n"
        "t: *s\n"
        "---\n";
    if (is_int(parse(src, &fm), LANDING_FM_OK, "aliases to a map and a "
               "scalar")) {
        a = at(fm.data, "base");
        ok(a && a->type == LANDING_VALUE_MAP && at(fm.data, "copy") == a,
           "alias to an anchored map shares it");
        is_str(str_at(fm.data, "copy.x"), "1", "alias: read through it");
        ok(at(fm.data, "t") == at(fm.data, "s"), "alias to a scalar");
    }
}

/* --- the fast path against libyaml --------------------------------------- */

static void test_simple(void)
{
    static const char *const keys[] = {
        "title", "layout", "a", "x_y", "k-1", "9", "title", "Null", "on"
    };
    static const char *const bits[] = {
        "a", "b c", "Landing", "false", "False", "no", "NO", "off", "~",
        "null", "yes", "1.5", "0x1F", "https://x.y/z?a=1", "a:b", "a: b",
        "a #c", "a#c", ":", "-x", "- x", "'q'", "\"q\"", "[1]", "{a: 1}",
        "&a", "*a", "!t", "|", ">", "%", "@", "`", "?", ",", "x,y", "a]b",
        " ", "  ", "\t", "\xc3\xa9", ".", "...", "---", "#", "x:", "=",
        "Tom & Jerry", "*", "a\tb", "\r",
    };
    landing_value_t *fast, *slow;
    const char *err;
    int line, column, i, taken = 0, differ = 0;
    unsigned long seed = 4242;
    char yaml[512];
    const char *seed_fm = "layout: Landing\ntitle: Reference Architectures\n";

    /* The usual case is taken, and read as libyaml reads it. */
    if (ok(landing_fm_simple(pool, seed_fm, strlen(seed_fm), 2, NULL, &fast),
           "the seed page's front matter takes the fast path")) {
        is_str(landing_value_get_str(fast, "title"), "Reference Architectures",
               "its title");
        is_int(landing_value_get(fast, "title")->line, 3, "on line 3");
    }
    ok(!landing_fm_simple(pool, "a: 'q'\n", 7, 1, NULL, &fast),
       "a quoted value goes to libyaml");
    ok(!landing_fm_simple(pool, "a:\n  - 1\n", 10, 1, NULL, &fast),
       "a list goes to libyaml");
    ok(!landing_fm_simple(pool, "a: b\n\nc: d\n", 12, 1, NULL, &fast),
       "a blank line goes to libyaml");
    ok(landing_fm_simple(pool, "", 0, 1, NULL, &fast) && fast == NULL,
       "no lines: no root, as libyaml");
    {
        /* Over the size bound: libyaml's path refuses it, with a message
         * (found by the fuzzer: the fast path once read it). */
        landing_fm_limits_t small = *landing_fm_default_limits();
        small.max_size = 8;
        ok(!landing_fm_simple(pool, "title: long\n", 12, 1, &small, &fast),
           "over max_size goes to libyaml");
    }

    /* Random lines from keys and value pieces that libyaml reads in
     * many ways: wherever the fast path takes them, it reads them as
     * libyaml does. */
    for (i = 0; i < 30000; i++) {
        apr_size_t len = 0;
        int n = 1 + (int)((seed >> 33) % 4), k;
        for (k = 0; k < n; k++) {
            int parts = 1 + (int)((seed >> 40) % 3), j;
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            len += apr_snprintf(yaml + len, sizeof(yaml) - len, "%s:%s",
                                keys[(seed >> 33) % 9],
                                (seed >> 50) % 8 ? " " : "  ");
            for (j = 0; j < parts; j++) {
                seed = seed * 6364136223846793005UL + 1442695040888963407UL;
                len += apr_snprintf(yaml + len, sizeof(yaml) - len, "%s",
                                    bits[(seed >> 33)
                                         % (sizeof(bits) / sizeof(bits[0]))]);
            }
            len += apr_snprintf(yaml + len, sizeof(yaml) - len, "\n");
        }
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        if (!landing_fm_simple(pool, yaml, len, 1, NULL, &fast)) {
            continue;
        }
        taken++;
        if (landing_yaml_parse(pool, yaml, len, NULL, &slow, &err, &line,
                               &column) != APR_SUCCESS
            || !landing_value_equal(fast, slow)) {
            if (differ++ < 3) {
                diag("differs from libyaml on:\n%s", yaml);
            }
        }
    }
    ok(taken > 3000, "the fast path took %d of 30000 random front matters",
       taken);
    is_int(differ, 0, "and read each as libyaml does");
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    test_sniff();
    test_split();
    test_yaml();
    test_errors();
    test_limits();
    test_simple();

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
