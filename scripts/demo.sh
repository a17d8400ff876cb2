#!/usr/bin/env bash
# Serve Odoo with the add-on and its demo data on http://localhost:8069.
# The database is created on the first run and updated on the next ones
# (DEMO_RESET=1 starts from a new one). Ctrl-C stops Odoo and the cluster.
source "$(dirname "$0")/lib.sh"

require_odoo
pg_start
DB=${DEMO_DB:-${MODULE}_demo}
HTTP_PORT=${HTTP_PORT:-8069}
CONF="$STATE_DIR/demo.conf"
write_config "$CONF" "$DB" "" "http_interface = 127.0.0.1" "http_port = $HTTP_PORT" "workers = 0"

if [ "${DEMO_RESET:-0}" = 1 ]; then
    pg_run dropdb --if-exists "$DB" >/dev/null
fi
if pg_run psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    log "updating $MODULE in the existing database $DB"
    init=(-u "$MODULE")
else
    log "creating database $DB with $MODULE and demo data (takes a minute or two)"
    init=(-i "$MODULE")
fi
odoo_bin -c "$CONF" -d "$DB" "${init[@]}" --stop-after-init --log-level=warn \
    || die "could not install $MODULE in $DB"

cat >&2 <<MSG

    Odoo $ODOO_VERSION with $MODULE and its demo data:
        URL:      http://localhost:$HTTP_PORT/odoo/sales
        login:    admin
        password: admin
    The vendor's drop-ship portal:
        URL:      http://localhost:$HTTP_PORT/my/dropships
        login:    vendor
        password: vendor
    Press Ctrl-C to stop Odoo and the database cluster.

MSG
odoo_bin -c "$CONF" -d "$DB" --log-level=warn || true
