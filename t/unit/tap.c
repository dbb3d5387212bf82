/* A tiny TAP producer: see tap.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static int planned = -1;
static int run;
static int failed;

void plan(int n)
{
    planned = n;
    printf("1..%d\n", n);
    fflush(stdout);
}

/* Every line of a diagnostic starts with "# ", as TAP wants. */
static void vdiag(const char *fmt, va_list ap)
{
    char buf[4096];
    const char *s = buf, *nl;

    vsnprintf(buf, sizeof(buf), fmt, ap);
    fflush(stdout);
    do {
        nl = strchr(s, '\n');
        fprintf(stderr, "# %.*s\n", nl ? (int)(nl - s) : (int)strlen(s), s);
        s = nl + 1;
    } while (nl);
    fflush(stderr);
}

void diag(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vdiag(fmt, ap);
    va_end(ap);
}

/* Print one result line; the name may not hold a newline in TAP. */
static int report(int cond, const char *name, va_list ap)
{
    char buf[512];
    char *nl;

    vsnprintf(buf, sizeof(buf), name, ap);
    for (nl = strchr(buf, '\n'); nl; nl = strchr(nl, '\n')) {
        *nl = ' ';
    }
    run++;
    if (!cond) {
        failed++;
    }
    printf("%sok %d - %s\n", cond ? "" : "not ", run, buf);
    fflush(stdout);
    if (!cond) {
        diag("  Failed test '%s'", buf);
    }
    return cond;
}

int ok(int cond, const char *name, ...)
{
    va_list ap;

    va_start(ap, name);
    cond = report(cond != 0, name, ap);
    va_end(ap);
    return cond;
}

int is_str(const char *got, const char *want, const char *name, ...)
{
    va_list ap;
    int cond;

    if (got == NULL || want == NULL) {
        cond = (got == want);
    }
    else {
        cond = (strcmp(got, want) == 0);
    }
    va_start(ap, name);
    report(cond, name, ap);
    va_end(ap);
    if (!cond) {
        diag("         got: %s%s%s", got ? "'" : "", got ? got : "NULL",
             got ? "'" : "");
        diag("    expected: %s%s%s", want ? "'" : "", want ? want : "NULL",
             want ? "'" : "");
    }
    return cond;
}

int is_int(long got, long want, const char *name, ...)
{
    va_list ap;
    int cond = (got == want);

    va_start(ap, name);
    report(cond, name, ap);
    va_end(ap);
    if (!cond) {
        diag("         got: %ld", got);
        diag("    expected: %ld", want);
    }
    return cond;
}

/* Shared by has_str and lacks_str; @p want is whether it should occur. */
static int find(const char *haystack, const char *needle, int want,
                const char *name, va_list ap)
{
    int cond = haystack != NULL
               && (strstr(haystack, needle) != NULL) == want;

    report(cond, name, ap);
    if (!cond) {
        if (haystack == NULL) {
            diag("    got NULL instead of a string");
        }
        else if (want) {
            /* Enough of the haystack to see what went wrong. */
            size_t len = strlen(haystack);
            diag("    '%s' not found in:", needle);
            diag("%.1500s%s", haystack, len > 1500 ? "\n[...]" : "");
        }
        else {
            const char *at = strstr(haystack, needle);
            const char *from = at - haystack > 200 ? at - 200 : haystack;
            diag("    '%s' found at byte %ld, after:", needle,
                 (long)(at - haystack));
            diag("%.*s", (int)(at - from), from);
        }
    }
    return cond;
}

int has_str(const char *haystack, const char *needle, const char *name, ...)
{
    va_list ap;
    int cond;

    va_start(ap, name);
    cond = find(haystack, needle, 1, name, ap);
    va_end(ap);
    return cond;
}

int lacks_str(const char *haystack, const char *needle,
              const char *name, ...)
{
    va_list ap;
    int cond;

    va_start(ap, name);
    cond = find(haystack, needle, 0, name, ap);
    va_end(ap);
    return cond;
}

int done_testing(void)
{
    if (planned < 0) {
        printf("1..%d\n", run);
        planned = run;
    }
    fflush(stdout);
    if (run != planned) {
        diag("Looks like you planned %d tests but ran %d.", planned, run);
        return 1;
    }
    if (failed) {
        diag("Looks like you failed %d test%s of %d.", failed,
             failed == 1 ? "" : "s", run);
        return 1;
    }
    return 0;
}
