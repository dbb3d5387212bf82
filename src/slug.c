/*
 * VuePress slugs. VuePress 2 (@vuepress/shared slugify) does, in order:
 *
 *   str.normalize('NFKD')
 *      .replace(/[\u0300-\u036F]/g, '')              combining marks
 *      .replace(/[\u0000-\u001f]/g, '')              control characters
 *      .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
 *      .replace(/-{2,}/g, '-')
 *      .replace(/^-+|-+$/g, '')
 *      .replace(/^(\d)/, '_$1')
 *      .toLowerCase()
 *
 * Each step but the last looks at one character at a time, so one pass
 * over the normalized code points does them all; lowercasing then runs
 * over the result, as toLowerCase() does, final sigma included.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <utf8proc.h>

#include "slug.h"

/* Only the Combining Diacritical Marks block, as VuePress drops: all of
 * Unicode's marks would also strip Japanese dakuten (が is か + U+3099
 * after NFKD) and Indic vowel signs, and change those slugs. */
static int is_dropped(utf8proc_int32_t c)
{
    return (c >= 0x300 && c <= 0x36F)
           || utf8proc_category(c) == UTF8PROC_CATEGORY_CC;
}

/* JavaScript's \s (WhiteSpace and LineTerminator), ASCII punctuation and
 * the typographic quotes VuePress lists. */
static int is_separator(utf8proc_int32_t c)
{
    if (c < 0x80) {
        return c == ' ' || (c >= '!' && c <= '/') || (c >= ':' && c <= '@')
               || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
    }
    switch (c) {
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000: case 0xFEFF:
    case 0x2018: case 0x2019: case 0x201C: case 0x201D:
        return 1;
    default:
        return c >= 0x2000 && c <= 0x200A;
    }
}

static int is_cased(utf8proc_int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL
           || cat == UTF8PROC_CATEGORY_LT;
}

/* Case-ignorable, close enough for Final_Sigma (Unicode 3.13): marks,
 * format characters, modifiers. Apostrophes and dots never reach this
 * point: they became '-'. */
static int is_case_ignorable(utf8proc_int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME
           || cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_LM
           || cat == UTF8PROC_CATEGORY_SK;
}

/* Lowercase cps[i], with toLowerCase()'s one context rule: a capital
 * sigma that ends a word becomes final sigma. */
static utf8proc_int32_t lower_at(const utf8proc_int32_t *cps, apr_size_t n,
                                 apr_size_t i)
{
    apr_size_t j;
    int before = 0, after = 0;

    if (cps[i] != 0x03A3) {
        return utf8proc_tolower(cps[i]);
    }
    for (j = i; j > 0; j--) {
        if (!is_case_ignorable(cps[j - 1])) {
            before = is_cased(cps[j - 1]);
            break;
        }
    }
    for (j = i + 1; j < n; j++) {
        if (!is_case_ignorable(cps[j])) {
            after = is_cased(cps[j]);
            break;
        }
    }
    return (before && !after) ? 0x03C2 : 0x03C3;
}

/* The same rules for text that is all ASCII, where NFKD changes nothing
 * and no character is a mark: most headings, without utf8proc's work. */
static const char *slugify_ascii(apr_pool_t *p, const char *text,
                                 apr_size_t len)
{
    char *out = apr_palloc(p, len * 2 + 2), *o = out;
    int pending = 0;
    apr_size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7F) {
            continue;
        }
        if (is_separator(c)) {
            pending = (o > out);
            continue;
        }
        if (pending) {
            *o++ = '-';
            pending = 0;
        }
        if (o == out && c >= '0' && c <= '9') {
            *o++ = '_';
        }
        *o++ = (c >= 'A' && c <= 'Z') ? (char)(c + ('a' - 'A')) : (char)c;
    }
    *o = '\0';
    return out;
}

const char *landing_slugify(apr_pool_t *p, const char *text, apr_size_t len)
{
    utf8proc_uint8_t *nfkd = NULL;
    utf8proc_ssize_t n, off;
    utf8proc_int32_t *cps;
    apr_size_t ncps = 0, i;
    int pending = 0;
    char *out, *o;

    if (len == 0) {
        return "";
    }
    for (i = 0; i < len && !(text[i] & 0x80); i++) {
    }
    if (i == len) {
        return slugify_ascii(p, text, len);
    }
    n = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len,
                     &nfkd, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE
                            | UTF8PROC_COMPAT);
    if (n < 0) {
        return "";
    }
    /* At most one code point per byte, plus the '_' and one '-' each. */
    cps = apr_palloc(p, sizeof(*cps) * ((apr_size_t)n + 1));
    for (off = 0; off < n; ) {
        utf8proc_int32_t c;
        utf8proc_ssize_t step = utf8proc_iterate(nfkd + off, n - off, &c);
        if (step <= 0) {
            break;
        }
        off += step;
        if (is_dropped(c)) {
            continue;
        }
        if (is_separator(c)) {
            /* Separators before the first kept character vanish (trim),
             * a run becomes one '-' only if something follows it. */
            pending = (ncps > 0);
            continue;
        }
        if (pending) {
            cps[ncps++] = '-';
            pending = 0;
        }
        if (ncps == 0 && c >= '0' && c <= '9') {
            cps[ncps++] = '_';
        }
        cps[ncps++] = c;
    }
    free(nfkd);

    out = o = apr_palloc(p, ncps * 4 + 1);
    for (i = 0; i < ncps; i++) {
        o += utf8proc_encode_char(lower_at(cps, ncps, i),
                                  (utf8proc_uint8_t *)o);
    }
    *o = '\0';
    return out;
}

struct landing_slugger_t {
    apr_pool_t *p;
    apr_hash_t *taken;
    apr_hash_t *next;       /* base -> the next suffix worth trying */
};

landing_slugger_t *landing_slugger_create(apr_pool_t *p)
{
    landing_slugger_t *s = apr_palloc(p, sizeof(*s));
    s->p = p;
    s->taken = apr_hash_make(p);
    s->next = apr_hash_make(p);
    return s;
}

const char *landing_slugger_next(landing_slugger_t *s, const char *text,
                                 apr_size_t len)
{
    const char *base = landing_slugify(s->p, text, len);
    const char *slug = base;
    int *next;
    int i;

    if (*base == '\0') {
        return NULL;
    }
    /* markdown-it-anchor's uniqueSlug: try base, then base-1, base-2...
     * until one is free, so "a", "a-1", "a" give a, a-1, a-2. Each base
     * remembers where its search stopped: suffixes below it are taken
     * for good, so a page with thousands of equal headings stays linear. */
    next = apr_hash_get(s->next, base, APR_HASH_KEY_STRING);
    if (next == NULL) {
        next = apr_palloc(s->p, sizeof(*next));
        *next = 1;
        apr_hash_set(s->next, base, APR_HASH_KEY_STRING, next);
    }
    i = *next;
    while (apr_hash_get(s->taken, slug, APR_HASH_KEY_STRING)) {
        slug = apr_psprintf(s->p, "%s-%d", base, i++);
    }
    *next = i;
    apr_hash_set(s->taken, slug, APR_HASH_KEY_STRING, slug);
    return slug;
}
