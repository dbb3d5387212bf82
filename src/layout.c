/*
 * Layouts that follow their files: the layout's own and its partials'.
 * Each compiled version has its own pool and a reference count; the
 * layout holds one reference to its current version and every request
 * using it holds one more.
 */
#include <string.h>
#include <apr_atomic.h>
#include <apr_file_io.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "hash.h"
#include "layout.h"
#include "partials.h"

typedef struct version_t {
    apr_pool_t *pool;            /* NULL for a static version */
    landing_template_t *tpl;
    apr_uint64_t hash;           /* of its sources, partials included */
    apr_time_t mtime;            /* the newest of its files */
    apr_uint32_t refs;
} version_t;

/* A file a compiled template was made from, as it was then. */
typedef struct {
    const char *path;
    apr_time_t mtime;
    apr_off_t size;              /* -1: it could not be read */
} watch_t;

struct landing_layout_t {
    const char *path;            /* NULL for a static layout */
    version_t *current;
#if APR_HAS_THREADS
    apr_thread_mutex_t *lock;
#endif
    apr_time_t checked;          /* when the files were last stat'ed */
    /* The files of the last compile, good or broken (the layout's, then
     * its partials'), in a pool of their own: a file among them that
     * changes starts a new compile, and a broken one is reported once. */
    apr_pool_t *watch_pool;
    apr_array_header_t *watch;
    int gone;                    /* the layout's file was reported gone */
};

typedef struct {
    landing_layout_t *layout;
    version_t *version;
} hold_t;

/* Bumped whenever a layout of this process takes a new version, so that
 * what was derived from the versions (src/layouts.c) knows to look
 * again. */
static volatile apr_uint32_t generation;

apr_uint32_t landing_layout_generation(void)
{
    return apr_atomic_read32(&generation);
}

static void lock(landing_layout_t *l)
{
#if APR_HAS_THREADS
    if (l->lock) {
        apr_thread_mutex_lock(l->lock);
    }
#endif
}

static void unlock(landing_layout_t *l)
{
#if APR_HAS_THREADS
    if (l->lock) {
        apr_thread_mutex_unlock(l->lock);
    }
#endif
}

static void version_release(version_t *v)
{
    if (v->pool && apr_atomic_dec32(&v->refs) == 0) {
        apr_pool_destroy(v->pool);
    }
}

/* What a compile read: its files, and the hash of their sources. */
typedef struct {
    apr_array_header_t *watch;   /* NULL: a built-in template */
    apr_uint64_t hash;
    apr_time_t mtime;
} reading_t;

/* Read the file @p path into @p p, noting it in @p rd's files. */
static apr_status_t read_file(reading_t *rd, apr_pool_t *p, const char *path,
                              const char **src, apr_size_t *len,
                              const char **err)
{
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t got = 0;
    char *buf = NULL;
    watch_t *w = apr_array_push(rd->watch);

    w->path = apr_pstrdup(rd->watch->pool, path);
    w->mtime = 0;
    w->size = -1;
    rv = apr_file_open(&fd, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, p);
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "cannot open template '%s': %pm", path, &rv);
        return rv;
    }
    rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_MTIME
                           | APR_FINFO_TYPE, fd);
    if (rv == APR_SUCCESS && fi.filetype != APR_REG) {
        apr_file_close(fd);
        *err = apr_psprintf(p, "template '%s' is not a regular file", path);
        return APR_EINVAL;
    }
    if (rv == APR_SUCCESS) {
        buf = apr_palloc(p, (apr_size_t)fi.size + 1);
        rv = apr_file_read_full(fd, buf, (apr_size_t)fi.size, &got);
        if (APR_STATUS_IS_EOF(rv) && fi.size == 0) {
            rv = APR_SUCCESS;
        }
    }
    apr_file_close(fd);
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(p, "cannot read template '%s': %pm", path, &rv);
        return rv;
    }
    buf[got] = '\0';
    w->mtime = fi.mtime;
    w->size = fi.size;
    if (fi.mtime > rd->mtime) {
        rd->mtime = fi.mtime;
    }
    *src = buf;
    *len = got;
    return APR_SUCCESS;
}

/* The loader of partials for layouts: built-in names, then files beside
 * the including template. Each source goes into the hash, with its name,
 * so that the ETag follows every file. */
static apr_status_t load_partial(void *baton, apr_pool_t *p,
                                 const char *from, const char *name,
                                 const char **file, const char **src,
                                 apr_size_t *len, const char **err)
{
    reading_t *rd = baton;
    apr_status_t rv;

    if (landing_partials_builtin_find(name, src, len)) {
        *file = name;
    }
    else if (rd->watch == NULL) {
        return landing_partials_builtin()->load(NULL, p, from, name, file,
                                                src, len, err);
    }
    else {
        *file = landing_partials_file(p, from, name, err);
        if (*file == NULL) {
            return APR_EINVAL;
        }
        rv = read_file(rd, p, *file, src, len, err);
        if (rv != APR_SUCCESS) {
            return rv;
        }
    }
    rd->hash = landing_hash_str(rd->hash, name);
    rd->hash = landing_hash(rd->hash, *src, *len);
    return APR_SUCCESS;
}

/* Read and compile @p path, with its partials, into a new version with
 * its own pool. The files read go into @p watch, good or not. */
static apr_status_t compile_file(const char *path, version_t **out,
                                 apr_array_header_t *watch,
                                 apr_pool_t *errpool, const char **err)
{
    apr_pool_t *vp;
    apr_status_t rv;
    apr_size_t len;
    const char *src;
    version_t *v;
    reading_t rd;
    landing_partials_t loader;

    /* Unmanaged: versions are made by request threads at any time, and a
     * pool shared with other threads would need a lock of its own. */
    rv = apr_pool_create_unmanaged_ex(&vp, NULL, NULL);
    if (rv != APR_SUCCESS) {
        *err = "out of memory";
        return rv;
    }
    v = apr_pcalloc(vp, sizeof(*v));
    v->pool = vp;
    v->refs = 1;
    rd.watch = watch;
    rd.mtime = 0;
    rv = read_file(&rd, vp, path, &src, &len, err);
    if (rv == APR_SUCCESS) {
        rd.hash = landing_hash(0, src, len);
        loader.load = load_partial;
        loader.baton = &rd;
        rv = landing_template_compile_with(vp, src, len, path, &loader,
                                           &v->tpl, err);
    }
    if (rv != APR_SUCCESS) {
        *err = apr_pstrdup(errpool, *err);
        apr_pool_destroy(vp);
        return rv;
    }
    v->hash = rd.hash;
    v->mtime = rd.mtime;
    *out = v;
    return APR_SUCCESS;
}

/* A list for the files of a compile, in a pool of its own. */
static apr_array_header_t *watch_make(void)
{
    apr_pool_t *wp;

    if (apr_pool_create_unmanaged_ex(&wp, NULL, NULL) != APR_SUCCESS) {
        return NULL;
    }
    return apr_array_make(wp, 4, sizeof(watch_t));
}

/* @p l follows @p watch from now on. */
static void watch_set(landing_layout_t *l, apr_array_header_t *watch)
{
    if (l->watch_pool) {
        apr_pool_destroy(l->watch_pool);
    }
    l->watch = watch;
    l->watch_pool = watch ? watch->pool : NULL;
}

static apr_status_t layout_cleanup(void *data)
{
    landing_layout_t *l = data;
    if (l->current) {
        version_release(l->current);
        l->current = NULL;
    }
    watch_set(l, NULL);
    return APR_SUCCESS;
}

static landing_layout_t *layout_new(apr_pool_t *p)
{
    landing_layout_t *l = apr_pcalloc(p, sizeof(*l));
#if APR_HAS_THREADS
    apr_thread_mutex_create(&l->lock, APR_THREAD_MUTEX_DEFAULT, p);
#endif
    apr_pool_cleanup_register(p, l, layout_cleanup, apr_pool_cleanup_null);
    return l;
}

apr_status_t landing_layout_open(apr_pool_t *p, const char *path,
                                 landing_layout_t **layout, const char **err)
{
    version_t *v;
    apr_array_header_t *watch = watch_make();
    apr_status_t rv;
    landing_layout_t *l;

    if (watch == NULL) {
        *err = "out of memory";
        return APR_ENOMEM;
    }
    rv = compile_file(path, &v, watch, p, err);
    if (rv != APR_SUCCESS) {
        apr_pool_destroy(watch->pool);
        return rv;
    }
    l = layout_new(p);
    l->path = apr_pstrdup(p, path);
    l->current = v;
    l->checked = apr_time_now();
    watch_set(l, watch);
    *layout = l;
    return APR_SUCCESS;
}

apr_status_t landing_layout_static(apr_pool_t *p, const char *src,
                                   apr_size_t len, const char *name,
                                   landing_layout_t **layout,
                                   const char **err)
{
    landing_layout_t *l;
    version_t *v = apr_pcalloc(p, sizeof(*v));
    reading_t rd;
    landing_partials_t loader;
    apr_status_t rv;

    rd.watch = NULL;
    rd.hash = landing_hash(0, src, len);
    rd.mtime = 0;
    loader.load = load_partial;
    loader.baton = &rd;
    rv = landing_template_compile_with(p, src, len, name, &loader, &v->tpl,
                                       err);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    v->hash = rd.hash;
    l = apr_pcalloc(p, sizeof(*l));
    l->path = NULL;
    l->current = v;
    *layout = l;
    return APR_SUCCESS;
}

const landing_template_t *landing_layout_current(
    const landing_layout_t *layout)
{
    return layout->current->tpl;
}

const char *landing_layout_path(const landing_layout_t *layout)
{
    return layout->path ? layout->path : "(built-in)";
}

static apr_status_t hold_cleanup(void *data)
{
    hold_t *h = data;
    version_release(h->version);
    return APR_SUCCESS;
}

/* Whether a file of @p watch is not as it was when it was read. */
static int watch_changed(const apr_array_header_t *watch, apr_pool_t *p)
{
    const watch_t *w = (const watch_t *)watch->elts;
    int i;

    for (i = 0; i < watch->nelts; i++) {
        apr_finfo_t fi;
        if (apr_stat(&fi, w[i].path, APR_FINFO_SIZE | APR_FINFO_MTIME, p)
            != APR_SUCCESS) {
            if (w[i].size != -1) {
                return 1;
            }
        }
        else if (fi.mtime != w[i].mtime || fi.size != w[i].size) {
            return 1;
        }
    }
    return 0;
}

/* With the lock held: stat the files and, when one changed, compile the
 * layout again. */
static void refresh(landing_layout_t *l, apr_pool_t *reqpool,
                    const char **reload_err)
{
    apr_finfo_t fi;
    apr_array_header_t *watch;
    version_t *v;
    const char *err;

    if (apr_stat(&fi, l->path, APR_FINFO_SIZE | APR_FINFO_MTIME, reqpool)
        != APR_SUCCESS) {
        /* A file that is gone (or being replaced) keeps the last good
         * version: report it once per disappearance. */
        if (!l->gone) {
            l->gone = 1;
            *reload_err = apr_psprintf(reqpool, "template '%s' cannot be "
                                       "read; keeping the last good version",
                                       l->path);
        }
        return;
    }
    if (l->gone) {
        l->gone = 0;
    }
    else if (!watch_changed(l->watch, reqpool)) {
        return;    /* unchanged, or broken and already reported */
    }
    watch = watch_make();
    if (watch == NULL) {
        return;
    }
    if (compile_file(l->path, &v, watch, reqpool, &err) != APR_SUCCESS) {
        watch_set(l, watch);
        *reload_err = apr_pstrcat(reqpool, err,
                                  "; keeping the last good version", NULL);
        return;
    }
    watch_set(l, watch);
    version_release(l->current);
    l->current = v;
    apr_atomic_inc32(&generation);
}

landing_layout_use_t landing_layout_acquire(landing_layout_t *layout,
                                            apr_pool_t *reqpool,
                                            apr_time_t now,
                                            const char **reload_err)
{
    landing_layout_use_t use;
    version_t *v;
    hold_t *h;

    *reload_err = NULL;
    if (layout->path == NULL) {
        v = layout->current;
        use.tpl = v->tpl;
        use.hash = v->hash;
        use.mtime = 0;
        return use;
    }
    lock(layout);
    if (now - layout->checked >= LANDING_LAYOUT_CHECK_INTERVAL
        || now < layout->checked) {
        layout->checked = now;
        refresh(layout, reqpool, reload_err);
    }
    v = layout->current;
    apr_atomic_inc32(&v->refs);
    unlock(layout);

    h = apr_palloc(reqpool, sizeof(*h));
    h->layout = layout;
    h->version = v;
    apr_pool_cleanup_register(reqpool, h, hold_cleanup,
                              apr_pool_cleanup_null);
    use.tpl = v->tpl;
    use.hash = v->hash;
    use.mtime = v->mtime;
    return use;
}
