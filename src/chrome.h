/**
 * @file chrome.h
 * @brief The default chrome: conf/landing.html, its partials
 *        (conf/partials/NAME.html, the built-in partials landing/NAME)
 *        and conf/landing.css, embedded into the binary at build time
 *        (see tools/embed.pl).
 */
#ifndef LANDING_CHROME_H
#define LANDING_CHROME_H

#include <apr.h>

/** The default layout's name, used when no LandingLayout maps it. */
#define LANDING_DEFAULT_LAYOUT "Landing"

/** An embedded file of a table. */
typedef struct {
    const char *name;
    const char *src;
    apr_size_t len;
} landing_embedded_t;

extern const char landing_chrome_template[];
extern const apr_size_t landing_chrome_template_len;
extern const char landing_chrome_stylesheet[];
extern const apr_size_t landing_chrome_stylesheet_len;
/** conf/landing.css's modification time in seconds since the epoch,
 *  when it was embedded (tools/embed.pl), for Last-Modified. */
extern const apr_int64_t landing_chrome_stylesheet_mtime;
/** The built-in partials ("landing/header", ...), sorted by name, ended
 *  by a NULL name. */
extern const landing_embedded_t landing_chrome_partials[];

#endif
