/* Unit tests for src/utf8: landing_utf8_valid() says "valid" exactly
 * when cmark-gfm's own check (CMARK_OPT_VALIDATE_UTF8) would change
 * nothing, so leaving the option off for valid bodies gives the same
 * HTML. Each case is rendered by cmark-gfm both ways. */
#include <stdlib.h>
#include <string.h>
#include <cmark-gfm.h>

#include "tap.h"
#include "utf8.h"

/* cmark-gfm's HTML for "x" + @p s + "y", with or without its check. */
static char *html(const unsigned char *s, size_t len, int validate)
{
    char buf[16];
    memcpy(buf, "x", 1);
    memcpy(buf + 1, s, len);
    buf[len + 1] = 'y';
    return cmark_markdown_to_html(buf, len + 2,
                                  validate ? CMARK_OPT_VALIDATE_UTF8 : 0);
}

/* Does cmark's check leave @p s as it is? */
static int cmark_keeps(const unsigned char *s, size_t len)
{
    char *a = html(s, len, 1), *b = html(s, len, 0);
    int same = strcmp(a, b) == 0;
    free(a);
    free(b);
    return same;
}

/* Every sequence of @p len bytes made from @p lead and the second,
 * third and fourth bytes in @p tails: mismatches counted. */
static int sweep(int len, unsigned lead_from, unsigned lead_to,
                 const unsigned char *tails, int ntails, int *checked)
{
    int bad = 0, i, j, k;
    unsigned lead;

    for (lead = lead_from; lead <= lead_to; lead++) {
        for (i = 0; i < 256; i++) {
            for (j = 0; j < (len > 2 ? ntails : 1); j++) {
                for (k = 0; k < (len > 3 ? ntails : 1); k++) {
                    unsigned char s[4] = { (unsigned char)lead,
                                           (unsigned char)i, tails[j],
                                           tails[k] };
                    if (i == 0 || i == '\n' || i == '\r') {
                        continue;   /* a line end or NUL, not a sequence */
                    }
                    (*checked)++;
                    if (landing_utf8_valid((const char *)s, (size_t)len)
                        != cmark_keeps(s, (size_t)len)) {
                        if (bad++ < 5) {
                            diag("differs from cmark: %02X %02X %02X %02X "
                                 "(%d bytes)", s[0], s[1], s[2], s[3], len);
                        }
                    }
                }
            }
        }
    }
    return bad;
}

int main(void)
{
    static const unsigned char tails[] = { 0x41, 0x7F, 0x80, 0x8F, 0x90,
                                           0x9F, 0xA0, 0xBF, 0xC0, 0xFF };
    const int nt = (int)(sizeof(tails) / sizeof(tails[0]));
    int checked = 0;
    char big[4096];

    ok(landing_utf8_valid("", 0), "nothing is valid");
    ok(landing_utf8_valid("plain ASCII text, longer than eight bytes", 41),
       "ASCII");
    ok(landing_utf8_valid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", 14),
       "two, three and four bytes");
    ok(!landing_utf8_valid("caf\xC3", 4), "a sequence cut short at the end");
    ok(!landing_utf8_valid("\xC0\xAF", 2), "an overlong '/'");
    ok(!landing_utf8_valid("\xED\xA0\x80", 3), "a surrogate");
    ok(!landing_utf8_valid("\xF4\x90\x80\x80", 4), "past U+10FFFF");
    ok(!landing_utf8_valid("\x80", 1), "a lone continuation byte");
    /* Past the eight-byte steps: a bad byte at every offset. */
    memset(big, 'a', sizeof(big));
    ok(landing_utf8_valid(big, sizeof(big)), "4 KB of ASCII");
    {
        int i, missed = 0;
        for (i = 0; i < 64; i++) {
            big[i] = (char)0xFF;
            missed += landing_utf8_valid(big, sizeof(big));
            big[i] = 'a';
        }
        big[sizeof(big) - 1] = (char)0xE2;
        missed += landing_utf8_valid(big, sizeof(big));
        is_int(missed, 0, "a bad byte at any of the first 64 offsets, or "
               "a lead byte last, is found");
    }

    /* Against cmark-gfm itself: every lead byte with every second byte;
     * for three and four bytes, the tails that matter at the edges. */
    is_int(sweep(1, 0x01, 0xFF, tails, nt, &checked), 0,
           "one byte: agrees with cmark");
    is_int(sweep(2, 0x80, 0xFF, tails, nt, &checked), 0,
           "two bytes: agrees with cmark");
    is_int(sweep(3, 0xE0, 0xEF, tails, nt, &checked), 0,
           "three bytes: agrees with cmark");
    is_int(sweep(4, 0xF0, 0xF7, tails, nt, &checked), 0,
           "four bytes: agrees with cmark");
    ok(checked > 100000, "%d sequences compared", checked);
    return done_testing();
}
