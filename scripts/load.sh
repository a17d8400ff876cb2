#!/usr/bin/env bash
# Load test: Odoo served with several workers, concurrent JSON-RPC clients
# changing both sides of drop-ship pairs at once, then every invariant
# checked. The shared part of the mix (holds left out) runs on core Odoo and
# with the add-on for the throughput ratio, then the full mix runs with the
# add-on, holds and releases racing on purchase orders that two sales orders
# share (merged RFQs) included. See README, "Development".
#
# Environment (defaults in brackets):
#   LOAD_PAIRS [40]     drop-ship pairs built in each database, plus one
#                       purchase order shared by two sales orders per 10
#                       pairs (at least 2)
#   LOAD_WORKERS [4]    Odoo HTTP workers
#   LOAD_CLIENTS [24]   concurrent clients
#   LOAD_SECONDS [180]  how long the clients run, per run
#   LOAD_CORE [1]       0: skip the core Odoo run (no throughput ratio)
#   HTTP_PORT [8069]    port of the served Odoo (loopback only)
source "$(dirname "$0")/lib.sh"

PAIRS=${LOAD_PAIRS:-40}
WORKERS=${LOAD_WORKERS:-4}
CLIENTS=${LOAD_CLIENTS:-24}
DURATION=${LOAD_SECONDS:-180}
PORT=${HTTP_PORT:-8069}
CORE_MODULES=sale_purchase_stock,stock_dropshipping,sale_margin

require_odoo
pg_start
RESULTS="$STATE_DIR/load"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
trap 'stop_server; pg_stop' EXIT

variants=(addon)
[ "${LOAD_CORE:-1}" = 1 ] && variants=(core addon)
echo '{}' >"$RESULTS/log.json"
for variant in "${variants[@]}"; do
    db="${MODULE}_load_$variant"
    conf="$STATE_DIR/load-$variant.conf"
    write_config "$conf" "$db" "" "without_demo = all" "max_cron_threads = 0" \
        "http_interface = 127.0.0.1" "http_port = $PORT" "gevent_port = $((PORT + 3))" \
        "workers = $WORKERS" "limit_time_cpu = 600" "limit_time_real = 1200" \
        "limit_memory_soft = 4294967296" "limit_memory_hard = 5368709120"
    pg_run dropdb --if-exists "$db" >/dev/null
    modules=$CORE_MODULES
    [ "$variant" = addon ] && modules=$MODULE
    log "$variant: creating $db ($modules) with $PAIRS drop-ship pairs"
    odoo_bin -c "$conf" -d "$db" -i "$modules" --stop-after-init --workers=0 --log-level=warn \
        >"$RESULTS/install-$variant.log" 2>&1 \
        || { tail -n 30 "$RESULTS/install-$variant.log" >&2; die "installing $modules failed"; }
    "$PYTHON" "$REPO_DIR/scripts/load_run.py" build "$conf" "$db" "$PAIRS" >&2 \
        || die "building the pairs failed on $db"

    log "$variant: serving Odoo with $WORKERS workers on 127.0.0.1:$PORT"
    "$PYTHON" -m odoo -c "$conf" -d "$db" --logfile "$RESULTS/server-$variant.log" \
        --log-level=warn --log-handler=odoo.service.model:INFO \
        --log-handler=odoo.addons.$MODULE.models.dropship_pair:DEBUG \
        >"$RESULTS/stdout-$variant.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 120); do
        curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null 2>&1 && break
        kill -0 "$SERVER_PID" 2>/dev/null || die "Odoo did not start: see $RESULTS/stdout-$variant.log"
        sleep 1
    done
    pg_log_start=$(stat -c %s "$PG_DIR/server.log")
    runs=("core:shared")
    [ "$variant" = addon ] && runs=("addon-shared:shared" "addon:full")
    for run in "${runs[@]}"; do
        log "$variant: ${run#*:} mix, $CLIENTS clients for $DURATION s"
        "$PYTHON" "$REPO_DIR/scripts/load_run.py" clients "http://127.0.0.1:$PORT" "$db" \
            "${run#*:}" "$DURATION" "$CLIENTS" "$RESULTS/${run%%:*}.json" \
            || die "the clients failed"
    done
    stop_server
    tail -c +"$((pg_log_start + 1))" "$PG_DIR/server.log" >"$RESULTS/postgres-$variant.log"
    "$PYTHON" "$REPO_DIR/scripts/load_run.py" log "$variant" \
        "$RESULTS/server-$variant.log" "$RESULTS/postgres-$variant.log" "$RESULTS/log.json"
done
log "checking the invariants and the integrity queue of ${MODULE}_load_addon"
"$PYTHON" "$REPO_DIR/scripts/load_run.py" check "$STATE_DIR/load-addon.conf" \
    "${MODULE}_load_addon" "$RESULTS/check.json" || die "the invariant check failed"
"$PYTHON" "$REPO_DIR/scripts/load_run.py" report "$RESULTS"
