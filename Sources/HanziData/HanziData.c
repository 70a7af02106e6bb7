// HanziKit's curated tables, compiled in from `Dictionaries/` with C23's #embed: the files there
// are the only copy, and editing one rebuilds this file (clang lists embedded files among a
// translation unit's dependencies).
#include "HanziData.h"

// #embed is C23; clang accepts it in earlier modes too, and says so.
#pragma clang diagnostic ignored "-Wc23-extensions"

static const unsigned char mixed_script_st_phrases[] = {
#embed "../../Dictionaries/MixedScriptSTPhrases.txt"
};
static const unsigned char mixed_script_ts_phrases[] = {
#embed "../../Dictionaries/MixedScriptTSPhrases.txt"
};
static const unsigned char mixed_script_interchangeable[] = {
#embed "../../Dictionaries/MixedScriptInterchangeable.txt"
};
static const unsigned char mixed_script_character_defaults[] = {
#embed "../../Dictionaries/MixedScriptCharacterDefaults.txt"
};
static const unsigned char mixed_script_names[] = {
#embed "../../Dictionaries/MixedScriptNames.txt"
};
static const unsigned char mixed_script_half_conversions[] = {
#embed "../../Dictionaries/MixedScriptHalfConversions.txt"
};
static const unsigned char common_words[] = {
#embed "../../Dictionaries/CommonWords.txt"
};
static const unsigned char frequent_characters[] = {
#embed "../../Dictionaries/FrequentCharacters.txt"
};
static const unsigned char frequent_words[] = {
#embed "../../Dictionaries/FrequentWords.txt"
};

#define ENTRY(file, name) {file, name, sizeof name}

static const hanzikit_curated_table tables[] = {
    ENTRY("MixedScriptSTPhrases.txt", mixed_script_st_phrases),
    ENTRY("MixedScriptTSPhrases.txt", mixed_script_ts_phrases),
    ENTRY("MixedScriptInterchangeable.txt", mixed_script_interchangeable),
    ENTRY("MixedScriptCharacterDefaults.txt", mixed_script_character_defaults),
    ENTRY("MixedScriptNames.txt", mixed_script_names),
    ENTRY("MixedScriptHalfConversions.txt", mixed_script_half_conversions),
    ENTRY("CommonWords.txt", common_words),
    ENTRY("FrequentCharacters.txt", frequent_characters),
    ENTRY("FrequentWords.txt", frequent_words),
};

size_t hanzikit_curated_table_count(void) { return sizeof tables / sizeof tables[0]; }

hanzikit_curated_table hanzikit_curated_table_at(size_t index) { return tables[index]; }
