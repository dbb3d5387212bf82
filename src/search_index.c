/*
 * The search index: walk the tree, read what changed, write a new
 * database beside the old one and rename it into place.
 */
#include <string.h>
#include <unistd.h>
#include <apr_file_io.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <sqlite3.h>

#include "buf.h"
#include "search_index.h"
#include "search_text.h"

/* A page's sections are rows page_id * ROWS_PER_PAGE + n of the FTS5
 * table: a page's rows are one range of rowids, deleted in one step. */
#define ROWS_PER_PAGE 1024

static const char schema[] =
    "CREATE TABLE landing_meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE landing_pages(id INTEGER PRIMARY KEY, path TEXT UNIQUE"
    " NOT NULL, url TEXT NOT NULL, size INTEGER, mtime INTEGER, title TEXT,"
    " description TEXT, section TEXT);"
    "CREATE VIRTUAL TABLE landing_text USING fts5(title, heading, body,"
    " anchor UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO landing_text(landing_text, rank) VALUES('rank', '"
    LANDING_INDEX_RANK "');"
    /* One row per page, for ranking pages: a query ranks as many rows as
     * pages match, not sections. Contentless: the text is landing_text's. */
    "CREATE VIRTUAL TABLE landing_rank USING fts5(title, headings, body,"
    " content = '', tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO landing_rank(landing_rank, rank) VALUES('rank', '"
    LANDING_INDEX_RANK "');"
    "INSERT INTO landing_meta VALUES('format', '" LANDING_INDEX_FORMAT "');";

/* A Markdown file found by the walk. */
typedef struct {
    const char *file;       /* on disk */
    const char *path;       /* its request path: "/guide/index.md" */
    const char *url;        /* what a result links to: "/guide/" */
    apr_off_t size;
    apr_time_t mtime;
} found_t;

/* What the old index knows of a file. */
typedef struct {
    apr_off_t size;
    apr_time_t mtime;
    int seen;
} known_t;

typedef struct {
    apr_pool_t *p;
    const landing_index_conf_t *conf;
    landing_page_conf_t pc;
    apr_array_header_t *found;
    apr_hash_t *known;      /* path -> known_t, from the old index */
    sqlite3 *db;
    sqlite3_stmt *page_id, *update_page, *insert_page, *delete_rows,
                 *insert_row, *delete_page, *page_rows, *rank_insert,
                 *rank_delete;
    landing_index_stats_t *st;
    const char **err;
} build_t;

static int has_suffix(const char *s, const char *suffix)
{
    apr_size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* "index.md" is its directory's page: a result links to "dir/", the
 * URL that DirectoryIndex serves it at. */
static const char *link_url(apr_pool_t *p, const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash && strcmp(slash + 1, "index.md") == 0) {
        return apr_pstrmemdup(p, path, (apr_size_t)(slash + 1 - path));
    }
    return path;
}

static void add_file(build_t *b, const char *file, const char *path,
                     const apr_finfo_t *fi)
{
    found_t *f;

    if (!has_suffix(path, ".md") || fi->size > b->conf->max_size) {
        return;
    }
    f = apr_array_push(b->found);
    f->file = file;
    f->path = path;
    f->url = link_url(b->p, path);
    f->size = fi->size;
    f->mtime = fi->mtime;
}

/* The Markdown files under @p dir, served at @p url (ending in '/'). */
static void walk(build_t *b, const char *dir, const char *url, int depth)
{
    apr_dir_t *d;
    apr_finfo_t fi;
    apr_status_t rv;

    if (depth > 64 || apr_dir_open(&d, dir, b->p) != APR_SUCCESS) {
        b->st->failed++;
        return;
    }
    while ((rv = apr_dir_read(&fi, APR_FINFO_NAME | APR_FINFO_TYPE
                              | APR_FINFO_SIZE | APR_FINFO_MTIME, d))
           == APR_SUCCESS || rv == APR_INCOMPLETE) {
        const char *file, *path;

        if (fi.name == NULL || fi.name[0] == '.') {
            continue;
        }
        file = apr_pstrcat(b->p, dir, "/", fi.name, NULL);
        path = apr_pstrcat(b->p, url, fi.name, NULL);
        if (rv == APR_INCOMPLETE || fi.filetype == APR_LNK
            || fi.filetype == APR_UNKFILE) {
            /* A link to a file is followed, to a directory not (it can
             * make a cycle). */
            if (apr_stat(&fi, file, APR_FINFO_TYPE | APR_FINFO_SIZE
                         | APR_FINFO_MTIME, b->p) != APR_SUCCESS
                || fi.filetype != APR_REG) {
                continue;
            }
        }
        if (fi.filetype == APR_DIR) {
            walk(b, file, apr_pstrcat(b->p, path, "/", NULL), depth + 1);
        }
        else if (fi.filetype == APR_REG) {
            add_file(b, file, path, &fi);
        }
    }
    apr_dir_close(d);
}

static apr_status_t db_error(build_t *b, const char *what)
{
    *b->err = apr_psprintf(b->p, "%s: %s", what,
                           b->db ? sqlite3_errmsg(b->db) : "out of memory");
    return APR_EGENERAL;
}

static int exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* The old index's files, when it is one of this format and settings;
 * NULL when it must be built anew. */
static apr_hash_t *read_known(build_t *b, const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    apr_hash_t *known = NULL;
    apr_finfo_t fi;
    int ok = 0, rc;

    if (apr_stat(&fi, path, APR_FINFO_TYPE, b->p) != APR_SUCCESS) {
        return NULL;
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db, "SELECT (SELECT value FROM landing_meta "
                              "WHERE key = 'format'), (SELECT value FROM "
                              "landing_meta WHERE key = 'settings')", -1,
                              &st, NULL) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_ROW) {
        goto done;
    }
    if (sqlite3_column_text(st, 0) == NULL
        || strcmp((const char *)sqlite3_column_text(st, 0),
                  LANDING_INDEX_FORMAT) != 0
        || sqlite3_column_text(st, 1) == NULL
        || strcmp((const char *)sqlite3_column_text(st, 1),
                  b->conf->settings ? b->conf->settings : "") != 0) {
        goto done;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT path, size, mtime FROM "
                           "landing_pages", -1, &st, NULL) != SQLITE_OK) {
        goto done;
    }
    known = apr_hash_make(b->p);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        known_t *k = apr_pcalloc(b->p, sizeof(*k));
        const char *f = (const char *)sqlite3_column_text(st, 0);
        if (f == NULL) {
            continue;
        }
        k->size = sqlite3_column_int64(st, 1);
        k->mtime = sqlite3_column_int64(st, 2);
        apr_hash_set(known, apr_pstrdup(b->p, f), APR_HASH_KEY_STRING, k);
    }
    /* A page table that cannot be read to its end is a broken file. */
    ok = (rc == SQLITE_DONE);
done:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok ? known : NULL;
}

static apr_status_t prepare(build_t *b)
{
    static const struct { size_t off; const char *sql; } stmts[] = {
        { APR_OFFSETOF(build_t, page_id),
          "SELECT id FROM landing_pages WHERE path = ?1" },
        { APR_OFFSETOF(build_t, update_page),
          "UPDATE landing_pages SET url = ?2, size = ?3, mtime = ?4, "
          "title = ?5, description = ?6, section = ?7 WHERE id = ?1" },
        { APR_OFFSETOF(build_t, insert_page),
          "INSERT INTO landing_pages(path, url, size, mtime, title, "
          "description, section) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
        { APR_OFFSETOF(build_t, delete_rows),
          "DELETE FROM landing_text WHERE rowid >= ?1 AND rowid < ?2" },
        { APR_OFFSETOF(build_t, insert_row),
          "INSERT INTO landing_text(rowid, title, heading, body, anchor) "
          "VALUES(?1, ?2, ?3, ?4, ?5)" },
        { APR_OFFSETOF(build_t, delete_page),
          "DELETE FROM landing_pages WHERE id = ?1" },
        { APR_OFFSETOF(build_t, page_rows),
          "SELECT title, heading, body FROM landing_text WHERE rowid >= ?1 "
          "AND rowid < ?2 ORDER BY rowid" },
        { APR_OFFSETOF(build_t, rank_insert),
          "INSERT INTO landing_rank(rowid, title, headings, body) "
          "VALUES(?1, ?2, ?3, ?4)" },
        { APR_OFFSETOF(build_t, rank_delete),
          "INSERT INTO landing_rank(landing_rank, rowid, title, headings, "
          "body) VALUES('delete', ?1, ?2, ?3, ?4)" },
    };
    apr_size_t i;

    for (i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
        sqlite3_stmt **slot = (sqlite3_stmt **)((char *)b + stmts[i].off);
        if (sqlite3_prepare_v2(b->db, stmts[i].sql, -1, slot, NULL)
            != SQLITE_OK) {
            return db_error(b, "preparing the index statements");
        }
    }
    return APR_SUCCESS;
}

static void finalize(build_t *b)
{
    sqlite3_finalize(b->page_id);
    sqlite3_finalize(b->update_page);
    sqlite3_finalize(b->insert_page);
    sqlite3_finalize(b->delete_rows);
    sqlite3_finalize(b->insert_row);
    sqlite3_finalize(b->delete_page);
    sqlite3_finalize(b->page_rows);
    sqlite3_finalize(b->rank_insert);
    sqlite3_finalize(b->rank_delete);
    b->page_id = b->update_page = b->insert_page = b->delete_rows
        = b->insert_row = b->delete_page = b->page_rows = b->rank_insert
        = b->rank_delete = NULL;
}

static int run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s) {
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    }
    else {
        sqlite3_bind_null(st, i);
    }
}

/* The id of the page at @p path in the new index, or 0. */
static sqlite3_int64 page_id(build_t *b, const char *path)
{
    sqlite3_int64 id = 0;

    sqlite3_bind_text(b->page_id, 1, path, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(b->page_id) == SQLITE_ROW) {
        id = sqlite3_column_int64(b->page_id, 0);
    }
    sqlite3_reset(b->page_id);
    return id;
}

/* A page's row in landing_rank: its sections' columns joined, in rowid
 * order. The same function makes it when the page is written and when
 * it is deleted, from the same rows, so a contentless table's 'delete'
 * gets the values it was given. */
typedef struct {
    landing_buf_t title, headings, body;
} rank_row_t;

static void rank_add(rank_row_t *r, const char *title, const char *heading,
                     const char *body)
{
    if (title && *title) {
        landing_buf_puts(&r->title, title);
    }
    if (heading && *heading) {
        if (r->headings.len) {
            landing_buf_add(&r->headings, " ", 1);
        }
        landing_buf_puts(&r->headings, heading);
    }
    if (body && *body) {
        if (r->body.len) {
            landing_buf_add(&r->body, " ", 1);
        }
        landing_buf_puts(&r->body, body);
    }
}

static int rank_write(build_t *b, sqlite3_stmt *st, sqlite3_int64 id,
                      rank_row_t *r)
{
    int rc;

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, r->title.data ? r->title.data : "",
                      (int)r->title.len, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, r->headings.data ? r->headings.data : "",
                      (int)r->headings.len, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, r->body.data ? r->body.data : "",
                      (int)r->body.len, SQLITE_STATIC);
    rc = run(st);
    (void)b;
    return rc;
}

static void rank_init(rank_row_t *r)
{
    landing_buf_init(&r->title, 64);
    landing_buf_init(&r->headings, 256);
    landing_buf_init(&r->body, 4096);
}

static void rank_free(rank_row_t *r)
{
    landing_buf_free(&r->title);
    landing_buf_free(&r->headings);
    landing_buf_free(&r->body);
}

/* Delete a page's sections and its ranking row. */
static int delete_rows(build_t *b, sqlite3_int64 id)
{
    rank_row_t r;
    int rc, rows = 0;

    rank_init(&r);
    sqlite3_bind_int64(b->page_rows, 1, id * ROWS_PER_PAGE);
    sqlite3_bind_int64(b->page_rows, 2, (id + 1) * ROWS_PER_PAGE);
    while ((rc = sqlite3_step(b->page_rows)) == SQLITE_ROW) {
        rank_add(&r, (const char *)sqlite3_column_text(b->page_rows, 0),
                 (const char *)sqlite3_column_text(b->page_rows, 1),
                 (const char *)sqlite3_column_text(b->page_rows, 2));
        rows++;
    }
    sqlite3_reset(b->page_rows);
    rc = (rc == SQLITE_DONE) ? SQLITE_OK : rc;
    if (rc == SQLITE_OK && rows > 0 && !r.title.failed && !r.headings.failed
        && !r.body.failed) {
        rc = rank_write(b, b->rank_delete, id, &r);
    }
    rank_free(&r);
    if (rc != SQLITE_OK) {
        return rc;
    }
    sqlite3_bind_int64(b->delete_rows, 1, id * ROWS_PER_PAGE);
    sqlite3_bind_int64(b->delete_rows, 2, (id + 1) * ROWS_PER_PAGE);
    return run(b->delete_rows);
}

/* The page's place in the navigation: the titles between Home and the
 * page in its breadcrumbs ("Guide › Install"), or NULL. */
static const char *section_of(apr_pool_t *p, const landing_index_conf_t *c,
                              const char *path, const char *title)
{
    landing_nav_values_t nv;
    const landing_value_t *items;
    const landing_entry_t *e;
    const char *out = NULL;

    landing_nav_values(p, c->pc->nav, path, title,
                       c->home_title ? c->home_title : "Home", NULL, &nv);
    items = nv.breadcrumbs ? landing_value_get(nv.breadcrumbs, "items")
                           : NULL;
    if (items == NULL || items->type != LANDING_VALUE_LIST) {
        return NULL;
    }
    for (e = items->first; e && e->next; e = e->next) {
        const char *t;
        if (e == items->first) {
            continue;
        }
        t = landing_value_get_str(e->value, "title");
        if (t && *t) {
            out = out ? apr_pstrcat(p, out, " \xE2\x80\xBA ", t, NULL) : t;
        }
    }
    return out;
}

static apr_status_t read_file(apr_pool_t *p, const found_t *f, char **data,
                              apr_size_t *len)
{
    apr_file_t *fd;
    apr_status_t rv;

    rv = apr_file_open(&fd, f->file, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    *data = apr_palloc(p, (apr_size_t)f->size + 1);
    rv = apr_file_read_full(fd, *data, (apr_size_t)f->size, len);
    apr_file_close(fd);
    if (APR_STATUS_IS_EOF(rv)) {
        rv = APR_SUCCESS;     /* shorter than when it was seen */
    }
    if (rv == APR_SUCCESS) {
        (*data)[*len] = '\0';
    }
    return rv;
}

/* @p s without control characters (a title from front matter may hold
 * any): the snippets' match markers are control characters. */
static const char *plain(apr_pool_t *p, const char *s)
{
    char *out, *q;

    if (s == NULL) {
        return NULL;
    }
    out = apr_pstrdup(p, s);
    for (q = out; *q; q++) {
        if ((unsigned char)*q < 0x20 || *q == 0x7f) {
            *q = ' ';
        }
    }
    return out;
}

/* Read one page and write its rows; the page row is written even for a
 * file that is not a Landing page, so it is not read again until it
 * changes. */
static apr_status_t index_file(build_t *b, apr_pool_t *p, const found_t *f)
{
    landing_page_t page;
    landing_page_result_e res;
    apr_array_header_t *sections = NULL;
    sqlite3_int64 id = page_id(b, f->path);
    sqlite3_stmt *st = id ? b->update_page : b->insert_page;
    const char *section = NULL;
    rank_row_t rank;
    char *src;
    apr_size_t len = 0;
    int i, rc;

    if (read_file(p, f, &src, &len) != APR_SUCCESS) {
        b->st->failed++;
        return APR_SUCCESS;
    }
    b->st->indexed++;
    res = landing_page_render(p, &b->pc, src, len, f->path, &page);
    if (res == LANDING_PAGE_RENDERED) {
        page.title = plain(p, page.title);
        page.description = plain(p, page.description);
        sections = landing_text_sections(p, page.content, page.content_len);
        section = section_of(p, b->conf, f->path, page.title);
    }
    if (id) {
        sqlite3_bind_int64(st, 1, id);
        if (delete_rows(b, id) != SQLITE_OK) {
            return db_error(b, "removing a page's old text");
        }
    }
    else {
        bind_text(st, 1, f->path);
    }
    bind_text(st, 2, f->url);
    sqlite3_bind_int64(st, 3, f->size);
    sqlite3_bind_int64(st, 4, f->mtime);
    bind_text(st, 5, sections ? page.title : NULL);
    bind_text(st, 6, sections ? page.description : NULL);
    bind_text(st, 7, section);
    if (run(st) != SQLITE_OK) {
        return db_error(b, "writing a page");
    }
    if (id == 0) {
        id = sqlite3_last_insert_rowid(b->db);
    }
    rank_init(&rank);
    for (i = 0; sections && i < sections->nelts; i++) {
        const landing_text_section_t *sec = &APR_ARRAY_IDX(
            sections, i, landing_text_section_t);
        const char *body = sec->text;
        if (i == ROWS_PER_PAGE - 1) {
            /* The rest of a page of more sections is its last row. */
            int j;
            for (j = i + 1; j < sections->nelts; j++) {
                const landing_text_section_t *more = &APR_ARRAY_IDX(
                    sections, j, landing_text_section_t);
                body = apr_pstrcat(p, body, " ", more->heading, " ",
                                   more->text, NULL);
            }
        }
        if (i == 0 && page.description) {
            body = apr_pstrcat(p, page.description, " ", body, NULL);
        }
        if (i > 0 && !*sec->heading && !*body) {
            continue;
        }
        sqlite3_bind_int64(b->insert_row, 1, id * ROWS_PER_PAGE + i);
        bind_text(b->insert_row, 2, i == 0 ? page.title : "");
        bind_text(b->insert_row, 3, sec->heading);
        bind_text(b->insert_row, 4, body);
        bind_text(b->insert_row, 5, sec->anchor);
        rc = run(b->insert_row);
        if (rc != SQLITE_OK) {
            rank_free(&rank);
            return db_error(b, "writing a page's text");
        }
        rank_add(&rank, i == 0 ? page.title : "", sec->heading, body);
        if (i == ROWS_PER_PAGE - 1) {
            break;
        }
    }
    if (sections && rank_write(b, b->rank_insert, id, &rank) != SQLITE_OK) {
        rank_free(&rank);
        return db_error(b, "writing a page's rank");
    }
    rank_free(&rank);
    return APR_SUCCESS;
}

/* Pages of the old index whose files are gone. */
static apr_status_t remove_gone(build_t *b)
{
    apr_hash_index_t *hi;

    for (hi = apr_hash_first(b->p, b->known); hi; hi = apr_hash_next(hi)) {
        const void *path;
        void *v;
        sqlite3_int64 id;
        apr_hash_this(hi, &path, NULL, &v);
        if (((known_t *)v)->seen || (id = page_id(b, path)) == 0) {
            continue;
        }
        sqlite3_bind_int64(b->delete_page, 1, id);
        if (delete_rows(b, id) != SQLITE_OK
            || run(b->delete_page) != SQLITE_OK) {
            return db_error(b, "removing a page");
        }
        b->st->removed++;
    }
    return APR_SUCCESS;
}

/* The new database's bytes reach the disk before its name replaces the
 * old one's, so that a crash leaves the old index or the new, whole. */
static apr_status_t sync_file(apr_pool_t *p, const char *path)
{
    apr_file_t *fd;
    apr_status_t rv = apr_file_open(&fd, path, APR_FOPEN_READ,
                                    APR_OS_DEFAULT, p);

    if (rv == APR_SUCCESS) {
        rv = apr_file_sync(fd);
        apr_file_close(fd);
    }
    return rv;
}

/* Copy the old index into the new file, or start it from the schema. */
static apr_status_t start_new(build_t *b, const char *old, int copy)
{
    if (copy) {
        sqlite3 *src = NULL;
        sqlite3_backup *bk;
        int rc = sqlite3_open_v2(old, &src, SQLITE_OPEN_READONLY, NULL);
        if (rc == SQLITE_OK) {
            bk = sqlite3_backup_init(b->db, "main", src, "main");
            rc = bk ? sqlite3_backup_step(bk, -1) : SQLITE_ERROR;
            if (bk) {
                sqlite3_backup_finish(bk);
            }
        }
        sqlite3_close(src);
        if (rc == SQLITE_DONE) {
            return APR_SUCCESS;
        }
        /* Could not copy it: read everything again. */
        b->known = NULL;
        exec(b->db, "DROP TABLE IF EXISTS landing_text;"
             "DROP TABLE IF EXISTS landing_rank;"
             "DROP TABLE IF EXISTS landing_pages;"
             "DROP TABLE IF EXISTS landing_meta;");
    }
    if (exec(b->db, schema) != SQLITE_OK) {
        return db_error(b, "creating the index");
    }
    return APR_SUCCESS;
}

apr_status_t landing_index_update(apr_pool_t *p,
                                  const landing_index_conf_t *conf,
                                  const landing_index_root_t *roots,
                                  int nroots, const char *db,
                                  landing_index_stats_t *st,
                                  const char **err)
{
    build_t b;
    apr_array_header_t *todo;
    apr_pool_t *fp;
    apr_status_t rv = APR_SUCCESS;
    const char *tmp;
    sqlite3_stmt *count = NULL;
    int i, copy;

    memset(st, 0, sizeof(*st));
    memset(&b, 0, sizeof(b));
    b.p = p;
    b.conf = conf;
    b.pc = *conf->pc;
    b.pc.content_only = 1;
    b.st = st;
    b.err = err;
    *err = NULL;
    b.found = apr_array_make(p, 256, sizeof(found_t));

    for (i = 0; i < nroots; i++) {
        apr_finfo_t fi;
        const char *url = roots[i].url && *roots[i].url ? roots[i].url : "/";
        if (apr_stat(&fi, roots[i].path, APR_FINFO_TYPE | APR_FINFO_SIZE
                     | APR_FINFO_MTIME, p) != APR_SUCCESS) {
            *err = apr_psprintf(p, "cannot read '%s'", roots[i].path);
            return APR_ENOENT;
        }
        if (fi.filetype == APR_DIR) {
            walk(&b, roots[i].path, url[strlen(url) - 1] == '/' ? url
                 : apr_pstrcat(p, url, "/", NULL), 0);
        }
        else {
            add_file(&b, roots[i].path, url, &fi);
        }
    }

    /* What changed since the old index, if there is a usable one. */
    b.known = read_known(&b, db);
    copy = b.known != NULL;
    todo = apr_array_make(p, 16, sizeof(found_t *));
    for (i = 0; i < b.found->nelts; i++) {
        found_t *f = &APR_ARRAY_IDX(b.found, i, found_t);
        known_t *k = b.known ? apr_hash_get(b.known, f->path,
                                            APR_HASH_KEY_STRING) : NULL;
        if (k && k->seen) {
            continue;       /* two roots with the same file */
        }
        if (k) {
            k->seen = 1;
        }
        if (k == NULL || k->size != f->size || k->mtime != f->mtime) {
            APR_ARRAY_PUSH(todo, found_t *) = f;
        }
    }
    if (copy && todo->nelts == 0) {
        apr_hash_index_t *hi;
        int gone = 0;
        for (hi = apr_hash_first(p, b.known); hi; hi = apr_hash_next(hi)) {
            void *v;
            apr_hash_this(hi, NULL, NULL, &v);
            gone += !((known_t *)v)->seen;
        }
        if (gone == 0) {
            sqlite3 *old;
            if (sqlite3_open_v2(db, &old, SQLITE_OPEN_READONLY, NULL)
                == SQLITE_OK
                && sqlite3_prepare_v2(old, "SELECT count(*) FROM "
                                      "landing_pages WHERE title IS NOT "
                                      "NULL", -1, &count, NULL) == SQLITE_OK
                && sqlite3_step(count) == SQLITE_ROW) {
                st->pages = sqlite3_column_int(count, 0);
            }
            sqlite3_finalize(count);
            sqlite3_close(old);
            return APR_SUCCESS;
        }
    }

    /* The new index, beside the old one: a rename is atomic only within
     * one file system. */
    tmp = apr_psprintf(p, "%s.new-%ld-%" APR_TIME_T_FMT, db, (long)getpid(),
                       apr_time_now());
    if (sqlite3_open_v2(tmp, &b.db, SQLITE_OPEN_READWRITE
                        | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rv = db_error(&b, apr_psprintf(p, "cannot create '%s'", tmp));
        goto failed;
    }
    /* Nothing reads this file until it is complete and synced: no
     * journal is needed while it is written. */
    exec(b.db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;");
    if ((rv = start_new(&b, db, copy)) != APR_SUCCESS
        || (rv = prepare(&b)) != APR_SUCCESS) {
        goto failed;
    }
    if (b.known == NULL) {
        /* Built anew: every file is new. */
        apr_array_clear(todo);
        for (i = 0; i < b.found->nelts; i++) {
            APR_ARRAY_PUSH(todo, found_t *) = &APR_ARRAY_IDX(b.found, i,
                                                             found_t);
        }
    }
    if (exec(b.db, "BEGIN") != SQLITE_OK) {
        rv = db_error(&b, "starting the update");
        goto failed;
    }
    {
        sqlite3_stmt *set;
        if (sqlite3_prepare_v2(b.db, "INSERT OR REPLACE INTO landing_meta "
                               "VALUES('settings', ?1)", -1, &set, NULL)
            != SQLITE_OK) {
            rv = db_error(&b, "writing the settings");
            goto failed;
        }
        bind_text(set, 1, conf->settings ? conf->settings : "");
        i = run(set);
        sqlite3_finalize(set);
        if (i != SQLITE_OK) {
            rv = db_error(&b, "writing the settings");
            goto failed;
        }
    }
    apr_pool_create(&fp, p);
    for (i = 0; i < todo->nelts && rv == APR_SUCCESS; i++) {
        apr_pool_clear(fp);
        rv = index_file(&b, fp, APR_ARRAY_IDX(todo, i, found_t *));
    }
    apr_pool_destroy(fp);
    if (rv == APR_SUCCESS && b.known) {
        rv = remove_gone(&b);
    }
    if (rv != APR_SUCCESS) {
        goto failed;
    }
    if (exec(b.db, "COMMIT") != SQLITE_OK) {
        rv = db_error(&b, "committing the update");
        goto failed;
    }
    /* One b-tree per term: queries read the least. */
    exec(b.db, "INSERT INTO landing_text(landing_text) VALUES('optimize')");
    exec(b.db, "INSERT INTO landing_rank(landing_rank) VALUES('optimize')");
    if (sqlite3_prepare_v2(b.db, "SELECT count(*) FROM landing_pages WHERE "
                           "title IS NOT NULL", -1, &count, NULL)
        == SQLITE_OK && sqlite3_step(count) == SQLITE_ROW) {
        st->pages = sqlite3_column_int(count, 0);
    }
    sqlite3_finalize(count);
    finalize(&b);
    if (sqlite3_close(b.db) != SQLITE_OK) {
        b.db = NULL;
        *err = apr_psprintf(p, "closing '%s' failed", tmp);
        rv = APR_EGENERAL;
        goto failed;
    }
    b.db = NULL;
    if ((rv = sync_file(p, tmp)) != APR_SUCCESS
        || (rv = apr_file_rename(tmp, db, p)) != APR_SUCCESS) {
        char buf[120];
        *err = apr_psprintf(p, "cannot put '%s' in place: %s", db,
                            apr_strerror(rv, buf, sizeof(buf)));
        goto failed;
    }
    st->written = 1;
    return APR_SUCCESS;

failed:
    finalize(&b);
    if (b.db) {
        sqlite3_close(b.db);
    }
    apr_file_remove(tmp, p);
    return rv;
}
