// LD_PRELOAD: records which pages of the main program's code run. At startup every code page of
// the executable is made inaccessible; the first execution (or read) of a page faults, the page
// is recorded and made accessible again. At exit the page offsets are written to $TOUCH_OUT.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <dlfcn.h>
static unsigned long lo, hi;
static unsigned char *seen;
static void on_fault(int sig, siginfo_t *info, void *ctx) {
  unsigned long a = (unsigned long)info->si_addr & ~4095UL;
  if (a >= lo && a < hi) {
    // Two threads can fault on one page at once: each makes it accessible, and both go on.
    mprotect((void *)a, 4096, PROT_READ | PROT_EXEC);
    seen[(a - lo) >> 12] = 1;
    return;
  }
  signal(sig, SIG_DFL);
}
// The program installs its own SIGSEGV handler (to restore the terminal on a crash); ours stays.
int sigaction(int sig, const struct sigaction *act, struct sigaction *old) {
  static int (*real)(int, const struct sigaction *, struct sigaction *);
  if (!real) real = dlsym(RTLD_NEXT, "sigaction");
  if (sig == SIGSEGV && lo && act) { if (old) memset(old, 0, sizeof *old); return 0; }
  return real(sig, act, old);
}
static void dump(void) {
  const char *out = getenv("TOUCH_OUT"); if (!out) return;
  FILE *f = fopen(out, "w"); if (!f) return;
  fprintf(f, "base %lx\n", lo);
  for (unsigned long i = 0; i < (hi - lo) >> 12; i++) if (seen[i]) fprintf(f, "%lx\n", lo + (i << 12));
  fclose(f);
}
__attribute__((constructor)) static void start(void) {
  char exe[512]; ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1); if (n <= 0) return; exe[n] = 0;
  FILE *maps = fopen("/proc/self/maps", "r"); char line[1024];
  while (fgets(line, sizeof line, maps)) {
    unsigned long a, b; char perms[8], path[600] = "";
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %599s", &a, &b, perms, path) >= 3 && strcmp(path, exe) == 0 && perms[2] == 'x') { lo = a; hi = b; }
  }
  fclose(maps);
  if (!lo) return;
  seen = calloc((hi - lo) >> 12, 1);
  struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_sigaction = on_fault; sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  int (*real)(int, const struct sigaction *, struct sigaction *) = dlsym(RTLD_NEXT, "sigaction");
  real(SIGSEGV, &sa, 0);
  atexit(dump);
  // The handler runs in this library; the executable's code pages go inaccessible.
  mprotect((void *)lo, hi - lo, PROT_NONE);
}
