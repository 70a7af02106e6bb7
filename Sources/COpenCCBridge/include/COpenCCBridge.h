// A small C surface over OpenCC's C++ API: load a configuration and read its dictionaries.
#ifndef HANZIKIT_COPENCC_BRIDGE_H
#define HANZIKIT_COPENCC_BRIDGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A loaded OpenCC configuration: its segmentation dictionary and conversion chain.
typedef struct hanzikit_opencc_config hanzikit_opencc_config;

/// Loads a configuration file (a name in OpenCC's data folder, or a path). Returns NULL on
/// failure and sets *error to a message the caller frees with hanzikit_free.
hanzikit_opencc_config *hanzikit_config_open(const char *path, char **error);

void hanzikit_config_close(hanzikit_opencc_config *config);

/// Stage 0 is the segmentation dictionary; stages 1...n are the conversion chain, in order.
size_t hanzikit_config_stage_count(const hanzikit_opencc_config *config);

/// The leaf dictionaries of a stage, nested groups flattened depth first in OpenCC's order.
size_t hanzikit_config_dictionary_count(const hanzikit_opencc_config *config, size_t stage);

/// Every entry of one leaf dictionary as UTF-8 lines `key\tvalue1 value2…\n` (OpenCC's text
/// format: a key holds no tab, a value no space, but a value may hold a tab). The caller frees
/// the buffer with hanzikit_free.
/// Returns NULL and sets *error on failure.
char *hanzikit_config_dictionary_entries(const hanzikit_opencc_config *config, size_t stage,
                                         size_t dictionary, size_t *length, char **error);

/// An OpenCC converter for a configuration with phrase dictionaries of the caller's in front.
typedef struct hanzikit_opencc_converter hanzikit_opencc_converter;

/// Opens the configuration at `path` with `phraseCount` text dictionaries, each given as lines
/// `key\tvalue\n` with unique keys (checked by the caller), placed in that order at the front of
/// the segmentation's dictionary group and of the first conversion step's group; the other
/// steps are the configuration's. Returns NULL and sets *error on failure.
hanzikit_opencc_converter *hanzikit_converter_open(const char *path, const char *const *phraseTexts,
                                                   const size_t *phraseLengths, size_t phraseCount,
                                                   char **error);

/// Converts `length` bytes of valid UTF-8 without NUL with OpenCC's own Converter. Returns a
/// buffer the caller frees with hanzikit_free, its length in *convertedLength; NULL and *error
/// on failure.
char *hanzikit_converter_convert(const hanzikit_opencc_converter *converter, const char *input, size_t length,
                                 size_t *convertedLength, char **error);

void hanzikit_converter_close(hanzikit_opencc_converter *converter);

void hanzikit_free(void *pointer);

/// Bytes the C heap has handed out and not taken back (glibc's mallinfo2), for leak checks;
/// 0 where the C library cannot say.
size_t hanzikit_heap_bytes_in_use(void);

#ifdef __cplusplus
}
#endif

#endif
