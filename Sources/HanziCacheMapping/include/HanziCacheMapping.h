#ifndef HANZIKIT_CACHE_MAPPING_H
#define HANZIKIT_CACHE_MAPPING_H

#include <stddef.h>

/// Maps the first `length` bytes of the regular file open read-only at `descriptor`, every page
/// present, under a read lease (Linux `F_SETLEASE`): before any process may open the file for
/// writing or truncate it, a thread of this library copies the mapping into private memory at
/// the same address and only then lets the other process go on. A truncated or rewritten cache
/// file therefore never changes what the mapping holds, nor ends the process with SIGBUS.
///
/// Not covered: a process stopped for longer than the system's lease-break time while another
/// truncates the file (the kernel then takes the lease back), and a child forked without exec,
/// whose inherited mapping the parent's thread does not copy.
///
/// On success the mapping owns `descriptor` (the lease lives as long as it is open); on failure
/// (no leases on this system or file system, the file open for writing elsewhere, too many
/// mappings) it returns NULL and the caller keeps `descriptor` and reads the file instead.
const void *hanzikit_map_leased(int descriptor, size_t length);

/// Unmaps what `hanzikit_map_leased` returned, releases its lease and closes its descriptor.
void hanzikit_unmap_leased(const void *address);

/// Whether the mapping at `address` still reads the file itself, rather than a private copy
/// made when another process asked to write the file (for tests).
int hanzikit_mapping_is_shared(const void *address);

#endif
