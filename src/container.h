/**
 * @file container.h
 * @brief VuePress's custom containers (`::: tip`, `::: warning`,
 *        `::: danger`, `::: details`, any other name) as a cmark-gfm block
 *        extension.
 *
 * What authors write, as markdown-it-container reads it for VuePress 1.x's
 * default theme:
 *
 *     ::: tip Optional title
 *     Markdown, rendered as such.
 *     :::
 *
 * An opener is three or more colons and a name (letters, digits, '-' and
 * '_'), then an optional title, indented less than four columns; it
 * interrupts a paragraph, so blank lines around it are optional. A closer
 * is a line of colons alone. A closer of N colons closes the innermost
 * open container opened with N colons or fewer, and when that one was
 * opened with fewer, the ones around it up to the first opened with
 * exactly N (so `::::` around `:::` nests, as markdown-it-container
 * allows, and so do two `:::` containers, which it does not). A line
 * inside a fenced code block, or an unfinished raw HTML block of kinds 1
 * to 5 (`<pre>`, `<script>`, `<!--`...), is the block's, never a marker.
 * An unclosed container closes at the end of its parent.
 *
 * The HTML is VuePress's, with the title escaped:
 *
 *     <div class="custom-block tip"><p class="custom-block-title">TIP</p>
 *     ...
 *     </div>
 *     <details class="custom-block details"><summary>Details</summary>
 *     ...
 *     </details>
 *
 * The extension is made once per process (landing_container_init()) and
 * attached to each parser; everything it allocates during a parse comes
 * from the parser's cmark_mem.
 */
#ifndef LANDING_CONTAINER_H
#define LANDING_CONTAINER_H

#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>

/** Containers nested deeper than this are not opened: the marker line is
 *  text. VuePress's pages nest two or three. */
#define LANDING_CONTAINER_MAX_DEPTH 32

/** The longest container name; a longer one is no container. */
#define LANDING_CONTAINER_MAX_NAME 64

/** Make the extension and its node types, once per process
 *  (pthread_once); landing_gfm_init() calls it too. */
void landing_container_init(void);

/** The extension, for cmark_render_html()'s list and the like. */
cmark_syntax_extension *landing_container_extension(void);

/** Attach the extension to @p parser (before any other extension, so that
 *  a container can end a table as it ends a paragraph). */
void landing_container_attach(cmark_parser *parser);

/** Is @p node a container? */
int landing_container_is(cmark_node *node);

/** Is @p node the hidden node a closing marker leaves (rendered as
 *  nothing, with its children)? */
int landing_container_is_closer(cmark_node *node);

/** For a container: the element ("div" or "details"), its class
 *  attribute ("custom-block NAME"), its title (the given one or the
 *  default, unescaped; NULL for none). */
const char *landing_container_element(cmark_node *node);
const char *landing_container_class(cmark_node *node);
const char *landing_container_title(cmark_node *node);

/** For a container: 1 when a closing marker closed it, 0 when it ran to
 *  the end of its parent. */
int landing_container_closed(cmark_node *node);

#endif
