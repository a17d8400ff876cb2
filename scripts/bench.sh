#!/usr/bin/env bash
# Benchmark the add-on against core Odoo 18 in one run: two fresh databases
# (core drop-ship modules only, and with the add-on), the same scenarios in
# both, seconds and SQL queries side by side with their ratios.
source "$(dirname "$0")/lib.sh"

require_odoo
pg_start
CORE_MODULES=sale_purchase_stock,stock_dropshipping,sale_margin
RESULTS="$STATE_DIR/bench"
mkdir -p "$RESULTS"
for variant in core addon; do
    db="${MODULE}_bench_$variant"
    conf="$STATE_DIR/bench-$variant.conf"
    write_config "$conf" "$db" "" "without_demo = all" "workers = 0" "max_cron_threads = 0"
    pg_run dropdb --if-exists "$db" >/dev/null
    modules=$CORE_MODULES
    [ "$variant" = addon ] && modules=$MODULE
    log "creating $db ($modules)"
    odoo_bin -c "$conf" -d "$db" -i "$modules" --stop-after-init --log-level=warn >"$RESULTS/install-$variant.log" 2>&1 \
        || { tail -n 30 "$RESULTS/install-$variant.log" >&2; die "installing $modules failed"; }
    log "running the scenarios on $db"
    "$PYTHON" "$REPO_DIR/scripts/bench_run.py" "$conf" "$db" >"$RESULTS/$variant.json" \
        || die "the scenarios failed on $db"
done
"$PYTHON" "$REPO_DIR/scripts/bench_report.py" "$RESULTS/core.json" "$RESULTS/addon.json"
