#!/usr/bin/env python3
"""House limits on function and line length for Sources/, as a ratchet (run by .ci/run).

Limits: a function (func, init, subscript, deinit, computed body) has at most FUNCTION_LIMIT lines from its
declaration to its closing brace; a source line has at most LINE_LIMIT characters. Code older than the limits is
listed in scripts/lint-lengths.allow with the length it had: it may shrink, never grow, and a new entry is never
needed for new code. `--update` rewrites the allow list from the current tree (only when a listed item shrank or
was removed; adding over-limit code is refused). `--baseline` writes the list from the tree as it is: it was run
once, when the limits were introduced.

Swift is read with a small tokenizer that skips comments and string literals (including multi-line and raw
strings), so braces inside them do not count.
"""
import re
import sys
from pathlib import Path

FUNCTION_LIMIT = 80
LINE_LIMIT = 160
ROOT = Path(__file__).resolve().parent.parent
ALLOW = ROOT / "scripts" / "lint-lengths.allow"
DECLARATION = re.compile(r"\b(func\s+[^\s(<]+|init[?!]?\s*[(<]|subscript\s*[(<]|deinit\b)")


def code_mask(text):
    """The text with comments and string literal contents replaced by spaces (newlines kept)."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif text[i] == '"' or (text[i] == "#" and re.match(r'#+"', text[i:])):
            hashes = len(re.match(r"#*", text[i:]).group(0))
            start = i + hashes
            triple = text.startswith('"""', start)
            quote = '"""' if triple else '"'
            close = quote + "#" * hashes
            j = start + len(quote)
            depth = 0  # parentheses of string interpolations \( ... ) are code
            while j < n:
                if hashes == 0 and text[j] == "\\":
                    if j + 1 < n and text[j + 1] == "(":
                        # skip the interpolation's code, counting nested parentheses
                        k, depth = j + 2, 1
                        while k < n and depth:
                            depth += {"(": 1, ")": -1}.get(text[k], 0)
                            k += 1
                        j = k
                        continue
                    j += 2
                    continue
                if text.startswith(close, j):
                    j += len(close)
                    break
                if not triple and text[j] == "\n":
                    break
                j += 1
            blank(start + len(quote), max(start + len(quote), j - len(close)))
            i = j
        else:
            i += 1
    return "".join(out)


def functions(path):
    """(name, first line, length in lines) of every function body in the file."""
    text = path.read_text(encoding="utf-8")
    masked = code_mask(text)
    line_starts = [0]
    for match in re.finditer("\n", masked):
        line_starts.append(match.end())

    def line_of(offset):
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    result = []
    for match in DECLARATION.finditer(masked):
        # the body opens at the first '{' at parenthesis depth 0 after the declaration (protocol requirements and
        # declarations without a body reach a newline-terminated end first and are skipped)
        depth, j = 0, match.end()
        while j < len(masked):
            c = masked[j]
            if c in "([<":
                depth += 1
            elif c in ")]>":
                depth = max(0, depth - 1)
            elif c == "{" and depth == 0:
                break
            elif c == "}" and depth == 0:
                j = -1
                break
            elif c == "\n" and depth == 0 and not re.search(r"(->|throws|async|where|,|\()\s*$", masked[match.start():j]):
                nxt = masked[j + 1:].lstrip(" \t")
                if not nxt.startswith(("->", "throws", "where", "{", "async", "rethrows")):
                    j = -1
                    break
            j += 1
        if j < 0 or j >= len(masked):
            continue
        braces, k = 1, j + 1
        while k < len(masked) and braces:
            braces += {"{": 1, "}": -1}.get(masked[k], 0)
            k += 1
        name = re.sub(r"\s+", " ", match.group(1)).rstrip("(<")
        first, last = line_of(match.start()), line_of(k - 1)
        result.append((name, first, last - first + 1))
    return result


def current():
    files = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "Sources").rglob("*.swift"))
    items = {}
    for name in files:
        path = ROOT / name
        counts = {}
        for function, first, length in functions(path):
            if length > FUNCTION_LIMIT:
                key = f"{name} {function}"
                counts[key] = counts.get(key, 0) + 1
                items[f"{key}#{counts[key]}"] = (length, first, "function")
        long_lines = [number for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1)
                      if len(line) > LINE_LIMIT]
        if long_lines:
            items[f"{name} lines-over-limit"] = (len(long_lines), long_lines[-1], "lines")
    return items


def read_allow():
    allowed = {}
    if ALLOW.exists():
        for line in ALLOW.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                key, value = line.rsplit(" ", 1)
                allowed[key] = int(value)
    return allowed


def main():
    items, allowed = current(), read_allow()
    problems = []
    for key, (length, line, kind) in sorted(items.items()):
        limit = allowed.get(key)
        file = key.split(" ", 1)[0]
        if kind == "lines":
            if length > (limit or 0):
                problems.append(f"{file}:{line}: {length} lines longer than {LINE_LIMIT} characters "
                                f"(allowed {limit or 0}): wrap the new ones")
            continue
        what = f"function '{key.split(' ', 1)[1].rsplit('#', 1)[0]}'"
        if limit is None:
            problems.append(f"{file}:{line}: {what} is {length} lines (limit {FUNCTION_LIMIT}): split it")
        elif length > limit:
            problems.append(f"{file}:{line}: {what} grew to {length} lines (allowed {limit}, limit {FUNCTION_LIMIT} for new code)")
    if "--update" in sys.argv or "--baseline" in sys.argv:
        if problems and "--baseline" not in sys.argv:
            print("\n".join(problems), file=sys.stderr)
            print("refusing to update: fix the over-limit code first", file=sys.stderr)
            return 1
        body = "".join(f"{key} {items[key][0]}\n" for key in sorted(items))
        ALLOW.write_text("# Code older than the limits of scripts/lint-lengths.py: functions with their length in lines, files with\n"
                         "# their count of over-long lines. Entries may shrink or go, never grow (python3 scripts/lint-lengths.py --update).\n"
                         + body, encoding="utf-8")
        print(f"{len(items)} entries")
        return 0
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    stale = [key for key in allowed if key not in items or items[key][0] < allowed[key]]
    functions_over = sum(1 for value in items.values() if value[2] == "function")
    lines_over = sum(value[0] for value in items.values() if value[2] == "lines")
    print(f"lint-lengths: ok (functions <= {FUNCTION_LIMIT} lines, lines <= {LINE_LIMIT} characters; "
          f"{functions_over} older functions and {lines_over} older lines allowed, {len(stale)} shrank: "
          f"run with --update to tighten)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
