/* Reporting failures.
 *
 * Nothing in the runtime panics: a failure the component cannot recover
 * from prints what happened to stderr (the Python traceback when there is
 * one, then one line starting with "py-wasm: " that names the export or the
 * step) and calls abort(), which traps.  Exceptions that can become data
 * (the `err` case of an export's result) are turned into strings here, and
 * WIT types and functions get the names messages use. */
#include "runtime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void
rt_flush_stdio(void)
{
    if (Py_IsInitialized()) {
        PyObject *exc = PyErr_GetRaisedException();
        const char *names[] = {"stdout", "stderr"};
        for (int i = 0; i < 2; i++) {
            PyObject *stream = PySys_GetObject(names[i]);  /* borrowed */
            if (stream != NULL && stream != Py_None) {
                PyObject *r = PyObject_CallMethod(stream, "flush", NULL);
                Py_XDECREF(r);
            }
            PyErr_Clear();
        }
        PyErr_SetRaisedException(exc);
    }
    fflush(stdout);
    fflush(stderr);
}

static _Noreturn void
die(const char *fmt, va_list ap, PyObject *summary /* borrowed, or NULL */)
{
    rt_flush_stdio();
    fputs("py-wasm: ", stderr);
    vfprintf(stderr, fmt, ap);
    if (summary != NULL) {
        const char *text = PyUnicode_AsUTF8(summary);
        fprintf(stderr, ": %s", text != NULL ? text : "(unprintable)");
    }
    fputs("\n", stderr);
    fflush(stderr);
    abort();
}

_Noreturn void
rt_fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    die(fmt, ap, NULL);
}

_Noreturn void
rt_fatal_exception(const char *fmt, ...)
{
    PyObject *exc = Py_IsInitialized() ? PyErr_GetRaisedException()
                                       : NULL;  /* new */
    PyObject *summary = NULL;                   /* new */
    if (exc != NULL) {
        PyErr_DisplayException(exc);
        summary = rt_exception_summary(exc);
        PyErr_Clear();
    }
    va_list ap;
    va_start(ap, fmt);
    die(fmt, ap, summary);
}

_Noreturn void
rt_unsupported(const char *intrinsic, const char *what)
{
    rt_fatal("the glue called `%s`, but %s are not supported (glue-gen "
             "rejects worlds that use them)", intrinsic, what);
}

PyObject *  /* new */
rt_exception_summary(PyObject *exc /* borrowed */)
{
    PyObject *msg = PyObject_Str(exc);  /* new */
    if (msg == NULL) {
        return NULL;
    }
    const char *type = Py_TYPE(exc)->tp_name;
    PyObject *out = PyUnicode_GET_LENGTH(msg) == 0
        ? PyUnicode_FromString(type)
        : PyUnicode_FromFormat("%s: %U", type, msg);
    Py_DECREF(msg);
    return out;
}

void
rt_error_context(const char *fmt, ...)
{
    PyObject *exc = PyErr_GetRaisedException();  /* new */
    if (exc == NULL) {
        return;
    }
    PyObject *prefix = NULL, *msg = NULL, *text = NULL, *replaced = NULL;
    va_list ap;
    va_start(ap, fmt);
    prefix = PyUnicode_FromFormatV(fmt, ap);
    va_end(ap);
    if (prefix == NULL || (msg = PyObject_Str(exc)) == NULL
        || (text = PyUnicode_FromFormat("%U: %U", prefix, msg)) == NULL) {
        goto done;
    }
    /* The same exception type with the longer message, when the type can
     * be built from one argument (TypeError, ValueError, ...). */
    replaced = PyObject_CallOneArg((PyObject *)Py_TYPE(exc), text);
    if (replaced != NULL && PyExceptionInstance_Check(replaced)) {
        PyObject *tb = PyException_GetTraceback(exc);  /* new */
        PyException_SetTraceback(replaced, tb != NULL ? tb : Py_None);
        Py_XDECREF(tb);
        Py_SETREF(exc, Py_NewRef(replaced));
    }
done:
    PyErr_Clear();
    Py_XDECREF(prefix);
    Py_XDECREF(msg);
    Py_XDECREF(text);
    Py_XDECREF(replaced);
    PyErr_SetRaisedException(exc);
}

void
rt_func_name(const char *interface, const char *name, char *buf, size_t size)
{
    if (interface != NULL) {
        snprintf(buf, size, "%s#%s", interface, name);
    }
    else {
        snprintf(buf, size, "%s", name);
    }
}

/* ---- names of WIT types, for messages ---- */

typedef struct {
    char *buf;
    size_t size, used;
} namebuf;

static void
put(namebuf *nb, const char *fmt, ...)
{
    if (nb->used + 1 >= nb->size) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(nb->buf + nb->used, nb->size - nb->used, fmt, ap);
    va_end(ap);
    if (n > 0) {
        nb->used += (size_t)n;
        if (nb->used >= nb->size) {
            nb->used = nb->size - 1;
        }
    }
}

static const char *const scalar_names[] = {
    "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "bool", "char",
    "f32", "f64", "string", "error-context",
};

static void
put_type(namebuf *nb, wit_type_t ty)
{
    const wit_t *w = rt.wit;
    ty = rt_dealias(ty);
    size_t i = WIT_TYPE_INDEX(ty);
    switch (WIT_TYPE_KIND(ty)) {
    case WIT_TYPE_RECORD:
        put(nb, "record `%s`", w->records[i].name);
        break;
    case WIT_TYPE_VARIANT:
        put(nb, "variant `%s`", w->variants[i].name);
        break;
    case WIT_TYPE_ENUM:
        put(nb, "enum `%s`", w->enums[i].name);
        break;
    case WIT_TYPE_FLAGS:
        put(nb, "flags `%s`", w->flags[i].name);
        break;
    case WIT_TYPE_OWN:
    case WIT_TYPE_BORROW:
        put(nb, "%s<%s>", WIT_TYPE_KIND(ty) == WIT_TYPE_OWN ? "own" : "borrow",
            w->resources[i].name);
        break;
    case WIT_TYPE_LIST:
        put(nb, "list<");
        put_type(nb, w->lists[i].ty);
        put(nb, ">");
        break;
    case WIT_TYPE_OPTION:
        put(nb, "option<");
        put_type(nb, w->options[i].ty);
        put(nb, ">");
        break;
    case WIT_TYPE_RESULT:
        put(nb, "result<");
        if (rt_empty(w->results[i].ok)) {
            put(nb, "_");
        }
        else {
            put_type(nb, w->results[i].ok);
        }
        if (!rt_empty(w->results[i].err)) {
            put(nb, ", ");
            put_type(nb, w->results[i].err);
        }
        put(nb, ">");
        break;
    case WIT_TYPE_TUPLE:
        put(nb, "tuple<");
        for (size_t k = 0; k < w->tuples[i].ntypes; k++) {
            put(nb, k ? ", " : "");
            put_type(nb, w->tuples[i].types[k]);
        }
        put(nb, ">");
        break;
    default:
        if (WIT_TYPE_KIND(ty) <= WIT_TYPE_ERROR_CONTEXT) {
            put(nb, "%s", scalar_names[WIT_TYPE_KIND(ty)]);
        }
        else {
            put(nb, "(unsupported type kind %u)", (unsigned)WIT_TYPE_KIND(ty));
        }
    }
}

void
rt_type_name(wit_type_t ty, char *buf, size_t size)
{
    namebuf nb = {buf, size, 0};
    buf[0] = '\0';
    put_type(&nb, ty);
}
