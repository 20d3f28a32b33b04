/* Start-up: the metadata check, py-wasm-init and the refresh after the
 * snapshot (docs/design.md, "The init export and pre-initialization").
 *
 * py-wasm-init starts CPython with an isolated PyConfig built only from
 * PY_WASM_APP, PY_WASM_PYTHONPATH and PY_WASM_PYTHONHOME, imports
 * `_py_wasm_symbols` and the app, resolves every class the symbol table
 * names (checking each list against the glue's metadata), and then forgets
 * the build host: the adapter's state, libc's preopens and environment,
 * os.environ and sys.argv.  Everything it caches lives in `rt` and so in
 * the snapshot.  The first export call afterwards loads the run-time
 * host's preopens, environment and arguments and reseeds `random` if init
 * imported it (not with PY_WASM_STUB_WASI=1: that component cannot reach
 * any host). */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>
#include <wasi/libc-environ.h>

rt_state rt = {.init_export = SIZE_MAX};

/* Exported by the preview1 adapter and by our patched wasi-libc. */
__attribute__((import_module("wasi_snapshot_preview1"),
               import_name("reset_adapter_state")))
void reset_adapter_state(void);
void __wasilibc_reset_preopens(void);
void __wasilibc_populate_preopens(void);
void __wasilibc_zero_free_memory(void);

RT_EXPORT void
wit_dylib_initialize(const wit_t *wit)
{
    if (wit->version != WIT_CURRENT_VERSION) {
        rt_fatal("the glue's metadata has version %u, but this runtime was "
                 "built against wit_dylib.h version %u: build the glue and "
                 "the runtime with the same wit-dylib",
                 (unsigned)wit->version, (unsigned)WIT_CURRENT_VERSION);
    }
    rt.wit = wit;
    for (size_t i = 0; i < wit->num_export_funcs; i++) {
        const wit_export_func_t *f = &wit->export_funcs[i];
        if (f->interface == NULL && strcmp(f->name, RT_INIT_EXPORT) == 0) {
            rt.init_export = i;
        }
    }
    if (rt.init_export == SIZE_MAX) {
        rt_fatal("the glue has no `%s` export: it was not made by glue-gen",
                 RT_INIT_EXPORT);
    }
}

static const char *
required_env(const char *name)
{
    const char *value = getenv(name);
    if (value == NULL || value[0] == '\0') {
        rt_fatal("%s: the environment variable %s is not set (py-preinit "
                 "sets it; see docs/design.md)", RT_INIT_EXPORT, name);
    }
    return value;
}

static void
check_status(PyStatus status, const char *what)
{
    if (PyStatus_Exception(status)) {
        rt_fatal("%s: cannot start CPython (%s): %s", RT_INIT_EXPORT, what,
                 status.err_msg != NULL ? status.err_msg : "no message");
    }
}

static void
start_interpreter(void)
{
    const char *path = required_env("PY_WASM_PYTHONPATH");
    const char *home = required_env("PY_WASM_PYTHONHOME");
    if (PyImport_AppendInittab("_py_wasm_runtime", rt_module_init) < 0) {
        rt_fatal("%s: cannot register _py_wasm_runtime", RT_INIT_EXPORT);
    }
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.module_search_paths_set = 1;
    config.buffered_stdio = 0;         /* nothing flushes a reactor */
    config.write_bytecode = 0;         /* the Python path is read-only */
    config.install_signal_handlers = 0;
    char *copy = strdup(path);
    if (copy == NULL) {
        rt_fatal("out of memory");
    }
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir != NULL;
         dir = strtok_r(NULL, ":", &save)) {
        wchar_t *wide = Py_DecodeLocale(dir, NULL);
        if (wide == NULL) {
            rt_fatal("%s: cannot decode the path %s", RT_INIT_EXPORT, dir);
        }
        check_status(PyWideStringList_Append(&config.module_search_paths,
                                             wide), "PY_WASM_PYTHONPATH");
        PyMem_RawFree(wide);
    }
    free(copy);
    check_status(PyConfig_SetBytesString(&config, &config.home, home),
                 "PY_WASM_PYTHONHOME");
    PyStatus status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    check_status(status, "Py_InitializeFromConfig");
}

/* CPython 3.13 lets C code recurse 5000 levels deep on WASI
 * (Py_C_RECURSION_LIMIT, sized for an 8 MiB native stack), but hosts give a
 * guest far less: wasmtime 512 KiB by default. Each level costs up to
 * ~0.9 KiB of it (an interpreter re-entry from C, e.g. a sort key that
 * recurses, is 2 levels and ~1.8 KiB on Cranelift), so deep recursion
 * through C (repr or == of deeply nested lists, __call__ or __getattr__
 * chains, json.dumps of deep data) trapped with "call stack exhausted"
 * instead of raising RecursionError. The limit is lowered here, once, at
 * the top of the stack: the counter only moves by balanced steps, so the
 * offset holds for the life of the instance (and is in the snapshot). */
#define RT_C_RECURSION_LIMIT 400

static void
limit_c_recursion(void)
{
    PyThreadState *tstate = PyThreadState_Get();  /* borrowed */
    tstate->c_recursion_remaining -= Py_C_RECURSION_LIMIT - RT_C_RECURSION_LIMIT;
}

/* The CJK codecs are extension modules a component links only on request
 * (//third_party/cpython:cjk_codecs, `py-wasm --cjk-codecs`). Without them
 * the stdlib's encodings package can only say "unknown encoding: gbk"; this
 * codec search function, consulted after the stdlib's, says what to do. */
static const char cjk_codecs_hint[] =
    "import codecs, encodings, encodings.aliases\n"
    "try:\n"
    "    import _multibytecodec\n"
    "except ImportError:\n"
    "    def cjk_codecs_hint(name, cjk=frozenset('big5 big5hkscs cp932 cp949 "
    "cp950 euc_jis_2004 euc_jisx0213 euc_jp euc_kr gb18030 gb2312 gbk hz "
    "iso2022_jp iso2022_jp_1 iso2022_jp_2 iso2022_jp_2004 iso2022_jp_3 "
    "iso2022_jp_ext iso2022_kr johab shift_jis shift_jis_2004 "
    "shift_jisx0213'.split()), normalize=encodings.normalize_encoding, "
    "aliases=encodings.aliases.aliases):\n"
    "        norm = normalize(name)\n"
    "        if aliases.get(norm, norm) in cjk:\n"
    "            raise LookupError(f'encoding {name!r} needs the CJK codecs, "
    "which this component does not link: build it with `py-wasm "
    "componentize --cjk-codecs ...`, or add "
    "`@rules_py_wasm//third_party/cpython:cjk_codecs` to the deps of its "
    "py_wasm_component')\n"
    "    codecs.register(cjk_codecs_hint)\n";

static void
install_codec_hints(void)
{
    PyObject *globals = PyDict_New();  /* new */
    PyObject *r = NULL;
    if (globals != NULL
        && PyDict_SetItemString(globals, "__builtins__",
                                PyEval_GetBuiltins()) == 0) {
        r = PyRun_String(cjk_codecs_hint, Py_file_input, globals, globals);
    }
    Py_XDECREF(globals);
    if (r == NULL) {
        rt_fatal_exception("%s failed registering the CJK codecs hint",
                           RT_INIT_EXPORT);
    }
    Py_DECREF(r);
}

/* A new tuple of the items of `seq` (never `seq` itself, so that its items
 * can be replaced). */
static PyObject *  /* new */
fresh_tuple(PyObject *seq /* borrowed */)
{
    PyObject *list = PySequence_List(seq);                 /* new */
    PyObject *tuple = list ? PyList_AsTuple(list) : NULL;  /* new */
    Py_XDECREF(list);
    return tuple;
}

/* getattr(module, name) as a fresh tuple of exactly `n` items. */
static PyObject *  /* new */
symbol_list(PyObject *symbols /* borrowed */, const char *name, size_t n)
{
    PyObject *value = PyObject_GetAttrString(symbols, name);  /* new */
    PyObject *tuple = value ? fresh_tuple(value) : NULL;      /* new */
    Py_XDECREF(value);
    if (tuple != NULL && (size_t)PyTuple_GET_SIZE(tuple) != n) {
        PyErr_Format(PyExc_ImportError, "_py_wasm_symbols.%s has %zd entries "
                     "but the glue's metadata has %zu: the bindings were not "
                     "made from this glue's glue-meta.json", name,
                     PyTuple_GET_SIZE(tuple), n);
        Py_CLEAR(tuple);
    }
    return tuple;
}

/* Raises ImportError: entry `i` of `list` does not describe the item
 * `fmt % name` of the glue's metadata.  A pending exception becomes its
 * cause. */
static int
mismatch(const char *list, size_t i, const char *fmt, const char *name)
{
    PyObject *cause = PyErr_GetRaisedException();  /* new, or NULL */
    PyObject *what = PyUnicode_FromFormat(fmt, name);
    if (what != NULL) {
        PyErr_Format(PyExc_ImportError, "_py_wasm_symbols.%s[%zu] does not "
                     "match %U in the glue's metadata: the bindings were not "
                     "made from this glue's glue-meta.json", list, i, what);
        Py_DECREF(what);
    }
    if (cause != NULL) {
        PyObject *exc = PyErr_GetRaisedException();
        PyException_SetCause(exc, cause);  /* steals cause */
        PyErr_SetRaisedException(exc);
    }
    return -1;
}

static bool
has_prefix(const char *name, const char *prefix)
{
    return strncmp(name, prefix, strlen(prefix)) == 0;
}

/* Is `name` "<prefix><resource>[.<method>]" for the exported resource
 * `res` (an index that must be in range)? */
static bool
names_resource(const char *name, const char *prefix, Py_ssize_t res)
{
    if (!has_prefix(name, prefix) || res < 0
        || (size_t)res >= rt.wit->num_resources
        || !rt_resource_exported((size_t)res)) {
        return false;
    }
    const char *r = rt.wit->resources[res].name;
    name += strlen(prefix);
    size_t n = strlen(r);
    return strncmp(name, r, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

static int
load_types(PyObject *symbols /* borrowed */)
{
    const wit_t *w = rt.wit;
    PyObject *options = NULL;
    if ((rt.records = symbol_list(symbols, "RECORDS", w->num_records)) == NULL
        || (rt.record_fields = symbol_list(symbols, "RECORD_FIELDS",
                                           w->num_records)) == NULL
        || (rt.variants = symbol_list(symbols, "VARIANTS",
                                      w->num_variants)) == NULL
        || (rt.enums = symbol_list(symbols, "ENUMS", w->num_enums)) == NULL
        || (rt.flags = symbol_list(symbols, "FLAGS", w->num_flags)) == NULL
        || (options = symbol_list(symbols, "OPTIONS",
                                  w->num_options)) == NULL
        || (rt.variant_discr = PyTuple_New(w->num_variants)) == NULL) {
        goto error;
    }
    for (size_t i = 0; i < w->num_records; i++) {
        PyObject **slot = &PyTuple_GET_ITEM(rt.record_fields, i);
        Py_SETREF(*slot, fresh_tuple(*slot));
        if (*slot == NULL) {
            goto error;
        }
        if ((size_t)PyTuple_GET_SIZE(*slot) != w->records[i].nfields) {
            mismatch("RECORD_FIELDS", i, "record `%s`", w->records[i].name);
            goto error;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(*slot); k++) {
            PyObject **name = &PyTuple_GET_ITEM(*slot, k);
            if (!PyUnicode_Check(*name)) {
                mismatch("RECORD_FIELDS", i, "record `%s`",
                         w->records[i].name);
                goto error;
            }
            PyUnicode_InternInPlace(name);
        }
    }
    for (size_t i = 0; i < w->num_variants; i++) {
        PyObject **slot = &PyTuple_GET_ITEM(rt.variants, i);
        PyObject *discr = PyDict_New();  /* new */
        PyTuple_SET_ITEM(rt.variant_discr, i, discr);
        Py_SETREF(*slot, PySequence_Tuple(*slot));
        if (discr == NULL || *slot == NULL) {
            goto error;
        }
        if ((size_t)PyTuple_GET_SIZE(*slot) != w->variants[i].ncases) {
            mismatch("VARIANTS", i, "variant `%s`", w->variants[i].name);
            goto error;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(*slot); k++) {
            PyObject *d = PyLong_FromSsize_t(k);
            int r = d ? PyDict_SetItem(discr, PyTuple_GET_ITEM(*slot, k), d)
                      : -1;
            Py_XDECREF(d);
            if (r < 0) {
                goto error;
            }
        }
    }
    for (size_t i = 0; i < w->num_enums; i++) {
        /* The members in case order: cls(0), cls(1), ... */
        PyObject **slot = &PyTuple_GET_ITEM(rt.enums, i);
        PyObject *members = PyTuple_New(w->enums[i].nnames);  /* new */
        for (size_t k = 0; members != NULL && k < w->enums[i].nnames; k++) {
            PyObject *m = PyObject_CallFunction(*slot, "n", (Py_ssize_t)k);
            if (m == NULL) {
                Py_CLEAR(members);
                mismatch("ENUMS", i, "enum `%s`", w->enums[i].name);
                break;
            }
            PyTuple_SET_ITEM(members, k, m);
        }
        Py_SETREF(*slot, members);
        if (members == NULL) {
            goto error;
        }
    }
    for (size_t i = 0; i < w->num_options; i++) {
        bool nesting = WIT_TYPE_KIND(rt_dealias(w->options[i].ty))
                       == WIT_TYPE_OPTION;
        int said = PyObject_IsTrue(PyTuple_GET_ITEM(options, i));
        if (said < 0 || said != nesting) {
            mismatch("OPTIONS", i, "option `%s`",
                     w->options[i].name ? w->options[i].name : "(anonymous)");
            goto error;
        }
    }
    Py_DECREF(options);
    return 0;
error:
    Py_XDECREF(options);
    return -1;
}

/* A class named by a RESOURCES entry (new). */
static PyObject *  /* new */
resource_class(PyObject *entry /* borrowed */, size_t i)
{
    const wit_resource_t *res = &rt.wit->resources[i];
    const char *kind = NULL, *module = NULL, *name = NULL;
    PyObject *cls = NULL;
    if (PyArg_ParseTuple(entry, "sO", &kind, &cls) && !strcmp(kind, "import")
        && res->new == NULL) {
        return Py_NewRef(cls);
    }
    PyErr_Clear();
    if (PyArg_ParseTuple(entry, "sss", &kind, &module, &name)
        && !strcmp(kind, "export") && res->new != NULL) {
        PyObject *mod = PyImport_ImportModule(module);  /* new */
        if (mod == NULL) {
            return NULL;
        }
        cls = PyObject_GetAttrString(mod, name);
        Py_DECREF(mod);
        return cls;
    }
    PyErr_Clear();
    mismatch("RESOURCES", i, res->new ? "resource `%s` is exported"
             : "resource `%s` is imported", res->name);
    return NULL;
}

static int
parse_style(const char *style, const wit_export_func_t *f, rt_export *e)
{
    wit_type_t result = rt_dealias(f->result);
    if (!strcmp(style, "none") && rt_empty(f->result)) {
        e->style = RT_STYLE_NONE;
    }
    else if (!strcmp(style, "normal") && !rt_empty(f->result)) {
        e->style = RT_STYLE_NORMAL;
    }
    else if (!strcmp(style, "result")
             && WIT_TYPE_KIND(result) == WIT_TYPE_RESULT) {
        e->style = RT_STYLE_RESULT;
    }
    else {
        return -1;
    }
    return 0;
}

/* The Python function behind `obj` (itself, or a bound method's), or NULL
 * for anything else (builtins, C types, other callables). Borrowed. */
static PyObject *
python_function(PyObject *obj, Py_ssize_t *bound)
{
    *bound = 0;
    if (PyMethod_Check(obj)) {
        obj = PyMethod_GET_FUNCTION(obj);
        *bound = 1;
    }
    return PyFunction_Check(obj) ? obj : NULL;
}

/* "(a, b, c)": the positional parameters of a Python function, from its
 * code object. New reference; NULL with an exception set on failure. */
static PyObject *
parameters_text(PyObject *func /* borrowed, a function */)
{
    PyCodeObject *code = (PyCodeObject *)PyFunction_GET_CODE(func);
    PyObject *names = PyCode_GetVarnames(code);  /* new */
    PyObject *first = names ? PyTuple_GetSlice(names, 0, code->co_argcount)
                            : NULL;
    PyObject *sep = first ? PyUnicode_FromString(", ") : NULL;
    PyObject *joined = sep ? PyUnicode_Join(sep, first) : NULL;
    PyObject *text = joined ? PyUnicode_FromFormat("(%U)", joined) : NULL;
    Py_XDECREF(joined);
    Py_XDECREF(sep);
    Py_XDECREF(first);
    Py_XDECREF(names);
    return text;
}

/* Checks, at build time, that the app's `owner.attr` (`impl`) accepts the
 * `nargs` positional arguments the WIT function `f` passes; if not, raises a
 * TypeError that names both and shows the parameters the world's generated
 * Protocol declares (the first class after `owner` in its MRO that defines
 * `attr`). Otherwise the mismatch would only surface on the first call.
 * Only plain Python functions are checked (from their code objects, so that
 * nothing more is imported into the snapshot); for anything else the call
 * itself will tell. */
static int
check_arity(PyObject *impl /* borrowed */, Py_ssize_t nargs,
            PyObject *owner /* borrowed, a class */, const char *attr,
            const wit_export_func_t *f)
{
    Py_ssize_t bound;
    PyObject *func = python_function(impl, &bound);
    if (func == NULL) {
        return 0;
    }
    PyCodeObject *code = (PyCodeObject *)PyFunction_GET_CODE(func);
    PyObject *defaults = PyFunction_GET_DEFAULTS(func);
    PyObject *kwdefaults = PyFunction_GET_KW_DEFAULTS(func);
    Py_ssize_t total = nargs + bound;
    Py_ssize_t required = code->co_argcount
        - (defaults ? PyTuple_GET_SIZE(defaults) : 0);
    bool ok = total >= required
        && (total <= code->co_argcount || (code->co_flags & CO_VARARGS))
        && code->co_kwonlyargcount
               <= (kwdefaults ? PyDict_GET_SIZE(kwdefaults) : 0);
    if (ok) {
        return 0;
    }
    PyObject *have = parameters_text(func);
    if (have == NULL) {
        return -1;
    }
    PyObject *want = NULL;
    PyObject *mro = ((PyTypeObject *)owner)->tp_mro;  /* borrowed */
    for (Py_ssize_t k = 1; mro && want == NULL && k < PyTuple_GET_SIZE(mro);
         k++) {
        PyObject *dict = ((PyTypeObject *)PyTuple_GET_ITEM(mro, k))->tp_dict;
        PyObject *proto = dict ? PyDict_GetItemString(dict, attr) : NULL;
        Py_ssize_t unused;
        PyObject *pfunc = proto ? python_function(proto, &unused) : NULL;
        if (pfunc != NULL && (want = parameters_text(pfunc)) == NULL) {
            Py_DECREF(have);
            return -1;
        }
    }
    const char *cls = ((PyTypeObject *)owner)->tp_name;
    if (want != NULL) {
        PyErr_Format(PyExc_TypeError,
                     "the app's `%s.%s%U` cannot take the %zd argument(s) the "
                     "WIT function `%s` passes: the world declares it as "
                     "`%s%U`; give it the same parameters",
                     cls, attr, have, nargs, f->name, attr, want);
    }
    else {
        PyErr_Format(PyExc_TypeError,
                     "the app's `%s.%s%U` cannot take the %zd argument(s) the "
                     "WIT function `%s` passes; give it one parameter per WIT "
                     "parameter",
                     cls, attr, have, nargs, f->name);
    }
    Py_XDECREF(want);
    Py_DECREF(have);
    return -1;
}

/* Resolves EXPORTS[i] into rt.exports[i]; `instances` caches the
 * freestanding export objects by class name. */
static int
load_export(PyObject *entry /* borrowed */, size_t i,
            PyObject *app /* borrowed */, PyObject *instances /* borrowed */)
{
    const wit_export_func_t *f = &rt.wit->export_funcs[i];
    rt_export *e = &rt.exports[i];
    const char *kind = "", *style = "", *cls_name, *method;
    Py_ssize_t res = 0;
    PyObject *name = NULL;
    if (PyTuple_Check(entry) && PyTuple_GET_SIZE(entry) > 0
        && PyUnicode_Check(PyTuple_GET_ITEM(entry, 0))) {
        kind = PyUnicode_AsUTF8(PyTuple_GET_ITEM(entry, 0));
    }
    if (!strcmp(kind, "init") && i == rt.init_export) {
        e->kind = RT_EXPORT_INIT;
        return 0;
    }
    if (i == rt.init_export) {
        goto bad;
    }
    if (!strcmp(kind, "freestanding") && f->name[0] != '['
        && PyArg_ParseTuple(entry, "ssss", &kind, &cls_name, &method, &style)
        && parse_style(style, f, e) == 0) {
        PyObject *obj = PyDict_GetItemString(instances, cls_name);
        if (obj == NULL) {
            PyObject *cls = PyObject_GetAttrString(app, cls_name);
            obj = cls ? PyObject_CallNoArgs(cls) : NULL;
            Py_XDECREF(cls);
            if (obj == NULL || PyDict_SetItemString(instances, cls_name,
                                                    obj) < 0) {
                Py_XDECREF(obj);
                return -1;
            }
            Py_DECREF(obj);
        }
        e->kind = RT_EXPORT_FREESTANDING;
        e->target = PyObject_GetAttrString(obj, method);
        return e->target ? check_arity(e->target, (Py_ssize_t)f->nparams,
                                       (PyObject *)Py_TYPE(obj), method, f)
                         : -1;
    }
    if (!strcmp(kind, "constructor")
        && PyArg_ParseTuple(entry, "sns", &kind, &res, &style)
        && names_resource(f->name, "[constructor]", res)
        && parse_style(style, f, e) == 0) {
        e->kind = RT_EXPORT_CONSTRUCTOR;
        e->target = Py_NewRef(PyTuple_GET_ITEM(rt.resources, res));
        return 0;
    }
    if (!strcmp(kind, "method") && has_prefix(f->name, "[method]")
        && PyArg_ParseTuple(entry, "sUs", &kind, &name, &style)
        && f->nparams >= 1 && parse_style(style, f, e) == 0) {
        e->kind = RT_EXPORT_METHOD;
        e->target = Py_NewRef(name);
        return 0;
    }
    if (!strcmp(kind, "static")
        && PyArg_ParseTuple(entry, "snss", &kind, &res, &method, &style)
        && names_resource(f->name, "[static]", res)
        && parse_style(style, f, e) == 0) {
        e->kind = RT_EXPORT_STATIC;
        e->target = PyObject_GetAttrString(
            PyTuple_GET_ITEM(rt.resources, res), method);
        return e->target ? 0 : -1;
    }
bad:
    PyErr_Clear();
    return mismatch("EXPORTS", i, "export `%s`", f->name);
}

static int
load_symbols(const char *app_name)
{
    PyObject *symbols = NULL, *app = NULL, *version = NULL, *resources = NULL;
    PyObject *exports = NULL, *instances = NULL, *mod = NULL;
    int ret = -1;
    if ((symbols = PyImport_ImportModule("_py_wasm_symbols")) == NULL
        || (version = PyObject_GetAttrString(symbols, "VERSION")) == NULL) {
        goto done;
    }
    if (!PyLong_Check(version)
        || PyLong_AsLong(version) != RT_SYMBOLS_VERSION) {
        PyErr_Format(PyExc_ImportError, "_py_wasm_symbols.VERSION is %R, but "
                     "this runtime reads version %d: regenerate the bindings "
                     "with the matching wit-bindgen-py", version,
                     RT_SYMBOLS_VERSION);
        goto done;
    }
    if ((app = PyImport_ImportModule(app_name)) == NULL
        || load_types(symbols) < 0
        || (resources = symbol_list(symbols, "RESOURCES",
                                    rt.wit->num_resources)) == NULL
        || (rt.resources = PyTuple_New(rt.wit->num_resources)) == NULL) {
        goto done;
    }
    for (size_t i = 0; i < rt.wit->num_resources; i++) {
        PyObject *cls = resource_class(PyTuple_GET_ITEM(resources, i), i);
        if (cls == NULL) {
            goto done;
        }
        PyTuple_SET_ITEM(rt.resources, i, cls);
    }
    size_t n = rt.wit->num_export_funcs;
    rt.exports = calloc(n ? n : 1, sizeof(rt_export));
    if (rt.exports == NULL
        || (exports = symbol_list(symbols, "EXPORTS", n)) == NULL
        || (instances = PyDict_New()) == NULL) {
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (load_export(PyTuple_GET_ITEM(exports, i), i, app, instances) < 0) {
            goto done;
        }
    }
    if ((mod = PyImport_ImportModule("componentize_py_types")) == NULL
        || (rt.ok = PyObject_GetAttrString(mod, "Ok")) == NULL
        || (rt.err = PyObject_GetAttrString(mod, "Err")) == NULL
        || (rt.some = PyObject_GetAttrString(mod, "Some")) == NULL) {
        goto done;
    }
    Py_SETREF(mod, PyImport_ImportModule("weakref"));
    if (mod == NULL
        || (rt.finalize = PyObject_GetAttrString(mod, "finalize")) == NULL
        || (rt.lent = PyObject_CallMethod(mod, "WeakSet", NULL)) == NULL) {
        goto done;
    }
    Py_SETREF(mod, PyImport_ImportModule("_py_wasm_runtime"));
    if (mod == NULL || (rt.drop_resource = PyObject_GetAttrString(
                            mod, "drop_resource")) == NULL) {
        goto done;
    }
    ret = 0;
done:
    Py_XDECREF(symbols);
    Py_XDECREF(app);
    Py_XDECREF(version);
    Py_XDECREF(resources);
    Py_XDECREF(exports);
    Py_XDECREF(instances);
    Py_XDECREF(mod);
    return ret;
}

/* Empties os.environ and sys.argv and drops every WASI handle the build
 * host handed out, so that none of it reaches the snapshot; makes what is
 * left immortal; then zeroes the memory that is free, so that nothing freed
 * reaches the snapshot either. */
static int
forget_build_host(void)
{
    PyObject *os = PyImport_ImportModule("os");  /* new */
    PyObject *environ = os ? PyObject_GetAttrString(os, "environ") : NULL;
    PyObject *r = environ ? PyObject_CallMethod(environ, "clear", NULL)
                          : NULL;
    PyObject *argv = r ? PyList_New(0) : NULL;
    int ok = argv != NULL && PySys_SetObject("argv", argv) == 0;
    Py_XDECREF(os);
    Py_XDECREF(environ);
    Py_XDECREF(r);
    Py_XDECREF(argv);
    if (!ok) {
        return -1;
    }
    PyObject *gc = PyImport_ImportModule("gc");
    r = gc ? PyObject_CallMethod(gc, "collect", NULL) : NULL;
    Py_XDECREF(gc);
    if (r == NULL) {
        return -1;
    }
    Py_DECREF(r);
    if (rt_immortalize_heap() < 0) {
        return -1;
    }
    rt_flush_stdio();
    reset_adapter_state();
    __wasilibc_reset_preopens();
    __wasilibc_deinitialize_environ();
    /* Last: what init freed still holds its old contents, which the
     * snapshot would keep; zeroed, it costs nothing there.  pymalloc's
     * free blocks first (to malloc its arenas are in use), then malloc's
     * free chunks. */
    rt_zero_free_object_memory();
    __wasilibc_zero_free_memory();
    return 0;
}

int
rt_initialize_python(void)
{
    const char *app = required_env("PY_WASM_APP");
    /* With --stub-wasi the snapshot goes into a component whose WASI
     * imports trap, so nothing may be loaded from the host later. */
    const char *stub = getenv("PY_WASM_STUB_WASI");
    bool stub_wasi = stub != NULL && strcmp(stub, "1") == 0;
    start_interpreter();
    limit_c_recursion();
    install_codec_hints();
    if (load_symbols(app) < 0) {
        rt_fatal_exception("%s failed loading the app `%s` and its bindings",
                           RT_INIT_EXPORT, app);
    }
    /* Only what init imports is in the snapshot (the stdlib is not mapped
     * at run time): `random` is reseeded later if init imported it, and
     * cannot be imported after the snapshot if it did not. */
    PyObject *name = PyUnicode_FromString("random");                /* new */
    PyObject *random = name ? PyImport_GetModule(name) : NULL;      /* new */
    Py_XDECREF(name);
    if (PyErr_Occurred()
        || (random != NULL && (rt.random_seed = PyObject_GetAttrString(
                                   random, "seed")) == NULL)) {
        Py_XDECREF(random);
        rt_fatal_exception("%s failed finding random.seed", RT_INIT_EXPORT);
    }
    Py_XDECREF(random);

    rt.s_value = PyUnicode_InternFromString("value");
    rt.s_handle = PyUnicode_InternFromString("handle");
    rt.s_finalizer = PyUnicode_InternFromString("finalizer");
    rt.s_detach = PyUnicode_InternFromString("detach");
    rt.s_new = PyUnicode_InternFromString("__new__");
    if (rt.s_value == NULL || rt.s_handle == NULL || rt.s_finalizer == NULL
        || rt.s_detach == NULL || rt.s_new == NULL
        || forget_build_host() < 0) {
        rt_fatal_exception("%s failed", RT_INIT_EXPORT);
    }
    rt.ready = true;
    rt.refreshed = stub_wasi;
    return 0;
}

/* sys.argv from the host's arguments (new). */
static PyObject *  /* new */
host_argv(void)
{
    size_t argc = 0, size = 0;
    if (__wasi_args_sizes_get(&argc, &size) != __WASI_ERRNO_SUCCESS) {
        return PyErr_Format(PyExc_OSError, "args_sizes_get failed");
    }
    char **argv = calloc(argc + 1, sizeof(char *));
    char *buf = malloc(size ? size : 1);
    PyObject *list = NULL;
    if (argv == NULL || buf == NULL) {
        PyErr_NoMemory();
    }
    else if (__wasi_args_get((uint8_t **)argv, (uint8_t *)buf)
             != __WASI_ERRNO_SUCCESS) {
        PyErr_Format(PyExc_OSError, "args_get failed");
    }
    else if ((list = PyList_New((Py_ssize_t)argc)) != NULL) {
        for (size_t i = 0; i < argc; i++) {
            PyObject *arg = PyUnicode_DecodeFSDefault(argv[i]);
            if (arg == NULL) {
                Py_CLEAR(list);
                break;
            }
            PyList_SET_ITEM(list, i, arg);
        }
    }
    free(argv);
    free(buf);
    return list;
}

/* Fills os.environ from libc's (freshly loaded) environment. */
static int
fill_environ(void)
{
    PyObject *os = PyImport_ImportModule("os");  /* new */
    PyObject *env = os ? PyObject_GetAttrString(os, "environ") : NULL;
    Py_XDECREF(os);
    int ret = env ? 0 : -1;
    for (char **e = environ; ret == 0 && e != NULL && *e != NULL; e++) {
        const char *eq = strchr(*e, '=');
        if (eq == NULL || eq == *e) {
            continue;
        }
        PyObject *k = PyUnicode_DecodeFSDefaultAndSize(*e, eq - *e);
        PyObject *v = k ? PyUnicode_DecodeFSDefault(eq + 1) : NULL;
        ret = v ? PyObject_SetItem(env, k, v) : -1;
        Py_XDECREF(k);
        Py_XDECREF(v);
    }
    Py_XDECREF(env);
    return ret;
}

void
rt_refresh_host(void)
{
    rt.refreshed = true;
    __wasilibc_populate_preopens();
    __wasilibc_initialize_environ();
    PyObject *argv = NULL, *r = NULL;
    if (fill_environ() < 0 || (argv = host_argv()) == NULL
        || PySys_SetObject("argv", argv) < 0
        || (rt.random_seed != NULL
            && (r = PyObject_CallNoArgs(rt.random_seed)) == NULL)) {
        rt_fatal_exception("loading the run-time host's environment, "
                           "arguments and random seed failed");
    }
    Py_DECREF(argv);
    Py_XDECREF(r);
}
