/**
 * @file fuzz.h
 * @brief What the libFuzzer targets in t/fuzz share.
 *
 * Each target defines LLVMFuzzerTestOneInput(). Built with clang
 * -fsanitize=fuzzer it is a fuzzer; built with any compiler next to
 * t/fuzz/replay.c it is a test that runs every file of its corpus once.
 * A target takes its options from the input's first byte, as cmark's
 * fuzzer does, so one corpus explores every option.
 */
#ifndef LANDING_FUZZ_H
#define LANDING_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <apr_general.h>
#include <apr_pools.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/** A pool for one input; APR is initialized on first use. */
static inline apr_pool_t *fuzz_pool(void)
{
    static apr_pool_t *root;
    apr_pool_t *p;

    if (root == NULL) {
        if (apr_initialize() != APR_SUCCESS
            || apr_pool_create(&root, NULL) != APR_SUCCESS) {
            abort();
        }
    }
    if (apr_pool_create(&p, root) != APR_SUCCESS) {
        abort();
    }
    return p;
}

/** An invariant broke: say which and crash, so the fuzzer keeps the
 *  input and the replay test fails. */
#define FUZZ_ASSERT(cond)                                                   \
    do {                                                                    \
        if (!(cond)) {                                                      \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                       \
            abort();                                                        \
        }                                                                   \
    } while (0)

#endif
