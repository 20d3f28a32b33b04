/* A Python extension that links (its meson.build tells wasm-ld to leave
 * undefined symbols as imports) but needs `not_provided_anywhere`, which
 * neither libpython nor libc exports: the wasi_wheel import check must reject
 * it. Without that flag wasm-ld itself stops at the undefined symbol, and the
 * build shows its error line. */
#include <Python.h>

extern long not_provided_anywhere(void);

static PyObject *answer(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyLong_FromLong(not_provided_anywhere());
}

static PyMethodDef methods[] = {
    {"answer", answer, METH_NOARGS, "The answer."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "unresolved", NULL, -1, methods,
};

PyMODINIT_FUNC PyInit_unresolved(void)
{
    return PyModule_Create(&module);
}
