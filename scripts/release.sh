#!/usr/bin/env bash
# Release gate: the CI suite (.ci/run: debug build and `swift test`), then the adoption check
# (scripts/adoption-check.sh: release build with the static Swift runtime, make install into a temporary prefix,
# ldd, man page, completions, pre-commit hooks on a throwaway repository, grouped output on fattree-k48,
# make uninstall). The release build takes minutes, which is why .ci/run does not run it on every change.
# Usage: scripts/release.sh [--skip-tests]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--skip-tests" ]; then
    .ci/run
fi
scripts/adoption-check.sh
