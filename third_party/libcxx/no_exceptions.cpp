// What a C++ `throw` does in the wasm32-wasi extensions rules_py_wasm
// builds: the target has no exception handling (no unwinder, and the
// 2022 wasi-libc has no setjmp/longjmp), so libc++abi is built with
// exceptions off and `throw` ends the program with a message naming the
// exception type, the same outcome as an uncaught exception.
//
// Code compiled with -fexceptions still emits calls to these two entry
// points for every `throw` expression (its `catch` blocks are removed by the
// compiler, since nothing can unwind into them).

#include <cstdio>
#include <cstdlib>
#include <typeinfo>

#include <cxxabi.h>

namespace {

// Storage for the one exception object that can ever exist: the program
// ends before a second one is thrown.
alignas(16) unsigned char pending[256];

}  // namespace

extern "C" void *__cxa_allocate_exception(size_t size) noexcept {
    if (size <= sizeof(pending)) {
        return pending;
    }
    void *p = std::malloc(size);
    if (p == nullptr) {
        std::abort();
    }
    return p;
}

extern "C" void __cxa_free_exception(void *) noexcept {}

// On wasm a destructor returns its argument, hence `void *(*)(void *)`.
extern "C" void __cxa_throw(void *, std::type_info *type, void *(*)(void *)) {
    // The type's name is the mangled one (e.g. St13runtime_error): the
    // message of the object is not printed, as its type is not known here.
    std::fprintf(stderr,
                 "fatal: C++ exception of type %s thrown; C++ exceptions are "
                 "not supported on wasm32-wasi (no unwinding), aborting\n",
                 type != nullptr ? type->name() : "?");
    std::abort();
}
