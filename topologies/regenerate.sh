#!/usr/bin/env bash
# Regenerates every shipped reference design with a release build of fabcheck. A design whose GraphML is larger
# than 1 MB is written as .graphml.gz. With --check, compares instead of writing (exit 1 when a file drifted).
set -euo pipefail
cd "$(dirname "$0")/.."
# FABCHECK=path/to/fabcheck skips the release build (any build writes the same bytes).
fabcheck=${FABCHECK:-}
if [ -z "$fabcheck" ]; then
    swift build -c release --scratch-path .build-release --product fabcheck >/dev/null
    fabcheck=.build-release/release/fabcheck
fi
mode=${1:-write}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
for design in $($fabcheck generate --list | awk '/^Named designs/ {named=1; next} named && NF && !/generate only/ {print $1}'); do
    $fabcheck generate "$design" -o "$scratch/$design.graphml" >/dev/null
    name="$design.graphml"
    if [ "$(stat -c %s "$scratch/$design.graphml")" -gt 1000000 ]; then
        $fabcheck generate "$design" -o "$scratch/$design.graphml.gz" >/dev/null
        name="$design.graphml.gz"
    fi
    if [ "$mode" = "--check" ]; then
        if ! cmp -s "$scratch/$name" "topologies/$name"; then
            echo "topologies/$name differs from what the generator writes" >&2
            status=1
        fi
    else
        cp "$scratch/$name" "topologies/$name"
        rm -f "topologies/$design.graphml$([ "$name" = "$design.graphml" ] && echo .gz)"
        echo "topologies/$name"
    fi
done
exit $status
