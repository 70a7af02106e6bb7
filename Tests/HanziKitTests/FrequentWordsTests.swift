import Testing

@testable import HanziConversion
@testable import HanziDiff
@testable import HanziKit
@testable import HanziNormalization
@testable import HanziReporting
@testable import HanziText

@Suite("frequent words")
struct FrequentWordsTests {
    static let words = FrequentWords.shared

    @Test(arguments: ["现在", "現在", "基础", "基礎", "里面", "裡面", "裏面", "硬件"])
    func everydayWordsAreListedInBothScripts(_ word: String) {
        #expect(Self.words.contains(word), "\(word)")
    }

    @Test(arguments: ["现", "八進位製", "籄礎", "AI", ""])
    func characterSequencesThatAreNoWordAreNot(_ text: String) {
        #expect(!Self.words.contains(text), "\(text)")
    }

    @Test func ranksFollowTheFilesOrder() throws {
        #expect(Self.words.count == 20_000)
        #expect(Self.words.rank(of: Self.words.simplifiedWords[0]) == 1)
        let now = try #require(Self.words.rank(of: "现在"))
        #expect(Self.words.rank(of: "現在") == now)
        #expect(Self.words.simplifiedWords[now - 1] == "现在")
        // 现在 is far more frequent than 耶稣: the frequencies are jieba's, not alphabetical.
        #expect(now < (try #require(Self.words.rank(of: "耶稣"))))
    }

    @Test func characterRanksPutCommonCharactersFirst() throws {
        let this = try #require(Self.words.characterRank(of: "這"))
        #expect(Self.words.characterRank(of: "这") == this)
        #expect(this < 50)
        #expect(Self.words.characterRank(of: "稛") == nil, "a rare character is not among the frequent ones")
        #expect(try #require(Self.words.characterRank(of: "裡")) < (try #require(Self.words.characterRank(of: "榜"))))
    }
}
