#!/usr/bin/env python3
"""Checks a converted gettext catalog against its original, independently of HanziKit.

usage: po-structure.py ORIGINAL CONVERTED CONFIG [LANGUAGE]

The expected catalog is computed here: the original parsed with polib, every translation
(msgstr, msgstr[n]) but the header's converted with the opencc command-line tool and CONFIG;
the converted catalog, parsed with polib, must equal it in every field, the header too (its
Language: must be LANGUAGE when given, unchanged otherwise). Then, byte for byte: every line
outside a msgstr (msgid, msgid_plural, msgctxt, comments, flags) must be identical, in order.
Prints one summary line; exits 1 naming the first difference.
"""
import subprocess
import sys

import polib

SEPARATOR = "\n\x1e\n"


def fail(message):
    print(f"po-structure: {sys.argv[2]}: {message}", file=sys.stderr)
    sys.exit(1)


def opencc(texts, config):
    joined = SEPARATOR.join(texts)
    if "\x1e" in "".join(texts):
        fail("a translation holds the separator U+001E")
    result = subprocess.run(
        ["opencc", "-c", f"{config}.json"], input=joined.encode(), capture_output=True, check=True
    )
    converted = result.stdout.decode().split(SEPARATOR)
    if len(converted) != len(texts):
        fail("opencc changed the number of translations")
    return converted


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def is_header(entry):
    return entry.msgid == "" and not entry.msgctxt


def msgstr_lines(path):
    """Each line of the file with whether it belongs to a msgstr (keyword or continuation)."""
    marked = []
    inside = False
    with open(path, encoding="utf-8", newline="") as handle:
        for line in handle.read().split("\n"):
            stripped = line.lstrip(" \t")
            if stripped.startswith("msgstr"):
                inside = True
            elif stripped.startswith("msg") or stripped.startswith("#") or not stripped:
                inside = False
            marked.append((line, inside))
    return marked


def main():
    original_path, converted_path, config = sys.argv[1:4]
    language = sys.argv[4] if len(sys.argv) > 4 else None
    original = polib.pofile(original_path, wrapwidth=0)
    converted = polib.pofile(converted_path, wrapwidth=0)
    entries = [entry for entry in original if not is_header(entry) and not entry.obsolete]
    texts = [text for entry in entries for text in translations(entry)]
    expected = iter(opencc(texts, config))

    original_all = list(original) + original.obsolete_entries()
    converted_all = list(converted) + converted.obsolete_entries()
    if len(original_all) != len(converted_all):
        fail(f"{len(converted_all)} entries, expected {len(original_all)}")
    changed = 0
    for before, after in zip(original_all, converted_all):
        for field in ("msgid", "msgid_plural", "msgctxt", "comment", "tcomment", "flags", "occurrences",
                      "previous_msgid", "previous_msgid_plural", "previous_msgctxt", "obsolete"):
            if getattr(before, field) != getattr(after, field):
                fail(f"{field} of msgid {before.msgid!r} changed: {getattr(after, field)!r}")
        if is_header(before) or before.obsolete:
            if translations(before) != translations(after) and not is_header(before):
                fail(f"obsolete entry {before.msgid!r} changed")
            continue
        for index, text in enumerate(translations(after)):
            want = next(expected)
            if text != want:
                fail(f"translation {index} of msgid {before.msgid!r} is {text!r}, expected {want!r}")
            changed += text != translations(before)[index]

    metadata = dict(original.metadata)
    if language is not None:
        if "Language" not in metadata:
            fail("the original has no Language: header")
        metadata["Language"] = language
    if converted.metadata != metadata:
        fail(f"header {converted.metadata!r}, expected {metadata!r}")

    before_lines = msgstr_lines(original_path)
    after_lines = msgstr_lines(converted_path)
    if len(before_lines) != len(after_lines):
        fail(f"{len(after_lines)} lines, expected {len(before_lines)}")
    kept = 0
    for number, ((before, inside), (after, _)) in enumerate(zip(before_lines, after_lines), start=1):
        if inside:
            continue
        if before != after:
            fail(f"line {number} outside a msgstr changed: {after!r}, was {before!r}")
        kept += 1
    print(f"{converted_path}: {len(original_all)} entries, {len(texts)} translations, {changed} changed "
          f"as opencc converts them; {kept} lines outside translations byte-identical")


main()
