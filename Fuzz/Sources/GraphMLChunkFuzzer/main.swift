import CFuzzerDriver

#if canImport(Glibc)
    import Glibc
#endif

// SwiftPM links this file's top-level code as the program's `main`; libFuzzer's own `main` is not used, so hand
// argv (the libFuzzer flags, corpus folders or crash files) to its driver.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in graphMLChunkFuzzerTestOneInput(data, size) })
