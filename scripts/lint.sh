#!/usr/bin/env bash
# Run every pre-commit hook on the whole repository (make lint). The hooks
# install themselves from PyPI and npm; regenerating the README needs
# Debian's pandoc, installed here when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if ! command -v pandoc >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pandoc >&2
    else
        echo "pandoc is missing: install Debian's pandoc package" >&2
        exit 2
    fi
fi
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "pre-commit>=3" >&2
exec "$PYTHON" -m pre_commit run --all-files --show-diff-on-failure --color=never
