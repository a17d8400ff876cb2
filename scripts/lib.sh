#!/usr/bin/env bash
# Shared helpers for the demo, test and benchmark commands.
#
# Everything lives under $STATE_DIR (git-ignored): a throwaway PostgreSQL
# cluster listening on a Unix socket only, an addons folder holding a link
# named after the add-on, Odoo configuration files and logs.
#
# Environment:
#   PYTHON            interpreter that imports Odoo 18.0 (default: python3)
#   ODOO_PATH         extra folder put in front of PYTHONPATH to find Odoo
#   ODOO_ADDONS_PATH  extra addons folders (comma separated)
#   PG_BINDIR         folder holding initdb / pg_ctl (default: newest
#                     /usr/lib/postgresql/*/bin)
#   PG_OS_USER        unprivileged OS user that runs PostgreSQL when the
#                     scripts run as root (default: postgres)
#   STATE_DIR         where the cluster, config and logs go (default: .devdata)
#   HTTP_PORT         port of the served Odoo and of the browser tests (8069)
set -euo pipefail

MODULE=sale_purchase_dropship_sync
REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=${STATE_DIR:-$REPO_DIR/.devdata}
PYTHON=${PYTHON:-python3}
PG_PORT=${PG_PORT:-5433}
PG_DB_USER=odoo
if [ -n "${ODOO_PATH:-}" ]; then
    export PYTHONPATH="$ODOO_PATH${PYTHONPATH:+:$PYTHONPATH}"
fi

log() { printf '[%s] %s\n' "$MODULE" "$*" >&2; }
die() { log "ERROR: $*"; exit "${2:-1}"; }

# Stop at once, with exit code 2, when Odoo 18.0 cannot be imported.
require_odoo() {
    if ! "$PYTHON" - <<'PY' 2>/dev/null; then
import sys
import odoo.release as r
sys.exit(0 if r.version_info[:2] == (18, 0) else 1)
PY
        log "ERROR: Odoo 18.0 must be installed and importable by '$PYTHON'."
        log "       Install Odoo 18.0 (Community) so that '$PYTHON -c \"import odoo\"' works,"
        log "       or point the scripts at it: PYTHON=/path/to/python or ODOO_PATH=/path/to/odoo-src."
        exit 2
    fi
    ODOO_VERSION=$("$PYTHON" -c 'import odoo.release as r; print(r.version)')
}

# The addons folders of the Odoo that $PYTHON imports, plus the add-on itself.
# $ADDONS_DIR holds the add-on under its technical name: a link to the
# checkout by default, or a copy of it (ADDONS_COPY=1, for pytest, which
# resolves links and would then import the checkout under its folder name).
addons_path() {
    ADDONS_DIR=${ADDONS_DIR:-$STATE_DIR/addons}
    mkdir -p "$ADDONS_DIR"
    if [ "${ADDONS_COPY:-0}" = 1 ]; then
        rm -rf "${ADDONS_DIR:?}/$MODULE"
        mkdir -p "$ADDONS_DIR/$MODULE"
        tar -C "$REPO_DIR" --exclude=./.devdata --exclude=./.git -cf - . \
            | tar -C "$ADDONS_DIR/$MODULE" -xf -
    else
        ln -sfn "$REPO_DIR" "$ADDONS_DIR/$MODULE"
    fi
    local core
    core=$("$PYTHON" - <<'PY'
import os
import odoo
root = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(root, "addons"), os.path.join(os.path.dirname(root), "addons")]
print(",".join(p for p in paths if os.path.isfile(os.path.join(p, "sale", "__manifest__.py"))
               or os.path.isfile(os.path.join(p, "base", "__manifest__.py"))))
PY
)
    printf '%s,%s%s' "$ADDONS_DIR" "$core" "${ODOO_ADDONS_PATH:+,$ODOO_ADDONS_PATH}"
}

find_pg_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then
        echo "$PG_BINDIR"
        return
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        if [ "$(id -u)" -ne 0 ]; then
            die "PostgreSQL server binaries not found; install Debian's 'postgresql' package."
        fi
        log "PostgreSQL server binaries not found: installing Debian's postgresql package"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

# The browser of the tours (HttpCase): Debian's chromium, installed if missing.
require_chromium() {
    local name
    for name in chromium chromium-browser google-chrome; do
        command -v "$name" >/dev/null 2>&1 && return
    done
    if [ "$(id -u)" -ne 0 ]; then
        die "Chromium not found: the browser tours need Debian's 'chromium' package."
    fi
    log "Chromium not found: installing Debian's chromium package for the browser tours"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2 \
        || die "could not install Debian's chromium package"
}

# Run a command as the unprivileged cluster owner (PostgreSQL refuses root).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

pg_start() {
    PG_BIN=$(find_pg_bindir)
    PG_OS_USER=${PG_OS_USER:-postgres}
    if [ "$(id -u)" -eq 0 ] && ! id "$PG_OS_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
    fi
    mkdir -p "$STATE_DIR"
    PG_DIR="$STATE_DIR/pg"
    if [ "$(id -u)" -eq 0 ] && [ ! -e "$PG_DIR" ]; then
        if ! runuser -u "$PG_OS_USER" -- test -x "$STATE_DIR"; then
            # The checkout is not reachable by the cluster owner: keep the
            # cluster in a private temporary folder linked from $STATE_DIR.
            local tmp
            tmp=$(mktemp -d /tmp/$MODULE-pg.XXXXXX)
            chmod 755 "$tmp"
            ln -s "$tmp" "$PG_DIR"
        fi
    fi
    mkdir -p "$PG_DIR"
    PG_DIR=$(cd "$PG_DIR" && pwd -P)
    PG_DATA="$PG_DIR/data"
    PG_SOCKET="$PG_DIR/run"
    mkdir -p "$PG_SOCKET"
    [ "$(id -u)" -eq 0 ] && chown "$PG_OS_USER" "$PG_DIR" "$PG_SOCKET"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "creating a throwaway PostgreSQL cluster in $PG_DATA"
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_DB_USER" --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
            || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    fi
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 start \
            -o "-c listen_addresses='' -k '$PG_SOCKET' -p $PG_PORT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            >/dev/null || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
        PG_STARTED=1
    fi
    trap pg_stop EXIT
}

pg_stop() {
    if [ "${PG_STARTED:-0}" = 1 ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
        PG_STARTED=0
    fi
}

pg_run() {
    as_pg "$PG_BIN/$1" -h "$PG_SOCKET" -p "$PG_PORT" -U "$PG_DB_USER" "${@:2}"
}

# write_config FILE DBNAME [LOGFILE] [extra "key = value" lines...]
write_config() {
    local file=$1 db=$2 logfile=${3:-}
    shift 3 || shift $#
    mkdir -p "$(dirname "$file")"
    {
        echo "[options]"
        echo "addons_path = $(addons_path)"
        echo "data_dir = $STATE_DIR/filestore"
        echo "db_host = $PG_SOCKET"
        echo "db_port = $PG_PORT"
        echo "db_user = $PG_DB_USER"
        echo "db_password = False"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "list_db = False"
        echo "admin_passwd = admin"
        [ -n "$logfile" ] && echo "logfile = $logfile"
        for line in "$@"; do echo "$line"; done
    } >"$file"
}

odoo_bin() {
    "$PYTHON" -m odoo "$@"
}

# fresh_install CONF DB LOGFILE: (re)create DB with the add-on installed;
# stops when the install fails or its log holds warnings or errors.
fresh_install() {
    local conf=$1 db=$2 logfile=$3
    pg_run dropdb --if-exists "$db" >/dev/null
    log "creating database $db with $MODULE installed (log: $logfile)"
    if ! odoo_bin -c "$conf" -d "$db" -i "$MODULE" --stop-after-init \
            --logfile "$logfile" --log-level=info; then
        tail -n 40 "$logfile" >&2
        die "installing $MODULE failed"
    fi
    local problems
    problems=$(log_problems "$logfile")
    if [ -n "$problems" ]; then
        printf '%s\n' "$problems" >&2
        die "the Odoo log of the installation holds warnings or errors"
    fi
}

# Lines of an Odoo log that are warnings or errors.
log_problems() {
    grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$1" || true
}
