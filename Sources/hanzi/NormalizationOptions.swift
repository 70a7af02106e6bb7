import ArgumentParser
import Foundation
import HanziKit

/// The flags `normalize` and `check` share: script, configuration file and rule switches.
struct NormalizationOptions: ParsableArguments {
    @Option(
        help: "The target script: auto (detect each file), hant or hans. Default: the configuration's, or auto.",
        completion: .scriptSelections)
    var script: String?

    @Option(
        name: .customLong("enable"), help: "Run this rule too (repeatable), e.g. --enable spacing.",
        completion: .ruleIdentifiers)
    var enabledRules: [String] = []

    @Option(name: .customLong("disable"), help: "Do not run this rule (repeatable).", completion: .ruleIdentifiers)
    var disabledRules: [String] = []

    @Option(
        name: .customLong("terms"), help: "A term dictionary file for the terms rule (repeatable).", completion: .file()
    )
    var termDictionaries: [String] = []

    @Option(
        help: "Enforce a quote style: corner 「」, curly “”, or a locale's (zh-TW, zh-HK, zh-CN).",
        completion: .quoteStyles)
    var quotes: String?

    /// Whether any of these options but `--settings` was given (`convert` also reads the settings
    /// file for its `phrases:`, with or without `--normalize`).
    var isSet: Bool {
        script != nil || !enabledRules.isEmpty || !disabledRules.isEmpty || !termDictionaries.isEmpty
            || quotes != nil
    }

    func validate() throws {
        if let script, ScriptSelection(argument: script) == nil {
            throw ValidationError("--script must be auto, hant or hans, not '\(script)'.")
        }
        if let quotes, QuoteStyle(argument: quotes) == nil {
            throw ValidationError("--quotes must be corner, curly or a locale such as zh-TW, not '\(quotes)'.")
        }
        let known = RuleRegistry.standard.identifiers
        for rule in enabledRules + disabledRules where !known.contains(rule) {
            throw ValidationError("unknown rule '\(rule)'; known rules: \(known.joined(separator: ", ")).")
        }
    }

    /// The configuration file in force (or the defaults), with the flags applied over it.
    func load(_ paths: PathOptions) throws(HanziKitError) -> (configuration: HanziConfiguration, normalizer: Normalizer)
    {
        let configuration = try paths.configuration()
        var settings = try configuration.settings()
        if let script, let selection = ScriptSelection(argument: script) { settings.script = selection }
        if let quotes { settings.options.quoteStyle = QuoteStyle(argument: quotes) }
        for rule in enabledRules { settings.enabledOverrides[rule] = true }
        for rule in disabledRules { settings.enabledOverrides[rule] = false }
        for path in termDictionaries {
            let text = try HanziConfiguration.readSettingsFile(path)
            settings.options.terms.merge(try TermDictionary(parsing: text, path: path))
        }
        return (configuration, Normalizer(settings: settings))
    }
}
