#!/usr/bin/env python3
"""Writes hanzi's man page (man(7) markup) from the command definitions, on standard output.

Usage: Scripts/generate-manual.py [HANZI]   (default: `hanzi` on the PATH)

It reads `HANZI --experimental-dump-help`, the JSON description ArgumentParser gives of every
command, option and discussion, so the page never drifts from `--help`. Unlike the package's
generate-manual plugin it keeps every non-ASCII character, written as a \\[uXXXX] escape that
groff and mandoc both render in any locale, and it writes no blank lines, so `groff -ww`,
`man --warnings` and `mandoc -T lint` render it without a warning.
"""

import datetime
import json
import os
import subprocess
import sys


def escape(text: str) -> str:
    """Text for a man(7) line: backslashes, hyphens and every non-ASCII character escaped."""
    out = []
    for char in text:
        code = ord(char)
        if char == "\\":
            out.append("\\e")
        elif char == "-":
            out.append("\\-")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\[u{code:04X}]")
        elif code > 0x7E:
            out.append(f"\\[u{code:04X}]")
        else:
            out.append(char)
    return "".join(out)


def guarded(line: str) -> str:
    """A line that starts with `.` or `'` would read as a request, so it is guarded."""
    return "\\&" + line if line.startswith((".", "'")) else line


def text_line(text: str, width: int = 78) -> str:
    """Text filled into source lines of at most `width` bytes (longer ones only for a long word)."""
    lines, current = [], ""
    for word in text.split():
        word = escape(word)
        if current and len(current) + 1 + len(word) > width:
            lines.append(guarded(current))
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(guarded(current))
    return "\n".join(lines)


def blocks(discussion: str):
    """Paragraphs (hard-wrapped lines joined) and verbatim blocks (indented lines, kept as they are)."""
    result = []
    for chunk in discussion.strip("\n").split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        # A heading line ("Examples:") followed by indented lines: heading paragraph, then verbatim.
        if len(lines) > 1 and lines[0].endswith(":") and all(line.startswith("  ") for line in lines[1:]):
            result.append(("paragraph", lines[0].strip()))
            result.append(("verbatim", [line[2:] for line in lines[1:]]))
        elif all(line.startswith("  ") for line in lines):
            result.append(("verbatim", [line[2:] for line in lines]))
        else:
            result.append(("paragraph", " ".join(line.strip() for line in lines)))
    return result


def render_blocks(discussion: str) -> list:
    out = []
    for kind, body in blocks(discussion or ""):
        if kind == "paragraph":
            out += [".PP", text_line(body)]
        else:
            out += [".PP", ".RS 4", ".nf"] + [guarded(escape(line)) for line in body] + [".fi", ".RE"]
    return out


def option_label(argument: dict) -> str:
    names = argument.get("names") or []
    # Short names first, as `--help` lists them.
    ordered = sorted(names, key=lambda name: name["kind"] == "long")
    labels = []
    for name in ordered:
        dashes = "--" if name["kind"] == "long" else "-"
        labels.append("\\fB" + escape(dashes + name["name"]) + "\\fR")
    label = ", ".join(labels)
    if argument["kind"] == "option":
        label += " \\fI" + escape(argument.get("valueName", "value")) + "\\fR"
    elif argument["kind"] == "positional":
        label = "\\fI" + escape(argument.get("valueName", "value")) + "\\fR"
        if argument.get("isRepeating"):
            label += "..."
    return label


def render_arguments(arguments: list) -> list:
    out = []
    for argument in arguments or []:
        if not argument.get("shouldDisplay", True):
            continue
        names = {name["name"] for name in argument.get("names") or []}
        if names & {"help", "version"}:
            continue
        description = argument.get("abstract", "")
        if argument.get("defaultValue") and argument["kind"] == "option":
            description += f" (default: {argument['defaultValue']})"
        out += [".TP", option_label(argument), text_line(description)]
        if argument.get("discussion"):
            out.append(text_line(argument["discussion"]))
    return out


def synopsis(command: dict, path: str) -> str:
    parts = ["\\fB" + escape(path) + "\\fR"]
    if any(argument["kind"] != "positional" for argument in command.get("arguments") or []):
        parts.append("[\\fIoptions\\fR]")
    for argument in command.get("arguments") or []:
        if argument["kind"] == "positional" and argument.get("shouldDisplay", True):
            name = "\\fI" + escape(argument.get("valueName", "value")) + "\\fR"
            if argument.get("isRepeating"):
                name += "..."
            parts.append(f"[{name}]" if argument.get("isOptional") else name)
    return " ".join(parts)


def main() -> int:
    hanzi = sys.argv[1] if len(sys.argv) > 1 else "hanzi"
    dump = json.loads(subprocess.run([hanzi, "--experimental-dump-help"], check=True, capture_output=True).stdout)
    version = subprocess.run([hanzi, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    root = dump["command"]
    # The date of the source when SOURCE_DATE_EPOCH gives it (install.sh passes the last
    # commit's), so the page is reproducible; today otherwise.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
    date = moment.strftime("%Y-%m-%d")
    subcommands = [c for c in root.get("subcommands", []) if c.get("shouldDisplay", True) and c["commandName"] != "help"]

    out = [
        f'.TH HANZI 1 {date} "hanzi {escape(version)}" "User Commands"',
        ".nh",
        ".ad l",
        ".SH NAME",
        "hanzi \\- " + escape(root.get("abstract", "")),
        ".SH SYNOPSIS",
        "\\fBhanzi\\fR \\fIcommand\\fR [\\fIoptions\\fR] [\\fIargument\\fR...]",
        ".br",
        "\\fBhanzi \\-\\-version\\fR",
        ".SH DESCRIPTION",
        text_line(root.get("abstract", "")),
    ]
    out += render_blocks(root.get("discussion", ""))
    out.append(".SH COMMANDS")
    for command in subcommands:
        path = "hanzi " + command["commandName"]
        out += [f'.SS "{escape(path)}"', synopsis(command, path), ".PP", text_line(command.get("abstract", ""))]
        out += render_blocks(command.get("discussion", ""))
        out += render_arguments(command.get("arguments"))
    out += [
        ".SH EXIT STATUS",
        text_line(
            "0 success; 1 findings or differences (check, diff); 2 an operational error (an unreadable file, "
            "invalid UTF-8, an unknown configuration, a failed write); 64 a usage error."),
        ".SH SEE ALSO",
        "\\fBopencc\\fR(1)",
    ]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
