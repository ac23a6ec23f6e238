#include <stdlib.h>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>

// glibc's allocator, set before anything allocates (a constructor runs before the Swift runtime
// starts its threads; from Swift code it would be too late for the arenas they create):
// - one arena for every thread: the reducer keeps what the network threads decoded, and each
//   thread's own arena held its share of freed pages;
// - blocks of 256 KiB or more mapped on their own, so the old buffer of a grown array goes back
//   to the system at once (by default the threshold rises after the first such block is freed,
//   and later ones stay in the heap).
// On a 10,000-bot account this lowered the process's peak by about 2 MB.
__attribute__((constructor)) static void tune_allocator(void) {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024);
}
#endif
