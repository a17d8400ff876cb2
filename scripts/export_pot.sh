#!/usr/bin/env bash
# Export i18n/sale_purchase_dropship_sync.pot from the installed module
# (a fresh database in the throwaway cluster).
source "$(dirname "$0")/lib.sh"

require_odoo
pg_start
DB=${MODULE}_i18n
CONF="$STATE_DIR/i18n.conf"
# A copy outside the checkout: the exporter walks the module folder, and the
# checkout holds .devdata/ (with a link back to the checkout).
ADDONS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$MODULE-i18n.XXXXXX")
ADDONS_COPY=1
trap 'rm -rf "$ADDONS_DIR"; pg_stop' EXIT
write_config "$CONF" "$DB" "" "without_demo = all" "workers = 0"
pg_run dropdb --if-exists "$DB" >/dev/null
log "installing $MODULE in $DB"
odoo_bin -c "$CONF" -d "$DB" -i "$MODULE" --stop-after-init --log-level=warn
mkdir -p "$REPO_DIR/i18n"
odoo_bin -c "$CONF" -d "$DB" --modules="$MODULE" --i18n-export="$REPO_DIR/i18n/$MODULE.pot" \
    --stop-after-init --log-level=warn
log "exported i18n/$MODULE.pot"
