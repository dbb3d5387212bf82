/**
 * @file tap.h
 * @brief A tiny Test Anything Protocol producer for the C unit tests.
 *
 * Each test program prints "ok N - name" or "not ok N - name" lines and a
 * plan, so prove(1) can run the compiled binaries directly:
 *
 *     int main(void)
 *     {
 *         ok(1 + 1 == 2, "arithmetic");
 *         is_str(got, "expected", "the %s", "thing");
 *         return done_testing();
 *     }
 *
 * Every check returns non-zero when it passed, so a test can skip what
 * depends on it: if (ok(p != NULL, "got p")) { ... }.
 */
#ifndef LANDING_TAP_H
#define LANDING_TAP_H

#if defined(__GNUC__)
#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TAP_PRINTF(f, a)
#endif

/** Announce up front that @p n tests will run. Optional. */
void plan(int n);

/** Pass when @p cond is true. @p name is a printf format. */
int ok(int cond, const char *name, ...) TAP_PRINTF(2, 3);

/** Pass when the strings are equal; NULL equals only NULL. */
int is_str(const char *got, const char *want, const char *name, ...)
    TAP_PRINTF(3, 4);

/** Pass when the integers are equal. */
int is_int(long got, long want, const char *name, ...) TAP_PRINTF(3, 4);

/** Pass when @p needle occurs in @p haystack (a NULL haystack fails). */
int has_str(const char *haystack, const char *needle, const char *name, ...)
    TAP_PRINTF(3, 4);

/** Pass when @p needle does not occur in @p haystack (NULL fails). */
int lacks_str(const char *haystack, const char *needle,
              const char *name, ...) TAP_PRINTF(3, 4);

/** Print a "# " comment line to stderr, which prove shows on failure. */
void diag(const char *fmt, ...) TAP_PRINTF(1, 2);

/**
 * Finish: print the plan if plan() was not called, and return the exit
 * status for main(): 0 when every test passed and the count matched the
 * plan, else 1.
 */
int done_testing(void);

#endif
