/* Calling imports from Python: _py_wasm_runtime.call_import.
 *
 * All arguments are checked and prepared (lower.c) before anything is
 * handed to the glue, so a bad argument raises in Python instead of
 * trapping; owned resources move only once every argument is good.  The
 * glue's adapter pops the arguments first one first, calls the import and
 * pushes the result, whose lifting error (if any) is raised here. */
#include "runtime.h"

PyObject *  /* new */
rt_call_import(size_t index, PyObject *args /* borrowed */)
{
    const wit_import_func_t *f = &rt.wit->import_funcs[index];
    char label[256];
    rt_func_name(f->interface, f->name, label, sizeof(label));
    if (f->impl == NULL) {
        return PyErr_Format(PyExc_TypeError, "import `%s` is async, which is "
                            "not supported", label);
    }
    if (!PyList_Check(args) && !PyTuple_Check(args)) {
        return PyErr_Format(PyExc_TypeError, "call_import: the arguments of "
                            "`%s` must be a list, not %s", label,
                            Py_TYPE(args)->tp_name);
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(args);
    if ((size_t)n != f->nparams) {
        return PyErr_Format(PyExc_TypeError, "import `%s` takes %zu "
                            "arguments (%zd given)", label, f->nparams, n);
    }
    /* A tuple: user code run by rt_prepare cannot change it. */
    PyObject *tuple = PySequence_Tuple(args);  /* new */
    PyObject *moves = PyList_New(0);           /* new */
    PyObject *prepared = PyTuple_New(n);       /* new */
    PyObject *result = NULL;                   /* new */
    if (tuple == NULL || moves == NULL || prepared == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *arg = PyTuple_GET_ITEM(tuple, i);  /* borrowed */
        PyObject *v = rt_prepare(arg, f->params[i], moves);
        if (v == NULL) {
            rt_error_context("argument %zd of import `%s`", i + 1, label);
            goto done;
        }
        PyTuple_SET_ITEM(prepared, i, v);
    }
    rt_commit_moves(moves);
    rt_cx *cx = rt_cx_new(index);
    for (Py_ssize_t i = n; i > 0; i--) {
        rt_push(cx, Py_NewRef(PyTuple_GET_ITEM(prepared, i - 1)));
    }
    f->impl(cx);
    result = rt_empty(f->result) ? Py_NewRef(Py_None) : rt_pop(cx);
    PyObject *exc = rt_take_error(cx);  /* new */
    rt_cx_free(cx);
    if (exc != NULL) {
        Py_CLEAR(result);
        PyErr_SetRaisedException(exc);
        rt_error_context("the result of import `%s`", label);
    }
done:
    Py_XDECREF(tuple);
    Py_XDECREF(moves);
    Py_XDECREF(prepared);
    return result;
}
