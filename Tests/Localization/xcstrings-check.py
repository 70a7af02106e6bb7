#!/usr/bin/env python3
"""Checks a converted String Catalog (.xcstrings) against its original, independently of HanziKit.

usage: xcstrings-check.py ORIGINAL CONVERTED CONFIG convert
       xcstrings-check.py ORIGINAL CONVERTED CONFIG localize SOURCE TARGET [overwrite]

Both files are read with json. The converted file must be laid out as Xcode writes a catalog
(two-space indentation, " : ", members sorted case-insensitively, an empty object as "{", a blank
line, "}"), byte for byte. The expected catalog is computed here from the original:
- convert: every string unit value of a Chinese localization (zh, zh-*) replaced by the opencc
  command-line tool's conversion; keys and other languages kept;
- localize: for every key not marked shouldTranslate false, the TARGET localization is kept when a
  unit of it is translated or stale (unless overwrite); otherwise it becomes a copy of SOURCE's with
  every value converted and every state needs_review, or, when SOURCE is the catalog's source
  language and has no entry, one unit holding the key converted.
The converted catalog must equal it. Prints the counts (created, refreshed, kept); exits 1 naming
the first difference.
"""
import copy
import json
import subprocess
import sys

SEPARATOR = "\n\x1e\n"


def fail(message):
    print(f"xcstrings-check: {sys.argv[2]}: {message}", file=sys.stderr)
    sys.exit(1)


def xcode_layout(value, indent=0):
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{\n\n" + pad + "}"
        items = sorted(value.items(), key=lambda item: (item[0].lower(), item[0]))
        members = [pad + "  " + json.dumps(key, ensure_ascii=False) + " : " + xcode_layout(child, indent + 1)
                   for key, child in items]
        return "{\n" + ",\n".join(members) + "\n" + pad + "}"
    if isinstance(value, list):
        return "[\n" + ",\n".join(pad + "  " + xcode_layout(child, indent + 1) for child in value) + "\n" + pad + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def units(value):
    """Every stringUnit object under a localization, at any depth."""
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "stringUnit":
                yield child
            else:
                yield from units(child)


def opencc(texts, config):
    result = subprocess.run(["opencc", "-c", f"{config}.json"], input=SEPARATOR.join(texts).encode(),
                            capture_output=True, check=True)
    converted = result.stdout.decode().split(SEPARATOR)
    if len(converted) != len(texts):
        fail("opencc changed the number of texts")
    return converted


def main():
    original_path, converted_path, config, mode = sys.argv[1:5]
    original_text = open(original_path, encoding="utf-8").read()
    converted_text = open(converted_path, encoding="utf-8").read()
    original = json.loads(original_text)
    converted = json.loads(converted_text)
    if original_text.rstrip("\n") != xcode_layout(original):
        fail("the original is not in Xcode's layout")
    if converted_text.rstrip("\n") != xcode_layout(converted) or converted_text.endswith("\n") != original_text.endswith("\n"):
        fail("not in Xcode's layout")

    expected = copy.deepcopy(original)
    pending = []  # (unit, text) pairs whose value becomes opencc's conversion of text
    counts = {"created": 0, "refreshed": 0, "kept": 0}
    if mode == "convert":
        for entry in expected["strings"].values():
            for language, localization in entry.get("localizations", {}).items():
                if language == "zh" or language.startswith(("zh-", "zh_")):
                    pending += [(unit, unit["value"]) for unit in units(localization)]
    else:
        source, target = sys.argv[5:7]
        overwrite = len(sys.argv) > 7
        for key, entry in expected["strings"].items():
            if entry.get("shouldTranslate") is False:
                continue
            localizations = entry.get("localizations", {})
            existing = localizations.get(target)
            if existing and not overwrite and any(u.get("state") in ("translated", "stale") for u in units(existing)):
                counts["kept"] += 1
                continue
            if source in localizations:
                if not any(u.get("value") for u in units(localizations[source])):
                    continue
                made = copy.deepcopy(localizations[source])
                for unit in units(made):
                    unit["state"] = "needs_review"
                    pending.append((unit, unit["value"]))
            elif source == expected.get("sourceLanguage") and key:
                made = {"stringUnit": {"state": "needs_review", "value": key}}
                pending.append((made["stringUnit"], key))
            else:
                continue
            entry.setdefault("localizations", {})[target] = made
            if existing is None:
                counts["created"] += 1
            else:
                counts["refreshed"] += 1
        refreshed = []
    for (unit, _), text in zip(pending, opencc([text for _, text in pending], config)):
        unit["value"] = text
    if mode != "convert":
        # A refreshed entry that comes out as it was is not rewritten, so it is not counted.
        for key, entry in expected["strings"].items():
            before = original["strings"][key].get("localizations", {}).get(sys.argv[6])
            after = entry.get("localizations", {}).get(sys.argv[6])
            if before is not None and before == after and not any(
                    u.get("state") in ("translated", "stale") for u in units(before)):
                counts["refreshed"] -= 1
    if converted != expected:
        for key in expected["strings"]:
            if converted["strings"].get(key) != expected["strings"][key]:
                fail(f"key {key!r} is {converted['strings'].get(key)!r}, expected {expected['strings'][key]!r}")
        fail("the catalog differs outside its strings")
    print(f"{converted_path}: {len(expected['strings'])} keys; created {counts['created']}, "
          f"refreshed {counts['refreshed']}, kept {counts['kept']}; {len(pending)} values as opencc converts them")


main()
