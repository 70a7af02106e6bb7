import ArgumentParser
import Foundation
import HanziKit

/// Exit codes are a public contract, listed in the README.
enum ExitStatus {
    static let findings = ExitCode(1)
    static let operationalError = ExitCode(2)
}

/// Runs a step the whole command depends on; its failure is reported and ends the command with
/// the operational-error status.
func orExit<Value>(_ step: () throws(HanziKitError) -> Value) throws -> Value {
    do {
        return try step()
    } catch {
        reportError(error.description)
        throw ExitStatus.operationalError
    }
}

/// Writes one `hanzi: error: …` line to standard error.
func reportError(_ message: String) {
    try? FileHandle.standardError.write(contentsOf: Data("hanzi: error: \(message)\n".utf8))
}

/// Writes one `hanzi: warning: …` line to standard error: something was repaired, not refused.
func reportWarning(_ message: String) {
    try? FileHandle.standardError.write(contentsOf: Data("hanzi: warning: \(message)\n".utf8))
}

/// Writes one `hanzi: note: …` line to standard error, for `--verbose`.
func reportNote(_ message: String) {
    try? FileHandle.standardError.write(contentsOf: Data("hanzi: note: \(message)\n".utf8))
}

/// Writes text to standard output in one call, without `print`'s line buffering.
func writeToStandardOutput(_ text: String) {
    try? FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
}

/// Writes bytes to standard output in one call.
func writeToStandardOutput(_ bytes: [UInt8]) {
    try? FileHandle.standardOutput.write(contentsOf: Data(bytes))
}

/// The message for an error that concerns one input file: `path: what went wrong`.
func describe(_ error: HanziKitError, in path: String) -> String {
    let name = path == InputFile.standardInputName ? "<stdin>" : path
    switch error {
    case .fileSystem, .invalidConfiguration: return error.description
    default: return "\(name): \(error.description)"
    }
}
