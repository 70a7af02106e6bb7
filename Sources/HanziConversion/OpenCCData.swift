import HanziText

/// What the layers above conversion read of OpenCC's data, and all they may read: a
/// configuration's dictionaries as entries, and a key that changes when any file behind them does.
/// How the data is loaded, compiled and cached stays inside conversion.
package enum OpenCCData {
    /// The dictionaries of `configuration` (a name such as `t2s.json`, or a path), loaded by OpenCC.
    package static func dictionaries(of configuration: String) throws(HanziKitError) -> OpenCCDictionaries {
        try OpenCCDictionaries.load(configuration: configuration)
    }

    /// A key naming every file OpenCC reads for `configuration` with its size, modification time
    /// and inode, for caches built from them; nil when the files cannot be pinned down.
    package static func filesKey(of configuration: String) -> String? {
        CompiledCache.key(configuration: configuration)
    }
}
