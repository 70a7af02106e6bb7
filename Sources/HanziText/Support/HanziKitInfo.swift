/// Facts about this build of HanziKit.
public enum HanziKitInfo {
    /// HanziKit's semantic version.
    public static let version = "0.1.0"
}
