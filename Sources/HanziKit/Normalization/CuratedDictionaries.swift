/// HanziKit's curated tables, embedded so the library needs no resource bundle; a test keeps them
/// identical to the files in `Dictionaries/`, which are the copies people read and edit.
enum CuratedDictionaries {
    /// `Dictionaries/MixedScriptSTPhrases.txt`: Simplified phrases and their Traditional forms that
    /// OpenCC's STPhrases lacks because its character defaults cover them.
    static let mixedScriptSTPhrases = """
周后\t週後
月后\t月後
小时后\t小時後
分钟后\t分鐘後
秒后\t秒後
月里\t月裏
天里\t天裏
话里\t話裏
开干\t開幹
尽量\t盡量 儘量
注于\t注於
尽管\t儘管
"""

    /// `Dictionaries/MixedScriptTSPhrases.txt`: phrases with a Taiwan glyph as they stand in Simplified
    /// text, and their Simplified forms.
    static let mixedScriptTSPhrases = """
代表著\t代表着
意味著\t意味着
随著\t随着
接著\t接着
有著\t有着
带著\t带着
看著\t看着
跟著\t跟着
沿著\t沿着
朝著\t朝着
向著\t向着
靠著\t靠着
存在著\t存在着
"""

    /// Parses OpenCC's text format: key, a tab, values separated by spaces; the first value wins.
    static func parse(_ text: String) -> [String: String] {
        var table: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            guard fields.count == 2, let value = fields[1].split(separator: " ").first else { continue }
            table[String(fields[0])] = String(value)
        }
        return table
    }
}
