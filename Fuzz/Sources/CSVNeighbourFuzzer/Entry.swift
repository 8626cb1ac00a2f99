import ObservedFuzzSupport

/// libFuzzer entry point (also what `-runs` and crash reproduction call): the csv parser, then the matcher.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    observedFuzzerTestOneInput(data, size, format: .csv)
}
