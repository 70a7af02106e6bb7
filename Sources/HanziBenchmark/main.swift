// Conversion benchmark: the `opencc` CLI, libopencc through `hanzi convert --engine opencc`, and
// HanziKit's engine on one and two threads, over inputs built from the corpora given as paths.
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

struct Options {
    var hant = ""
    var hans = ""
    var sizeMB = 100
    var runs = 5
    var openCCRuns = 3
    var bigGB = 1
    var startupRuns = 21
    var normalizeRuns = 5
    var workFolder = FileManager.default.temporaryDirectory.appendingPathComponent("hanzi-benchmark").path
    var hanzi = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("hanzi").path
    var opencc = "/usr/bin/opencc"

    static let usage = """
        usage: hanzi-benchmark --hant TRADITIONAL.txt --hans SIMPLIFIED.txt [--size-mb 100] [--runs 5]
                               [--opencc-runs 3] [--big-gb 1 (0 skips)] [--startup-runs 21]
                               [--normalize-runs 5 (0 skips)]
                               [--work DIR] [--hanzi PATH] [--opencc PATH]
        Build with `swift build -c release`; inputs are written under --work, never into the repository.
        """

    init(_ arguments: [String]) {
        var index = 0
        func value() -> String {
            index += 1
            guard index < arguments.count else { fail(Self.usage) }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--hant": hant = value()
            case "--hans": hans = value()
            case "--size-mb": sizeMB = Int(value()) ?? sizeMB
            case "--runs": runs = Int(value()) ?? runs
            case "--opencc-runs": openCCRuns = Int(value()) ?? openCCRuns
            case "--big-gb": bigGB = Int(value()) ?? bigGB
            case "--startup-runs": startupRuns = Int(value()) ?? startupRuns
            case "--normalize-runs": normalizeRuns = Int(value()) ?? normalizeRuns
            case "--work": workFolder = value()
            case "--hanzi": hanzi = value()
            case "--opencc": opencc = value()
            default: fail(Self.usage)
            }
            index += 1
        }
        if hant.isEmpty || hans.isEmpty { fail(Self.usage) }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

/// One child process's wall time and peak resident memory.
struct Measurement {
    var seconds: Double
    var cpuSeconds: Double
    var peakKB: Int
}

/// Runs a command with standard output sent to `outputPath`; fails loudly on an exit status
/// other than the accepted ones (`hanzi check` exits 1 when it reports findings).
func measure(_ command: [String], outputPath: String = "/dev/null", accepting statuses: [Int32] = [0])
    -> Measurement
{
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else {
        fail("cannot run \(command[0])")
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    guard statuses.contains(exitStatus) else {
        fail("\(command.joined(separator: " ")) exited with status \(exitStatus)")
    }
    let cpu =
        Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    return Measurement(seconds: seconds, cpuSeconds: cpu, peakKB: usage.ru_maxrss)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Repeats `corpus` until the file holds at least `bytes` bytes (whole copies, so lines stay whole).
func buildInput(from corpus: String, bytes: Int, at path: String) -> Int {
    if let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int, size >= bytes {
        return size
    }
    guard let data = FileManager.default.contents(atPath: corpus) else { fail("cannot read \(corpus)") }
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    guard let handle = FileHandle(forWritingAtPath: path) else { fail("cannot write \(path)") }
    var written = 0
    while written < bytes {
        handle.write(data)
        written += data.count
    }
    try? handle.close()
    return written
}

func sameFiles(_ first: String, _ second: String) -> Bool {
    guard let a = FileHandle(forReadingAtPath: first), let b = FileHandle(forReadingAtPath: second) else {
        return false
    }
    while true {
        let x = a.readData(ofLength: 1 << 22)
        let y = b.readData(ofLength: 1 << 22)
        if x != y { return false }
        if x.isEmpty { return true }
    }
}

/// The machine's one-minute load average: other processes compete for the same cores.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
    return String(text.split(separator: " ").first ?? "?")
}

func machineDescription() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model =
        cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    let memory = ProcessInfo.processInfo.physicalMemory / 1_000_000_000
    return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory) GB RAM, "
        + ProcessInfo.processInfo.operatingSystemVersionString
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
try? FileManager.default.createDirectory(atPath: options.workFolder, withIntermediateDirectories: true)
let work = options.workFolder
print("# hanzi-benchmark\n")
print("machine: \(machineDescription())\n")
print("runs: \(options.runs) (opencc: \(options.openCCRuns)); load average at start: \(loadAverage())\n")

var summary: [String] = []
for (config, corpus) in [("t2s", options.hant), ("s2t", options.hans)] {
    let input = "\(work)/\(config)-\(options.sizeMB)mb.txt"
    let size = buildInput(from: corpus, bytes: options.sizeMB * 1_000_000, at: input)
    let megabytes = Double(size) / 1e6
    // Correctness first: HanziKit's output on the whole input must be opencc's, byte for byte.
    let reference = "\(work)/\(config).opencc.out"
    let ours = "\(work)/\(config).hanzi.out"
    _ = measure([options.opencc, "-c", config, "-i", input, "-o", reference])
    _ = measure([options.hanzi, "convert", "-c", config, input], outputPath: ours)
    let identical = sameFiles(reference, ours)
    try? FileManager.default.removeItem(atPath: reference)
    try? FileManager.default.removeItem(atPath: ours)
    print("## \(config) on \(String(format: "%.1f", megabytes)) MB: output identical to opencc: \(identical)\n")
    print("| converter | median s | MB/s | vs opencc CLI | median CPU s | runs (s) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    let candidates: [(String, [String], Int)] = [
        ("opencc CLI 1.1.6", [options.opencc, "-c", config, "-i", input], options.openCCRuns),
        (
            "hanzi --engine opencc --threads 1",
            [options.hanzi, "convert", "-c", config, "--engine", "opencc", "--threads", "1", input], options.openCCRuns
        ),
        (
            "hanzi (HanziKit engine) --threads 1", [options.hanzi, "convert", "-c", config, "--threads", "1", input],
            options.runs
        ),
        (
            "hanzi (HanziKit engine) --threads 2", [options.hanzi, "convert", "-c", config, "--threads", "2", input],
            options.runs
        ),
    ]
    var baseline = 0.0
    var oneThread = 0.0
    for (name, command, runs) in candidates {
        let measurements = (0..<max(runs, 1)).map { _ in measure(command) }
        let times = measurements.map(\.seconds)
        let middle = median(times)
        let cpu = median(measurements.map(\.cpuSeconds))
        if baseline == 0 { baseline = middle }
        if name.hasSuffix("--threads 1") && name.contains("HanziKit") { oneThread = middle }
        let runsText = times.map { String(format: "%.2f", $0) }.joined(separator: ", ")
        print(
            "| \(name) | \(String(format: "%.3f", middle)) | \(String(format: "%.1f", megabytes / middle)) | "
                + "\(String(format: "%.1f×", baseline / middle)) | \(String(format: "%.2f", cpu)) | \(runsText) |")
        if name.hasSuffix("--threads 2") {
            summary.append(
                "\(config): two threads are \(String(format: "%.2f×", oneThread / middle)) one thread")
        }
    }
    print("\nload average after \(config): \(loadAverage())\n")
}
summary.forEach { print("- \($0)") }
print("")

// Startup: a one-line input, the whole process from exec to exit.
let oneLine = "\(work)/one-line.txt"
_ = FileManager.default.createFile(atPath: oneLine, contents: Data("頭髮後來乾燥，软件和服务器。\n".utf8))
print("## Startup on a one-line input (median of \(options.startupRuns) runs)\n")
print("| command | median ms |")
print("| --- | ---: |")
for config in ["t2s", "s2t", "s2twp"] {
    for (name, extra) in [("hanzi", [String]()), ("hanzi --engine opencc", ["--engine", "opencc"])] {
        let times = (0..<options.startupRuns).map { _ in
            measure([options.hanzi, "convert", "-c", config] + extra + [oneLine]).seconds * 1000
        }
        print("| \(name) -c \(config) | \(String(format: "%.1f", median(times))) |")
    }
    let times = (0..<options.startupRuns).map { _ in
        measure([options.opencc, "-c", config, "-i", oneLine]).seconds * 1000
    }
    print("| opencc -c \(config) | \(String(format: "%.1f", median(times))) |")
}
print("")

// Normalization: every default rule over the Traditional input, beside the opencc CLI converting
// the same file (the tool users would otherwise run over it); start-up is the one-line input's time.
if options.normalizeRuns > 0 {
    let input = "\(work)/t2s-\(options.sizeMB)mb.txt"
    let size = buildInput(from: options.hant, bytes: options.sizeMB * 1_000_000, at: input)
    let megabytes = Double(size) / 1e6
    let startupTimes = (0..<options.startupRuns).map { _ in
        measure([options.hanzi, "normalize", "--script", "hant", oneLine]).seconds
    }
    let startup = median(startupTimes)
    print("## Normalization on \(String(format: "%.1f", megabytes)) MB of Traditional text\n")
    print("start-up (one-line input, median of \(options.startupRuns)): \(String(format: "%.0f", startup * 1000)) ms\n")
    print("| command | median s | MB/s | MB/s after start-up | median CPU s | peak RSS MB | runs (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    let commands: [(String, [String], Int)] = [
        ("opencc -c t2s (reference)", [options.opencc, "-c", "t2s", "-i", input], options.openCCRuns),
        (
            "hanzi normalize --script hant", [options.hanzi, "normalize", "--script", "hant", input],
            options.normalizeRuns
        ),
        ("hanzi normalize (script detected)", [options.hanzi, "normalize", input], options.normalizeRuns),
        ("hanzi check --script hant", [options.hanzi, "check", "--script", "hant", input], options.normalizeRuns),
    ]
    for (name, command, runs) in commands {
        let measurements = (0..<max(runs, 1)).map { _ in measure(command, accepting: [0, 1]) }
        let middle = median(measurements.map(\.seconds))
        let work = name.hasPrefix("hanzi") ? max(middle - startup, 1e-3) : middle
        let runsText = measurements.map { String(format: "%.2f", $0.seconds) }.joined(separator: ", ")
        print(
            "| \(name) | \(String(format: "%.3f", middle)) | \(String(format: "%.1f", megabytes / middle)) | "
                + "\(name.hasPrefix("hanzi") ? String(format: "%.1f", megabytes / work) : "–") | "
                + "\(String(format: "%.2f", median(measurements.map(\.cpuSeconds)))) | "
                + "\(String(format: "%.1f", Double(measurements.map(\.peakKB).max() ?? 0) / 1024)) | \(runsText) |")
    }
    print("\nload average after normalization: \(loadAverage())\n")

    // Each corpus file as it is, the whole process timed (start-up included), beside opencc
    // converting the same file: what a user normalizing one such file sees.
    print("## Normalization of each corpus file, start-up included (median of \(options.normalizeRuns * 2 + 1))\n")
    print("| file | MB | command | median s | MB/s | vs opencc | median CPU s |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for (corpus, script, config) in [(options.hant, "hant", "t2s"), (options.hans, "hans", "s2t")] {
        let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: corpus)[.size] as? Int) ?? 0) / 1e6
        let name = URL(fileURLWithPath: corpus).lastPathComponent
        let runs = options.normalizeRuns * 2 + 1
        var reference = 0.0
        let commands: [(String, [String], Int)] = [
            ("opencc -c \(config) (reference)", [options.opencc, "-c", config, "-i", corpus], options.openCCRuns),
            ("hanzi normalize --script \(script)", [options.hanzi, "normalize", "--script", script, corpus], runs),
            ("hanzi normalize (script detected)", [options.hanzi, "normalize", corpus], runs),
            ("hanzi check --script \(script)", [options.hanzi, "check", "--script", script, corpus], runs),
        ]
        for (command, arguments, count) in commands {
            let measurements = (0..<max(count, 1)).map { _ in measure(arguments, accepting: [0, 1]) }
            let middle = median(measurements.map(\.seconds))
            if reference == 0 { reference = middle }
            print(
                "| \(name) | \(String(format: "%.1f", megabytes)) | \(command) | \(String(format: "%.3f", middle)) | "
                    + "\(String(format: "%.1f", megabytes / middle)) | \(String(format: "%.1f×", reference / middle)) | "
                    + "\(String(format: "%.2f", median(measurements.map(\.cpuSeconds)))) |")
        }
    }
    print("")
}

if options.bigGB > 0 {
    let big = "\(work)/t2s-\(options.bigGB)gb.txt"
    let size = buildInput(from: options.hant, bytes: options.bigGB * 1_000_000_000, at: big)
    print("## Peak memory on \(String(format: "%.2f", Double(size) / 1e9)) GB of Traditional text\n")
    print("| command | seconds | MB/s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: |")
    let commands: [(String, [String])] = [
        ("hanzi convert -c t2s --threads 1", ["convert", "-c", "t2s", "--threads", "1"]),
        ("hanzi convert -c t2s --threads 2", ["convert", "-c", "t2s", "--threads", "2"]),
        ("hanzi normalize --script hant", ["normalize", "--script", "hant"]),
        ("hanzi normalize (script detected)", ["normalize"]),
        ("hanzi check --script hant", ["check", "--script", "hant"]),
    ]
    for (name, arguments) in commands {
        let result = measure([options.hanzi] + arguments + [big], accepting: [0, 1])
        print(
            "| \(name) | \(String(format: "%.2f", result.seconds)) | "
                + "\(String(format: "%.1f", Double(size) / 1e6 / result.seconds)) | "
                + "\(String(format: "%.1f", Double(result.peakKB) / 1024)) |")
    }
    try? FileManager.default.removeItem(atPath: big)
}
