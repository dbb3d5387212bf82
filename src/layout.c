/*
 * Layouts that follow their files. Each compiled version has its own
 * pool and a reference count; the layout holds one reference to its
 * current version and every request using it holds one more.
 */
#include <string.h>
#include <apr_atomic.h>
#include <apr_file_io.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>

#include "hash.h"
#include "layout.h"

typedef struct version_t {
    apr_pool_t *pool;            /* NULL for a static version */
    landing_template_t *tpl;
    apr_uint64_t hash;
    apr_time_t mtime;
    apr_off_t size;
    apr_uint32_t refs;
} version_t;

struct landing_layout_t {
    const char *path;            /* NULL for a static layout */
    version_t *current;
#if APR_HAS_THREADS
    apr_thread_mutex_t *lock;
#endif
    apr_time_t checked;          /* when the file was last stat'ed */
    apr_time_t failed_mtime;     /* a version already reported broken */
    apr_off_t failed_size;
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

/* Read and compile @p path into a new version with its own pool. */
static apr_status_t compile_file(const char *path, version_t **out,
                                 apr_pool_t *errpool, const char **err)
{
    apr_pool_t *vp;
    apr_file_t *fd;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t got = 0;
    char *src;
    version_t *v;

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
    rv = apr_file_open(&fd, path, APR_FOPEN_READ | APR_FOPEN_BINARY,
                       APR_OS_DEFAULT, vp);
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(errpool, "cannot open template '%s': %pm", path,
                            &rv);
        apr_pool_destroy(vp);
        return rv;
    }
    else {
        rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_MTIME
                               | APR_FINFO_TYPE, fd);
        if (rv == APR_SUCCESS && fi.filetype != APR_REG) {
            apr_file_close(fd);
            *err = apr_psprintf(errpool, "template '%s' is not a regular "
                                "file", path);
            apr_pool_destroy(vp);
            return APR_EINVAL;
        }
    }
    if (rv == APR_SUCCESS) {
        src = apr_palloc(vp, (apr_size_t)fi.size + 1);
        rv = apr_file_read_full(fd, src, (apr_size_t)fi.size, &got);
        if (APR_STATUS_IS_EOF(rv) && fi.size == 0) {
            rv = APR_SUCCESS;
        }
        apr_file_close(fd);
    }
    if (rv != APR_SUCCESS) {
        *err = apr_psprintf(errpool, "cannot read template '%s': %pm", path,
                            &rv);
        apr_pool_destroy(vp);
        return rv;
    }
    src[got] = '\0';
    rv = landing_template_compile(vp, src, got, path, &v->tpl, err);
    if (rv != APR_SUCCESS) {
        *err = apr_pstrdup(errpool, *err);
        apr_pool_destroy(vp);
        return rv;
    }
    v->hash = landing_hash(0, src, got);
    v->mtime = fi.mtime;
    v->size = fi.size;
    *out = v;
    return APR_SUCCESS;
}

static apr_status_t layout_cleanup(void *data)
{
    landing_layout_t *l = data;
    if (l->current) {
        version_release(l->current);
        l->current = NULL;
    }
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
    apr_status_t rv = compile_file(path, &v, p, err);
    landing_layout_t *l;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    l = layout_new(p);
    l->path = apr_pstrdup(p, path);
    l->current = v;
    l->checked = apr_time_now();
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
    apr_status_t rv = landing_template_compile(p, src, len, name, &v->tpl,
                                               err);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    v->hash = landing_hash(0, src, len);
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

/* With the lock held: stat the file and, when it changed, compile it. */
static void refresh(landing_layout_t *l, apr_pool_t *reqpool,
                    const char **reload_err)
{
    apr_finfo_t fi;
    version_t *v;
    const char *err;

    if (apr_stat(&fi, l->path, APR_FINFO_SIZE | APR_FINFO_MTIME, reqpool)
        != APR_SUCCESS) {
        /* A file that is gone (or being replaced) keeps the last good
         * version: report it once per disappearance. */
        if (l->failed_mtime != -1) {
            l->failed_mtime = -1;
            *reload_err = apr_psprintf(reqpool, "template '%s' cannot be "
                                       "read; keeping the last good version",
                                       l->path);
        }
        return;
    }
    if (fi.mtime == l->current->mtime && fi.size == l->current->size) {
        return;
    }
    if (fi.mtime == l->failed_mtime && fi.size == l->failed_size) {
        return;    /* broken, and already reported */
    }
    if (compile_file(l->path, &v, reqpool, &err) != APR_SUCCESS) {
        l->failed_mtime = fi.mtime;
        l->failed_size = fi.size;
        *reload_err = apr_pstrcat(reqpool, err,
                                  "; keeping the last good version", NULL);
        return;
    }
    l->failed_mtime = 0;
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
