import HanziText

/// Which implementation converts the text; both give byte-identical output.
public enum ConversionEngine: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// HanziKit's own matcher over OpenCC's dictionaries: OpenCC's semantics, many times faster.
    case hanzikit
    /// The system OpenCC library itself, the reference the HanziKit engine is tested against.
    case opencc

    /// The engine's name, as `hanzi convert --engine` takes it.
    public var description: String { rawValue }
}
