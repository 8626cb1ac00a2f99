import CFuzzerDriver

#if canImport(Glibc)
    import Glibc
#endif

// libFuzzer driver for the lldp parser of `fabcheck verify` (see docs/fuzzing.md).
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) })
