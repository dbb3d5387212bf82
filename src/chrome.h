/**
 * @file chrome.h
 * @brief The default chrome: conf/landing.html and conf/landing.css,
 *        embedded into the binary at build time (see tools/embed.pl).
 */
#ifndef LANDING_CHROME_H
#define LANDING_CHROME_H

#include <apr.h>

/** The default layout's name, used when no LandingLayout maps it. */
#define LANDING_DEFAULT_LAYOUT "Landing"

extern const char landing_chrome_template[];
extern const apr_size_t landing_chrome_template_len;
extern const char landing_chrome_stylesheet[];
extern const apr_size_t landing_chrome_stylesheet_len;

#endif
