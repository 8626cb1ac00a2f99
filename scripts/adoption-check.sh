#!/usr/bin/env bash
# Issue 21 end to end, as a new user adopts fabcheck: `make install` into a temporary prefix; the installed binary
# needs only libxml2 and the C runtime (ldd) and runs from a folder without the Swift toolchain on PATH;
# `man fabcheck` and the completions are installed; the pre-commit hooks run through the real pre-commit (PyPI) on
# a throwaway repository; a flood design (topologies/fattree-k48.graphml.gz, single-homed hosts) prints grouped
# findings, --verbose and JSON every one; folders and - (stdin) are accepted; progress appears on a terminal only;
# `make uninstall` removes everything it installed.
#
# Usage: scripts/adoption-check.sh            (a release build: several minutes on a loaded machine)
# Run by scripts/release.sh; not by .ci/run, whose budget is the debug test suite.
# Needs: swift, make, git, python3 (a venv with pre-commit from PyPI is made unless pre-commit is on PATH), man.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fabcheck-adoption.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
step() { printf '\n== %s\n' "$*"; }
fail() { echo "adoption-check: FAIL: $*" >&2; exit 1; }
# The user's shell after installing: the prefix and the system, no Swift toolchain, no library path.
user_env=(env -i "HOME=$work/home" "PATH=$prefix/bin:/usr/local/bin:/usr/bin:/bin" "TERM=dumb" "LANG=C.UTF-8")
mkdir -p "$work/home" "$work/designs"

step "make install PREFIX=$prefix"
make install PREFIX="$prefix"
for file in bin/fabcheck share/man/man1/fabcheck.1 share/bash-completion/completions/fabcheck \
            share/zsh/site-functions/_fabcheck share/fish/vendor_completions.d/fabcheck.fish; do
    [ -s "$prefix/$file" ] || fail "make install did not install $file"
done

step "ldd: the Swift runtime and Foundation are linked in; libxml2 and the C runtime are all it needs"
ldd "$prefix/bin/fabcheck" | tee "$work/ldd"
grep -q 'not found' "$work/ldd" && fail "a shared library is missing"
grep -Eq 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime' "$work/ldd" && fail "the Swift runtime is linked dynamically"
grep -q 'libxml2\.so' "$work/ldd" || fail "libxml2 is not among the run-time libraries"
# Everything else is the C runtime, or libxml2's own dependencies (zlib, lzma, ICU).
unexpected=$(grep -Ev 'linux-vdso|ld-linux|lib(c|m|dl|pthread|rt|util|stdc\+\+|gcc_s|xml2|z|lzma|icuuc|icudata)\.so' "$work/ldd" || true)
[ -z "$unexpected" ] || fail "unexpected run-time libraries: $unexpected"
echo "direct dependencies (NEEDED):"
objdump -p "$prefix/bin/fabcheck" 2>/dev/null | awk '/NEEDED/ {print "  " $2}' || true

step "the installed binary from a folder without the Swift toolchain on PATH"
cp topologies/fattree-k48.graphml.gz topologies/fattree-k4.graphml "$work/designs/"
cd "$work/designs"
if "${user_env[@]}" sh -c 'command -v swift' >/dev/null; then fail "swift is still on the user PATH"; fi
version=$("${user_env[@]}" fabcheck --version)
echo "fabcheck --version: $version"
commit=$(git -C "$repo" rev-parse HEAD)
case "$version" in "0.1.0 (commit $commit"*) ;; *) fail "--version does not name commit $commit: $version" ;; esac

step "man fabcheck"
"${user_env[@]}" MANPATH="$prefix/share/man" MANPAGER=cat MANWIDTH=100 man fabcheck > "$work/man.txt" 2>&1 || { cat "$work/man.txt"; fail "man fabcheck failed"; }
head -n 12 "$work/man.txt"
grep -q 'check' "$work/man.txt" && grep -q -- '--fail-on' "$work/man.txt" || fail "the man page does not document check --fail-on"

step "completions parse"
bash -n "$prefix/share/bash-completion/completions/fabcheck" || fail "bash completion has a syntax error"
grep -q 'validate' "$prefix/share/bash-completion/completions/fabcheck" || fail "bash completion lacks the subcommands"
if command -v zsh >/dev/null; then zsh -n "$prefix/share/zsh/site-functions/_fabcheck" || fail "zsh completion has a syntax error"; fi
if command -v fish >/dev/null; then fish -n "$prefix/share/fish/vendor_completions.d/fabcheck.fish" || fail "fish completion has a syntax error"; fi

step "a flood design: fattree-k48 (27,648 single-homed hosts) gives grouped findings"
set +e
"${user_env[@]}" fabcheck check fattree-k48.graphml.gz > "$work/k48.txt" 2> "$work/k48.err"
grouped_status=$?
"${user_env[@]}" fabcheck check --verbose fattree-k48.graphml.gz > "$work/k48-verbose.txt" 2>/dev/null
"${user_env[@]}" fabcheck check --format json fattree-k48.graphml.gz > "$work/k48.json" 2>/dev/null
"${user_env[@]}" fabcheck check --format github fattree-k48.graphml.gz > "$work/k48.github" 2>/dev/null
set -e
[ "$grouped_status" -le 1 ] || { cat "$work/k48.err"; fail "check exited $grouped_status"; }
cat "$work/k48.txt"
python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
text = open(f"{work}/k48.txt").read().splitlines()
verbose = open(f"{work}/k48-verbose.txt").read().splitlines()
github = open(f"{work}/k48.github").read().splitlines()
findings = json.load(open(f"{work}/k48.json"))["findings"]
# Each finding line ends with [rule]; a grouped one says "N kinds: ... — a, b, c, … (M more)".
lines = [l for l in text if re.search(r"\[[a-z_]+\]$", l) and not l.startswith("    ")]
counted = 0
groups = 0
for line in lines:
    match = re.search(r": (error|warning|note): (\d+) [A-Za-z]+: .* — .*\[[a-z_]+\]$", line)
    if match:
        groups += 1
        counted += int(match.group(2))
    else:
        counted += 1
shown = [l for l in text if l.startswith("suppressed")]
assert groups >= 1, "no grouped line"
assert any(re.search(r", … \(\d+ more\) \[", l) for l in lines), "no '… (N more)' list"
assert counted == len(findings), f"groups count {counted} findings, JSON has {len(findings)}"
verbose_lines = [l for l in verbose if re.search(r"\[[a-z_]+\]$", l) and not l.startswith("    ")]
assert len(verbose_lines) == len(findings), f"--verbose lists {len(verbose_lines)}, JSON has {len(findings)}"
annotations = [l for l in github if l.startswith("::")]
assert len(annotations) == len(lines), f"{len(annotations)} GitHub annotations for {len(lines)} text lines"
print(f"{len(findings)} findings: {len(lines)} lines in text and GitHub output ({groups} grouped), "
      f"{len(verbose_lines)} with --verbose, {len(findings)} in JSON")
PY

step "folders and standard input"
mkdir -p "$work/designs/pods/a"
cp fattree-k4.graphml "$work/designs/pods/a/k4.graphml"
gzip -c fattree-k4.graphml > "$work/designs/pods/k4b.graphml.gz"
"${user_env[@]}" fabcheck validate pods | tee "$work/validate.txt"
[ "$(cut -d: -f1 "$work/validate.txt" | tr '\n' ' ')" = "pods/a/k4.graphml pods/k4b.graphml.gz " ] || fail "folder order"
"${user_env[@]}" fabcheck check - < pods/k4b.graphml.gz | tail -n 1
"${user_env[@]}" fabcheck info - < fattree-k4.graphml | head -n 2

step "progress: on a terminal only"
script -qec "env PATH=$prefix/bin:/usr/bin:/bin TERM=xterm fabcheck check fattree-k48.graphml.gz >/dev/null" /dev/null > "$work/tty.txt" || true
if grep -q 'fabcheck check: ' "$work/tty.txt"; then
    echo "terminal: $(tr '\r' '\n' < "$work/tty.txt" | grep 'fabcheck check: ' | tail -n 1)"
else
    echo "terminal: the check finished within a second, no progress line needed"
fi
grep -q $'\r' "$work/k48.err" && fail "progress written to redirected standard error"
echo "redirected: no progress"

step "pre-commit hooks on a throwaway repository"
git -C "$repo" cat-file -e HEAD:.pre-commit-hooks.yaml || fail ".pre-commit-hooks.yaml is not committed"
if command -v pre-commit >/dev/null; then
    precommit=$(command -v pre-commit)
else
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet pre-commit
    precommit=$work/venv/bin/pre-commit
fi
"$precommit" --version
layouts=$work/layouts
mkdir -p "$layouts/pods"
cd "$layouts"
git init -q
git config user.email adoption@example.invalid
git config user.name "adoption check"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $commit
    hooks:
      - id: fabcheck-validate
      - id: fabcheck-check
YAML
hook_env=("${user_env[@]}" "PRE_COMMIT_HOME=$work/pre-commit-home")
"${hook_env[@]}" "$precommit" install
cp "$work/designs/fattree-k4.graphml" pods/k4.graphml
git add .pre-commit-config.yaml pods/k4.graphml
"${hook_env[@]}" git commit -q -m "a clean pod" > "$work/commit-good.txt" 2>&1 || { cat "$work/commit-good.txt"; fail "the hooks refused a clean design"; }
cat "$work/commit-good.txt"
# A layout with a typo: the second edge names a node that does not exist.
cat > pods/broken.graphml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed">
    <node id="gpu0"/>
    <node id="leaf0"/>
    <edge source="gpu0" target="leaf0"/>
    <edge source="gpu1" target="leaf0"/>
  </graph>
</graphml>
XML
git add pods/broken.graphml
if "${hook_env[@]}" git commit -q -m "a broken pod" > "$work/commit-bad.txt" 2>&1; then
    cat "$work/commit-bad.txt"; fail "the hooks let a broken design through"
fi
cat "$work/commit-bad.txt"
grep -q 'pods/broken.graphml:7:5: error: ' "$work/commit-bad.txt" || fail "the hook output does not name pods/broken.graphml:7:5"
[ "$(git rev-list --count HEAD)" = 1 ] || fail "the broken commit was made"
cd "$repo"

step "make uninstall"
make uninstall PREFIX="$prefix"
left=$(find "$prefix" -type f | wc -l)
[ "$left" = 0 ] || { find "$prefix" -type f; fail "make uninstall left $left files"; }

echo
echo "adoption-check: ok"
