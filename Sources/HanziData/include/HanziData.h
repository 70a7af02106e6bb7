#ifndef HANZIKIT_DATA_H
#define HANZIKIT_DATA_H

#include <stddef.h>

/// One of HanziKit's curated tables: the bytes of a file in `Dictionaries/`, embedded at build time.
typedef struct {
    /// The file's name in `Dictionaries/`, NUL-terminated.
    const char *file_name;
    /// The file's bytes, exactly as they are on disk (not NUL-terminated).
    const unsigned char *bytes;
    size_t count;
} hanzikit_curated_table;

/// The number of curated tables.
size_t hanzikit_curated_table_count(void);

/// The curated table at `index` (below `hanzikit_curated_table_count()`).
hanzikit_curated_table hanzikit_curated_table_at(size_t index);

#endif
