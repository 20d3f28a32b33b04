/* Internal interface of the py-wasm guest runtime.
 *
 * The runtime implements the intrinsics of wit_dylib.h (the header of the
 * pinned wit-dylib crate, written by `glue-gen --header-out` at build time)
 * on top of embedded CPython.  The glue drives every call; the runtime keeps
 * a value stack per call context (cx.c), lifts canonical values into Python
 * objects (lift.c), lowers Python objects into canonical values (lower.c),
 * maps resources (resource.c), runs exports (export.c) and imports
 * (import.c), starts the interpreter (init.c) and reports failures
 * (error.c).  docs/formats/python-abi.md is the Python-side contract.
 *
 * Ownership vocabulary (REFCOUNTS.md has the table): every PyObject*
 * parameter, result and field is marked `new` (a strong reference the
 * holder must release), `borrowed` (valid while its owner keeps it) or
 * `stolen` (the callee takes over the caller's strong reference).  OWN marks
 * a non-Python buffer whose holder must free it. */
#ifndef PY_WASM_RUNTIME_H
#define PY_WASM_RUNTIME_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every declaration of the ABI header is an export of the library.  The
 * header's prototypes of the two map intrinsics disagree with the functions
 * the 0.263.0 glue imports (`push_map` returns nothing there, `pop_map`
 * returns the length); they are renamed away here and defined in lift.c and
 * lower.c with the glue's signatures. */
#define wit_dylib_push_map wit_dylib_push_map_header_prototype
#define wit_dylib_pop_map wit_dylib_pop_map_header_prototype
#pragma GCC visibility push(default)
#include "wit_dylib.h"
#pragma GCC visibility pop
#undef wit_dylib_push_map
#undef wit_dylib_pop_map

/* Marks a function the glue (or the Linker) resolves by name. */
#define RT_EXPORT __attribute__((visibility("default")))
/* Marks a pointer to a buffer whose holder must free it. */
#define OWN

/* The version of `_py_wasm_symbols` this runtime reads (python-abi.md). */
#define RT_SYMBOLS_VERSION 1
/* Name of the init export glue-gen adds (docs/design.md). */
#define RT_INIT_EXPORT "py-wasm-init"

/* ---- call contexts (cx.c) ---- */

typedef struct rt_cx {
    PyObject **stack;     /* new: the value stack, top at len - 1 */
    size_t len, cap;
    size_t *iters;        /* positions of the list iterators being lowered */
    size_t niters, citers;
    void *OWN *frees;     /* buffers freed when the context is freed */
    size_t nfrees, cfrees;
    PyObject *keep;       /* new, or NULL: objects whose bytes were handed
                             out by pop_string/pop_list */
    PyObject *borrows;    /* new, or NULL: (obj, resource, handle) tuples of
                             imported borrows lifted into this export */
    PyObject *error;      /* new, or NULL: the first exception raised while
                             lifting; the call fails with it */
    size_t func;          /* the export or import index */
} rt_cx;

rt_cx *rt_cx_new(size_t func);
void rt_cx_free(rt_cx *cx);
void rt_push(rt_cx *cx, PyObject *obj /* stolen; NULL: error is set */);
PyObject *rt_pop(rt_cx *cx);                 /* new */
PyObject *rt_peek(rt_cx *cx);                /* borrowed */
void rt_keep(rt_cx *cx, PyObject *obj /* borrowed */);
PyObject *rt_take_error(rt_cx *cx);          /* new, or NULL */
void rt_push_iter(rt_cx *cx, PyObject *seq /* stolen */);
void rt_free_bytes(void *OWN ptr, size_t size);

/* ---- state shared by all calls (init.c) ---- */

enum rt_export_kind {
    RT_EXPORT_INIT,
    RT_EXPORT_FREESTANDING,
    RT_EXPORT_CONSTRUCTOR,
    RT_EXPORT_METHOD,
    RT_EXPORT_STATIC,
};

enum rt_style { RT_STYLE_NONE, RT_STYLE_NORMAL, RT_STYLE_RESULT };

typedef struct {
    enum rt_export_kind kind;
    enum rt_style style;
    PyObject *target;     /* new: the callable; for methods the name */
} rt_export;

typedef struct {
    const wit_t *wit;     /* from wit_dylib_initialize; lives forever */
    size_t init_export;   /* index of py-wasm-init, or SIZE_MAX */
    bool ready;           /* py-wasm-init completed */
    bool refreshed;       /* the run-time host's state was loaded */
    PyObject *random_seed;  /* random.seed (strong); NULL if init did not
                               import random */
    rt_export *exports;   /* wit->num_export_funcs entries */
    /* Index-aligned with the lists of wit_t; all new references. */
    PyObject *records;        /* tuple of classes */
    PyObject *record_fields;  /* tuple of tuples of attribute names */
    PyObject *variants;       /* tuple of tuples of case classes */
    PyObject *variant_discr;  /* tuple of {case class: discriminant} */
    PyObject *enums;          /* tuple of tuples of members, by value */
    PyObject *flags;          /* tuple of classes */
    PyObject *resources;      /* tuple of classes */
    /* Cached objects; all new references. */
    PyObject *ok, *err, *some;    /* componentize_py_types */
    PyObject *finalize;           /* weakref.finalize */
    PyObject *lent;               /* weakref.WeakSet of expired borrows */
    PyObject *drop_resource;      /* _py_wasm_runtime.drop_resource */
    PyObject *s_value, *s_handle, *s_finalizer, *s_detach, *s_new;
    rt_cx *current_export;        /* the export being run, or NULL */
} rt_state;

extern rt_state rt;

int rt_initialize_python(void);  /* 0, or -1 after printing why */
void rt_refresh_host(void);      /* aborts on failure */
/* Every object alive now made immortal and frozen (immortal.c); 0, or -1
 * with an exception. */
int rt_immortalize_heap(void);
/* What pymalloc's arenas hold but no object uses, zeroed (obmalloc_zero.c);
 * called last before the snapshot, when no Python code runs any more. */
void rt_zero_free_object_memory(void);

/* ---- the builtin module (module.c) ---- */

PyObject *rt_module_init(void);  /* new; PyInit__py_wasm_runtime */

/* ---- types and lowering (lower.c) ---- */

wit_type_t rt_dealias(wit_type_t ty);
/* Whether `ty` means "no type" (the glue writes u32::MAX, kind 0xff). */
static inline bool
rt_empty(wit_type_t ty)
{
    return WIT_TYPE_KIND(ty) == WIT_TYPE_EMPTY;
}

/* Checks `obj` against `ty` and returns its lowered form (new), which the
 * pop_* intrinsics read without failing; NULL with an exception on a bad
 * value.  Owned imported resources are not moved yet: their objects are
 * appended to `moves` (a list), for rt_commit_moves once all values are
 * good. */
PyObject *rt_prepare(PyObject *obj /* borrowed */, wit_type_t ty,
                     PyObject *moves /* borrowed */);

/* ---- resources (resource.c) ---- */

bool rt_resource_exported(size_t index);
PyObject *rt_lift_own(size_t index, uint32_t handle);        /* new */
PyObject *rt_lift_borrow(rt_cx *cx, size_t index, uint32_t handle); /* new */
/* new */
PyObject *rt_prepare_handle(PyObject *obj /* borrowed */, size_t index,
                            bool own, PyObject *moves /* borrowed */);
int rt_commit_moves(PyObject *moves /* borrowed */);
uint32_t rt_lower_own(size_t index, PyObject *prepared /* borrowed */);
void rt_release_borrows(rt_cx *cx);
int rt_drop_handle(size_t index, uint32_t handle); /* -1 with exception */

/* ---- exports and imports (export.c, import.c) ---- */

void rt_run_export(rt_cx *cx, size_t which);
/* new */
PyObject *rt_call_import(size_t index, PyObject *args /* borrowed */);

/* ---- errors (error.c) ---- */

_Noreturn void rt_fatal(const char *fmt, ...);
_Noreturn void rt_fatal_exception(const char *fmt, ...);
_Noreturn void rt_unsupported(const char *intrinsic, const char *what);
/* Prefixes the message of the current exception with "<fmt>: ". */
void rt_error_context(const char *fmt, ...);
/* "<Type>: <message>" of an exception (new), or NULL with an exception. */
PyObject *rt_exception_summary(PyObject *exc /* borrowed */);
void rt_flush_stdio(void);
/* Writes a WIT spelling of `ty` ("list<u8>", "record `point`") to buf. */
void rt_type_name(wit_type_t ty, char *buf, size_t size);
/* "interface#name", or "name" for world-level functions. */
void rt_func_name(const char *interface, const char *name, char *buf,
                  size_t size);

#endif /* PY_WASM_RUNTIME_H */
