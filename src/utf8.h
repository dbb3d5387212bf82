/**
 * @file utf8.h
 * @brief Is a body valid UTF-8? Then cmark-gfm need not check it line by
 *        line.
 *
 * With CMARK_OPT_VALIDATE_UTF8, cmark-gfm copies every line through a
 * byte-by-byte check that replaces each invalid sequence with U+FFFD; on
 * valid input that check changes nothing and costs about 3% of a parse.
 * This says, in one pass with eight ASCII bytes at a time, whether the
 * check would change anything: the module passes the option only when
 * it would. Valid means what cmark-gfm's check means (RFC 3629): no
 * overlong forms, no surrogates, nothing past U+10FFFF, no sequence cut
 * short; utf8proc, which slug.c uses too, decides each sequence past
 * ASCII. NUL bytes are left to cmark, which replaces them either way.
 */
#ifndef LANDING_UTF8_H
#define LANDING_UTF8_H

#include <apr.h>

/** 1 when the @p len bytes at @p s are valid UTF-8, else 0. */
int landing_utf8_valid(const char *s, apr_size_t len);

#endif
