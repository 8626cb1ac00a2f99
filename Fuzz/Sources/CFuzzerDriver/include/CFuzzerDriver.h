#ifndef FABCHECK_CFUZZERDRIVER_H
#define FABCHECK_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, LLVM 11+): parses libFuzzer flags from argv and runs the fuzzing loop.
/// SwiftPM links an executable target's own entry point as `main`, so the target's main.swift hands over here.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
