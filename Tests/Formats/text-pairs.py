#!/usr/bin/env python3
"""Reads a document and its conversion with an independent parser and checks that they have
the same structure; prints the pairs of human-language strings (original, converted) as one
JSON list, for the test to check each conversion. Exits 1 naming the first difference.

    text-pairs.py FORMAT ORIGINAL CONVERTED [FIELD...]

FORMAT is json, yaml, markdown, html or jsonl (FIELD: member names or JSON pointers); html-code
reads <code> and <pre> as text (convert --code-as-text); html-tags TAGS (a JSON object) requires each
lang and xml:lang value to become TAGS[value] (convert --retag-language). Markdown front matter is
read with PyYAML: its string values are text, its keys and layout must stay.
"""
import html.parser
import json
import sys

pairs = []


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def walk(a, b, where="$"):
    """Two parsed JSON/YAML values: equal but for their strings, which become pairs."""
    if isinstance(a, str):
        if not isinstance(b, str):
            fail(f"{where}: a string became {b!r}")
        pairs.append([a, b])
    elif isinstance(a, list) and a and isinstance(a[0], tuple) or isinstance(a, dict):
        items_a = list(a.items()) if isinstance(a, dict) else a
        items_b = list(b.items()) if isinstance(b, dict) else b
        if [k for k, _ in items_a] != [k for k, _ in items_b]:
            fail(f"{where}: keys differ: {[k for k, _ in items_a]} / {[k for k, _ in items_b]}")
        for (key, value_a), (_, value_b) in zip(items_a, items_b):
            walk(value_a, value_b, f"{where}.{key}")
    elif isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            fail(f"{where}: a list became {b!r}")
        for index, (value_a, value_b) in enumerate(zip(a, b)):
            walk(value_a, value_b, f"{where}[{index}]")
    elif a != b or type(a) is not type(b):
        fail(f"{where}: {a!r} became {b!r}")


def json_pairs(original, converted):
    # Member order kept, as a list of pairs, so reordered keys fail.
    load = lambda text: json.loads(text, object_pairs_hook=lambda items: items)
    walk(load(original), load(converted))


def yaml_pairs(original, converted):
    import yaml
    walk(yaml.safe_load(original), yaml.safe_load(converted))


def pointer_get(record, field):
    if not field.startswith("/"):
        return record, field
    parts = [p.replace("~1", "/").replace("~0", "~") for p in field[1:].split("/")]
    parent = record
    for part in parts[:-1]:
        parent = parent[int(part)] if isinstance(parent, list) else parent[part]
    last = parts[-1]
    return parent, int(last) if isinstance(parent, list) else last


def jsonl_pairs(original, converted, fields):
    lines_a = original.split("\n")
    lines_b = converted.split("\n")
    if len(lines_a) != len(lines_b):
        fail("the number of lines differs")
    for number, (line_a, line_b) in enumerate(zip(lines_a, lines_b), 1):
        if not line_a.strip():
            continue
        record_a, record_b = json.loads(line_a), json.loads(line_b)
        for field in fields:
            parent_a, key = pointer_get(record_a, field)
            parent_b, _ = pointer_get(record_b, field)
            if parent_a[key] is not None:
                pairs.append([parent_a[key], parent_b[key]])
            # Everything else of the record must be equal.
            parent_a[key] = parent_b[key] = None
        if record_a != record_b:
            fail(f"line {number}: more than the fields changed")


def markdown_pairs(original, converted):
    from markdown_it import MarkdownIt

    def split_front_matter(text):
        if text.startswith("---\n"):
            end = text.index("\n---\n", 3) + 5
            return text[:end], text[end:]
        return "", text

    front_a, original = split_front_matter(original)
    front_b, converted = split_front_matter(converted)
    if bool(front_a) != bool(front_b):
        fail("front matter appeared or went")
    if front_a:
        # String values are text; keys and every other value must be equal, and each line must
        # keep its ASCII bytes (indentation, quotes, indicators, comments' marks) as they were.
        import re
        import yaml
        walk(yaml.safe_load(front_a[4:-4]), yaml.safe_load(front_b[4:-4]), "front matter")
        lines_a, lines_b = front_a.split("\n"), front_b.split("\n")
        if len(lines_a) != len(lines_b):
            fail("the front matter's lines changed")
        for line_a, line_b in zip(lines_a, lines_b):
            if re.sub(r"[^\x00-\x7f]", "", line_a) != re.sub(r"[^\x00-\x7f]", "", line_b):
                fail(f"front matter layout changed: {line_a!r} / {line_b!r}")
    parser = MarkdownIt("commonmark")

    def flat(text):
        out = []
        for token in parser.parse(text):
            out.append(token)
            out.extend(token.children or [])
        return out

    tokens_a, tokens_b = flat(original), flat(converted)
    if [t.type for t in tokens_a] != [t.type for t in tokens_b]:
        fail("the token kinds differ")
    for a, b in zip(tokens_a, tokens_b):
        if a.attrs != b.attrs or a.info != b.info or a.markup != b.markup:
            fail(f"line {a.map}: {a.type} attributes differ: {a.attrs} / {b.attrs}")
        if a.type == "text":
            pairs.append([a.content, b.content])
        elif a.type != "inline" and a.content != b.content:
            fail(f"{a.type} changed: {a.content!r} / {b.content!r}")


class Events(html.parser.HTMLParser):
    TEXT_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
    # With html-code (convert --code-as-text), <code> and <pre> hold text; <script> and <style> never.
    KEPT = ("script", "style", "code", "pre")

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.events = []
        self.open = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, attrs))
        if tag in self.KEPT:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.events.append(("start", tag, attrs))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))
        if tag in self.open:
            self.open.remove(tag)

    def handle_data(self, data):
        self.events.append(("code" if self.open else "data", data))

    def handle_entityref(self, name):
        self.events.append(("ref", name))

    def handle_charref(self, name):
        self.events.append(("ref", name))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))


def html_pairs(original, converted, code_is_text=False, tags=None):
    """With code_is_text, <code> and <pre> are text; with tags (a dict), each lang and xml:lang
    value must become tags[value] (or stay when not in it), and nothing else of a tag changes."""
    if code_is_text:
        Events.KEPT = ("script", "style")

    def events(text):
        parser = Events()
        parser.feed(text)
        parser.close()
        return parser.events

    events_a, events_b = events(original), events(converted)
    if len(events_a) != len(events_b):
        fail(f"{len(events_a)} events became {len(events_b)}")
    for a, b in zip(events_a, events_b):
        if a[0] != b[0]:
            fail(f"{a} became {b}")
        if a[0] == "data":
            pairs.append([a[1], b[1]])
        elif a[0] == "start":
            if a[1] != b[1] or [k for k, _ in a[2]] != [k for k, _ in b[2]]:
                fail(f"tag {a} became {b}")
            for (name, value_a), (_, value_b) in zip(a[2], b[2]):
                if name in Events.TEXT_ATTRIBUTES:
                    pairs.append([value_a, value_b])
                elif tags is not None and name in ("lang", "xml:lang"):
                    if value_b != tags.get(value_a, value_a):
                        fail(f"{name}={value_a!r} became {value_b!r}, not {tags.get(value_a, value_a)!r}")
                elif value_a != value_b:
                    fail(f"attribute {name} of <{a[1]}> changed: {value_a!r} / {value_b!r}")
        elif a != b:
            fail(f"{a} became {b}")


def main():
    kind, original_path, converted_path, *fields = sys.argv[1:]
    with open(original_path, encoding="utf-8") as file:
        original = file.read()
    with open(converted_path, encoding="utf-8") as file:
        converted = file.read()
    {
        "json": json_pairs,
        "yaml": yaml_pairs,
        "markdown": markdown_pairs,
        "html": html_pairs,
        "html-code": lambda a, b: html_pairs(a, b, code_is_text=True),
        "html-tags": lambda a, b: html_pairs(a, b, tags=json.loads(fields[0])),
    }.get(kind, lambda a, b: jsonl_pairs(a, b, fields or ["text"]))(original, converted)
    json.dump(pairs, sys.stdout, ensure_ascii=False)


main()
