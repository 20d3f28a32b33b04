/* The builtin module `_py_wasm_runtime` (python-abi.md), registered in the
 * inittab before Py_Initialize.  Generated real-mode bindings call imports
 * and drop imported resources through it. */
#include "runtime.h"

/* An int argument in [0, limit), or -1 with an exception naming `what`
 * and, unless NULL, what the world has `limit` of. */
static long long
index_arg(PyObject *arg /* borrowed */, const char *what,
          unsigned long long limit, const char *of)
{
    if (!PyLong_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int, not %s", what,
                     Py_TYPE(arg)->tp_name);
        return -1;
    }
    long long v = PyLong_AsLongLong(arg);
    if (v == -1 && PyErr_Occurred()) {
        PyErr_Clear();
    }
    else if (v >= 0 && (unsigned long long)v < limit) {
        return v;
    }
    if (of == NULL) {
        PyErr_Format(PyExc_ValueError, "%s %R is not a u32", what, arg);
    }
    else {
        PyErr_Format(PyExc_ValueError, "%s %R is out of range (the world has "
                     "%llu %s)", what, arg, limit, of);
    }
    return -1;
}

static PyObject *  /* new */
call_import(PyObject *module /* borrowed */, PyObject *const *args,
            Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "call_import(index, args) takes 2 "
                     "arguments (%zd given)", nargs);
        return NULL;
    }
    long long index = index_arg(args[0], "import index",
                                 rt.wit->num_import_funcs, "imports");
    if (index < 0) {
        return NULL;
    }
    return rt_call_import((size_t)index, args[1]);
}

static PyObject *  /* new */
drop_resource(PyObject *module /* borrowed */, PyObject *const *args,
              Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "drop_resource(resource_index, handle) "
                     "takes 2 arguments (%zd given)", nargs);
        return NULL;
    }
    long long index = index_arg(args[0], "resource index",
                                rt.wit->num_resources, "resources");
    if (index < 0) {
        return NULL;
    }
    long long handle = index_arg(args[1], "handle", 1ULL << 32, NULL);
    if (handle < 0 || rt_drop_handle((size_t)index, (uint32_t)handle) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"call_import", (PyCFunction)(void (*)(void))call_import, METH_FASTCALL,
     "call_import(index, args) -> object\n\nCalls import_funcs[index] with "
     "the list `args` and returns its lifted result (None without one)."},
    {"drop_resource", (PyCFunction)(void (*)(void))drop_resource,
     METH_FASTCALL,
     "drop_resource(resource_index, handle) -> None\n\nDrops a handle of an "
     "imported resource."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_py_wasm_runtime",
    .m_doc = "The py-wasm runtime: imports and resources of the component.",
    .m_size = -1,
    .m_methods = methods,
};

PyObject *  /* new */
rt_module_init(void)
{
    return PyModule_Create(&module_def);
}
