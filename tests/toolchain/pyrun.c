/* A `wasi:cli/command` that embeds CPython and runs /test/main.py.
 *
 * The toolchain tests link it with libpython3.13.so, libc.so and the
 * emulation libraries, map the stdlib at /python and a test script at /test,
 * and read its output. Exit status 0 means the script ran without raising. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int
start_python(void)
{
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    /* The stdlib tree is flat (the contents of lib/python3.13). */
    config.module_search_paths_set = 1;
    PyStatus status = PyWideStringList_Append(&config.module_search_paths,
                                              L"/test");
    if (!PyStatus_Exception(status)) {
        status = PyWideStringList_Append(&config.module_search_paths,
                                         L"/python");
    }
    if (!PyStatus_Exception(status)) {
        status = PyConfig_SetString(&config, &config.home, L"/python");
    }
    if (!PyStatus_Exception(status)) {
        status = Py_InitializeFromConfig(&config);
    }
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "pyrun: cannot start CPython: %s\n",
                status.err_msg ? status.err_msg : "(no message)");
        return -1;
    }
    return 0;
}

__attribute__((export_name("wasi:cli/run@0.2.12#run")))
int
run(void)
{
    if (start_python() < 0) {
        return 1;
    }
    FILE *script = fopen("/test/main.py", "r");
    if (script == NULL) {
        perror("pyrun: cannot open /test/main.py");
        return 1;
    }
    /* Closes `script`. */
    int failed = PyRun_SimpleFileEx(script, "/test/main.py", 1) != 0;
    /* Flushes sys.stdout and sys.stderr: nothing else would in a reactor. */
    if (Py_FinalizeEx() < 0) {
        failed = 1;
    }
    return failed;
}
