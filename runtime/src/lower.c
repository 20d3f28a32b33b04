/* Lowering: Python objects to canonical values.
 *
 * The pop_* intrinsics cannot report errors, so lowering is split in two.
 * rt_prepare walks a Python value against its WIT type before the glue
 * sees it, raising TypeError/OverflowError/ValueError that name the WIT
 * type, and returns a plain "prepared" form that the pop_* intrinsics read
 * without running Python code or failing:
 *
 *   bool            Py_True / Py_False
 *   integers, char  int (in range; char as its code point)
 *   f32, f64        float
 *   string          str whose UTF-8 form is cached
 *   list<u8|s8>     bytes
 *   list<T>, tuple, record   tuple of prepared values
 *   variant, result          (discriminant, prepared payload or None)
 *   option          None, or (prepared payload,)
 *   enum, flags     int
 *   own, borrow     see resource.c */
#include "runtime.h"

#include <stdio.h>

wit_type_t
rt_dealias(wit_type_t ty)
{
    while (WIT_TYPE_KIND(ty) == WIT_TYPE_ALIAS) {
        ty = rt.wit->aliases[WIT_TYPE_INDEX(ty)].ty;
    }
    return ty;
}

/* ---- preparing values ---- */

static PyObject *  /* new; always NULL */
type_error(PyObject *obj /* borrowed */, wit_type_t ty, const char *accepts)
{
    char name[200];
    rt_type_name(ty, name, sizeof(name));
    PyErr_Format(PyExc_TypeError, "expected %s (%s), got %s", name, accepts,
                 Py_TYPE(obj)->tp_name);
    return NULL;
}

static PyObject *  /* new */
prepare_int(PyObject *obj /* borrowed */, wit_type_t ty)
{
    static const long long lo[] = {0, 0, 0, 0, -128, -32768, INT32_MIN,
                                   INT64_MIN};
    static const long long hi[] = {UINT8_MAX, UINT16_MAX, UINT32_MAX, 0,
                                   INT8_MAX, INT16_MAX, INT32_MAX, INT64_MAX};
    if (!PyLong_Check(obj)) {
        return type_error(obj, ty, "an int");
    }
    unsigned kind = WIT_TYPE_KIND(ty);
    if (kind == WIT_TYPE_U64) {
        unsigned long long v = PyLong_AsUnsignedLongLong(obj);
        if (v == (unsigned long long)-1 && PyErr_Occurred()) {
            goto range;
        }
        return PyLong_FromUnsignedLongLong(v);
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(obj, &overflow);
    if (v == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (overflow || v < lo[kind] || v > hi[kind]) {
        goto range;
    }
    return PyLong_FromLongLong(v);
range:
    PyErr_Clear();
    char name[16];
    rt_type_name(ty, name, sizeof(name));
    PyErr_Format(PyExc_OverflowError, "int %R is out of range for %s", obj,
                 name);
    return NULL;
}

static PyObject *  /* new */
prepare_float(PyObject *obj /* borrowed */, wit_type_t ty)
{
    if (!PyFloat_Check(obj) && !PyLong_Check(obj)) {
        return type_error(obj, ty, "a float or an int");
    }
    double d = PyFloat_AsDouble(obj);
    if (d == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    return PyFloat_FromDouble(d);
}

static PyObject *  /* new */
prepare_char(PyObject *obj /* borrowed */, wit_type_t ty)
{
    if (!PyUnicode_Check(obj) || PyUnicode_GetLength(obj) != 1) {
        return type_error(obj, ty, "a str of length 1");
    }
    Py_UCS4 c = PyUnicode_ReadChar(obj, 0);
    if (c >= 0xD800 && c <= 0xDFFF) {
        PyErr_Format(PyExc_ValueError, "a surrogate (U+%04X) is not a char",
                     (unsigned)c);
        return NULL;
    }
    return PyLong_FromUnsignedLong(c);
}

static PyObject *  /* new */
prepare_string(PyObject *obj /* borrowed */, wit_type_t ty)
{
    if (!PyUnicode_Check(obj)) {
        return type_error(obj, ty, "a str");
    }
    /* Caches the UTF-8 form that pop_string hands out. */
    if (PyUnicode_AsUTF8AndSize(obj, NULL) == NULL) {
        return NULL;
    }
    return Py_NewRef(obj);
}

/* list<u8> and list<s8>: bytes-like objects, or a sequence of ints. */
static PyObject *  /* new */
prepare_bytes(PyObject *obj /* borrowed */, wit_type_t ty, wit_type_t elem)
{
    if (PyBytes_Check(obj)) {
        return Py_NewRef(obj);
    }
    if (PyByteArray_Check(obj) || PyMemoryView_Check(obj)) {
        return PyBytes_FromObject(obj);
    }
    if (!PyList_Check(obj) && !PyTuple_Check(obj)) {
        return type_error(obj, ty, "bytes, bytearray, memoryview or a list "
                                   "of ints");
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(obj);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n);  /* new */
    if (out == NULL) {
        return NULL;
    }
    char *data = PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = prepare_int(PySequence_Fast_GET_ITEM(obj, i), elem);
        if (v == NULL) {
            rt_error_context("element %zd", i);
            Py_DECREF(out);
            return NULL;
        }
        data[i] = (char)PyLong_AsLong(v);
        Py_DECREF(v);
    }
    return out;
}

/* A tuple of the prepared items of the sequence `seq`. */
static PyObject *  /* new */
prepare_items(PyObject *seq /* borrowed */, const wit_type_t *types,
              wit_type_t elem, const char *what,
              PyObject *moves /* borrowed */)
{
    /* A tuple: user code run by rt_prepare cannot change it. */
    PyObject *fast = PySequence_Tuple(seq);  /* new */
    if (fast == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(fast);
    PyObject *out = PyTuple_New(n);  /* new */
    if (out == NULL) {
        goto error;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(fast, i);  /* borrowed */
        PyObject *v = rt_prepare(item, types ? types[i] : elem, moves);
        if (v == NULL) {
            rt_error_context("%s %zd", what, i);
            goto error;
        }
        PyTuple_SET_ITEM(out, i, v);
    }
    Py_DECREF(fast);
    return out;
error:
    Py_DECREF(fast);
    Py_XDECREF(out);
    return NULL;
}

static PyObject *  /* new */
prepare_list(PyObject *obj /* borrowed */, wit_type_t ty,
             PyObject *moves /* borrowed */)
{
    wit_type_t elem = rt_dealias(rt.wit->lists[WIT_TYPE_INDEX(ty)].ty);
    if (elem == WIT_TYPE_U8 || elem == WIT_TYPE_S8) {
        return prepare_bytes(obj, ty, elem);
    }
    if (!PyList_Check(obj) && !PyTuple_Check(obj)
        && (!PySequence_Check(obj) || PyUnicode_Check(obj)
            || PyBytes_Check(obj) || PyByteArray_Check(obj))) {
        return type_error(obj, ty, "a list or another sequence");
    }
    return prepare_items(obj, NULL, elem, "element", moves);
}

static PyObject *  /* new */
prepare_tuple(PyObject *obj /* borrowed */, wit_type_t ty,
              PyObject *moves /* borrowed */)
{
    const wit_tuple_t *t = &rt.wit->tuples[WIT_TYPE_INDEX(ty)];
    if ((!PyTuple_Check(obj) && !PyList_Check(obj))
        || PySequence_Fast_GET_SIZE(obj) != (Py_ssize_t)t->ntypes) {
        char accepts[40];
        snprintf(accepts, sizeof(accepts), "a tuple of %zu items", t->ntypes);
        return type_error(obj, ty, accepts);
    }
    return prepare_items(obj, t->types, 0, "item", moves);
}

static PyObject *  /* new */
prepare_record(PyObject *obj /* borrowed */, wit_type_t ty,
               PyObject *moves /* borrowed */)
{
    size_t index = WIT_TYPE_INDEX(ty);
    const wit_record_t *r = &rt.wit->records[index];
    PyObject *names = PyTuple_GET_ITEM(rt.record_fields, index);
    PyObject *cls = PyTuple_GET_ITEM(rt.records, index);
    PyObject *out = PyTuple_New((Py_ssize_t)r->nfields);  /* new */
    if (out == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < r->nfields; i++) {
        PyObject *name = PyTuple_GET_ITEM(names, i);  /* borrowed */
        PyObject *field = NULL;                       /* new */
        if (PyObject_GetOptionalAttr(obj, name, &field) < 0) {
            goto error;
        }
        if (field == NULL) {
            char wit[200];
            rt_type_name(ty, wit, sizeof(wit));
            PyErr_Format(PyExc_TypeError,
                         "expected %s (an instance of %s), got %s, which has "
                         "no attribute %R", wit,
                         ((PyTypeObject *)cls)->tp_name, Py_TYPE(obj)->tp_name,
                         name);
            goto error;
        }
        PyObject *v = rt_prepare(field, r->fields[i].ty, moves);
        Py_DECREF(field);
        if (v == NULL) {
            rt_error_context("field `%s` of record `%s`", r->fields[i].name,
                             r->name);
            goto error;
        }
        PyTuple_SET_ITEM(out, i, v);
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}

/* (discriminant, prepared payload or None). */
static PyObject *  /* new */
tagged(size_t discr, PyObject *payload /* stolen; NULL: None */)
{
    if (payload == NULL) {
        payload = Py_NewRef(Py_None);
    }
    PyObject *d = PyLong_FromSize_t(discr);  /* new */
    if (d == NULL) {
        Py_DECREF(payload);
        return NULL;
    }
    PyObject *out = PyTuple_Pack(2, d, payload);
    Py_DECREF(d);
    Py_DECREF(payload);
    return out;
}

/* Prepares `obj.value` as a `ty`; NULL payload (no error) when ty is empty. */
static int
prepare_payload(PyObject *obj /* borrowed */, wit_type_t ty,
                PyObject *moves /* borrowed */,
                PyObject **payload /* out: new */)
{
    *payload = NULL;
    if (rt_empty(ty)) {
        return 0;
    }
    PyObject *value = PyObject_GetAttr(obj, rt.s_value);  /* new */
    if (value == NULL) {
        return -1;
    }
    *payload = rt_prepare(value, ty, moves);
    Py_DECREF(value);
    return *payload == NULL ? -1 : 0;
}

static PyObject *  /* new */
prepare_variant(PyObject *obj /* borrowed */, wit_type_t ty,
                PyObject *moves /* borrowed */)
{
    size_t index = WIT_TYPE_INDEX(ty);
    const wit_variant_t *v = &rt.wit->variants[index];
    PyObject *discr_of = PyTuple_GET_ITEM(rt.variant_discr, index);
    PyObject *d = PyDict_GetItemWithError(discr_of, (PyObject *)Py_TYPE(obj));
    if (d == NULL) {
        return PyErr_Occurred() ? NULL
               : type_error(obj, ty, "an instance of one of its case classes");
    }
    size_t discr = PyLong_AsSize_t(d);
    PyObject *payload;
    if (prepare_payload(obj, v->cases[discr].ty, moves, &payload) < 0) {
        rt_error_context("case `%s` of variant `%s`", v->cases[discr].name,
                         v->name);
        return NULL;
    }
    return tagged(discr, payload);
}

static PyObject *  /* new */
prepare_enum(PyObject *obj /* borrowed */, wit_type_t ty)
{
    PyObject *members = PyTuple_GET_ITEM(rt.enums, WIT_TYPE_INDEX(ty));
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(members); i++) {
        if (PyTuple_GET_ITEM(members, i) == obj) {
            return PyLong_FromSsize_t(i);
        }
    }
    return type_error(obj, ty, "a member of its enum class");
}

static PyObject *  /* new */
prepare_flags(PyObject *obj /* borrowed */, wit_type_t ty)
{
    size_t index = WIT_TYPE_INDEX(ty);
    int ok = PyObject_IsInstance(obj, PyTuple_GET_ITEM(rt.flags, index));
    if (ok <= 0) {
        return ok < 0 ? NULL
               : type_error(obj, ty, "a member of its Flag class");
    }
    PyObject *value = PyObject_GetAttr(obj, rt.s_value);  /* new */
    if (value == NULL) {
        return NULL;
    }
    unsigned long long bits = PyLong_AsUnsignedLongLong(value);
    Py_DECREF(value);
    size_t n = rt.wit->flags[index].nnames;
    if (PyErr_Occurred() || (n < 64 && bits >> n != 0)) {
        PyErr_Clear();
        PyErr_Format(PyExc_ValueError, "flags `%s`: %R has bits outside "
                     "its %zu flags", rt.wit->flags[index].name, obj, n);
        return NULL;
    }
    return PyLong_FromUnsignedLongLong(bits);
}

static PyObject *  /* new */
prepare_option(PyObject *obj /* borrowed */, wit_type_t ty,
               PyObject *moves /* borrowed */)
{
    if (obj == Py_None) {
        return Py_NewRef(Py_None);
    }
    wit_type_t payload_ty = rt.wit->options[WIT_TYPE_INDEX(ty)].ty;
    PyObject *inner = Py_NewRef(obj);  /* new */
    if (WIT_TYPE_KIND(rt_dealias(payload_ty)) == WIT_TYPE_OPTION) {
        int ok = PyObject_IsInstance(obj, rt.some);
        Py_SETREF(inner, ok > 0 ? PyObject_GetAttr(obj, rt.s_value) : NULL);
        if (inner == NULL) {
            return ok < 0 || PyErr_Occurred() ? NULL
                   : type_error(obj, ty, "None or componentize_py_types.Some");
        }
    }
    PyObject *payload = rt_prepare(inner, payload_ty, moves);  /* new */
    Py_DECREF(inner);
    if (payload == NULL) {
        return NULL;
    }
    PyObject *out = PyTuple_Pack(1, payload);
    Py_DECREF(payload);
    return out;
}

static PyObject *  /* new */
prepare_result(PyObject *obj /* borrowed */, wit_type_t ty,
               PyObject *moves /* borrowed */)
{
    const wit_result_t *r = &rt.wit->results[WIT_TYPE_INDEX(ty)];
    int is_ok = PyObject_IsInstance(obj, rt.ok);
    int is_err = is_ok ? 0 : PyObject_IsInstance(obj, rt.err);
    if (is_ok < 0 || is_err < 0) {
        return NULL;
    }
    if (!is_ok && !is_err) {
        return type_error(obj, ty, "componentize_py_types.Ok or Err");
    }
    PyObject *payload;
    if (prepare_payload(obj, is_ok ? r->ok : r->err, moves, &payload) < 0) {
        rt_error_context("the %s payload", is_ok ? "Ok" : "Err");
        return NULL;
    }
    return tagged(is_ok ? 0 : 1, payload);
}

PyObject *  /* new */
rt_prepare(PyObject *obj /* borrowed */, wit_type_t ty,
           PyObject *moves /* borrowed */)
{
    ty = rt_dealias(ty);
    if (Py_EnterRecursiveCall(" while lowering a value")) {
        return NULL;
    }
    PyObject *out = NULL;
    size_t index = WIT_TYPE_INDEX(ty);
    switch (WIT_TYPE_KIND(ty)) {
    case WIT_TYPE_BOOL:
        out = PyBool_Check(obj) ? Py_NewRef(obj)
              : type_error(obj, ty, "a bool");
        break;
    case WIT_TYPE_U8: case WIT_TYPE_U16: case WIT_TYPE_U32:
    case WIT_TYPE_U64: case WIT_TYPE_S8: case WIT_TYPE_S16:
    case WIT_TYPE_S32: case WIT_TYPE_S64:
        out = prepare_int(obj, ty);
        break;
    case WIT_TYPE_F32: case WIT_TYPE_F64:
        out = prepare_float(obj, ty);
        break;
    case WIT_TYPE_CHAR:
        out = prepare_char(obj, ty);
        break;
    case WIT_TYPE_STRING:
        out = prepare_string(obj, ty);
        break;
    case WIT_TYPE_LIST:
        out = prepare_list(obj, ty, moves);
        break;
    case WIT_TYPE_TUPLE:
        out = prepare_tuple(obj, ty, moves);
        break;
    case WIT_TYPE_RECORD:
        out = prepare_record(obj, ty, moves);
        break;
    case WIT_TYPE_VARIANT:
        out = prepare_variant(obj, ty, moves);
        break;
    case WIT_TYPE_ENUM:
        out = prepare_enum(obj, ty);
        break;
    case WIT_TYPE_FLAGS:
        out = prepare_flags(obj, ty);
        break;
    case WIT_TYPE_OPTION:
        out = prepare_option(obj, ty, moves);
        break;
    case WIT_TYPE_RESULT:
        out = prepare_result(obj, ty, moves);
        break;
    case WIT_TYPE_OWN: case WIT_TYPE_BORROW:
        out = rt_prepare_handle(obj, index, WIT_TYPE_KIND(ty) == WIT_TYPE_OWN,
                                moves);
        break;
    default:
        out = type_error(obj, ty, "a type this runtime does not support");
    }
    Py_LeaveRecursiveCall();
    return out;
}

/* ---- the pop_* intrinsics: read prepared values ---- */

/* Pops a prepared value; `ok` says whether it has the expected form. */
static PyObject *  /* new */
pop_checked(rt_cx *cx, bool ok, const char *what)
{
    PyObject *v = rt_pop(cx);
    if (!ok) {
        rt_fatal("internal error: %s popped an unprepared %s", what,
                 Py_TYPE(v)->tp_name);
    }
    return v;
}

#define POP_INT(name, ctype, conv)                                     \
    RT_EXPORT ctype                                                    \
    wit_dylib_pop_##name(void *cx)                                     \
    {                                                                  \
        PyObject *v = pop_checked(cx, PyLong_Check(rt_peek(cx)),       \
                                  "pop_" #name);                       \
        ctype out = (ctype)conv(v);                                    \
        Py_DECREF(v);                                                  \
        return out;                                                    \
    }

POP_INT(u8, uint8_t, PyLong_AsUnsignedLong)
POP_INT(u16, uint16_t, PyLong_AsUnsignedLong)
POP_INT(u32, uint32_t, PyLong_AsUnsignedLong)
POP_INT(u64, uint64_t, PyLong_AsUnsignedLongLong)
POP_INT(s8, int8_t, PyLong_AsLong)
POP_INT(s16, int16_t, PyLong_AsLong)
POP_INT(s32, int32_t, PyLong_AsLong)
POP_INT(s64, int64_t, PyLong_AsLongLong)
POP_INT(char, uint32_t, PyLong_AsUnsignedLong)

RT_EXPORT uint32_t
wit_dylib_pop_enum(void *cx, size_t ty)
{
    (void)ty;
    return wit_dylib_pop_u32(cx);
}

RT_EXPORT uint32_t
wit_dylib_pop_flags(void *cx, size_t ty)
{
    (void)ty;
    return wit_dylib_pop_u32(cx);
}

RT_EXPORT float
wit_dylib_pop_f32(void *cx)
{
    PyObject *v = pop_checked(cx, PyFloat_Check(rt_peek(cx)), "pop_f32");
    float out = (float)PyFloat_AS_DOUBLE(v);
    Py_DECREF(v);
    return out;
}

RT_EXPORT double
wit_dylib_pop_f64(void *cx)
{
    PyObject *v = pop_checked(cx, PyFloat_Check(rt_peek(cx)), "pop_f64");
    double out = PyFloat_AS_DOUBLE(v);
    Py_DECREF(v);
    return out;
}

RT_EXPORT bool
wit_dylib_pop_bool(void *cx)
{
    PyObject *v = rt_pop(cx);
    bool out = v == Py_True;
    Py_DECREF(v);
    return out;
}

RT_EXPORT size_t
wit_dylib_pop_string(void *vcx, char **ptr)
{
    rt_cx *cx = vcx;
    PyObject *v = rt_pop(cx);
    Py_ssize_t len = 0;
    const char *utf8 = PyUnicode_Check(v) ? PyUnicode_AsUTF8AndSize(v, &len)
                                          : NULL;
    if (utf8 == NULL) {
        rt_fatal("internal error: pop_string popped an unprepared %s",
                 Py_TYPE(v)->tp_name);
    }
    rt_keep(cx, v);
    Py_DECREF(v);
    *ptr = (char *)utf8;
    return (size_t)len;
}

RT_EXPORT size_t
wit_dylib_pop_list(void *vcx, size_t ty, void **ptr)
{
    rt_cx *cx = vcx;
    (void)ty;
    PyObject *v = rt_pop(cx);
    if (PyBytes_Check(v)) {
        rt_keep(cx, v);
        *ptr = PyBytes_AS_STRING(v);
        size_t len = (size_t)PyBytes_GET_SIZE(v);
        Py_DECREF(v);
        return len;
    }
    if (!PyTuple_Check(v)) {
        rt_fatal("internal error: pop_list popped an unprepared %s",
                 Py_TYPE(v)->tp_name);
    }
    *ptr = NULL;
    size_t len = (size_t)PyTuple_GET_SIZE(v);
    rt_push_iter(cx, v);
    return len;
}

/* Pushes the items of a prepared tuple, the last first. */
static void
push_fields(rt_cx *cx, const char *what)
{
    PyObject *v = pop_checked(cx, PyTuple_Check(rt_peek(cx)), what);
    for (Py_ssize_t i = PyTuple_GET_SIZE(v); i > 0; i--) {
        rt_push(cx, Py_NewRef(PyTuple_GET_ITEM(v, i - 1)));
    }
    Py_DECREF(v);
}

RT_EXPORT void
wit_dylib_pop_record(void *cx, size_t ty)
{
    (void)ty;
    push_fields(cx, "pop_record");
}

RT_EXPORT void
wit_dylib_pop_tuple(void *cx, size_t ty)
{
    (void)ty;
    push_fields(cx, "pop_tuple");
}

/* Pops a (discriminant, payload) pair; pushes the payload if `has`. */
static uint32_t
pop_tagged(rt_cx *cx, const char *what, wit_type_t (*payload_type)(size_t,
           uint32_t), size_t ty)
{
    PyObject *v = pop_checked(cx, PyTuple_Check(rt_peek(cx)), what);
    uint32_t discr = (uint32_t)PyLong_AsUnsignedLong(PyTuple_GET_ITEM(v, 0));
    if (!rt_empty(payload_type(ty, discr))) {
        rt_push(cx, Py_NewRef(PyTuple_GET_ITEM(v, 1)));
    }
    Py_DECREF(v);
    return discr;
}

static wit_type_t
variant_payload(size_t ty, uint32_t discr)
{
    return rt.wit->variants[ty].cases[discr].ty;
}

static wit_type_t
result_payload(size_t ty, uint32_t discr)
{
    return discr == 0 ? rt.wit->results[ty].ok : rt.wit->results[ty].err;
}

RT_EXPORT uint32_t
wit_dylib_pop_variant(void *cx, size_t ty)
{
    return pop_tagged(cx, "pop_variant", variant_payload, ty);
}

RT_EXPORT uint32_t
wit_dylib_pop_result(void *cx, size_t ty)
{
    return pop_tagged(cx, "pop_result", result_payload, ty);
}

RT_EXPORT uint32_t
wit_dylib_pop_option(void *vcx, size_t ty)
{
    rt_cx *cx = vcx;
    (void)ty;
    PyObject *v = rt_pop(cx);
    if (v == Py_None) {
        Py_DECREF(v);
        return 0;
    }
    if (!PyTuple_Check(v) || PyTuple_GET_SIZE(v) != 1) {
        rt_fatal("internal error: pop_option popped an unprepared %s",
                 Py_TYPE(v)->tp_name);
    }
    rt_push(cx, Py_NewRef(PyTuple_GET_ITEM(v, 0)));
    Py_DECREF(v);
    return 1;
}

RT_EXPORT uint32_t
wit_dylib_pop_own(void *cx, size_t ty)
{
    PyObject *v = rt_pop(cx);
    uint32_t handle = rt_lower_own(ty, v);
    Py_DECREF(v);
    return handle;
}

RT_EXPORT uint32_t
wit_dylib_pop_borrow(void *cx, size_t ty)
{
    (void)ty;
    return wit_dylib_pop_u32(cx);
}

/* ---- unsupported kinds: glue-gen rejects worlds that use them ---- */

RT_EXPORT uint32_t
wit_dylib_pop_future(void *cx, size_t ty)
{
    (void)cx, (void)ty;
    rt_unsupported("wit_dylib_pop_future", "futures");
}

RT_EXPORT uint32_t
wit_dylib_pop_stream(void *cx, size_t ty)
{
    (void)cx, (void)ty;
    rt_unsupported("wit_dylib_pop_stream", "streams");
}

/* The glue imports `pop_map: (i32, i32) -> i32`; see runtime.h. */
RT_EXPORT size_t
wit_dylib_pop_map(void *cx, size_t ty)
{
    (void)cx, (void)ty;
    rt_unsupported("wit_dylib_pop_map", "maps");
}

RT_EXPORT void
wit_dylib_pop_map_iter_next(void *cx, size_t ty)
{
    (void)cx, (void)ty;
    rt_unsupported("wit_dylib_pop_map_iter_next", "maps");
}

RT_EXPORT void
wit_dylib_pop_map_iter(void *cx, size_t ty)
{
    (void)cx, (void)ty;
    rt_unsupported("wit_dylib_pop_map_iter", "maps");
}
