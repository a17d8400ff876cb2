#!/usr/bin/env bash
# Install the add-on on a fresh database, use it (holds, a supplier change
# waiting for approval, receipts, serial numbers split per lot, the integrity
# check), uninstall it as the Apps menu does, then run Odoo's own drop-ship
# flow end to end (scripts/uninstall_check.py). Exits non-zero when a step
# fails or when the Odoo log of the uninstall holds a warning or an error.
source "$(dirname "$0")/lib.sh"

require_odoo
pg_start
DB=${UNINSTALL_DB:-${MODULE}_uninstall}
LOG_DIR="$STATE_DIR/log"
mkdir -p "$LOG_DIR"
LOG="$LOG_DIR/uninstall.log"
: >"$LOG"
CONF="$STATE_DIR/uninstall.conf"
write_config "$CONF" "$DB" "$LOG" "without_demo = all" "workers = 0" "max_cron_threads = 0" \
    "http_interface = 127.0.0.1" "http_port = ${HTTP_PORT:-8069}"

fresh_install "$CONF" "$DB" "$LOG"
log "using $MODULE, uninstalling it, then Odoo's own drop-ship flow"
if ! "$PYTHON" "$REPO_DIR/scripts/uninstall_check.py" "$CONF" "$DB"; then
    tail -n 40 "$LOG" >&2
    die "the uninstall check failed"
fi
problems=$(log_problems "$LOG")
if [ -n "$problems" ]; then
    printf '%s\n' "$problems" >&2
    die "the Odoo log of install, use and uninstall holds warnings or errors"
fi
log "uninstall check passed"
