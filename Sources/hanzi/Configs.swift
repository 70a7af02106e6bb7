import ArgumentParser
import HanziKit

struct Configs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "configs",
        abstract: "List OpenCC's conversion configurations.",
        discussion: "Any of these names, or the path of an OpenCC configuration file, works with `convert -c`."
    )

    func run() throws {
        let width = ConversionConfig.allCases.map(\.rawValue.count).max() ?? 0
        for config in ConversionConfig.allCases {
            let padding = String(repeating: " ", count: width - config.rawValue.count)
            try writeToStandardOutput("\(config.rawValue)\(padding)  \(config.summary)\n")
        }
    }
}
