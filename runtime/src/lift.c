/* Lifting: the wit_dylib_push_* intrinsics turn canonical values into
 * Python objects (python-abi.md, "Values") on the context's stack.
 *
 * Composite values pop their parts from the stack first (the last part is
 * on top).  Once an error is pending in the context, composites are not
 * built any more (None stands in) so that no user code runs on a value that
 * is already known to be bad. */
#include "runtime.h"

#include <stdlib.h>

RT_EXPORT void
wit_dylib_push_bool(void *cx, bool val)
{
    rt_push(cx, PyBool_FromLong(val));
}

RT_EXPORT void
wit_dylib_push_char(void *cx, uint32_t val)
{
    if (val > 0x10FFFF || (val >= 0xD800 && val <= 0xDFFF)) {
        PyErr_Format(PyExc_ValueError,
                     "invalid char: 0x%lx is not a Unicode scalar value",
                     (unsigned long)val);
        rt_push(cx, NULL);
        return;
    }
    rt_push(cx, PyUnicode_FromOrdinal((int)val));
}

RT_EXPORT void
wit_dylib_push_u8(void *cx, uint8_t val)
{
    rt_push(cx, PyLong_FromUnsignedLong(val));
}

RT_EXPORT void
wit_dylib_push_s8(void *cx, int8_t val)
{
    rt_push(cx, PyLong_FromLong(val));
}

RT_EXPORT void
wit_dylib_push_u16(void *cx, uint16_t val)
{
    rt_push(cx, PyLong_FromUnsignedLong(val));
}

RT_EXPORT void
wit_dylib_push_s16(void *cx, int16_t val)
{
    rt_push(cx, PyLong_FromLong(val));
}

RT_EXPORT void
wit_dylib_push_u32(void *cx, uint32_t val)
{
    rt_push(cx, PyLong_FromUnsignedLong(val));
}

RT_EXPORT void
wit_dylib_push_s32(void *cx, int32_t val)
{
    rt_push(cx, PyLong_FromLong(val));
}

RT_EXPORT void
wit_dylib_push_u64(void *cx, uint64_t val)
{
    rt_push(cx, PyLong_FromUnsignedLongLong(val));
}

RT_EXPORT void
wit_dylib_push_s64(void *cx, int64_t val)
{
    rt_push(cx, PyLong_FromLongLong(val));
}

RT_EXPORT void
wit_dylib_push_f32(void *cx, float val)
{
    rt_push(cx, PyFloat_FromDouble(val));
}

RT_EXPORT void
wit_dylib_push_f64(void *cx, double val)
{
    rt_push(cx, PyFloat_FromDouble(val));
}

RT_EXPORT void
wit_dylib_push_string(void *cx, uint8_t *OWN bytes, size_t len)
{
    PyObject *str = PyUnicode_DecodeUTF8((const char *)bytes,
                                         (Py_ssize_t)len, "strict");
    rt_free_bytes(bytes, len);
    rt_push(cx, str);
}

/* Pops `n` values into `items` (new references, first value first). */
static void
pop_values(rt_cx *cx, PyObject **items /* out: new */, size_t n)
{
    for (size_t i = n; i > 0; i--) {
        items[i - 1] = rt_pop(cx);
    }
}

static void
clear_values(PyObject **items /* stolen */, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        Py_DECREF(items[i]);
    }
}

/* Pops `n` values and pushes `callable(*values)`, or None when an error is
 * pending. */
static void
push_call(rt_cx *cx, PyObject *callable /* borrowed */, size_t n)
{
    PyObject *small[8];
    PyObject **items = small;
    if (n > 8 && (items = malloc(n * sizeof(PyObject *))) == NULL) {
        rt_fatal("out of memory lifting a record");
    }
    pop_values(cx, items, n);
    PyObject *result = NULL;  /* new */
    if (cx->error != NULL) {
        result = Py_NewRef(Py_None);
    }
    else {
        result = PyObject_Vectorcall(callable, items, n, NULL);
    }
    clear_values(items, n);
    if (items != small) {
        free(items);
    }
    rt_push(cx, result);
}

RT_EXPORT void
wit_dylib_push_record(void *vcx, size_t ty)
{
    push_call(vcx, PyTuple_GET_ITEM(rt.records, ty),
              rt.wit->records[ty].nfields);
}

RT_EXPORT void
wit_dylib_push_tuple(void *vcx, size_t ty)
{
    rt_cx *cx = vcx;
    size_t n = rt.wit->tuples[ty].ntypes;
    PyObject *tuple = PyTuple_New((Py_ssize_t)n);  /* new */
    if (tuple == NULL) {
        rt_fatal_exception("lifting a tuple");
    }
    for (size_t i = n; i > 0; i--) {
        PyTuple_SET_ITEM(tuple, i - 1, rt_pop(cx));
    }
    rt_push(cx, tuple);
}

RT_EXPORT void
wit_dylib_push_variant(void *vcx, size_t ty, uint32_t discr)
{
    rt_cx *cx = vcx;
    const wit_variant_t *v = &rt.wit->variants[ty];
    if (discr >= v->ncases) {
        rt_fatal("variant `%s`: discriminant %u out of range", v->name,
                 (unsigned)discr);
    }
    PyObject *cls = PyTuple_GET_ITEM(PyTuple_GET_ITEM(rt.variants, ty), discr);
    push_call(cx, cls, rt_empty(v->cases[discr].ty) ? 0 : 1);
}

RT_EXPORT void
wit_dylib_push_option(void *vcx, size_t ty, uint32_t discr)
{
    rt_cx *cx = vcx;
    if (discr == 0) {
        rt_push(cx, Py_NewRef(Py_None));
        return;
    }
    wit_type_t payload = rt_dealias(rt.wit->options[ty].ty);
    if (WIT_TYPE_KIND(payload) == WIT_TYPE_OPTION) {
        push_call(cx, rt.some, 1);
    }
    /* Otherwise the payload on the stack is the value itself. */
}

RT_EXPORT void
wit_dylib_push_result(void *vcx, size_t ty, uint32_t discr)
{
    rt_cx *cx = vcx;
    const wit_result_t *r = &rt.wit->results[ty];
    wit_type_t payload = discr == 0 ? r->ok : r->err;
    if (rt_empty(payload)) {
        rt_push(cx, Py_NewRef(Py_None));
    }
    push_call(cx, discr == 0 ? rt.ok : rt.err, 1);
}

RT_EXPORT void
wit_dylib_push_enum(void *cx, size_t ty, uint32_t discr)
{
    PyObject *members = PyTuple_GET_ITEM(rt.enums, ty);  /* borrowed */
    if (discr >= (size_t)PyTuple_GET_SIZE(members)) {
        rt_fatal("enum `%s`: discriminant %u out of range",
                 rt.wit->enums[ty].name, (unsigned)discr);
    }
    rt_push(cx, Py_NewRef(PyTuple_GET_ITEM(members, discr)));
}

RT_EXPORT void
wit_dylib_push_flags(void *vcx, size_t ty, uint32_t bits)
{
    rt_cx *cx = vcx;
    rt_push(cx, PyLong_FromUnsignedLong(bits));
    push_call(cx, PyTuple_GET_ITEM(rt.flags, ty), 1);
}

RT_EXPORT void
wit_dylib_push_own(void *cx, size_t ty, uint32_t handle)
{
    rt_push(cx, rt_lift_own(ty, handle));
}

RT_EXPORT void
wit_dylib_push_borrow(void *cx, size_t ty, uint32_t handle)
{
    rt_push(cx, rt_lift_borrow(cx, ty, handle));
}

RT_EXPORT bool
wit_dylib_push_list(void *cx, size_t ty, uint8_t *OWN bytes, size_t len)
{
    wit_type_t elem = rt_dealias(rt.wit->lists[ty].ty);
    if (elem == WIT_TYPE_U8 || elem == WIT_TYPE_S8) {
        PyObject *data = PyBytes_FromStringAndSize((const char *)bytes,
                                                   (Py_ssize_t)len);
        rt_free_bytes(bytes, len);
        rt_push(cx, data);
        return true;
    }
    rt_push(cx, PyList_New(0));
    return false;
}

RT_EXPORT void
wit_dylib_list_append(void *vcx, size_t ty)
{
    rt_cx *cx = vcx;
    (void)ty;
    PyObject *item = rt_pop(cx);    /* new */
    PyObject *list = rt_peek(cx);   /* borrowed */
    if (PyList_Check(list) && PyList_Append(list, item) < 0) {
        PyObject *exc = PyErr_GetRaisedException();
        if (cx->error == NULL) {
            cx->error = exc;
        }
        else {
            Py_XDECREF(exc);
        }
    }
    Py_DECREF(item);
}

/* ---- unsupported kinds: glue-gen rejects worlds that use them ---- */

RT_EXPORT void
wit_dylib_push_future(void *cx, size_t ty, uint32_t handle)
{
    (void)cx, (void)ty, (void)handle;
    rt_unsupported("wit_dylib_push_future", "futures");
}

RT_EXPORT void
wit_dylib_push_stream(void *cx, size_t ty, uint32_t handle)
{
    (void)cx, (void)ty, (void)handle;
    rt_unsupported("wit_dylib_push_stream", "streams");
}

/* The glue imports `push_map: (i32, i32, i32) -> ()`; see runtime.h. */
RT_EXPORT void
wit_dylib_push_map(void *cx, size_t ty, size_t len)
{
    (void)cx, (void)ty, (void)len;
    rt_unsupported("wit_dylib_push_map", "maps");
}

RT_EXPORT void
wit_dylib_map_append(void *cx, size_t ty)
{
    (void)cx, (void)ty;
    rt_unsupported("wit_dylib_map_append", "maps");
}
