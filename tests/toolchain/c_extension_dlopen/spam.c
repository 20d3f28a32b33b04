/* A minimal C extension: spam.answer() returns 42. Built as a PIC shared
 * library and loaded by `import spam` through the component's emulated
 * dlopen (wit-component's built-in libdl). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
spam_answer(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    return PyLong_FromLong(42);
}

static PyMethodDef spam_methods[] = {
    {"answer", spam_answer, METH_NOARGS, "Return 42."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef spam_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "spam",
    .m_doc = "A test extension.",
    .m_size = 0,
    .m_methods = spam_methods,
};

PyMODINIT_FUNC
PyInit_spam(void)
{
    return PyModuleDef_Init(&spam_module);
}
