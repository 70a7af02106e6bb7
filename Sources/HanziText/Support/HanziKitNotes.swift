/// What the library did that a user may want to know but that changes no result, such as a
/// damaged cache file rebuilt or one that is not a regular file passed over. Nothing is said
/// unless a handler is set; the `hanzi` command sets one for `--verbose`.
public enum HanziKitNotes {
    private static let handler = Locked<(@Sendable (String) -> Void)?>(nil)

    /// Sends every later note to `receive`, or drops them when it is nil.
    public static func setHandler(_ receive: (@Sendable (String) -> Void)?) {
        handler.withLock { $0 = receive }
    }

    package static func note(_ message: String) {
        let receive = handler.withLock { $0 }
        receive?(message)
    }
}
