#ifndef ALLOCATOR_TUNING_H
#define ALLOCATOR_TUNING_H
/// Whether the C allocator was set for one long-lived process holding a large account (it is,
/// from a constructor, wherever this module is linked in: glibc only).
int allocator_is_tuned(void);
#endif
