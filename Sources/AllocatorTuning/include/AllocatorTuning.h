#ifndef ALLOCATOR_TUNING_H
#define ALLOCATOR_TUNING_H
// Nothing to call: linking this module in is enough. Its constructor sets glibc's allocator for
// one long-lived process holding a large account, before anything allocates (AllocatorTuning.c).
#endif
