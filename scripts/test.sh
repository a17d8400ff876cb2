#!/usr/bin/env bash
# Run every test of the add-on against a fresh database in a throwaway
# PostgreSQL cluster. A WARNING or ERROR in the Odoo log fails the run.
# Extra arguments are passed to pytest (e.g. -k hold).
source "$(dirname "$0")/lib.sh"

require_odoo
log "Odoo $ODOO_VERSION found; installing the test requirements"
"$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$REPO_DIR/requirements-test.txt" >&2 \
    || die "could not install requirements-test.txt"

pg_start
DB=${TEST_DB:-${MODULE}_test}
LOG_DIR="$STATE_DIR/log"
mkdir -p "$LOG_DIR"
: >"$LOG_DIR/install.log"
: >"$LOG_DIR/test.log"
CONF="$STATE_DIR/test.conf"
# pytest collects every package folder above the tests, so the copy of the
# add-on that it runs lives outside the checkout (removed on exit).
ADDONS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$MODULE-tests.XXXXXX")
ADDONS_COPY=1
trap 'rm -rf "$ADDONS_DIR"; pg_stop' EXIT
write_config "$CONF" "$DB" "" "without_demo = all" "workers = 0" "max_cron_threads = 0"

pg_run dropdb --if-exists "$DB" >/dev/null
log "creating database $DB with $MODULE installed (log: $LOG_DIR/install.log)"
start=$(date +%s)
if ! odoo_bin -c "$CONF" -d "$DB" -i "$MODULE" --stop-after-init \
        --logfile "$LOG_DIR/install.log" --log-level=info; then
    tail -n 40 "$LOG_DIR/install.log" >&2
    die "installing $MODULE failed"
fi
problems=$(log_problems "$LOG_DIR/install.log")
if [ -n "$problems" ]; then
    printf '%s\n' "$problems" >&2
    die "the Odoo log of the installation holds warnings or errors"
fi
log "installed in $(($(date +%s) - start)) s; running the tests (Odoo log: $LOG_DIR/test.log)"

# The tests run from the copy, so that pytest imports them as
# odoo.addons.<module>.tests whatever the checkout folder is called.
cd "$ADDONS_DIR"
set +e
PYTHONPATH="$REPO_DIR/scripts${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" -m pytest \
    -p pytest_odoo_logcheck -p no:cacheprovider \
    --rootdir "$ADDONS_DIR" \
    --odoo-config "$CONF" --odoo-database "$DB" --odoo-log-level info \
    --odoo-extra "logfile=$LOG_DIR/test.log" \
    "${@:-$ADDONS_DIR/$MODULE/tests}"
rc=$?
set -e
exit $rc
