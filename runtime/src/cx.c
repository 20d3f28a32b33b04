/* Call contexts: the value stack the glue pushes to and pops from, the list
 * iterators of lowering, and the memory that must outlive a call.
 *
 * A context lives for one export (wit_dylib_export_start to
 * wit_dylib_export_finish, so that strings and lists handed to the host
 * stay valid until post-return) or one import call (import.c).  Errors of
 * lifting cannot be returned through the intrinsics, so rt_push keeps the
 * first one in `error` and pushes None in place of the value; the export or
 * the import call raises it once the glue is done. */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

/* Zero-sized allocations are this address and are never freed: the glue
 * and the host may hand back any pointer for an empty list or string. */
static _Alignas(16) char empty_allocation[16];

static void *
grow(void *items, size_t *cap, size_t item_size)
{
    size_t new_cap = *cap ? *cap * 2 : 16;
    void *grown = realloc(items, new_cap * item_size);
    if (grown == NULL) {
        rt_fatal("out of memory growing a call context");
    }
    *cap = new_cap;
    return grown;
}

rt_cx *
rt_cx_new(size_t func)
{
    rt_cx *cx = calloc(1, sizeof(*cx));
    if (cx == NULL) {
        rt_fatal("out of memory allocating a call context");
    }
    cx->func = func;
    return cx;
}

void
rt_cx_free(rt_cx *cx)
{
    while (cx->len > 0) {
        PyObject *obj = cx->stack[--cx->len];
        Py_DECREF(obj);
    }
    free(cx->stack);
    free(cx->iters);
    for (size_t i = 0; i < cx->nfrees; i++) {
        free(cx->frees[i]);
    }
    free(cx->frees);
    Py_CLEAR(cx->keep);
    Py_CLEAR(cx->borrows);
    Py_CLEAR(cx->error);
    free(cx);
}

void
rt_push(rt_cx *cx, PyObject *obj /* stolen */)
{
    if (obj == NULL) {
        PyObject *exc = PyErr_GetRaisedException();
        if (cx->error == NULL) {
            cx->error = exc;
        }
        else {
            Py_XDECREF(exc);
        }
        obj = Py_NewRef(Py_None);
    }
    if (cx->len == cx->cap) {
        cx->stack = grow(cx->stack, &cx->cap, sizeof(PyObject *));
    }
    cx->stack[cx->len++] = obj;
}

PyObject *  /* new */
rt_pop(rt_cx *cx)
{
    if (cx->len == 0) {
        rt_fatal("the glue popped from an empty value stack");
    }
    return cx->stack[--cx->len];
}

PyObject *  /* new */
rt_peek(rt_cx *cx)
{
    if (cx->len == 0) {
        rt_fatal("the glue peeked at an empty value stack");
    }
    return cx->stack[cx->len - 1];
}

void
rt_keep(rt_cx *cx, PyObject *obj /* borrowed */)
{
    if (cx->keep == NULL && (cx->keep = PyList_New(0)) == NULL) {
        rt_fatal_exception("keeping a lowered buffer alive");
    }
    if (PyList_Append(cx->keep, obj) < 0) {
        rt_fatal_exception("keeping a lowered buffer alive");
    }
}

PyObject *  /* new */
rt_take_error(rt_cx *cx)
{
    PyObject *exc = cx->error;
    cx->error = NULL;
    return exc;
}

/* ---- list iterators (lowering) ---- */

RT_EXPORT void
wit_dylib_pop_list_iter_next(void *vcx, size_t ty)
{
    rt_cx *cx = vcx;
    (void)ty;
    if (cx->niters == 0) {
        rt_fatal("pop_list_iter_next without a list iterator");
    }
    PyObject *seq = rt_peek(cx);  /* borrowed */
    size_t pos = cx->iters[cx->niters - 1]++;
    if (!PyTuple_Check(seq) || pos >= (size_t)PyTuple_GET_SIZE(seq)) {
        rt_fatal("pop_list_iter_next past the end of a list");
    }
    rt_push(cx, Py_NewRef(PyTuple_GET_ITEM(seq, pos)));
}

RT_EXPORT void
wit_dylib_pop_list_iter(void *vcx, size_t ty)
{
    rt_cx *cx = vcx;
    (void)ty;
    if (cx->niters == 0) {
        rt_fatal("pop_list_iter without a list iterator");
    }
    cx->niters--;
    PyObject *seq = rt_pop(cx);
    Py_DECREF(seq);
}

/* Starts iterating over `seq` (stolen), which is left on the stack. */
void
rt_push_iter(rt_cx *cx, PyObject *seq /* stolen */)
{
    if (cx->niters == cx->citers) {
        cx->iters = grow(cx->iters, &cx->citers, sizeof(size_t));
    }
    cx->iters[cx->niters++] = 0;
    rt_push(cx, seq);
}

/* ---- memory ---- */

RT_EXPORT void *
cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    if (new_size == 0) {
        if (old != NULL && old_size != 0) {
            free(old);
        }
        return empty_allocation;
    }
    if (old == NULL || old_size == 0) {
        old = NULL;
    }
    void *ptr;
    if (align <= 8) {
        ptr = realloc(old, new_size);
    }
    else {
        ptr = aligned_alloc(align, (new_size + align - 1) / align * align);
        if (ptr != NULL && old != NULL) {
            memcpy(ptr, old, old_size < new_size ? old_size : new_size);
            free(old);
        }
    }
    if (ptr == NULL) {
        rt_fatal("cabi_realloc: out of memory (%zu bytes)", new_size);
    }
    return ptr;
}

/* Frees a cabi_realloc allocation of `size` bytes. */
void
rt_free_bytes(void *OWN ptr, size_t size)
{
    if (size != 0 && ptr != NULL && ptr != (void *)empty_allocation) {
        free(ptr);
    }
}

RT_EXPORT void
wit_dylib_dealloc_bytes(void *vcx, void *OWN ptr, size_t size, size_t align,
                        bool defer)
{
    rt_cx *cx = vcx;
    (void)align;
    if (size == 0 || ptr == NULL || ptr == (void *)empty_allocation) {
        return;
    }
    if (!defer) {
        free(ptr);
        return;
    }
    if (cx->nfrees == cx->cfrees) {
        cx->frees = grow(cx->frees, &cx->cfrees, sizeof(void *));
    }
    cx->frees[cx->nfrees++] = ptr;
}
