import ArgumentParser
import HanziKit

/// What each option's value completes to in bash, zsh and fish; the scripts are generated from
/// these (`hanzi --generate-completion-script SHELL`).
extension CompletionKind {
    /// OpenCC configuration names; a file path falls back to file names.
    static var conversionConfigurations: CompletionKind { .list(ConversionConfig.allCases.map(\.rawValue)) }
    /// The normalization rules' identifiers.
    static var ruleIdentifiers: CompletionKind { .list(RuleRegistry.standard.identifiers) }
    /// `--script` values.
    static var scriptSelections: CompletionKind { .list(["auto", "hant", "hans"]) }
    /// `--quotes` values.
    static var quoteStyles: CompletionKind {
        .list(["corner", "curly", "zh-TW", "zh-HK", "zh-CN", "zh-Hant", "zh-Hans"])
    }
    /// `check --format` values.
    static var documentFormats: CompletionKind { .list(DocumentFormat.registered.map(\.name)) }

    static var reportFormats: CompletionKind { .list(FindingReporters.all.map(\.identifier)) }
    static var diffFormats: CompletionKind { .list(DiffReporters.identifiers) }
    /// `--from-encoding` values.
    static var inputEncodings: CompletionKind { .list(["auto"] + TextEncoding.allCases.map(\.rawValue)) }
    /// The branches and tags of the git repository around the working directory.
    static var gitRevisions: CompletionKind {
        .shellCommand("git for-each-ref --format='%(refname:short)' 2>/dev/null")
    }
    /// A `.hanzi.yml` settings file.
    static var settingsFiles: CompletionKind { .file(extensions: ["yml", "yaml"]) }
}

enum CompletionScript {
    /// Makes bash fall back to its own file-name completion when the script offers nothing (a
    /// configuration file after `-c`, a glob after `--include`), as `ls` does: the script
    /// ArgumentParser writes registers itself with `-o filenames` alone, which beeps instead.
    static func adjusted(_ script: String) -> String {
        script.replacingOccurrences(
            of: "complete -o filenames -F _hanzi hanzi", with: "complete -o default -o filenames -F _hanzi hanzi")
    }
}
