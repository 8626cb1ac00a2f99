// Declarations only: LLVMFuzzerRunDriver is provided by libclang_rt.fuzzer when linking with -sanitize=fuzzer.
#include "CFuzzerDriver.h"
