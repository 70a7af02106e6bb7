import ArgumentParser
import HanziKit

/// The flags that say how a document is written, shared by `convert`, `normalize` and `check`
/// (`check --format` names the report format, so the document's is `--file-format`).
struct DocumentFormatOptions: ParsableArguments {
    @Option(
        name: .customLong("file-format"),
        help: ArgumentHelp(
            "How every input is written: \(DocumentFormat.registered.map(\.name).joined(separator: ", ")). "
                + "Default: by each file's extension (.md markdown, …), plain otherwise.",
            valueName: "name"),
        completion: .documentFormats)
    var fileFormat: String?

    @Flag(help: "Code is text too: Markdown code blocks and inline code, HTML <code> and <pre> (for Chinese comments).")
    var codeAsText = false

    @Flag(
        help:
            "Language tags follow the conversion: HTML lang attributes, a gettext catalog's Language: (zh-TW becomes zh-CN with t2s)."
    )
    var retagLanguage = false

    func validate() throws {
        if let fileFormat, DocumentFormat(name: fileFormat) == nil {
            throw ValidationError(
                "--file-format must be one of \(DocumentFormat.registered.map(\.name).joined(separator: ", ")), "
                    + "not '\(fileFormat)'.")
        }
    }

    /// The format of the file at `path` (standard input is plain unless --file-format names one);
    /// `fields` are the JSON Lines members of `--field`.
    func format(for path: String, fields: [String]) -> DocumentFormat {
        let format = fileFormat.flatMap(DocumentFormat.init(name:)) ?? DocumentFormat(path: path)
        var options = format.options
        options.includesCode = codeAsText
        options.retagsLanguage = retagLanguage
        if !fields.isEmpty { options.fields = fields }
        return format.with(options)
    }
}
