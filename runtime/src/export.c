/* Running exports: wit_dylib_export_{start,call,finish}.
 *
 * The arguments are on the stack (the last on top).  The Python call's
 * outcome is turned into the WIT result before export_call returns, so that
 * every error is reported while it still can be (the glue's pop_* calls
 * cannot fail):
 *   - style "result": a return is the ok payload, a raised Err(x) the err
 *     case; with a `string` error type any other exception, and a bad
 *     return value, become err("<Type>: <message>");
 *   - otherwise an exception, or a return value that does not match the WIT
 *     result (a TypeError naming the export and the type), prints the
 *     traceback and one "py-wasm: export `iface#name` failed: ..." line to
 *     stderr and aborts.
 * Imported borrows lifted for the call are released before it returns. */
#include "runtime.h"

RT_EXPORT void *
wit_dylib_export_start(size_t which)
{
    if (rt.wit == NULL || which >= rt.wit->num_export_funcs) {
        rt_fatal("export index %zu is out of range", which);
    }
    if (which != rt.init_export) {
        if (!rt.ready) {
            rt_fatal("export `%s` was called before %s",
                     rt.wit->export_funcs[which].name, RT_INIT_EXPORT);
        }
        if (!rt.refreshed) {
            rt_refresh_host();
        }
    }
    return rt_cx_new(which);
}

RT_EXPORT void
wit_dylib_export_call(void *cx, size_t which)
{
    if (which == rt.init_export) {
        if (rt.ready) {
            rt_fatal("%s was called twice", RT_INIT_EXPORT);
        }
        rt_initialize_python();
        return;
    }
    rt_run_export(cx, which);
}

RT_EXPORT void
wit_dylib_export_finish(void *cx, size_t which)
{
    (void)which;
    rt_cx_free(cx);
}

/* Calls the export's Python target with `args` (new, or NULL). */
static PyObject *  /* new */
call_target(const rt_export *e, PyObject *args /* borrowed */)
{
    if (e->kind != RT_EXPORT_METHOD) {
        return PyObject_Call(e->target, args, NULL);
    }
    PyObject *method = PyObject_GetAttr(PyTuple_GET_ITEM(args, 0), e->target);
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    PyObject *out = method && rest ? PyObject_Call(method, rest, NULL) : NULL;
    Py_XDECREF(method);
    Py_XDECREF(rest);
    return out;
}

/* Prepares `value` as the result of export `label` (new, or NULL). */
static PyObject *  /* new */
prepare_result(PyObject *value /* borrowed */, wit_type_t ty,
               const char *label, PyObject *moves /* borrowed */)
{
    PyObject *out = rt_prepare(value, ty, moves);
    if (out == NULL) {
        char name[200];
        rt_type_name(ty, name, sizeof(name));
        rt_error_context("export `%s` returned a value that does not match "
                         "its WIT result type %s", label, name);
    }
    return out;
}

/* The prepared result of a "result"-style export (new), or NULL with
 * `*exc` set to the exception that must abort the component. */
static PyObject *  /* new */
result_style(const wit_export_func_t *f, PyObject *ret /* borrowed */,
             PyObject **exc /* in and out: new */, const char *label,
             PyObject *moves /* borrowed */)
{
    const wit_result_t *r = &rt.wit->results[WIT_TYPE_INDEX(
        rt_dealias(f->result))];
    PyObject *value = NULL, *out = NULL;
    if (*exc == NULL) {
        value = PyObject_CallOneArg(rt.ok, ret);
    }
    else {
        int is_err = PyObject_IsInstance(*exc, rt.err);
        PyErr_Clear();
        if (is_err > 0) {
            value = *exc;
            *exc = NULL;
        }
    }
    if (value != NULL) {
        out = prepare_result(value, f->result, label, moves);
        Py_DECREF(value);
    }
    if (out == NULL && *exc == NULL) {
        *exc = PyErr_GetRaisedException();
    }
    if (out != NULL || rt_dealias(r->err) != WIT_TYPE_STRING) {
        return out;
    }
    /* result<_, string>: the exception becomes data.  Resources the failed
     * value would have moved stay where they are. */
    if (PyList_SetSlice(moves, 0, PyList_GET_SIZE(moves), NULL) < 0) {
        return NULL;
    }
    PyObject *summary = rt_exception_summary(*exc);
    value = summary ? PyObject_CallOneArg(rt.err, summary) : NULL;
    Py_XDECREF(summary);
    out = value ? rt_prepare(value, f->result, moves) : NULL;
    Py_XDECREF(value);
    if (out != NULL) {
        Py_CLEAR(*exc);
    }
    return out;
}

void
rt_run_export(rt_cx *cx, size_t which)
{
    const wit_export_func_t *f = &rt.wit->export_funcs[which];
    const rt_export *e = &rt.exports[which];
    char label[256];
    rt_func_name(f->interface, f->name, label, sizeof(label));
    PyObject *args = PyTuple_New((Py_ssize_t)f->nparams);  /* new */
    PyObject *moves = PyList_New(0);                       /* new */
    if (args == NULL || moves == NULL) {
        rt_fatal_exception("export `%s` failed", label);
    }
    for (size_t i = f->nparams; i > 0; i--) {
        PyTuple_SET_ITEM(args, i - 1, rt_pop(cx));
    }
    rt.current_export = cx;
    PyObject *exc = rt_take_error(cx);  /* new: lifting failed */
    PyObject *ret = NULL;               /* new */
    if (exc == NULL && (ret = call_target(e, args)) == NULL) {
        exc = PyErr_GetRaisedException();
    }
    Py_DECREF(args);
    PyObject *out = NULL;               /* new: the prepared result */
    if (e->style == RT_STYLE_RESULT) {
        out = result_style(f, ret, &exc, label, moves);
    }
    else if (e->style == RT_STYLE_NORMAL && exc == NULL) {
        out = prepare_result(ret, f->result, label, moves);
        if (out == NULL) {
            exc = PyErr_GetRaisedException();
        }
    }
    Py_XDECREF(ret);
    if (exc != NULL) {
        PyErr_SetRaisedException(exc);
        rt_fatal_exception("export `%s` failed", label);
    }
    rt_commit_moves(moves);
    Py_DECREF(moves);
    rt_release_borrows(cx);
    rt.current_export = NULL;
    if (out != NULL) {
        rt_push(cx, out);
    }
}

RT_EXPORT uint32_t
wit_dylib_export_async_call(void *cx, size_t which)
{
    (void)cx, (void)which;
    rt_unsupported("wit_dylib_export_async_call", "async exports");
}

RT_EXPORT uint32_t
wit_dylib_export_async_callback(uint32_t event0, uint32_t event1,
                                uint32_t event2, size_t which)
{
    (void)event0, (void)event1, (void)event2, (void)which;
    rt_unsupported("wit_dylib_export_async_callback", "async exports");
}
