/* Free memory of CPython's small-object allocator (pymalloc) zeroed before
 * the snapshot (docs/design.md, "The init export and pre-initialization").
 *
 * pymalloc carves objects of up to 512 bytes out of 4 KiB pools in 256 KiB
 * arenas that it gets from malloc.  A block freed during init keeps what
 * the dead object held, and the snapshot would keep those bytes; libc's
 * __wasilibc_zero_free_memory cannot see them, because to malloc the whole
 * arena is in use.  This walks the arenas through the allocator's own
 * bookkeeping (the internal headers of the CPython this runtime is built
 * against) and zeroes what no object uses: the blocks on each pool's free
 * list but for their link word, the never-carved tail of each pool, and the
 * arena's never-carved pools.  Nothing that a later allocation reads is
 * changed: headers and free-list links stay. */
#define Py_BUILD_CORE 1
#include <Python.h>

#include "internal/pycore_interp.h"
#include "internal/pycore_obmalloc.h"

#include <stdint.h>
#include <string.h>

#include "runtime.h"

#ifdef WITH_PYMALLOC
static void
zero_range(uintptr_t start, uintptr_t end)
{
    if (start < end) {
        memset((void *)start, 0, end - start);
    }
}

static void
zero_pool(poolp pool)
{
    /* Used and empty pools alike: an empty pool taken again for the size
     * class it had reuses its free list as it is, so only the blocks'
     * bodies go, never their links. */
    if (pool->szidx >= NB_SMALL_SIZE_CLASSES) {
        return;
    }
    uintptr_t base = (uintptr_t)pool;
    size_t size = INDEX2SIZE(pool->szidx);
    for (pymem_block *block = pool->freeblock; block != NULL;
         block = *(pymem_block **)block) {
        zero_range((uintptr_t)block + sizeof(pymem_block *),
                   (uintptr_t)block + size);
    }
    if (pool->nextoffset < POOL_SIZE) {
        zero_range(base + pool->nextoffset, base + POOL_SIZE);
    }
}
#endif

void
rt_zero_free_object_memory(void)
{
#ifdef WITH_PYMALLOC
    struct _obmalloc_state *state = PyInterpreterState_Get()->obmalloc;
    if (state == NULL) {
        return;
    }
    for (unsigned int i = 0; i < state->mgmt.maxarenas; i++) {
        struct arena_object *arena = &state->mgmt.arenas[i];
        if (arena->address == 0) {
            continue;
        }
        uintptr_t first = (uintptr_t)_Py_ALIGN_UP(arena->address, POOL_SIZE);
        uintptr_t carved = (uintptr_t)arena->pool_address;
        zero_range(arena->address, first);
        for (uintptr_t pool = first; pool < carved; pool += POOL_SIZE) {
            zero_pool((poolp)pool);
        }
        zero_range(carved, arena->address + ARENA_SIZE);
    }
#endif
}
