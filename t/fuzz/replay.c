/*
 * Replays a fuzz target's corpus with a plain build: one TAP test per
 * file, so prove counts the corpus with the unit tests. A crash, a
 * sanitizer report or a failed invariant (an abort) stops the program,
 * and prove reports the missing tests and the exit status.
 *
 *     build/unit/fuzz-replay-page.t [corpus-dir]
 *
 * The directory defaults to t/fuzz/corpus/FUZZ_TARGET, relative to the
 * repository root, where the test command runs.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#ifndef FUZZ_TARGET
#error "define FUZZ_TARGET, the corpus's name"
#endif

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, n = 0, got;
    uint8_t *d = malloc(cap);

    if (f == NULL || d == NULL) {
        free(d);
        if (f) {
            fclose(f);
        }
        return 0;
    }
    while ((got = fread(d + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *g = realloc(d, cap *= 2);
            if (g == NULL) {
                free(d);
                fclose(f);
                return 0;
            }
            d = g;
        }
    }
    fclose(f);
    *data = d;
    *len = n;
    return 1;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "t/fuzz/corpus/" FUZZ_TARGET;
    DIR *dh = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t count = 0, cap = 0, i;
    int failed = 0;

    if (dh == NULL) {
        printf("1..0 # SKIP no corpus at %s\n", dir);
        return 0;
    }
    while ((de = readdir(dh)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof(*names));
            if (names == NULL) {
                return 2;
            }
        }
        names[count++] = strdup(de->d_name);
    }
    closedir(dh);
    qsort(names, count, sizeof(*names), by_name);

    printf("1..%zu\n", count);
    fflush(stdout);
    for (i = 0; i < count; i++) {
        char path[4096];
        uint8_t *data;
        size_t len;

        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (read_file(path, &data, &len)) {
            LLVMFuzzerTestOneInput(data, len);
            free(data);
            printf("ok %zu - %s %s (%zu bytes)\n", i + 1, FUZZ_TARGET,
                   names[i], len);
        }
        else {
            printf("not ok %zu - %s: cannot read\n", i + 1, names[i]);
            failed = 1;
        }
        fflush(stdout);
        free(names[i]);
    }
    free(names);
    return failed;
}
