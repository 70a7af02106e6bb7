import HanziConversion
import HanziText

/// Every rule HanziKit knows. The order is the priority when two rules' fixes overlap: the
/// earlier rule wins, so rules that repair broken text come before rules that polish it.
public struct RuleRegistry: Sendable {
    /// The rules, in priority order.
    public let rules: [any Rule]

    /// All of HanziKit's rules; registering a rule is one line here.
    public static let standard = RuleRegistry(rules: [
        MojibakeRule(),
        CompatibilityFormRule(),
        MixedScriptRule(),
        PunctuationRule(),
        TermsRule(),
        SpacingRule(),
    ])

    /// A registry of the given rules, in priority order.
    public init(rules: [any Rule]) {
        self.rules = rules
    }

    /// The rules' identifiers, in priority order.
    public var identifiers: [String] { rules.map(\.description.identifier) }

    /// The rule with `identifier`, if there is one.
    public func rule(_ identifier: String) -> (any Rule)? {
        rules.first { $0.description.identifier == identifier }
    }
}
