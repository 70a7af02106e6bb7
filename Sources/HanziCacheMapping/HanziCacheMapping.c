// Cache files mapped under read leases: the start-up of a mapped file (no fresh memory, no copy)
// with the safety of a file read whole. See HanziCacheMapping.h.
#if defined(__linux__)
#define _GNU_SOURCE
#endif

#include "HanziCacheMapping.h"

#if defined(__linux__)

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

// The signal a lease break sends: a real-time one (it carries the descriptor), high in the range
// so it is unlikely to be one the program uses, and sent to the watcher thread alone (F_SETOWN_EX
// with F_OWNER_TID), which blocks it and takes it with sigwaitinfo: no process-wide handler, and
// no other thread ever sees it.
#define LEASE_SIGNAL (SIGRTMAX - 5)
#define SLOT_COUNT 256

typedef struct {
    int descriptor;  // -1 when the slot is free
    void *address;
    size_t length;
    int shared;  // 1 while the mapping reads the file, 0 once it is a private copy
} slot;

static slot slots[SLOT_COUNT];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t watcher_once = PTHREAD_ONCE_INIT;
static pid_t watcher_thread = 0;  // 0 until the watcher runs; -1 when it could not be started
static pthread_mutex_t watcher_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watcher_started = PTHREAD_COND_INITIALIZER;

// Replaces the mapping of `s` by a private copy at the same address, then releases the lease so
// the process waiting to write the file goes on. Called with `lock` held.
static void copy_and_release(slot *s) {
    if (s->shared) {
        void *copy = mmap(NULL, s->length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (copy != MAP_FAILED) {
            memcpy(copy, s->address, s->length);
            mprotect(copy, s->length, PROT_READ);
            // mremap replaces the old pages at once: a reader on another thread sees the file's
            // bytes before and the copy's after, never a hole.
            if (mremap(copy, s->length, s->length, MREMAP_MAYMOVE | MREMAP_FIXED, s->address) == s->address) {
                s->shared = 0;
            } else {
                munmap(copy, s->length);
            }
        }
    }
    // Without a copy (no memory for one) the lease is kept: the writer waits until the mapping
    // goes, or the system's lease-break-time passes.
    if (!s->shared) fcntl(s->descriptor, F_SETLEASE, F_UNLCK);
}

static void *watch(void *unused) {
    (void)unused;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, LEASE_SIGNAL);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_mutex_lock(&watcher_lock);
    watcher_thread = (pid_t)syscall(SYS_gettid);
    pthread_cond_broadcast(&watcher_started);
    pthread_mutex_unlock(&watcher_lock);
    for (;;) {
        siginfo_t info;
        if (sigwaitinfo(&set, &info) != LEASE_SIGNAL) continue;
        pthread_mutex_lock(&lock);
        for (int index = 0; index < SLOT_COUNT; index++) {
            if (slots[index].descriptor == info.si_fd) copy_and_release(&slots[index]);
        }
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void start_watcher(void) {
    for (int index = 0; index < SLOT_COUNT; index++) slots[index].descriptor = -1;
    // Between F_SETLEASE and F_SETOWN_EX a break goes to the whole process; by default this signal
    // would end it. Ignored, such a break is lost (the watcher blocks the signal, so it still gets
    // its own), and `hanzikit_map_leased` asks F_GETLEASE afterwards whether one came.
    struct sigaction current;
    if (sigaction(LEASE_SIGNAL, NULL, &current) == 0 && !(current.sa_flags & SA_SIGINFO)
        && current.sa_handler == SIG_DFL) {
        signal(LEASE_SIGNAL, SIG_IGN);
    }
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    // The watcher starts with the signal blocked, so a break that comes before it waits stays pending.
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, LEASE_SIGNAL);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_t thread;
    int failed = pthread_create(&thread, &attributes, watch, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attributes);
    pthread_mutex_lock(&watcher_lock);
    if (failed) watcher_thread = -1;
    while (watcher_thread == 0) pthread_cond_wait(&watcher_started, &watcher_lock);
    pthread_mutex_unlock(&watcher_lock);
}

const void *hanzikit_map_leased(int descriptor, size_t length) {
    pthread_once(&watcher_once, start_watcher);
    if (watcher_thread <= 0 || length == 0) {
        errno = ENOTSUP;
        return NULL;
    }
    pthread_mutex_lock(&lock);
    slot *free_slot = NULL;
    for (int index = 0; index < SLOT_COUNT && !free_slot; index++) {
        if (slots[index].descriptor < 0) free_slot = &slots[index];
    }
    const void *result = NULL;
    struct f_owner_ex owner = {F_OWNER_TID, watcher_thread};
    // The lease first, then the mapping: a writer that came between would change what is mapped.
    // A break while `lock` is held waits for the watcher, which finds the slot mapped and copies it.
    if (!free_slot) {
        errno = EMFILE;
    } else if (fcntl(descriptor, F_SETSIG, LEASE_SIGNAL) == 0 && fcntl(descriptor, F_SETLEASE, F_RDLCK) == 0) {
        if (fcntl(descriptor, F_SETOWN_EX, &owner) != 0) {
            fcntl(descriptor, F_SETLEASE, F_UNLCK);
        } else {
            void *address = mmap(NULL, length, PROT_READ, MAP_SHARED | MAP_POPULATE, descriptor, 0);
            // A break before F_SETOWN_EX went to the process, not the watcher: the lease then
            // reads as being broken, and the file is read instead.
            if (address != MAP_FAILED && fcntl(descriptor, F_GETLEASE) != F_RDLCK) {
                munmap(address, length);
                address = MAP_FAILED;
                errno = EAGAIN;
            }
            if (address == MAP_FAILED) {
                fcntl(descriptor, F_SETLEASE, F_UNLCK);
            } else {
                *free_slot = (slot){descriptor, address, length, 1};
                result = address;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return result;
}

// The slot of the mapping at `address`, or NULL. Called with `lock` held.
static slot *slot_at(const void *address) {
    for (int index = 0; index < SLOT_COUNT; index++) {
        if (slots[index].descriptor >= 0 && slots[index].address == address) return &slots[index];
    }
    return NULL;
}

void hanzikit_unmap_leased(const void *address) {
    pthread_mutex_lock(&lock);
    slot *s = slot_at(address);
    if (s) {
        munmap(s->address, s->length);
        fcntl(s->descriptor, F_SETLEASE, F_UNLCK);
        close(s->descriptor);
        *s = (slot){-1, NULL, 0, 0};
    }
    pthread_mutex_unlock(&lock);
}

int hanzikit_mapping_is_shared(const void *address) {
    pthread_mutex_lock(&lock);
    slot *s = slot_at(address);
    int shared = s ? s->shared : 0;
    pthread_mutex_unlock(&lock);
    return shared;
}

#else

#include <errno.h>

// No leases elsewhere: cache files are read whole.
const void *hanzikit_map_leased(int descriptor, size_t length) {
    (void)descriptor;
    (void)length;
    errno = ENOTSUP;
    return NULL;
}

void hanzikit_unmap_leased(const void *address) { (void)address; }

int hanzikit_mapping_is_shared(const void *address) {
    (void)address;
    return 0;
}

#endif
