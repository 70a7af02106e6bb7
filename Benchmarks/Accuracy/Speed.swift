import Foundation
import HanziKit

/// Throughput of one rule over a whole corpus as one document, in MB/s.
func speed(_ rule: some Rule, _ text: String, script: Script) -> Double {
    let clock = ContinuousClock()
    var count = 0
    let elapsed = clock.measure { count = rule.violations(in: RuleContext(text: text, script: script)).count }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    _ = count
    return Double(text.utf8.count) / 1e6 / seconds
}
