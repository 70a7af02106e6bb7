import HanziConversion
import HanziText

/// Finds the elements two sequences of ids have in common, in order: the backbone of every diff.
///
/// Lines use patience alignment (lines unique in both sides anchor the rest, then each gap is
/// aligned the same way), which is near-linear on large files with scattered edits and never
/// pairs up common lines such as blank ones across unrelated text. Gaps without unique lines,
/// and the characters inside changed lines, use Myers' O(ND) shortest edit script. A gap without
/// unique lines and with more edits than Myers' budget is split at a run of lines both sides
/// share, found from the rarest line (histogram alignment, as git's), and each side aligned again.
enum SequenceAlignment {
    /// A pair of equal elements: an index into the old sequence and one into the new.
    struct Match: Equatable {
        var old: Int
        var new: Int
    }

    /// Beyond this many edits Myers' search stops and the region counts as replaced whole,
    /// which bounds time and memory (the search keeps O(D²) integers) on unrelated texts.
    static let maximumEditCount = 2_000

    /// Matches the equal elements at both ends of a region and returns what is left between them.
    private static func trimmingCommonEnds(
        _ old: [Int], _ new: [Int], _ region: (old: Range<Int>, new: Range<Int>), into matches: inout [Match]
    ) -> (oldLow: Int, oldHigh: Int, newLow: Int, newHigh: Int) {
        var oldLow = region.old.lowerBound
        var oldHigh = region.old.upperBound
        var newLow = region.new.lowerBound
        var newHigh = region.new.upperBound
        while oldLow < oldHigh && newLow < newHigh && old[oldLow] == new[newLow] {
            matches.append(Match(old: oldLow, new: newLow))
            oldLow += 1
            newLow += 1
        }
        while oldLow < oldHigh && newLow < newHigh && old[oldHigh - 1] == new[newHigh - 1] {
            oldHigh -= 1
            newHigh -= 1
            matches.append(Match(old: oldHigh, new: newHigh))
        }
        return (oldLow, oldHigh, newLow, newHigh)
    }

    /// Patience alignment of two id sequences; matches sorted by position.
    static func patienceMatches(_ old: [Int], _ new: [Int]) -> [Match] {
        var matches: [Match] = []
        var regions: [(old: Range<Int>, new: Range<Int>)] = [(0..<old.count, 0..<new.count)]
        // An explicit stack rather than recursion, so deeply nested gaps cannot overflow the stack.
        while let region = regions.popLast() {
            let (oldLow, oldHigh, newLow, newHigh) = trimmingCommonEnds(old, new, region, into: &matches)
            if oldLow == oldHigh || newLow == newHigh { continue }
            let anchors = uniqueAnchors(old, oldLow..<oldHigh, new, newLow..<newHigh)
            if anchors.isEmpty {
                if let aligned = myersMatches(old, oldLow..<oldHigh, new, newLow..<newHigh) {
                    matches += aligned
                } else if let run = rarestCommonRun(old, oldLow..<oldHigh, new, newLow..<newHigh) {
                    for step in 0..<run.count { matches.append(Match(old: run.old + step, new: run.new + step)) }
                    regions.append((oldLow..<run.old, newLow..<run.new))
                    regions.append((run.old + run.count..<oldHigh, run.new + run.count..<newHigh))
                }
                continue
            }
            var oldStart = oldLow
            var newStart = newLow
            for anchor in anchors {
                matches.append(anchor)
                regions.append((oldStart..<anchor.old, newStart..<anchor.new))
                oldStart = anchor.old + 1
                newStart = anchor.new + 1
            }
            regions.append((oldStart..<oldHigh, newStart..<newHigh))
        }
        matches.sort { $0.old < $1.old }
        return matches
    }

    /// The longest increasing run of elements that occur exactly once in each region.
    private static func uniqueAnchors(
        _ old: [Int], _ oldRange: Range<Int>, _ new: [Int], _ newRange: Range<Int>
    ) -> [Match] {
        // For each id: occurrences in old, in new, and the index of its (last) occurrence in new.
        var counts: [Int: (old: Int, new: Int, newIndex: Int)] = [:]
        counts.reserveCapacity(oldRange.count)
        for index in oldRange {
            counts[old[index], default: (0, 0, 0)].old += 1
        }
        for index in newRange {
            if var entry = counts[new[index]] {
                entry.new += 1
                entry.newIndex = index
                counts[new[index]] = entry
            }
        }
        var candidates: [Match] = []
        for index in oldRange {
            if let entry = counts[old[index]], entry.old == 1, entry.new == 1 {
                candidates.append(Match(old: index, new: entry.newIndex))
            }
        }
        return longestIncreasingRun(candidates)
    }

    /// Histogram alignment's split: among the elements both regions hold, those rarest in `old`;
    /// of the runs of equal elements through their occurrences, the longest. Nil when the regions
    /// share no element. Linear in the regions plus the runs' lengths: a scan of `new` skips past
    /// the longest run it found at each position.
    static func rarestCommonRun(
        _ old: [Int], _ oldRange: Range<Int>, _ new: [Int], _ newRange: Range<Int>
    ) -> (old: Int, new: Int, count: Int)? {
        var occurrences: [Int: [Int]] = [:]
        for index in oldRange { occurrences[old[index], default: []].append(index) }
        var rarest = Int.max
        for index in newRange {
            if let found = occurrences[new[index]] { rarest = min(rarest, found.count) }
        }
        guard rarest != .max else { return nil }
        var best: (old: Int, new: Int, count: Int)?
        var newIndex = newRange.lowerBound
        while newIndex < newRange.upperBound {
            var next = newIndex + 1
            if let found = occurrences[new[newIndex]], found.count == rarest {
                for oldIndex in found {
                    var start = 0
                    while oldIndex - start > oldRange.lowerBound && newIndex - start > newRange.lowerBound
                        && old[oldIndex - start - 1] == new[newIndex - start - 1]
                    {
                        start += 1
                    }
                    var end = 1
                    while oldIndex + end < oldRange.upperBound && newIndex + end < newRange.upperBound
                        && old[oldIndex + end] == new[newIndex + end]
                    {
                        end += 1
                    }
                    if start + end > best?.count ?? 0 {
                        best = (oldIndex - start, newIndex - start, start + end)
                    }
                    next = max(next, newIndex + end)
                }
            }
            newIndex = next
        }
        return best
    }

    /// Patience sorting: the longest subsequence of `candidates` (sorted by `old`) increasing in `new`.
    private static func longestIncreasingRun(_ candidates: [Match]) -> [Match] {
        guard !candidates.isEmpty else { return [] }
        var pileTops: [Int] = []  // index into candidates of the top card of each pile
        var previous = [Int](repeating: -1, count: candidates.count)
        for (index, candidate) in candidates.enumerated() {
            var low = 0
            var high = pileTops.count
            while low < high {
                let middle = (low + high) / 2
                if candidates[pileTops[middle]].new < candidate.new { low = middle + 1 } else { high = middle }
            }
            if low > 0 { previous[index] = pileTops[low - 1] }
            if low == pileTops.count { pileTops.append(index) } else { pileTops[low] = index }
        }
        var run: [Match] = []
        var cursor = pileTops.last ?? -1
        while cursor >= 0 {
            run.append(candidates[cursor])
            cursor = previous[cursor]
        }
        return run.reversed()
    }

    /// Myers' shortest edit script between two regions, in linear space (the middle-snake
    /// divide and conquer); nil when it needs more than about `maximumEdits` edits.
    static func myersMatches(
        _ old: [Int], _ oldRange: Range<Int>, _ new: [Int], _ newRange: Range<Int>,
        maximumEdits: Int = maximumEditCount
    ) -> [Match]? {
        var matches: [Match] = []
        var regions: [(old: Range<Int>, new: Range<Int>)] = [(oldRange, newRange)]
        var isTopLevel = true
        while let region = regions.popLast() {
            let (oldLow, oldHigh, newLow, newHigh) = trimmingCommonEnds(old, new, region, into: &matches)
            if oldLow == oldHigh || newLow == newHigh { continue }
            // Only the first search can run over the budget: every later region lies on its path.
            let budget = isTopLevel ? maximumEdits / 2 + 1 : Int.max
            isTopLevel = false
            switch middleSnakeSplit(old, oldLow..<oldHigh, new, newLow..<newHigh, maximumSteps: budget) {
            case .split(let split):
                regions.append((oldLow..<split.old, newLow..<split.new))
                regions.append((split.old..<oldHigh, split.new..<newHigh))
            case .nothingInCommon:
                continue
            case .overBudget:
                return nil
            }
        }
        matches.sort { $0.old < $1.old }
        return matches
    }

    private enum MiddleSnake {
        /// A point on a shortest edit path, splitting the problem in two.
        case split(Match)
        /// The paths meet only after every step: the regions share no element.
        case nothingInCommon
        /// The search took more than its allowed steps.
        case overBudget
    }

    /// Searches from both ends at once until the paths meet (Myers 1986, section 4b).
    private static func middleSnakeSplit(
        _ old: [Int], _ oldRange: Range<Int>, _ new: [Int], _ newRange: Range<Int>, maximumSteps: Int
    ) -> MiddleSnake {
        let oldCount = oldRange.count
        let newCount = newRange.count
        let oldBase = oldRange.lowerBound
        let newBase = newRange.lowerBound
        let allSteps = (oldCount + newCount + 1) / 2
        let steps = min(allSteps, maximumSteps)
        let offset = steps + 1
        let length = 2 * steps + 3
        // forward[k]: furthest x on diagonal k from the start; backward[k]: from the end, mirrored.
        var forward = [Int](repeating: -1, count: length)
        var backward = [Int](repeating: -1, count: length)
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let delta = oldCount - newCount
        // With an odd delta the paths meet on a forward step, with an even one on a backward step.
        let meetsGoingForward = delta % 2 != 0
        var forwardStartTrim = 0
        var forwardEndTrim = 0
        var backwardStartTrim = 0
        var backwardEndTrim = 0
        for step in 0..<steps {
            var diagonal = -step + forwardStartTrim
            while diagonal <= step - forwardEndTrim {
                defer { diagonal += 2 }
                let index = offset + diagonal
                var x =
                    diagonal == -step || (diagonal != step && forward[index - 1] < forward[index + 1])
                    ? forward[index + 1] : forward[index - 1] + 1
                var y = x - diagonal
                while x < oldCount && y < newCount && old[oldBase + x] == new[newBase + y] {
                    x += 1
                    y += 1
                }
                forward[index] = x
                if x > oldCount {
                    forwardEndTrim += 2  // ran off the right edge
                } else if y > newCount {
                    forwardStartTrim += 2  // ran off the bottom edge
                } else if meetsGoingForward {
                    let mirrored = offset + delta - diagonal
                    if mirrored >= 0 && mirrored < length && backward[mirrored] != -1
                        && x >= oldCount - backward[mirrored]
                    {
                        return .split(Match(old: oldBase + x, new: newBase + y))
                    }
                }
            }
            diagonal = -step + backwardStartTrim
            while diagonal <= step - backwardEndTrim {
                defer { diagonal += 2 }
                let index = offset + diagonal
                var x =
                    diagonal == -step || (diagonal != step && backward[index - 1] < backward[index + 1])
                    ? backward[index + 1] : backward[index - 1] + 1
                var y = x - diagonal
                while x < oldCount && y < newCount
                    && old[oldBase + oldCount - x - 1] == new[newBase + newCount - y - 1]
                {
                    x += 1
                    y += 1
                }
                backward[index] = x
                if x > oldCount {
                    backwardEndTrim += 2
                } else if y > newCount {
                    backwardStartTrim += 2
                } else if !meetsGoingForward {
                    let mirrored = offset + delta - diagonal
                    if mirrored >= 0 && mirrored < length && forward[mirrored] != -1 {
                        let forwardX = forward[mirrored]
                        let forwardY = forwardX - (mirrored - offset)
                        if forwardX >= oldCount - x {
                            return .split(Match(old: oldBase + forwardX, new: newBase + forwardY))
                        }
                    }
                }
            }
        }
        // Meeting would take the last step, so every element is an edit: nothing in common.
        return steps == allSteps ? .nothingInCommon : .overBudget
    }
}
