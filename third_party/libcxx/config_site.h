// libc++'s __config_site for wasm32-wasi as rules_py_wasm builds it: the
// settings the library was compiled with, fixed for everything that includes
// its headers. Written by hand in place of CMake's configure step.
#ifndef _LIBCPP___CONFIG_SITE
#define _LIBCPP___CONFIG_SITE

#define _LIBCPP_ABI_VERSION 1
#define _LIBCPP_ABI_NAMESPACE __1
// wasi-libc (2022) has no threads: no mutexes, no thread-safe statics.
#define _LIBCPP_HAS_NO_THREADS
#define _LIBCPP_HAS_MUSL_LIBC
#define _LIBCPP_HAS_NO_VENDOR_AVAILABILITY_ANNOTATIONS
// No <filesystem>: the libc lacks realpath, statvfs and fts.
#define _LIBCPP_HAS_NO_FILESYSTEM
#define _LIBCPP_HAS_NO_TIME_ZONE_DATABASE
// Each extension links its own private copy of the library (hidden
// symbols), so nothing may be annotated for export.
#define _LIBCPP_DISABLE_VISIBILITY_ANNOTATIONS
#define _LIBCPP_PSTL_BACKEND_SERIAL
#define _LIBCPP_HARDENING_MODE_DEFAULT _LIBCPP_HARDENING_MODE_NONE

#endif // _LIBCPP___CONFIG_SITE
