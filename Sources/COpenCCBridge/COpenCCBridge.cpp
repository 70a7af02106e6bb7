#include "COpenCCBridge.h"

#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/DictGroup.hpp>
#include <opencc/Exception.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>
#include <opencc/MaxMatchSegmentation.hpp>
#include <opencc/TextDict.hpp>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <cstdlib>
#include <cstring>
#include <exception>
#include <list>
#include <memory>
#include <string>
#include <vector>

struct hanzikit_opencc_config {
    opencc::ConverterPtr converter;
    // stages[0] is segmentation; the rest follow the conversion chain.
    std::vector<std::vector<opencc::DictPtr>> stages;
};

namespace {

char *copyString(const std::string &text) {
    char *copy = static_cast<char *>(std::malloc(text.size() + 1));
    if (copy != nullptr) std::memcpy(copy, text.c_str(), text.size() + 1);
    return copy;
}

void setError(char **error, const std::string &message) {
    if (error != nullptr) *error = copyString(message);
}

// Groups are flattened depth first, which keeps OpenCC's first-dictionary-wins order.
void flatten(const opencc::DictPtr &dict, std::vector<opencc::DictPtr> &leaves) {
    if (auto group = std::dynamic_pointer_cast<opencc::DictGroup>(dict)) {
        for (const auto &member : group->GetDicts()) flatten(member, leaves);
    } else if (dict) {
        leaves.push_back(dict);
    }
}

// A dictionary from lines `key\tvalue\n` with unique keys (the caller checked them), built as
// OpenCC's configuration loader builds a "text" dictionary: a sorted TextDict turned into a
// MarisaDict, whose prefix match is a trie walk (TextDict's tries every length by binary search).
opencc::DictPtr textDictionary(const char *text, size_t length) {
    opencc::LexiconPtr lexicon(new opencc::Lexicon);
    const char *end = text + length;
    for (const char *line = text; line < end;) {
        const char *newline = static_cast<const char *>(std::memchr(line, '\n', end - line));
        if (newline == nullptr) newline = end;
        const char *tab = static_cast<const char *>(std::memchr(line, '\t', newline - line));
        if (tab != nullptr) {
            lexicon->Add(opencc::DictEntryFactory::New(std::string(line, tab), std::string(tab + 1, newline)));
        }
        line = newline + 1;
    }
    lexicon->Sort();
    opencc::TextDict sorted(lexicon);
    return opencc::MarisaDict::NewFromDict(sorted);
}

// The phrase dictionaries, then `dict`, as one group: the first with a match wins.
opencc::DictPtr phrasesBefore(const std::list<opencc::DictPtr> &phrases, const opencc::DictPtr &dict) {
    std::list<opencc::DictPtr> dicts = phrases;
    dicts.push_back(dict);
    return opencc::DictPtr(new opencc::DictGroup(dicts));
}

// Runs `body`, turning any exception into `error` and a null result. OpenCC's exceptions are not
// std::exceptions; their message names the file and the fault.
template <typename Body>
auto guarded(char **error, Body body) -> decltype(body()) {
    try {
        return body();
    } catch (const opencc::Exception &exception) {
        setError(error, exception.what());
    } catch (const std::exception &exception) {
        setError(error, exception.what());
    } catch (...) {
        setError(error, "unknown OpenCC error");
    }
    return nullptr;
}

}  // namespace

struct hanzikit_opencc_converter {
    opencc::ConverterPtr converter;
};

extern "C" hanzikit_opencc_converter *hanzikit_converter_open(const char *path, const char *const *phraseTexts,
                                                              const size_t *phraseLengths, size_t phraseCount,
                                                              char **error) {
    return guarded(error, [&]() -> hanzikit_opencc_converter * {
        opencc::Config config;
        opencc::ConverterPtr base = config.NewFromFile(path);
        auto maxMatch = std::dynamic_pointer_cast<opencc::MaxMatchSegmentation>(base->GetSegmentation());
        if (!maxMatch) {
            setError(error, "unsupported segmentation type (only mmseg is known)");
            return nullptr;
        }
        std::list<opencc::DictPtr> phrases;
        for (size_t index = 0; index < phraseCount; index++) {
            phrases.push_back(textDictionary(phraseTexts[index], phraseLengths[index]));
        }
        opencc::SegmentationPtr segmentation(
            new opencc::MaxMatchSegmentation(phrasesBefore(phrases, maxMatch->GetDict())));
        std::list<opencc::ConversionPtr> conversions;
        for (const auto &conversion : base->GetConversionChain()->GetConversions()) {
            conversions.push_back(conversions.empty() ? opencc::ConversionPtr(new opencc::Conversion(
                                                            phrasesBefore(phrases, conversion->GetDict())))
                                                      : conversion);
        }
        auto result = std::make_unique<hanzikit_opencc_converter>();
        result->converter = opencc::ConverterPtr(new opencc::Converter(
            std::string(path), segmentation, opencc::ConversionChainPtr(new opencc::ConversionChain(conversions))));
        return result.release();
    });
}

extern "C" char *hanzikit_converter_convert(const hanzikit_opencc_converter *converter, const char *input,
                                           size_t length, size_t *convertedLength, char **error) {
    return guarded(error, [&] {
        std::string converted = converter->converter->Convert(std::string(input, length));
        *convertedLength = converted.size();
        return copyString(converted);
    });
}

extern "C" void hanzikit_converter_close(hanzikit_opencc_converter *converter) { delete converter; }

extern "C" hanzikit_opencc_config *hanzikit_config_open(const char *path, char **error) {
    return guarded(error, [&]() -> hanzikit_opencc_config * {
        opencc::Config config;
        auto result = std::make_unique<hanzikit_opencc_config>();
        result->converter = config.NewFromFile(path);
        std::vector<opencc::DictPtr> segmentation;
        auto maxMatch = std::dynamic_pointer_cast<opencc::MaxMatchSegmentation>(
            result->converter->GetSegmentation());
        if (!maxMatch) {
            setError(error, "unsupported segmentation type (only mmseg is known)");
            return nullptr;
        }
        flatten(maxMatch->GetDict(), segmentation);
        result->stages.push_back(segmentation);
        for (const auto &conversion : result->converter->GetConversionChain()->GetConversions()) {
            std::vector<opencc::DictPtr> leaves;
            flatten(conversion->GetDict(), leaves);
            result->stages.push_back(leaves);
        }
        return result.release();
    });
}

extern "C" void hanzikit_config_close(hanzikit_opencc_config *config) { delete config; }

extern "C" size_t hanzikit_config_stage_count(const hanzikit_opencc_config *config) {
    return config->stages.size();
}

extern "C" size_t hanzikit_config_dictionary_count(const hanzikit_opencc_config *config, size_t stage) {
    return stage < config->stages.size() ? config->stages[stage].size() : 0;
}

extern "C" char *hanzikit_config_dictionary_entries(const hanzikit_opencc_config *config, size_t stage,
                                                    size_t dictionary, size_t *length, char **error) {
    return guarded(error, [&] {
        const auto &dict = config->stages.at(stage).at(dictionary);
        std::string text;
        // OpenCC's text form: the key, a tab, the values separated by spaces. A key holds no tab
        // and a value no space (OpenCC splits at them), but a value may hold a tab.
        for (const auto &entry : *dict->GetLexicon()) {
            text += entry->Key();
            const char *separator = "\t";
            for (const auto &value : entry->Values()) {
                text += separator;
                text += value;
                separator = " ";
            }
            text += '\n';
        }
        *length = text.size();
        return copyString(text);
    });
}

extern "C" void hanzikit_free(void *pointer) { std::free(pointer); }

extern "C" size_t hanzikit_heap_bytes_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    return mallinfo2().uordblks;
#else
    return 0;
#endif
}
