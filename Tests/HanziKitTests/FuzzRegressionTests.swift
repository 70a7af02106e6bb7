import Foundation
import Testing

/// Every saved fuzz input (seeds and former crashes) is replayed through its target's invariants.
@Suite("Fuzz corpus replay")
struct FuzzRegressionTests {
    static let corpus = TestSupport.repositoryFile("Tests/FuzzCorpus")

    static var targets: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()) ?? []
    }

    @Test("Saved inputs keep every invariant", arguments: targets)
    func replay(_ target: String) throws {
        let folder = Self.corpus.appendingPathComponent(target)
        let inputs = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appendingPathComponent($0).path }
        try #require(!inputs.isEmpty)
        let fuzzer = TestSupport.hanziExecutable.deletingLastPathComponent().appendingPathComponent("hanzi-fuzz")
        let result = try TestSupport.run(fuzzer, [target] + inputs)
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test("Every fuzz target has saved inputs, and every corpus folder a target")
    func corpusFoldersMatchTargets() throws {
        let fuzzer = TestSupport.hanziExecutable.deletingLastPathComponent().appendingPathComponent("hanzi-fuzz")
        let result = try TestSupport.run(fuzzer, [])
        #expect(result.status == 64)
        // The usage line lists the targets: "usage: hanzi-fuzz convert|decode|diff FILE...".
        let usage = try #require(result.standardError.split(separator: " ").dropFirst(2).first)
        #expect(usage.split(separator: "|").map(String.init) == Self.targets)
        #expect(Set(Self.targets).isSuperset(of: ["config", "convert", "decode", "diff", "normalize"]))
    }
}
