/* Sizes in configuration, overflow-proof. */
#include <apr_lib.h>
#include <apr_strings.h>

#include "size.h"

const char *landing_size_parse(apr_pool_t *p, const char *arg,
                               int allow_zero, apr_off_t *out)
{
    const char *s = arg;
    apr_off_t n = 0, unit = 1;

    /* Digits first, checked one by one: apr_strtoff would take blanks, a
     * sign and other bases, and clamps on overflow instead of saying so. */
    if (!apr_isdigit(*s)) {
        return apr_psprintf(p, "'%s' is not a %s size", arg,
                            allow_zero ? "valid" : "positive");
    }
    for (; apr_isdigit(*s); s++) {
        int d = *s - '0';
        if (n > (LANDING_OFF_MAX - d) / 10) {
            goto too_large;
        }
        n = n * 10 + d;
    }
    switch (*s) {
    case 'k': case 'K': unit = 1024; s++; break;
    case 'm': case 'M': unit = 1024 * 1024; s++; break;
    case 'g': case 'G': unit = 1024 * 1024 * 1024; s++; break;
    default: break;
    }
    if (*s != '\0') {
        return apr_psprintf(p, "'%s' is not a size (a number of bytes, with "
                            "an optional K, M or G)", arg);
    }
    if (n == 0 && !allow_zero) {
        return apr_psprintf(p, "'%s' is not a positive size", arg);
    }
    if (n > LANDING_OFF_MAX / unit) {
        goto too_large;
    }
    *out = n * unit;
    return NULL;

too_large:
    return apr_psprintf(p, "'%s' is too large (at most %" APR_OFF_T_FMT
                        " bytes)", arg, LANDING_OFF_MAX);
}

const char *landing_size_format(apr_pool_t *p, apr_off_t n)
{
    static const char units[] = "GMK";
    apr_off_t scale = (apr_off_t)1024 * 1024 * 1024;
    int i;

    for (i = 0; i < 3; i++, scale /= 1024) {
        if (n > 0 && n % scale == 0) {
            return apr_psprintf(p, "%" APR_OFF_T_FMT "%c", n / scale,
                                units[i]);
        }
    }
    return apr_psprintf(p, "%" APR_OFF_T_FMT, n);
}
