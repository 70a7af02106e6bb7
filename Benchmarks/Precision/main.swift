// hanzi-precision: what `normalize` changes in correct text of every kind. Method and figures:
// BENCHMARKS.md, "Precision on correct text".
//
//   swift run -c release hanzi-precision [--corpora DIR] [--locales DIR] [--show K]
//
// Strings: every msgstr of the zh_CN, zh_TW, zh_HK and ja gettext catalogs installed under the
// locale folder (read with msgunfmt), the lines of DIR/hant.txt and DIR/hans.txt when given, and
// lines that put URLs, IRIs, e-mail addresses, character references and placeholders into those
// sentences. A Chinese string counts as correct only when OpenCC's own conversion toward its
// script leaves it unchanged (t2s for zh_CN; s2tw, s2hk or s2t for the others). Each string is
// normalized alone in auto mode, with the default rules and with `spacing` as well; then each
// Chinese catalog is normalized whole as one document, and every Han character it changes is listed.
import Foundation
import HanziKit

struct Options {
    var corpora: String?
    var locales = "/usr/share/locale"
    var show = 40

    init(_ arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--corpora": corpora = iterator.next()
            case "--locales": locales = iterator.next() ?? locales
            case "--show": show = Int(iterator.next() ?? "") ?? show
            default:
                FileHandle.standardError.write(
                    Data("usage: hanzi-precision [--corpora DIR] [--locales DIR] [--show K]\n".utf8))
                exit(64)
            }
        }
    }
}

/// One correct string and where it comes from.
struct Sample {
    var text: String
    var kind: String
}

/// The msgstr strings of a compiled catalog, decoded from msgunfmt's PO output.
func catalogStrings(_ path: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["msgunfmt", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return [] }
    var strings: [String] = []
    var current: String?
    func flush() {
        if let value = current, !value.isEmpty { strings.append(value) }
        current = nil
    }
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix("msgstr") {
            flush()
            guard let quote = line.firstIndex(of: "\"") else { continue }
            current = unescape(line[quote...])
        } else if line.hasPrefix("\""), current != nil {
            current! += unescape(line[...])
        } else {
            flush()
        }
    }
    flush()
    return strings
}

/// A PO string literal's content: `"a\nb"` → a, line break, b.
func unescape(_ literal: Substring) -> String {
    var body = literal.dropFirst()
    if body.hasSuffix("\"") { body = body.dropLast() }
    var result = ""
    var escaped = false
    for character in body {
        if escaped {
            switch character {
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            default: result.append(character)
            }
            escaped = false
        } else if character == "\\" {
            escaped = true
        } else {
            result.append(character)
        }
    }
    return result
}

func hanScalars(_ text: String) -> [Unicode.Scalar] {
    text.unicodeScalars.filter {
        (0x3400...0x4DBF).contains($0.value) || (0x4E00...0x9FFF).contains($0.value)
            || (0xF900...0xFAFF).contains($0.value) || (0x20000...0x3134F).contains($0.value)
    }
}

/// URLs, e-mail addresses, character references and placeholders: what must come out byte for byte.
let tokenPattern = try! NSRegularExpression(
    pattern:
        #"(?:https?|ftp)://[^\s<>"「」（），。、]+|www\.[^\s<>"「」（），。、]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|&#?[A-Za-z0-9]+;|%[0-9]*\$?[-+ #0]*[0-9]*(?:\.[0-9]+)?(?:hh|ll|[hlLqjzt])?[diouxXeEfFgGcsp]|%\([a-z_]+\)[sd]|\{[0-9A-Za-z_]+\}"#
)

func tokens(_ text: String) -> [String] {
    tokenPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
        Range($0.range, in: text).map { String(text[$0]) }
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let t2s = try Converter(.t2s)
let toTraditional = [try Converter(.s2tw), try Converter(.s2hk), try Converter(.s2t)]

func isCorrect(_ text: String, traditional: Bool) -> Bool {
    traditional ? toTraditional.contains { $0.convert(text) == text } : t2s.convert(text) == text
}

// MARK: Collect

var samples: [Sample] = []
var catalogs: [(name: String, locale: String, strings: [String])] = []
var rejected = 0
for locale in ["zh_CN", "zh_TW", "zh_HK", "ja"] {
    let folder = "\(options.locales)/\(locale)/LC_MESSAGES"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".mo") }
        .sorted()
    for name in names {
        let strings = try catalogStrings("\(folder)/\(name)")
        if locale != "ja" { catalogs.append((name, locale, strings)) }
        for text in strings {
            if locale == "ja" || isCorrect(text, traditional: locale != "zh_CN") {
                samples.append(Sample(text: text, kind: locale))
            } else {
                rejected += 1
            }
        }
    }
}
var prose: [String] = []
if let corpora = options.corpora {
    for (file, traditional) in [("hant.txt", true), ("hans.txt", false)] {
        let text = try String(contentsOfFile: "\(corpora)/\(file)", encoding: .utf8)
        var taken = 0
        for line in text.split(separator: "\n") where line.count >= 8 && taken < 10_000 {
            let line = String(line)
            guard isCorrect(line, traditional: traditional) else { continue }
            samples.append(Sample(text: line, kind: traditional ? "prose hant" : "prose hans"))
            prose.append(line)
            taken += 1
        }
    }
}
// Markup: correct Chinese strings around tokens written in the other script, where a rule that
// reached inside would change them.
// Carriers with Markdown syntax of their own (backticks, brackets) would pair with the inserted tokens.
let carriers = samples.filter { $0.kind.hasPrefix("zh") || $0.kind.hasPrefix("prose") }.map(\.text)
    .filter { text in
        !text.contains("\n") && hanScalars(text).count >= 4 && !text.contains(where: { "`[]<>*_".contains($0) })
    }
let inserts = [
    "https://zh.wikipedia.org/wiki/网页浏览器列表#基於WebKit排版引擎", "www.example.com.tw/頭髮,後來", "https://例子.tw/头发?q=后來,于是",
    "用户@例子.广告", "後來@example.com", "&nbsp;", "&#x4E2D;", "&#20013;", "&gt;", "%s", "%1$d", "%(name)s", "{0}", "{name}",
    "`后來,于是`", "[Wiki](https://example.com/后来,于是)", "<a href=\"https://example.com/後來,于是\">",
]
var markupCount = 0
for (index, carrier) in carriers.enumerated() where index % 3 == 0 {
    let insert = inserts[markupCount % inserts.count]
    let middle = carrier.index(carrier.startIndex, offsetBy: carrier.count / 2)
    let text = String(carrier[..<middle]) + " " + insert + " " + String(carrier[middle...])
    samples.append(Sample(text: text, kind: "markup"))
    markupCount += 1
}

// MARK: Strings, one document each

struct Tally {
    var strings = 0
    var hanChanged = 0
    var tokensAltered = 0
    var otherChanged = 0
    var examples: [String] = []
}

let engines: [(String, Normalizer)] = [
    ("default rules", Normalizer()),
    ("with spacing", Normalizer(settings: NormalizationSettings(enabledOverrides: ["spacing": true]))),
]
print("hanzi-precision: \(samples.count) correct strings (\(rejected) catalog strings OpenCC would change left out)")
for (label, engine) in engines {
    var tallies: [String: Tally] = [:]
    for sample in samples {
        let normalized = try engine.normalize(sample.text, format: sample.kind == "markup" ? .markdown : .plain)
        var tally = tallies[sample.kind, default: Tally()]
        tally.strings += 1
        if normalized != sample.text {
            let hanChanged = hanScalars(normalized) != hanScalars(sample.text)
            let altered = tokens(sample.text).filter { !normalized.contains($0) }
            if hanChanged { tally.hanChanged += 1 }
            if !altered.isEmpty { tally.tokensAltered += 1 }
            if !hanChanged && altered.isEmpty { tally.otherChanged += 1 }
            if (hanChanged || !altered.isEmpty) && tally.examples.count < options.show {
                tally.examples.append("  \(sample.text.debugDescription)\n  → \(normalized.debugDescription)")
            }
        }
        tallies[sample.kind] = tally
    }
    print("\n## \(label)")
    print("| kind | strings | Han changed | tokens altered | punctuation/spacing only |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for (kind, tally) in tallies.sorted(by: { $0.key < $1.key }) {
        print("| \(kind) | \(tally.strings) | \(tally.hanChanged) | \(tally.tokensAltered) | \(tally.otherChanged) |")
    }
    for (kind, tally) in tallies.sorted(by: { $0.key < $1.key }) where !tally.examples.isEmpty {
        print("\n\(kind):")
        for example in tally.examples { print(example) }
    }
}

// MARK: Whole catalogs

print("\n## Whole catalogs, one document each (auto mode, default rules)")
var documents = 0
var lines = 0
var edits: [String] = []
for catalog in catalogs {
    let text = catalog.strings.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
    let normalized = try Normalizer().normalize(text)
    documents += 1
    lines += catalog.strings.count
    guard normalized != text else { continue }
    for (before, after) in zip(
        text.split(separator: "\n", omittingEmptySubsequences: false),
        normalized.split(separator: "\n", omittingEmptySubsequences: false))
    where hanScalars(String(before)) != hanScalars(String(after)) {
        edits.append("\(catalog.locale)/\(catalog.name): \(before) → \(after)")
    }
}
print("\(documents) catalogs, \(lines) strings, \(edits.count) lines with a Han character changed")
for edit in edits { print("  " + edit) }
