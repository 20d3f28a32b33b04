/* Checks the snapshot mechanics of py-preinit without glue or runtime.
 *
 * `py-wasm-init` starts CPython and evaluates an expression; the snapshot
 * must keep the interpreter and the result. The constructor counts how often
 * library constructors run: once when py-preinit instantiates the linked
 * component, and never again when the snapshot is instantiated (wizer drops
 * the start functions that would re-run the linker's `__init`). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static unsigned ctor_count;
static char computed[64] = "init did not run";

__attribute__((constructor)) static void
count_ctor(void)
{
    ctor_count++;
}

__attribute__((export_name("py-wasm-init"))) void
init(void)
{
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.module_search_paths_set = 1;
    PyStatus status = PyWideStringList_Append(&config.module_search_paths,
                                              L"/python");
    if (!PyStatus_Exception(status)) {
        status = Py_InitializeFromConfig(&config);
    }
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "snapshot test: cannot start CPython\n");
        abort();
    }
    PyObject *result = PyRun_String("str(sum(i * i for i in range(1000)))",
                                    Py_eval_input, PyEval_GetBuiltins(),
                                    PyEval_GetBuiltins());  /* new */
    if (result == NULL) {
        PyErr_Print();
        abort();
    }
    const char *text = PyUnicode_AsUTF8(result);  /* borrowed from result */
    if (text == NULL) {
        PyErr_Print();
        abort();
    }
    snprintf(computed, sizeof computed, "%s", text);
    Py_DECREF(result);
    printf("init ran\n");
    fflush(stdout);
}

__attribute__((export_name("ctor-runs"))) unsigned
ctor_runs(void)
{
    return ctor_count;
}

/* Strings are returned through a (pointer, length) pair in static memory. */
static uint32_t ret_area[2];

__attribute__((export_name("computed"))) uint32_t *
get_computed(void)
{
    ret_area[0] = (uint32_t)(uintptr_t)computed;
    ret_area[1] = (uint32_t)strlen(computed);
    return ret_area;
}

/* The component model calls cabi_realloc for nothing here, but libc.so's
 * export satisfies the import either way. */
