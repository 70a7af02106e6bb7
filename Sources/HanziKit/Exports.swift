// `import HanziKit` brings every layer, as it did when the library was one module.
@_exported import HanziConversion
@_exported import HanziDiff
@_exported import HanziNormalization
@_exported import HanziReporting
@_exported import HanziText
