import CFuzzerDriver

#if canImport(Glibc)
    import Glibc
#endif

// libFuzzer driver for the forwarding-table parser of `--forwarding-tables` (see docs/fuzzing.md).
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) })
