import Foundation
import HanziKit
import Testing

/// Every document format through the built `hanzi`: the converted document, read back by an
/// independent parser (Python's json, PyYAML, markdown-it-py, html.parser; `Tests/Formats/text-pairs.py`),
/// has the original's structure, and each of its human-language strings is the conversion of the
/// original string, computed here with the library.
@Suite("Document formats")
struct DocumentFormatTests {
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// Real Traditional prose: the zh_TW gettext catalogs' lines (see `CatalogText`).
    static func prose(_ count: Int, from start: Int = 0) throws -> [String] {
        let lines = try CatalogText.traditional.get().split(separator: "\n").map(String.init)
        return Array(lines[start..<start + count])
    }

    /// Catalog lines of Chinese prose without markup, references, URLs, paths or YAML indicators,
    /// for documents written by hand around them.
    static func plainProse(_ count: Int, from start: Int) throws -> [String] {
        try prose(4000, from: start).filter { line in
            !line.contains { "<>&{}[]/@:#'\"\t|*!%`,".contains($0) }
                && line.contains { $0.unicodeScalars.first!.value >= 0x4E00 }
        }.prefix(count).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Writes `text` to a fresh file named `name` and returns it.
    static func file(_ name: String, _ text: String) throws -> URL {
        let url = TestSupport.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Converts `file` with `hanzi convert -c t2s` and returns the output, written beside it.
    static func convert(_ file: URL, _ extra: [String] = []) throws -> URL {
        let result = try TestSupport.hanzi(["convert", "-c", "t2s"] + extra + [file.path])
        try #require(result.status == 0, "hanzi convert \(file.lastPathComponent): \(result.standardError)")
        let output = file.deletingPathExtension().appendingPathExtension("out." + file.pathExtension)
        try result.standardOutput.write(to: output)
        return output
    }

    /// The (original, converted) strings the independent parser finds; it fails on any other change.
    static func textPairs(_ kind: String, _ original: URL, _ converted: URL, fields: [String] = []) throws
        -> [(String, String)]
    {
        let script = TestSupport.repositoryFile("Tests/Formats/text-pairs.py").path
        let result = try TestSupport.run(Self.env, ["python3", script, kind, original.path, converted.path] + fields)
        try #require(result.status == 0, "structure changed: \(result.standardError)")
        let list = try #require(try JSONSerialization.jsonObject(with: result.standardOutput) as? [[String]])
        return list.map { ($0[0], $0[1]) }
    }

    /// Every pair is the library's conversion of its original, and enough of them changed.
    static func expectConverted(_ pairs: [(String, String)], atLeast changed: Int) throws {
        let converter = try Converter(.t2s)
        var mismatches = 0
        for (original, converted) in pairs where converter.convert(original) != converted {
            mismatches += 1
            if mismatches <= 5 { Issue.record("\(original) became \(converted), not \(converter.convert(original))") }
        }
        #expect(mismatches == 0)
        #expect(pairs.filter { $0.0 != $0.1 }.count >= changed)
    }

    // MARK: Markdown

    /// The README is a real Markdown file with Chinese in fenced and inline code, links and URLs.
    @Test func markdownKeepsCodeLinksAndURLs() throws {
        let readme = try String(contentsOf: TestSupport.repositoryFile("README.md"), encoding: .utf8)
        let original = try Self.file("README.md", "---\ntitle: 頭髮說明\n---\n" + readme)
        let converted = try Self.convert(original)
        let pairs = try Self.textPairs("markdown", original, converted)
        try Self.expectConverted(pairs, atLeast: 20)
        // Code stays Traditional: the README's own example of what convert used to break.
        let output = try String(contentsOf: converted, encoding: .utf8)
        #expect(output.contains("converter.convert(\"頭髮後來乾燥\")"))
        #expect(output.contains("`https://例子.tw/頭髮,後來`"))
        #expect(output.contains("---\ntitle: 头发说明\n---\n"))
    }

    /// Front matter is YAML: its string values convert (plain, quoted, block, in lists and flow
    /// collections), its keys, comments, other values, quoting and layout stay byte for byte.
    /// PyYAML reads both front matters (text-pairs.py) and the ASCII of every line must be kept.
    @Test func markdownFrontMatterValuesConvertKeysStay() throws {
        let lines = try Self.plainProse(8, from: 3000)
        let front = """
            ---
            title: \(lines[0])
            頭髮鍵: 後來的頭髮  # 註解：頭髮
            quoted: "\(lines[1])，\\"引號\\"後來"
            single: '\(lines[2])，''頭髮'''
            date: 2024-05-01
            draft: false
            count: 12
            link: https://例子.tw/頭髮
            tags: [頭髮, "後來", 12]
            authors:
              - name: 張三
                bio: |
                  \(lines[3])
                  \(lines[4])
              - name: 李四
                bio: >
                  \(lines[5])
            ---

            """
        let original = try Self.file("front.md", front + "\(lines[6])\n")
        let converted = try Self.convert(original)
        let pairs = try Self.textPairs("markdown", original, converted)
        // The value that is a URL is kept, as URLs in text are.
        let url = try #require(pairs.firstIndex { $0.0 == "https://例子.tw/頭髮" })
        #expect(pairs[url].1 == "https://例子.tw/頭髮")
        try Self.expectConverted(pairs.enumerated().filter { $0.offset != url }.map(\.element), atLeast: 10)
        let output = try String(contentsOf: converted, encoding: .utf8)
        #expect(output.contains("\n頭髮鍵: 后来的头发  # 註解：頭髮\n"))
        #expect(output.contains("\ntags: [头发, \"后来\", 12]\n"))
        #expect(output.contains("\n  - name: 张三\n"))
        #expect(output.contains("\nquoted: \"") && output.contains("，\\\"引号\\\"后来\"\n"))

        // Front matter the YAML reader cannot read is kept whole, as before.
        let unreadable = try Self.file("odd.md", "---\ntitle: \"頭髮\n---\n頭髮\n")
        let kept = try String(contentsOf: try Self.convert(unreadable), encoding: .utf8)
        #expect(kept == "---\ntitle: \"頭髮\n---\n头发\n")
    }

    /// Front matter the YAML reader cannot read is kept whole by every command, and each says so
    /// with the file and the place the reader stopped: a warning from convert and normalize (also
    /// for standard input), an `info` finding from check, which does not fail it.
    @Test func unreadableFrontMatterIsKeptAndSaid() throws {
        let text = "---\ntitle: ok\nsummary: \"頭髮\n---\n頭髮\n"
        let file = try Self.file("odd.md", text)
        let said =
            "3:10: front matter (lines 1-4) kept as it is: the YAML reader cannot read it "
            + "(a quoted scalar is not closed)"
        let converted = try TestSupport.hanzi(["convert", "-c", "t2s", file.path])
        #expect(converted.status == 0)
        #expect(converted.output == "---\ntitle: ok\nsummary: \"頭髮\n---\n头发\n")
        #expect(converted.standardError == "hanzi: warning: \(file.path):\(said)\n")
        let piped = try TestSupport.hanzi(
            ["convert", "-c", "t2s", "--file-format", "markdown"], input: Data(text.utf8))
        #expect(piped.output == converted.output)
        #expect(piped.standardError == "hanzi: warning: <stdin>:\(said)\n")
        let normalized = try TestSupport.hanzi(["normalize", file.path])
        #expect(normalized.status == 0)
        #expect(normalized.output.hasPrefix("---\ntitle: ok\nsummary: \"頭髮\n---\n"))
        #expect(normalized.standardError == "hanzi: warning: \(file.path):\(said)\n")
        let quiet = try TestSupport.hanzi(["convert", "-q", "-c", "t2s", file.path])
        #expect(quiet.standardError.isEmpty)
        let checked = try TestSupport.hanzi(["check", file.path])
        #expect(checked.status == 0)
        #expect(
            checked.output.hasPrefix(
                "\(file.path):\(said.replacingOccurrences(of: ": front", with: ": info: front")) [front-matter]\n"))
        let json = try TestSupport.hanzi(["check", "--format", "json", file.path])
        let report = try #require(try JSONSerialization.jsonObject(with: json.standardOutput) as? [String: Any])
        let findings = try #require((report["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["rule"] as? String == "front-matter")
        #expect(findings.first?["severity"] as? String == "info")
        #expect(findings.first?["line"] as? Int == 3)
        #expect(findings.first?["column"] as? Int == 10)
        #expect(findings.first?["utf8Offset"] as? Int == 23)
        // The library's check gives the same finding, for a string and for a file read in windows.
        let normalizer = Normalizer()
        let fromText = try normalizer.check(text, format: .markdown).findings.filter { $0.rule == "front-matter" }
        let fromFile = try normalizer.check(file: file.path, format: .markdown).findings.filter {
            $0.rule == "front-matter"
        }
        #expect(fromText.map { [$0.line, $0.column, $0.utf8Offset] } == [[3, 10, 23]])
        #expect(fromFile == fromText)
        // Front matter that reads says nothing.
        let good = try TestSupport.hanzi([
            "convert", "-c", "t2s", try Self.file("good.md", "---\ntitle: 頭髮\n---\n").path,
        ])
        #expect(good.output == "---\ntitle: 头发\n---\n")
        #expect(good.standardError.isEmpty)
    }

    @Test func markdownCodeAsTextConvertsCodeButNotLinks() throws {
        let original = try Self.file(
            "a.md", "見 [頭髮](https://例子.tw/頭髮) 與 `let 後 = \"頭髮\"`\n\n```swift\nlet 後 = 1 // 頭髮\n```\n")
        let plain = try String(contentsOf: try Self.convert(original), encoding: .utf8)
        #expect(plain == "见 [头发](https://例子.tw/頭髮) 与 `let 後 = \"頭髮\"`\n\n```swift\nlet 後 = 1 // 頭髮\n```\n")
        let code = try String(contentsOf: try Self.convert(original, ["--code-as-text"]), encoding: .utf8)
        #expect(code == "见 [头发](https://例子.tw/頭髮) 与 `let 后 = \"头发\"`\n\n```swift\nlet 后 = 1 // 头发\n```\n")
        // --file-format plain converts everything, as opencc would.
        let whole = try TestSupport.hanzi(["convert", "--file-format", "plain", original.path])
        #expect(whole.output.contains("https://例子.tw/头发"))
    }

    // MARK: JSON and YAML

    /// A message file as Python's json module writes one, from real catalog text, with escapes,
    /// numbers, literals, nesting and a Chinese key.
    static func messages() throws -> String {
        let lines = try Self.prose(400)
        var messages: [String: Any] = [:]
        for (index, line) in lines.enumerated() { messages[String(format: "m%03d", index)] = line }
        let object: [String: Any] = [
            "app": ["messages": messages, "count": 400, "ratio": 1.5, "enabled": true],
            "頭髮": [lines[0] + "\n" + lines[1], "「\(lines[2])」\t\"引號\"", NSNull()],
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        // Python writes it as people's files are: indented, UTF-8 as it is.
        let result = try TestSupport.run(
            Self.env,
            [
                "python3", "-c",
                "import json,sys; print(json.dumps(json.load(sys.stdin), ensure_ascii=False, indent=2))",
            ],
            input: data)
        try #require(result.status == 0, "\(result.standardError)")
        return result.output
    }

    @Test func jsonChangesStringValuesOnly() throws {
        let original = try Self.file("messages.json", try Self.messages())
        let converted = try Self.convert(original)
        try Self.expectConverted(try Self.textPairs("json", original, converted), atLeast: 300)
        // Everything outside string values is byte for byte the same: keys, numbers, layout.
        let skeleton = { (url: URL) throws -> String in
            let text = try String(contentsOf: url, encoding: .utf8)
            return text.replacingOccurrences(of: #": "(?:[^"\\]|\\.)*""#, with: ": S", options: .regularExpression)
                .replacingOccurrences(
                    of: #"(?m)^(\s*)"(?:[^"\\]|\\.)*"(,?)$"#, with: "$1S$2", options: .regularExpression)
        }
        #expect(try skeleton(original) == skeleton(converted))
        #expect(try String(contentsOf: converted, encoding: .utf8).contains("\"頭髮\": ["))
    }

    @Test func yamlChangesStringValuesOnly() throws {
        // PyYAML's own output (folded long scalars, quoting where needed), and a hand-written file.
        let dumped = try TestSupport.run(
            Self.env,
            [
                "python3", "-c",
                "import json,sys,yaml; sys.stdout.write(yaml.safe_dump(json.load(sys.stdin), allow_unicode=True, width=60))",
            ],
            input: Data(try Self.messages().utf8))
        try #require(dumped.status == 0, "\(dumped.standardError)")
        let original = try Self.file("messages.yml", dumped.output)
        try Self.expectConverted(try Self.textPairs("yaml", original, try Self.convert(original)), atLeast: 300)

        let lines = try Self.plainProse(6, from: 500)
        let handWritten = """
            # 設定檔：頭髮
            zh-TW:
              title: \(lines[0])   # 註解不轉換
              quoted: "\(lines[1])"
              single: '\(lines[2])'
              頭髮鍵: 後來
              count: 3
              enabled: true
              anchor: &base \(lines[3])
              alias: *base
              list: [\(lines[4]), "頭髮", 12]
              items:
                - 頭髮
                - name: 乾燥
              block: |
                \(lines[5])
                第二行 頭髮
              folded: >-
                摺疊的 頭髮
            """ + "\n"
        let file = try Self.file("hand.yaml", handWritten)
        let converted = try Self.convert(file)
        try Self.expectConverted(try Self.textPairs("yaml", file, converted), atLeast: 10)
        let output = try String(contentsOf: converted, encoding: .utf8)
        #expect(output.contains("# 設定檔：頭髮\n") && output.contains("# 註解不轉換") && output.contains("  頭髮鍵: 后来\n"))
    }

    // MARK: HTML

    /// The README rendered by markdown-it-py (code, pre, links), with a head that holds every kind
    /// of structure: a title, style and script with Chinese, comments, references, text attributes.
    @Test func htmlChangesTextAndReadableAttributesOnly() throws {
        let rendered = try TestSupport.run(
            Self.env,
            [
                "python3", "-c",
                "import sys; from markdown_it import MarkdownIt; print(MarkdownIt().render(sys.stdin.read()))",
            ],
            input: try Data(contentsOf: TestSupport.repositoryFile("README.md")))
        try #require(rendered.status == 0, "\(rendered.standardError)")
        let page = """
            <!DOCTYPE html>
            <html lang="zh-Hant">
            <head><meta charset="utf-8"><title>頭髮說明</title>
            <style>.頭髮::after { content: "後來"; }</style>
            <script>const 後 = "頭髮"; if (a < b) { alert("乾燥"); }</script></head>
            <body>
            <!-- 註解：頭髮 -->
            <img src="/圖片/頭髮.png" alt="頭髮的圖片" title='後來'>
            <input placeholder="請輸入頭髮" aria-label="搜尋頭髮" value="頭髮" data-x="後來">
            <p>頭髮&amp;後來&#x4E2D;乾燥 <a href="https://例子.tw/頭髮">連結到頭髮</a> https://例子.tw/後來</p>
            \(rendered.output)
            </body></html>
            """
        let original = try Self.file("page.html", page)
        let converted = try Self.convert(original)
        // URLs in text are kept: the one pair where the text held a URL is checked by hand.
        var pairs = try Self.textPairs("html", original, converted)
        let url = try #require(pairs.firstIndex { $0.0.contains("https://例子.tw/後來") })
        #expect(pairs[url].1 == " https://例子.tw/後來")
        pairs.remove(at: url)
        try Self.expectConverted(pairs, atLeast: 20)
        let output = try String(contentsOf: converted, encoding: .utf8)
        #expect(output.contains("<title>头发说明</title>") && output.contains("alt=\"头发的图片\""))
        #expect(output.contains("value=\"頭髮\" data-x=\"後來\"") && output.contains("src=\"/圖片/頭髮.png\""))
    }

    /// `--code-as-text`: the text of `<code>` and `<pre>` converts too (Chinese comments in code),
    /// while `<script>`, `<style>`, tags, attributes other than the readable ones, comments and
    /// character references stay; read back by html.parser with code and pre as text.
    @Test func htmlCodeAsTextConvertsCodeAndPreButNotScriptOrStyle() throws {
        let lines = try Self.plainProse(6, from: 3500)
        let page = """
            <!DOCTYPE html>
            <html lang="zh-Hant"><head><title>\(lines[0])</title>
            <style>.頭髮::after { content: "後來"; }</style>
            <script>const 後 = "頭髮"; // 註解：後來
            </script></head>
            <body>
            <p>\(lines[1]) <code>let 後來 = "頭髮"</code> &amp; 乾燥</p>
            <pre class="頭髮"><code>// \(lines[2])
            let 頭髮 = "\(lines[3])" // 後來&lt;乾燥&gt;
            </code></pre>
            <!-- \(lines[4]) -->
            <p title="\(lines[5])">後來</p>
            </body></html>

            """
        let original = try Self.file("code.html", page)
        let converted = try Self.convert(original, ["--code-as-text"])
        let pairs = try Self.textPairs("html-code", original, converted)
        try Self.expectConverted(pairs, atLeast: 8)
        let output = try String(contentsOf: converted, encoding: .utf8)
        #expect(output.contains("<code>let 后来 = \"头发\"</code>"))
        #expect(output.contains("<style>.頭髮::after { content: \"後來\"; }</style>"))
        #expect(output.contains("<script>const 後 = \"頭髮\"; // 註解：後來\n</script>"))
        #expect(output.contains("<pre class=\"頭髮\">") && output.contains("// 后来&lt;干燥&gt;"))
        // Without the option the code is kept and the independent reader sees code unchanged.
        let plain = try Self.convert(original)
        #expect(try String(contentsOf: plain, encoding: .utf8).contains("<code>let 後來 = \"頭髮\"</code>"))
        try Self.expectConverted(try Self.textPairs("html", original, plain), atLeast: 4)
    }

    /// `--retag-language`: every `lang` and `xml:lang` value names the target (s2tw: zh-CN →
    /// zh-TW, zh-Hans → zh-Hant, separators and other subtags kept; other languages and a bare
    /// `zh` stay), and nothing else of a tag changes; text that looks like a tag is text.
    @Test func htmlRetagLanguageRewritesLangAttributesOnly() throws {
        let lines = try Self.plainProse(4, from: 3600).map { try Converter(.t2s).convert($0) }
        let page = """
            <!DOCTYPE html>
            <html lang="zh-CN" xml:lang="zh-CN">
            <head><title>\(lines[0])</title></head>
            <body>
            <p lang="zh-Hans">\(lines[1]) zh-CN</p>
            <p lang='zh-Hans-CN' title="\(lines[2])">头发</p>
            <blockquote lang="en">hair</blockquote>
            <span lang=zh-cn data-lang="zh-CN">\(lines[3])</span>
            <span lang="zh">后来</span>
            </body></html>

            """
        let original = try Self.file("lang.html", page)
        let converter = try Converter(.s2tw)
        let result = try TestSupport.hanzi(["convert", "-c", "s2tw", "--retag-language", original.path])
        try #require(result.status == 0, "\(result.standardError)")
        let converted = original.deletingPathExtension().appendingPathExtension("out.html")
        try result.standardOutput.write(to: converted)
        let tags = #"{"zh-CN": "zh-TW", "zh-Hans": "zh-Hant", "zh-Hans-CN": "zh-Hant-TW", "zh-cn": "zh-TW"}"#
        let pairs = try Self.textPairs("html-tags", original, converted, fields: [tags])
        var mismatches = 0
        for (text, output) in pairs where converter.convert(text) != output { mismatches += 1 }
        #expect(mismatches == 0)
        #expect(pairs.filter { $0.0 != $0.1 }.count >= 4)
        let output = try String(contentsOf: converted, encoding: .utf8)
        #expect(output.contains("<html lang=\"zh-TW\" xml:lang=\"zh-TW\">"))
        #expect(output.contains(" zh-CN</p>") && output.contains("data-lang=\"zh-CN\""))
        #expect(output.contains("<span lang=\"zh\">後來</span>") && output.contains("<blockquote lang=\"en\">"))
        // Without the option the tags stay.
        let kept = try TestSupport.hanzi(["convert", "-c", "s2tw", original.path])
        #expect(kept.output.contains("<html lang=\"zh-CN\" xml:lang=\"zh-CN\">"))
    }

    // MARK: Subtitles

    @Test(arguments: ["srt", "vtt"]) func subtitlesChangeCueTextOnly(_ kind: String) throws {
        let converter = try Converter(.t2s)
        // Lines without markup, references, URLs or paths, which cue text keeps as written.
        let lines = try Self.plainProse(60, from: 1000)
        var original = kind == "vtt" ? "WEBVTT - 頭髮\n\nNOTE 註解：頭髮\n\nSTYLE\n::cue(.頭髮) { color: red }\n\n" : ""
        var expected = original
        for index in 0..<30 {
            let time = String(format: "00:%02d:%02d", index / 60, index % 60)
            let timing = kind == "srt" ? "\(time),000 --> \(time),900" : "\(time).000 --> \(time).900 line:0"
            let identifier = kind == "srt" ? "\(index + 1)\n" : index % 2 == 0 ? "頭髮-\(index)\n" : ""
            let (first, second) = (lines[2 * index], lines[2 * index + 1])
            original += "\(identifier)\(timing)\n<i>\(first)</i>\n\(second)\n\n"
            expected += "\(identifier)\(timing)\n<i>\(converter.convert(first))</i>\n\(converter.convert(second))\n\n"
        }
        let file = try Self.file("cues.\(kind)", original)
        #expect(try String(contentsOf: try Self.convert(file), encoding: .utf8) == expected)
        // A cue without its timing line is an error naming the line.
        let broken = try Self.file("broken.\(kind)", original + "31\n沒有時間\n")
        let result = try TestSupport.hanzi(["convert", broken.path])
        #expect(result.status == 2)
        #expect(
            result.standardError.contains(
                "line \(original.split(separator: "\n", omittingEmptySubsequences: false).count)"))
    }

    // MARK: JSON Lines

    @Test func jsonLinesChangesTheNamedFieldsOnly() throws {
        let lines = try Self.prose(600, from: 2000)
        var records: [String] = []
        for index in 0..<300 {
            let record: [String: Any] = [
                "id": index, "text": lines[2 * index], "lang": "zh-Hant",
                "meta": ["title": lines[2 * index + 1], "tags": ["頭髮", "後來"]],
            ]
            let data = try JSONSerialization.data(
                withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes])
            records.append(String(decoding: data, as: UTF8.self))
        }
        let original = try Self.file("corpus.jsonl", records.joined(separator: "\n") + "\n")
        let converted = try Self.convert(original, ["--field", "text", "--field", "/meta/title"])
        let pairs = try Self.textPairs("jsonl", original, converted, fields: ["text", "/meta/title"])
        #expect(pairs.count == 600)
        try Self.expectConverted(pairs, atLeast: 400)

        // A malformed record is an error naming its line; nothing is written with -o.
        let broken = try Self.file("broken.jsonl", records[0] + "\n" + records[1] + "\n{\"text\": \"頭髮\",}\n")
        let out = broken.deletingLastPathComponent().appendingPathComponent("out.jsonl")
        let result = try TestSupport.hanzi(["convert", "-o", out.path, broken.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("broken.jsonl: not valid jsonl at line 3, column 15"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Skipping is explicit: record mode with --bad-records skip.
        let skipped = try TestSupport.hanzi(["convert", "--records", "jsonl", "--bad-records", "skip", broken.path])
        #expect(skipped.status == 0)
        #expect(skipped.output.split(separator: "\n").count == 2)
        #expect(skipped.standardError.contains("record skipped"))
    }

    /// JSON Lines are checked as UTF-8 while they are converted, not before: bytes that are not
    /// UTF-8 anywhere (a converted field, another member, a member name, a URL kept in a field,
    /// after a syntax error on the same line) are still the error, at their byte offset, line and
    /// column, in one chunk or after several; nothing is written with -o.
    @Test func jsonLinesInvalidUTF8IsPlacedWhereverItIs() throws {
        // Each second line: what comes before the bad bytes, the bad bytes, what follows.
        let cases: [(String, [UInt8], String)] = [
            (#"{"id": 2, "text": "後來"#, [0xFF], #"頭髮"}"#),
            (#"{"id": 2, "n"#, [0xFF], #"ame": "x", "text": "後來"}"#),
            (#"{"id": 2, "other": "後"#, [0xFF], #"", "text": "後來"}"#),
            (#"{"id": 2,, "text": "後來"} "#, [0xFF], ""),
            (#"{"id": 2, "text": "後來 https://例"#, [0xE4, 0xBE], #".tw"}"#),
        ]
        let first = #"{"id": 1, "text": "頭髮"}"# + "\n"
        for (before, bad, after) in cases {
            let file = try Self.file("bad.jsonl", "")
            try Data(Array(first.utf8) + Array(before.utf8) + bad + Array(after.utf8) + [0x0A]).write(to: file)
            let expected =
                "bad.jsonl: invalid UTF-8 at byte offset \(first.utf8.count + before.utf8.count) "
                + "(line 2, column \(before.unicodeScalars.count + 1))"
            for chunkSize in ["1000000", "30"] {
                let out = file.deletingLastPathComponent().appendingPathComponent("out.jsonl")
                let result = try TestSupport.hanzi(
                    ["convert", "--from-encoding", "utf-8", "--chunk-size", chunkSize, "-o", out.path, file.path])
                #expect(result.status == 2)
                #expect(result.standardError.contains(expected), "\(before): \(result.standardError)")
                #expect(!FileManager.default.fileExists(atPath: out.path))
            }
        }
    }

    /// Markdown too is checked as UTF-8 while it is converted: bad bytes in a paragraph, code,
    /// inline code, a link destination or front matter are the error, at their place.
    @Test func markdownInvalidUTF8IsPlacedWhereverItIs() throws {
        let first = "# 頭髮\n\n見 `後` 與 [說明](https://例子.tw/頭髮).\n\n"
        // What comes before the bad byte on its line, after `first` (front matter: before it).
        let cases: [(String, String, String)] = [
            ("", "頭髮", "後來\n"),
            ("", "```\nlet 後 = 1 // ", "頭髮\n```\n"),
            ("", "見 `後", "` 與\n"),
            ("", "見 [說明](https://例子.tw/", "頭髮).\n"),
            ("---\ntitle: 頭髮\n---\n", "", ""),
        ]
        for (frontMatter, before, after) in cases {
            let file = try Self.file("bad.md", "")
            let prefix = frontMatter.isEmpty ? first + before : "---\ntitle: 頭"
            let rest = frontMatter.isEmpty ? after : "髮\n---\n" + first
            try Data(Array(prefix.utf8) + [0xFF] + Array(rest.utf8)).write(to: file)
            let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
            let expected =
                "bad.md: invalid UTF-8 at byte offset \(prefix.utf8.count) "
                + "(line \(lines.count), column \(lines.last!.unicodeScalars.count + 1))"
            for chunkSize in ["1000000", "30"] {
                let result = try TestSupport.hanzi(
                    ["convert", "--from-encoding", "utf-8", "--chunk-size", chunkSize, "-c", "t2s", file.path])
                #expect(result.status == 2)
                #expect(result.standardError.contains(expected), "\(before): \(result.standardError)")
            }
        }
    }

    // MARK: normalize and check

    @Test func checkFindsDefectsInTextOnlyAtTheirPlaceInTheFile() throws {
        let file = try Self.file("m.json", "{\n  \"頭髮,後來\": \"這是頭髮,後來乾燥\",\n  \"n\": 1\n}\n")
        let result = try TestSupport.hanzi(["check", "--script", "hant", file.path])
        #expect(result.status == 1)
        #expect(result.output.contains("m.json:2:17: error:"))
        #expect(!result.output.contains("m.json:2:6:"))
        let normalized = try TestSupport.hanzi(["normalize", "--script", "hant", file.path])
        #expect(normalized.output == "{\n  \"頭髮,後來\": \"這是頭髮，後來乾燥\",\n  \"n\": 1\n}\n")
        // A file that is not of its format is an error naming the place.
        let broken = try Self.file("b.json", "{\n  \"a\": \"頭髮\"\n  \"b\": 1\n}\n")
        let failed = try TestSupport.hanzi(["check", broken.path])
        #expect(failed.status == 2)
        #expect(failed.standardError.contains("b.json: not valid json at line 3, column 3"))
    }
}
