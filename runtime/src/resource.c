/* Resources (python-abi.md, "Resources").
 *
 * Imported resources are instances of the generated class carrying
 * `handle` and a `finalizer` (weakref.finalize calling
 * _py_wasm_runtime.drop_resource).  Exported resources are the app's own
 * objects; their rep is the PyObject* and every handle the host holds owns
 * one strong reference, released by wit_dylib_resource_dtor.
 *
 * Borrows of imported resources lifted into an export are recorded in the
 * export's context and released when the Python call returns: the object
 * loses its handle and finalizer, joins `rt.lent` (so later use gets a
 * precise message) and the borrow handle is dropped, as the component
 * model requires before the export returns. */
#include "runtime.h"

bool
rt_resource_exported(size_t index)
{
    return rt.wit->resources[index].new != NULL;
}

static const char *
resource_name(size_t index)
{
    return rt.wit->resources[index].name;
}

/* A new instance of the imported resource class `index` owning `handle`. */
static PyObject *  /* new */
make_imported(size_t index, uint32_t handle)
{
    PyObject *cls = PyTuple_GET_ITEM(rt.resources, index);  /* borrowed */
    PyObject *obj = NULL, *h = NULL, *i = NULL, *fin = NULL; /* new */
    obj = PyObject_CallMethodOneArg(cls, rt.s_new, cls);
    if (obj == NULL || (h = PyLong_FromUnsignedLong(handle)) == NULL
        || (i = PyLong_FromSize_t(index)) == NULL
        || PyObject_SetAttr(obj, rt.s_handle, h) < 0) {
        goto error;
    }
    fin = PyObject_CallFunctionObjArgs(rt.finalize, obj, rt.drop_resource, i,
                                       h, NULL);
    if (fin == NULL || PyObject_SetAttr(obj, rt.s_finalizer, fin) < 0) {
        goto error;
    }
    Py_DECREF(h);
    Py_DECREF(i);
    Py_DECREF(fin);
    return obj;
error:
    if (fin != NULL) {
        /* The handle is dropped below, not by the finalizer. */
        PyObject *exc = PyErr_GetRaisedException();
        PyObject *r = PyObject_CallMethodNoArgs(fin, rt.s_detach);
        Py_XDECREF(r);
        PyErr_SetRaisedException(exc);
    }
    Py_XDECREF(obj);
    Py_XDECREF(h);
    Py_XDECREF(i);
    Py_XDECREF(fin);
    return NULL;
}

PyObject *  /* new */
rt_lift_own(size_t index, uint32_t handle)
{
    const wit_resource_t *res = &rt.wit->resources[index];
    if (rt_resource_exported(index)) {
        /* Our own object comes back: take a reference, then drop the
         * handle, which runs the destructor and releases the table's. */
        PyObject *obj = (PyObject *)res->rep(handle);
        Py_INCREF(obj);
        res->drop(handle);
        return obj;
    }
    PyObject *obj = make_imported(index, handle);
    if (obj == NULL) {
        res->drop(handle);  /* nothing else can drop it now */
    }
    return obj;
}

PyObject *  /* new */
rt_lift_borrow(rt_cx *cx, size_t index, uint32_t handle)
{
    const wit_resource_t *res = &rt.wit->resources[index];
    if (rt_resource_exported(index)) {
        return Py_NewRef((PyObject *)(uintptr_t)handle);  /* the rep */
    }
    PyObject *obj = make_imported(index, handle);  /* new */
    if (obj == NULL) {
        res->drop(handle);
        return NULL;
    }
    PyObject *entry = Py_BuildValue("(OnI)", obj, (Py_ssize_t)index,
                                    (unsigned int)handle);
    if (entry == NULL
        || (cx->borrows == NULL && (cx->borrows = PyList_New(0)) == NULL)
        || PyList_Append(cx->borrows, entry) < 0) {
        rt_fatal_exception("recording a borrowed resource");
    }
    Py_DECREF(entry);
    return obj;
}

/* Is `obj` (or, with obj NULL, `handle` of resource `index`) lent to the
 * export that is running? */
static bool
is_lent(PyObject *obj /* borrowed */, size_t index, uint32_t handle)
{
    rt_cx *cx = rt.current_export;
    if (cx == NULL || cx->borrows == NULL) {
        return false;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(cx->borrows); k++) {
        PyObject *entry = PyList_GET_ITEM(cx->borrows, k);
        if (obj != NULL ? PyTuple_GET_ITEM(entry, 0) == obj
            : (PyLong_AsSize_t(PyTuple_GET_ITEM(entry, 1)) == index
               && PyLong_AsUnsignedLong(PyTuple_GET_ITEM(entry, 2))
                  == handle)) {
            return true;
        }
    }
    return false;
}

PyObject *  /* new */
rt_prepare_handle(PyObject *obj /* borrowed */, size_t index, bool own,
                  PyObject *moves /* borrowed */)
{
    const char *name = resource_name(index);
    PyObject *cls = PyTuple_GET_ITEM(rt.resources, index);  /* borrowed */
    int ok = PyObject_IsInstance(obj, cls);
    if (ok <= 0) {
        if (ok == 0) {
            PyErr_Format(PyExc_TypeError, "expected %s<%s> (an instance of "
                         "%s), got %s", own ? "own" : "borrow", name,
                         ((PyTypeObject *)cls)->tp_name,
                         Py_TYPE(obj)->tp_name);
        }
        return NULL;
    }
    if (rt_resource_exported(index)) {
        if (!own) {
            PyErr_Format(PyExc_TypeError, "borrow<%s> of a resource this "
                         "component implements cannot be lowered", name);
            return NULL;
        }
        return Py_NewRef(obj);
    }
    PyObject *h = NULL;  /* new */
    if (PyObject_GetOptionalAttr(obj, rt.s_handle, &h) < 0) {
        return NULL;
    }
    if (h == NULL) {
        int lent = PySequence_Contains(rt.lent, obj);
        if (lent < 0) {
            PyErr_Clear();
            lent = 0;
        }
        PyErr_Format(PyExc_ValueError, lent
                     ? "resource `%s` used after the call that lent it "
                       "returned"
                     : "resource `%s` used after drop (or after it was "
                       "moved away)", name);
        return NULL;
    }
    unsigned long value = PyLong_Check(h) ? PyLong_AsUnsignedLong(h) : 0;
    if (value == 0 || value > UINT32_MAX) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "resource `%s` has an invalid handle "
                     "%R", name, h);
        Py_DECREF(h);
        return NULL;
    }
    if (own) {
        int moved = PySequence_Contains(moves, obj);
        if (moved != 0 || is_lent(obj, 0, 0)) {
            if (moved >= 0) {
                PyErr_Format(PyExc_ValueError, moved
                             ? "resource `%s` is passed as own twice"
                             : "resource `%s` is borrowed by this call and "
                               "cannot be moved", name);
            }
            Py_DECREF(h);
            return NULL;
        }
        if (PyList_Append(moves, obj) < 0) {
            Py_DECREF(h);
            return NULL;
        }
    }
    return h;
}

/* Takes `handle` and `finalizer` off an imported resource object: its
 * handle now belongs to someone else.  Errors are cleared: the handle has
 * moved either way. */
static void
forget_handle(PyObject *obj /* borrowed */)
{
    PyObject *exc = PyErr_GetRaisedException();
    PyObject *fin = NULL;  /* new */
    if (PyObject_GetOptionalAttr(obj, rt.s_finalizer, &fin) > 0) {
        PyObject *r = PyObject_CallMethodNoArgs(fin, rt.s_detach);
        Py_XDECREF(r);
        Py_DECREF(fin);
    }
    if (PyObject_DelAttr(obj, rt.s_handle) < 0) {
        PyErr_Clear();
    }
    PyErr_Clear();
    PyErr_SetRaisedException(exc);
}

int
rt_commit_moves(PyObject *moves /* borrowed */)
{
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(moves); k++) {
        forget_handle(PyList_GET_ITEM(moves, k));
    }
    return 0;
}

uint32_t
rt_lower_own(size_t index, PyObject *prepared /* borrowed */)
{
    if (rt_resource_exported(index)) {
        /* The handle table keeps this reference until the destructor. */
        Py_INCREF(prepared);
        return rt.wit->resources[index].new((size_t)(uintptr_t)prepared);
    }
    if (!PyLong_Check(prepared)) {
        rt_fatal("internal error: pop_own popped an unprepared %s",
                 Py_TYPE(prepared)->tp_name);
    }
    return (uint32_t)PyLong_AsUnsignedLong(prepared);
}

void
rt_release_borrows(rt_cx *cx)
{
    PyObject *borrows = cx->borrows;  /* new */
    cx->borrows = NULL;
    if (borrows == NULL) {
        return;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(borrows); k++) {
        PyObject *entry = PyList_GET_ITEM(borrows, k);
        PyObject *obj = PyTuple_GET_ITEM(entry, 0);
        size_t index = PyLong_AsSize_t(PyTuple_GET_ITEM(entry, 1));
        uint32_t handle = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(entry, 2));
        forget_handle(obj);
        PyObject *r = PyObject_CallMethod(rt.lent, "add", "O", obj);
        if (r == NULL) {
            PyErr_Clear();
        }
        Py_XDECREF(r);
        rt.wit->resources[index].drop(handle);
    }
    Py_DECREF(borrows);
}

int
rt_drop_handle(size_t index, uint32_t handle)
{
    if (index >= rt.wit->num_resources) {
        PyErr_Format(PyExc_ValueError, "resource index %zu is out of range "
                     "(the world has %zu resources)", index,
                     rt.wit->num_resources);
        return -1;
    }
    if (rt_resource_exported(index)) {
        PyErr_Format(PyExc_ValueError, "resource `%s` is implemented by this "
                     "component; the host drops its handles",
                     resource_name(index));
        return -1;
    }
    if (handle == 0 || is_lent(NULL, index, handle)) {
        PyErr_Format(PyExc_ValueError, handle == 0
                     ? "resource `%s`: 0 is not a handle"
                     : "resource `%s`: handle %u is borrowed by the running "
                       "export and cannot be dropped",
                     resource_name(index), (unsigned)handle);
        return -1;
    }
    rt.wit->resources[index].drop(handle);
    return 0;
}

RT_EXPORT void
wit_dylib_resource_dtor(size_t ty, size_t rep)
{
    (void)ty;
    PyObject *obj = (PyObject *)rep;
    Py_DECREF(obj);
}
