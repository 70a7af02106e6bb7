#!/usr/bin/env python3
# Regenerates Sources/HanziKit/Normalization/CuratedDictionaries.swift from the files in Dictionaries/.
# Run from the repository root after editing a curated table; the test suite checks they agree.
files = [
 ('mixedScriptSTPhrases','MixedScriptSTPhrases.txt','''`Dictionaries/MixedScriptSTPhrases.txt`: Simplified phrases and their Traditional forms that
    /// OpenCC's STPhrases lacks because its character defaults cover them.'''),
 ('mixedScriptTSPhrases','MixedScriptTSPhrases.txt','''`Dictionaries/MixedScriptTSPhrases.txt`: phrases with a Taiwan glyph as they stand in Simplified
    /// text, and their Simplified forms.'''),
 ('mixedScriptInterchangeable','MixedScriptInterchangeable.txt','''`Dictionaries/MixedScriptInterchangeable.txt`: glyphs Traditional writers use for the listed
    /// forms as well (周末 beside 週末); changed only together with a confirmed error in the same phrase.'''),
 ('mixedScriptCharacterDefaults','MixedScriptCharacterDefaults.txt','''`Dictionaries/MixedScriptCharacterDefaults.txt`: glyphs of both scripts that correct Traditional
    /// text writes only inside phrases that keep them (皇后, 公里); anywhere else they mean OpenCC's default.'''),
 ('commonWords','CommonWords.txt','''`Dictionaries/CommonWords.txt`: everyday words OpenCC's phrase tables lack (they list only
    /// conversion exceptions), in Simplified with their Taiwan forms; mojibake repairs check candidates against them.'''),
]
out = '''/// HanziKit's curated tables, embedded so the library needs no resource bundle; a test keeps them
/// identical to the files in `Dictionaries/`, which are the copies people read and edit.
enum CuratedDictionaries {
'''
for name, fn, doc in files:
    body = ''.join('        ' + l + '\n' for l in open('Dictionaries/'+fn).read().replace('\t','\\t').split('\n') if l)
    out += '    /// %s\n    static let %s = """\n%s        """\n\n' % (doc, name, body)
out += '''    /// Every table with its file name, for the test that keeps them in step with `Dictionaries/`.
    static let all: [(fileName: String, text: String)] = [
''' + ''.join('        ("%s", %s),\n' % (fn, name) for name, fn, doc in files) + '''    ]

    /// Parses OpenCC's text format: key, a tab, values separated by spaces; the first value wins.
    static func parse(_ text: String) -> [String: String] {
        var table: [String: String] = [:]
        for line in text.split(separator: "\\n") {
            let fields = line.split(separator: "\\t", maxSplits: 1)
            guard fields.count == 2, let value = fields[1].split(separator: " ").first else { continue }
            table[String(fields[0])] = String(value)
        }
        return table
    }
}
'''
open('Sources/HanziKit/Normalization/CuratedDictionaries.swift','w').write(out)
