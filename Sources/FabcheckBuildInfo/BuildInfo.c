// The git commit `fabcheck --version` prints. Package.swift defines FABCHECK_GIT_COMMIT from the environment
// variable of the same name (the Makefile sets it); C is used because only a C macro carries a string from the
// build's environment into the binary without generating source files.
#include "FabcheckBuildInfo.h"

#ifndef FABCHECK_GIT_COMMIT
#define FABCHECK_GIT_COMMIT "unknown"
#endif

const char *fabcheck_build_commit(void) { return FABCHECK_GIT_COMMIT; }
