#ifndef FABCHECK_BUILD_INFO_H
#define FABCHECK_BUILD_INFO_H

/// The git commit the binary was built from (`make install` passes it in FABCHECK_GIT_COMMIT), or "unknown".
const char *fabcheck_build_commit(void);

#endif
