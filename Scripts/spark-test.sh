#!/usr/bin/env bash
# The Spark integration test: installs PySpark (pip) and a Java runtime (apt, default-jre-headless)
# when they are missing, builds `hanzi`, and runs Tests/Spark/spark_test.py with PySpark in local
# mode. Where Java or PySpark cannot be installed the test is skipped, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/ensure-system-dependencies.sh --tests
python="${PYTHON:-python3}"

can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "$@" >&2
}
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }

# PySpark 4 runs on Java 17 or later.
if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
    if can_apt && apt_install default-jre-headless && [ "$(java_major)" -ge 17 ]; then
        :
    else
        echo "spark test skipped: no Java 17 or later, and default-jre-headless could not be installed" >&2
        exit 0
    fi
fi
if ! "$python" -c 'import pyspark' 2>/dev/null; then
    echo "Installing PySpark with pip…" >&2
    if ! "$python" -m pip install --quiet --disable-pip-version-check 'pyspark>=3.5' >&2; then
        echo "spark test skipped: PySpark could not be installed with pip" >&2
        exit 0
    fi
fi
# msgunfmt (gettext) turns the catalogs of Tests/Catalogs into test text.
if ! command -v msgunfmt >/dev/null 2>&1 && ! { can_apt && apt_install gettext; }; then
    echo "spark test: msgunfmt is missing; install it with: sudo apt-get install gettext" >&2
    exit 1
fi

swift build --product hanzi >&2
HANZI="$(swift build --show-bin-path)/hanzi" exec "$python" Tests/Spark/spark_test.py
