/// Finds the elements two sequences of ids have in common, in order: the backbone of every diff.
///
/// Lines use patience alignment (lines unique in both sides anchor the rest, then each gap is
/// aligned the same way), which is near-linear on large files with scattered edits and never
/// pairs up common lines such as blank ones across unrelated text. Gaps without unique lines,
/// and the characters inside changed lines, use Myers' O(ND) shortest edit script.
enum SequenceAlignment {
    /// A pair of equal elements: an index into the old sequence and one into the new.
    struct Match: Equatable {
        var old: Int
        var new: Int
    }

    /// Beyond this many edits Myers' search stops and the region counts as replaced whole,
    /// which bounds time and memory (the search keeps O(D²) integers) on unrelated texts.
    static let maximumEditCount = 2_000

    /// Patience alignment of two id sequences; matches sorted by position.
    static func patienceMatches(_ old: [Int], _ new: [Int]) -> [Match] {
        var matches: [Match] = []
        var regions: [(old: Range<Int>, new: Range<Int>)] = [(0..<old.count, 0..<new.count)]
        // An explicit stack rather than recursion, so deeply nested gaps cannot overflow the stack.
        while let region = regions.popLast() {
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
            if oldLow == oldHigh || newLow == newHigh { continue }
            let anchors = uniqueAnchors(old, oldLow..<oldHigh, new, newLow..<newHigh)
            if anchors.isEmpty {
                matches += myersMatches(old, oldLow..<oldHigh, new, newLow..<newHigh) ?? []
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

    /// Myers' shortest edit script between two regions; nil when it needs more than
    /// `maximumEditCount` edits.
    static func myersMatches(
        _ old: [Int], _ oldRange: Range<Int>, _ new: [Int], _ newRange: Range<Int>,
        maximumEdits: Int = maximumEditCount
    ) -> [Match]? {
        let oldCount = oldRange.count
        let newCount = newRange.count
        let limit = min(oldCount + newCount, maximumEdits)
        let offset = limit + 1
        var furthest = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] holds diagonals -d-1...d+1 of `furthest` as it was before step d.
        var trace: [[Int]] = []
        var finalEditCount: Int?
        search: for editCount in 0...limit {
            trace.append(Array(furthest[(offset - editCount - 1)...(offset + editCount + 1)]))
            for diagonal in stride(from: -editCount, through: editCount, by: 2) {
                var x: Int
                if diagonal == -editCount
                    || (diagonal != editCount && furthest[offset + diagonal - 1] < furthest[offset + diagonal + 1])
                {
                    x = furthest[offset + diagonal + 1]
                } else {
                    x = furthest[offset + diagonal - 1] + 1
                }
                var y = x - diagonal
                while x < oldCount && y < newCount && old[oldRange.lowerBound + x] == new[newRange.lowerBound + y] {
                    x += 1
                    y += 1
                }
                furthest[offset + diagonal] = x
                if x >= oldCount && y >= newCount {
                    finalEditCount = editCount
                    break search
                }
            }
        }
        guard let finalEditCount else { return nil }
        var matches: [Match] = []
        var x = oldCount
        var y = newCount
        for editCount in stride(from: finalEditCount, through: 0, by: -1) {
            let before = trace[editCount]
            func furthestBefore(_ diagonal: Int) -> Int { before[diagonal + editCount + 1] }
            let diagonal = x - y
            let previousDiagonal =
                (diagonal == -editCount
                    || (diagonal != editCount && furthestBefore(diagonal - 1) < furthestBefore(diagonal + 1)))
                ? diagonal + 1 : diagonal - 1
            let previousX = editCount == 0 ? 0 : furthestBefore(previousDiagonal)
            let previousY = editCount == 0 ? 0 : previousX - previousDiagonal
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                matches.append(Match(old: oldRange.lowerBound + x, new: newRange.lowerBound + y))
            }
            x = previousX
            y = previousY
        }
        return matches.reversed()
    }
}
