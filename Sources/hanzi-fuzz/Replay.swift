import Foundation

#if HANZIKIT_FUZZING
    /// libFuzzer's driver, linked in by `-sanitize=fuzzer`.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// SwiftPM links an executable's entry point under this name.
    @_cdecl("hanzi_fuzz_main")
    func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
        var argc = argc
        var argv = argv
        return runFuzzerDriver(&argc, &argv) { data, size in
            let name = ProcessInfo.processInfo.environment["HANZIKIT_FUZZ_TARGET"] ?? "convert"
            guard let target = FuzzTargets.all[name] else { fatalError("unknown fuzz target \(name)") }
            target(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        }
    }
#else

    /// Built normally, the fuzz targets replay saved inputs: `hanzi-fuzz TARGET FILE...`.
    @main
    enum FuzzReplay {
        static func main() throws {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTargets.all[name] else {
                let names = FuzzTargets.all.keys.sorted().joined(separator: "|")
                FileHandle.standardError.write(Data("usage: hanzi-fuzz \(names) FILE...\n".utf8))
                exit(64)
            }
            for path in arguments.dropFirst() {
                target(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
    }
#endif
