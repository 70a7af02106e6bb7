#!/usr/bin/env python3
"""Checks a converted Apple string table (.strings) against its original, independently of HanziKit.

usage: strings-structure.py ORIGINAL CONVERTED CONFIG

Both files are decoded by their byte-order mark (UTF-16) or as UTF-8, and must be in the same
encoding with the same mark. Each is tokenized here (comments, quoted strings, unquoted words,
'=' and ';'); every entry's key must be equal, every value, unescaped, must be the opencc
command-line tool's conversion of the original's, and all text outside the values (keys,
comments, white space, punctuation) identical. Prints one summary line; exits 1 naming the first
difference.
"""
import re
import subprocess
import sys

TOKEN = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:[^"\\]|\\.)*"|[A-Za-z0-9_$+/:.-]+|[=;]|\s+', re.S)
ESCAPE = re.compile(r'\\(U[0-9A-Fa-f]{4}|[0-7]{1,3}|.)', re.S)
SEPARATOR = "\n\x1e\n"


def fail(message):
    print(f"strings-structure: {sys.argv[2]}: {message}", file=sys.stderr)
    sys.exit(1)


def decode(path):
    data = open(path, "rb").read()
    for mark, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")):
        if data.startswith(mark):
            return mark, data[len(mark):].decode(codec)
    return b"", data.decode("utf-8")


def unescape(literal):
    def replace(match):
        code = match.group(1)
        if code[0] == "U":
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        return {"n": "\n", "t": "\t", "r": "\r"}.get(code, code)
    return ESCAPE.sub(replace, literal[1:-1])


def parse(text):
    """Entries as (key, value literal or None) and the text outside value literals, in pieces."""
    position, tokens = 0, []
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match:
            fail(f"cannot read the table at character {position}")
        tokens.append(match.group(0))
        position = match.end()
    significant = [i for i, token in enumerate(tokens) if not token.isspace() and not token.startswith(("/*", "//"))]
    entries, outside, value_indices = [], [], set()
    index = 0
    while index < len(significant):
        key = tokens[significant[index]]
        if index + 2 < len(significant) and tokens[significant[index + 1]] == "=":
            value_index = significant[index + 2]
            if tokens[value_index].startswith('"'):
                value_indices.add(value_index)
            entries.append((key, tokens[value_index]))
            index += 4
        else:
            entries.append((key, None))
            index += 2
    piece = []
    for i, token in enumerate(tokens):
        if i in value_indices:
            outside.append("".join(piece) + '"')
            piece = ['"']
        else:
            piece.append(token)
    outside.append("".join(piece))
    return entries, outside


def main():
    original_path, converted_path, config = sys.argv[1:4]
    original_mark, original = decode(original_path)
    converted_mark, converted = decode(converted_path)
    if original_mark != converted_mark:
        fail(f"byte-order mark {converted_mark!r}, expected {original_mark!r}")
    before, before_outside = parse(original)
    after, after_outside = parse(converted)
    if before_outside != after_outside:
        fail("text outside the values changed")
    if [key for key, _ in before] != [key for key, _ in after]:
        fail("the keys changed")
    values = [unescape(value) for _, value in before if value and value.startswith('"')]
    result = subprocess.run(["opencc", "-c", f"{config}.json"], input=SEPARATOR.join(values).encode(),
                            capture_output=True, check=True)
    expected = result.stdout.decode().split(SEPARATOR)
    actual = [unescape(value) for _, value in after if value and value.startswith('"')]
    if actual != expected:
        first = next(i for i, (a, e) in enumerate(zip(actual + [None] * 9, expected)) if a != e)
        fail(f"value {first} is {actual[first]!r}, expected {expected[first]!r}")
    changed = sum(a != b for a, b in zip(actual, values))
    print(f"{converted_path}: {len(before)} entries, {changed} values changed as opencc converts them, "
          f"keys, comments and layout identical, byte-order mark {converted_mark.hex() or 'none'}")


main()
