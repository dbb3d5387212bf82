/**
 * @file toc.h
 * @brief "On this page": the h2 headings of a page with their h3 headings
 *        nested, as a template value.
 */
#ifndef LANDING_TOC_H
#define LANDING_TOC_H

#include <apr_pools.h>
#include <apr_tables.h>

#include "value.h"

/**
 * A map {items: list} made of @p headings (landing_md_heading_t, as
 * landing_md_render found them): one item {id, text, children} per h2.
 * An h2's children are false, or a map {items} of the h3 items up to the
 * next h2 (whose children are false). An h3 before the first h2 is an
 * item of its own. Headings without an id and deeper ones are left out.
 * NULL when nothing is left.
 */
landing_value_t *landing_toc_value(apr_pool_t *p,
                                   const apr_array_header_t *headings);

#endif
