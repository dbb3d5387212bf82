/*
 * Unit tests for src/size: sizes with K, M and G, every value that would
 * overflow apr_off_t refused (never wrapped), and the boundaries exact.
 */
#include <string.h>
#include <apr_general.h>
#include <apr_strings.h>

#include "size.h"
#include "tap.h"

static apr_pool_t *pool;

static void accepts(const char *arg, apr_off_t want)
{
    apr_off_t got = -1;
    const char *err = landing_size_parse(pool, arg, 1, &got);

    if (!ok(err == NULL && got == want, "'%s' is %" APR_OFF_T_FMT, arg,
            want)) {
        diag("got %" APR_OFF_T_FMT ", error %s", got, err ? err : "none");
    }
}

static void refuses(const char *arg, int allow_zero, const char *why)
{
    apr_off_t got = 12345;
    const char *err = landing_size_parse(pool, arg, allow_zero, &got);

    has_str(err, why, "'%s' refused: %s", arg, why);
    is_int((long)got, 12345, "'%s' leaves the value alone", arg);
}

int main(void)
{
    apr_initialize();
    apr_pool_create(&pool, NULL);

    ok(sizeof(apr_off_t) == 8, "apr_off_t has 64 bits here");
    ok(LANDING_OFF_MAX == APR_INT64_C(9223372036854775807),
       "LANDING_OFF_MAX is 2^63-1");

    accepts("0", 0);
    accepts("1", 1);
    accepts("1500", 1500);
    accepts("1k", 1024);
    accepts("1K", 1024);
    accepts("8M", 8 * 1024 * 1024);
    accepts("2g", APR_INT64_C(2147483648));
    accepts("007", 7);

    /* The largest of each unit, and one past it. */
    accepts("9223372036854775807", APR_INT64_C(9223372036854775807));
    refuses("9223372036854775808", 1, "is too large (at most "
            "9223372036854775807 bytes)");
    refuses("99999999999999999999999", 1, "is too large");
    accepts("9007199254740991K", APR_INT64_C(9223372036854774784));
    refuses("9007199254740992K", 1, "is too large");
    accepts("8796093022207M", APR_INT64_C(9223372036853727232));
    refuses("8796093022208M", 1, "is too large");
    accepts("8589934591G", APR_INT64_C(9223372035781033984));
    refuses("8589934592G", 1, "is too large");
    /* The two from the issue: one wrapped to about 17 GiB before. */
    refuses("17179869184G", 1, "is too large");
    refuses("17179869201G", 1, "is too large");
    refuses("18446744073709551617", 1, "is too large");

    refuses("0", 0, "'0' is not a positive size");
    refuses("0K", 0, "is not a positive size");
    refuses("lots", 0, "'lots' is not a positive size");
    refuses("lots", 1, "'lots' is not a valid size");
    refuses("", 1, "is not a valid size");
    refuses("K", 1, "is not a valid size");
    refuses("-1", 1, "is not a valid size");
    refuses("+5", 1, "is not a valid size");
    refuses(" 5", 1, "is not a valid size");
    refuses("5 ", 1, "is not a size (a number of bytes");
    refuses("1KB", 1, "is not a size (a number of bytes");
    refuses("1T", 1, "is not a size (a number of bytes");
    refuses("0x10", 1, "is not a size (a number of bytes");
    refuses("1.5M", 1, "is not a size (a number of bytes");

    is_str(landing_size_format(pool, 8 * 1024 * 1024), "8M", "8M formats");
    is_str(landing_size_format(pool, 1024), "1K", "1K formats");
    is_str(landing_size_format(pool, 1500), "1500", "1500 formats");
    is_str(landing_size_format(pool, APR_INT64_C(1073741824) * 3), "3G",
           "3G formats");
    is_str(landing_size_format(pool, 0), "0", "0 formats");

    apr_pool_destroy(pool);
    apr_terminate();
    return done_testing();
}
