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
    Console.writeMessage("hanzi: error: \(message)\n")
}

/// `-q`: nothing but errors. Set once while the options are parsed, before any work starts.
enum Quiet {
    nonisolated(unsafe) static var isOn = false
}

/// Writes one `hanzi: warning: …` line to standard error: something was repaired, not refused.
func reportWarning(_ message: String) {
    guard !Quiet.isOn else { return }
    Console.writeMessage("hanzi: warning: \(message)\n")
}

/// Writes one `hanzi: note: …` line to standard error, for `--verbose`.
func reportNote(_ message: String) {
    guard !Quiet.isOn else { return }
    Console.writeMessage("hanzi: note: \(message)\n")
}

/// Writes a report (findings, detections, differences) to standard output in one call, without
/// `print`'s line buffering; nothing under `-q`, where the exit status tells. A failed or short
/// write (a full disk, `/dev/full`) is reported naming standard output and ends the command with
/// the operational-error status.
func writeToStandardOutput(_ text: String) throws {
    try writeToStandardOutput(Array(text.utf8))
}

/// Writes bytes to standard output in one call (nothing under `-q`); a failure ends the command
/// as above.
func writeToStandardOutput(_ bytes: [UInt8]) throws {
    guard !Quiet.isOn else { return }
    try orExit { () throws(HanziKitError) in try FileDescriptorSink.standardOutput().write(bytes) }
}

/// The message for an error that concerns one input file: `path: what went wrong`.
func describe(_ error: HanziKitError, in path: String) -> String {
    let name = path == InputFile.standardInputName ? "<stdin>" : path
    switch error {
    case .fileSystem, .invalidConfiguration, .invalidPhrases: return error.description
    default: return "\(name): \(error.description)"
    }
}
