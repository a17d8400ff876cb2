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
targets=()
for variant in ${BENCH_VARIANTS_1_3-core addon}; do
    db="${MODULE}_bench_$variant"
    conf="$STATE_DIR/bench-$variant.conf"
    write_config "$conf" "$db" "" "without_demo = all" "workers = 0" "max_cron_threads = 0"
    pg_run dropdb --if-exists "$db" >/dev/null
    modules=$CORE_MODULES
    [ "$variant" = addon ] && modules=$MODULE
    log "creating $db ($modules)"
    odoo_bin -c "$conf" -d "$db" -i "$modules" --stop-after-init --log-level=warn >"$RESULTS/install-$variant.log" 2>&1 \
        || { tail -n 30 "$RESULTS/install-$variant.log" >&2; die "installing $modules failed"; }
    targets+=("$variant=$db")
done
if [ ${#targets[@]} -gt 0 ]; then
    # Scenarios 1, 2, 3 and 5 (BENCH_SCENARIOS="1 2 3 5"): the databases take
    # turns, run by run, in one process.
    log "running scenarios ${BENCH_SCENARIOS:-1 2 3 5} on ${targets[*]}"
    "$PYTHON" "$REPO_DIR/scripts/bench_run.py" "$conf" "$RESULTS" "${targets[@]}" \
        || die "the scenarios failed"
fi

# Scenario 4, "live database": BENCH_LINES drop-ship lines (default 20,000;
# 0 skips it) built once with core modules only in a template database, then
# copies of it where core and the add-on alternate (core, add-on, core, ...;
# BENCH_LIVE_RUNS pairs, default 3, median kept): the install of the add-on,
# its first and second integrity check, hold and release, a quantity change
# and a receipt.
LINES=${BENCH_LINES:-20000}
if [ "$LINES" -gt 0 ]; then
    template="${MODULE}_bench_live_$LINES"
    conf="$STATE_DIR/bench-live.conf"
    if ! pg_run psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$template'" | grep -q 1; then
        write_config "$conf" "$template" "" "without_demo = all" "workers = 0" "max_cron_threads = 0"
        log "building $template: $LINES drop-ship lines with $CORE_MODULES (once)"
        odoo_bin -c "$conf" -d "$template" -i "$CORE_MODULES" --stop-after-init --log-level=warn \
            >"$RESULTS/install-live.log" 2>&1 \
            || { tail -n 30 "$RESULTS/install-live.log" >&2; die "installing $CORE_MODULES failed"; }
        "$PYTHON" "$REPO_DIR/scripts/bench_live.py" build "$conf" "$template" "$LINES" \
            || { pg_run dropdb --if-exists "$template"; die "building $template failed"; }
    fi
    for run in $(seq "${BENCH_LIVE_RUNS:-3}"); do
        for variant in core addon; do
            db="${MODULE}_bench_live_$variant"
            write_config "$conf" "$db" "" "without_demo = all" "workers = 0" "max_cron_threads = 0"
            pg_run dropdb --if-exists "$db" >/dev/null
            pg_run createdb -T "$template" "$db"
            log "scenario 4 on $LINES lines, run $run: $variant"
            "$PYTHON" "$REPO_DIR/scripts/bench_live.py" measure "$conf" "$db" "$variant" \
                >"$RESULTS/live-$variant-$run.json" || die "scenario 4 failed on $db ($variant)"
        done
    done
    for variant in core addon; do
        "$PYTHON" "$REPO_DIR/scripts/bench_live.py" merge "$RESULTS/$variant.json" \
            "$RESULTS"/live-"$variant"-*.json
    done
fi
# Scenario 6, "vendor scorecard": BENCH_SCORECARD_LINES promised drop-ship
# purchase lines (default 100,000; 0 skips it) on a database with the
# add-on, copied by SQL from real pairs: the time the scorecard's pivot takes
# to open (see scripts/bench_scorecard.py).
SCORECARD_LINES=${BENCH_SCORECARD_LINES:-100000}
if [ "$SCORECARD_LINES" -gt 0 ]; then
    db="${MODULE}_bench_scorecard"
    conf="$STATE_DIR/bench-scorecard.conf"
    write_config "$conf" "$db" "" "without_demo = all" "workers = 0" "max_cron_threads = 0"
    pg_run dropdb --if-exists "$db" >/dev/null
    log "scenario 6 on $SCORECARD_LINES promised lines"
    odoo_bin -c "$conf" -d "$db" -i "$MODULE" --stop-after-init --log-level=warn \
        >"$RESULTS/install-scorecard.log" 2>&1 \
        || { tail -n 30 "$RESULTS/install-scorecard.log" >&2; die "installing $MODULE failed"; }
    "$PYTHON" "$REPO_DIR/scripts/bench_scorecard.py" "$conf" "$db" "$SCORECARD_LINES" \
        >"$RESULTS/scorecard.json" || die "scenario 6 failed"
    "$PYTHON" - "$RESULTS" <<'MERGE'
import json, os, sys
results = sys.argv[1]
for name in ("core", "addon"):
    path = os.path.join(results, f"{name}.json")
    data = json.load(open(path)) if os.path.exists(path) else {}
    if name == "addon":
        data.update(json.load(open(os.path.join(results, "scorecard.json"))))
    json.dump(data, open(path, "w"))
MERGE
fi
"$PYTHON" "$REPO_DIR/scripts/bench_report.py" "$RESULTS/core.json" "$RESULTS/addon.json"
