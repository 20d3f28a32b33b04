/* The snapshot's objects made immortal (docs/design.md, "The init export
 * and pre-initialization"): run once, at the end of py-wasm-init. */
#include "runtime.h"

/* A growable stack of objects still to visit (plain C memory: no Python
 * object may be created while the heap is being walked). */
typedef struct {
    PyObject **items;
    size_t len, cap;
} obj_stack;

static int
push_object(PyObject *op, void *arg)
{
    obj_stack *stack = arg;
    if (op == NULL || _Py_IsImmortal(op)) {
        return 0;
    }
    if (stack->len == stack->cap) {
        size_t cap = stack->cap ? stack->cap * 2 : 4096;
        PyObject **items = realloc(stack->items, cap * sizeof(PyObject *));
        if (items == NULL) {
            return -1;
        }
        stack->items = items;
        stack->cap = cap;
    }
    stack->items[stack->len++] = op;
    return 0;
}

/* What a code object refers to (code objects are not GC containers, so
 * tp_traverse does not list it). */
static int
push_code_parts(PyCodeObject *code, obj_stack *stack)
{
    PyObject *parts[] = {
        code->co_consts,       code->co_names,     code->co_exceptiontable,
        code->co_localsplusnames, code->co_localspluskinds,
        code->co_filename,     code->co_name,      code->co_qualname,
        code->co_linetable,
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (push_object(parts[i], stack) < 0) {
            return -1;
        }
    }
    if (code->_co_cached != NULL) {
        _PyCoCached *c = code->_co_cached;
        if (push_object(c->_co_code, stack) < 0
            || push_object(c->_co_varnames, stack) < 0
            || push_object(c->_co_cellvars, stack) < 0
            || push_object(c->_co_freevars, stack) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Makes every object the snapshot holds immortal (3.12+ semantics:
 * Py_INCREF/Py_DECREF leave it alone), then gc.freeze()s them.
 *
 * A pre-initialized instance starts from a copy-on-write image of the
 * snapshot, and with ordinary reference counts every object a call merely
 * looks at (a function it calls, a global it loads, a method it finds) gets
 * its count written, which copies that object's page: several hundred page
 * copies per HTTP request, most of a request's cost under `wasmtime serve`
 * (bench/RESULTS.md). Immortal objects are never written for that. The
 * price: an object from the snapshot that the app later drops is not
 * freed (nor finalized); objects created after the snapshot are not
 * affected.
 *
 * The walk starts from every GC-tracked object and follows tp_traverse
 * (and a code object's parts), so strings, numbers and tuples reachable
 * from them are included; objects already immortal (CPython's static ones)
 * are where it stops. `roots` itself stays mortal and is freed. Every
 * type met gets its method-cache version tag on the way. */
int
rt_immortalize_heap(void)
{
    PyObject *gc = PyImport_ImportModule("gc");  /* new */
    PyObject *roots = gc ? PyObject_CallMethod(gc, "get_objects", NULL)
                         : NULL;  /* new */
    if (roots == NULL || !PyList_Check(roots)) {
        Py_XDECREF(gc);
        Py_XDECREF(roots);
        return -1;
    }
    obj_stack stack = {0};
    int ok = 1;
    for (Py_ssize_t i = 0; ok && i < PyList_GET_SIZE(roots); i++) {
        PyObject *op = PyList_GET_ITEM(roots, i);
        ok = op == roots || push_object(op, &stack) == 0;
    }
    while (ok && stack.len > 0) {
        PyObject *op = stack.items[--stack.len];
        if (_Py_IsImmortal(op) || op == roots) {
            continue;
        }
        Py_SET_REFCNT(op, _Py_IMMORTAL_REFCNT);
        /* A type gets its method-cache version tag on its first attribute
         * lookup, which writes the type (and its bases): give every type
         * in the snapshot its tag now. (0 only means "no tags left",
         * which is not an error.) */
        (void)PyUnstable_Type_AssignVersionTag(Py_TYPE(op));
        if (PyType_Check(op)) {
            (void)PyUnstable_Type_AssignVersionTag((PyTypeObject *)op);
        }
        if (push_object((PyObject *)Py_TYPE(op), &stack) < 0) {
            ok = 0;
        }
        else if (PyCode_Check(op)) {
            ok = push_code_parts((PyCodeObject *)op, &stack) == 0;
        }
        else if (Py_TYPE(op)->tp_traverse != NULL
                 && PyObject_IS_GC(op)) {
            ok = Py_TYPE(op)->tp_traverse(op, push_object, &stack) == 0;
        }
    }
    free(stack.items);
    Py_DECREF(roots);
    if (!ok) {
        Py_DECREF(gc);
        PyErr_NoMemory();
        return -1;
    }
    PyObject *r = PyObject_CallMethod(gc, "freeze", NULL);  /* new */
    Py_DECREF(gc);
    if (r == NULL) {
        return -1;
    }
    Py_DECREF(r);
    return 0;
}
