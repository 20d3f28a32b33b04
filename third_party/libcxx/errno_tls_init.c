/*
 * The thread-local initialization function of `errno`, for C++ code.
 *
 * wasi-libc declares `extern thread_local int errno;` to C++, so every C++
 * use of errno calls errno's TLS init function if one is linked in, through
 * a weak reference to `_ZTH5errno`. errno is defined in C (libc.so) and has
 * no dynamic initializer, so the correct init function does nothing. Linking
 * this one into each C++ extension (it must be a plain object: a weak
 * reference does not pull a member out of an archive) resolves the reference
 * inside the extension instead of leaving a weak import that the component
 * linker would have to satisfy.
 */
__attribute__((visibility("hidden"))) void _ZTH5errno(void) {}
