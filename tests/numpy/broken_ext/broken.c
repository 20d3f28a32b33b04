/* A Python extension with a deliberate compile error (an undeclared name in
 * `answer`): the wasi_wheel error test expects clang's diagnostic for it. */
#include <Python.h>

static PyObject *answer(PyObject *self, PyObject *args)
{
    (void)self;
    (void)args;
    return PyLong_FromLong(undeclared_answer);
}

static PyMethodDef methods[] = {
    {"answer", answer, METH_NOARGS, "The answer."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "broken", NULL, -1, methods,
};

PyMODINIT_FUNC PyInit_broken(void)
{
    return PyModule_Create(&module);
}
