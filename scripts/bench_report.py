"""Print the benchmark results of core Odoo and the add-on side by side."""

import json
import os
import platform
import sys

import psutil

ROW = "{:42} {:>8} {:>9} {:>6} {:>8} {:>9} {:>6}"


def main(core_file, addon_file):
    with open(core_file) as f:
        core = json.load(f)
    with open(addon_file) as f:
        addon = json.load(f)
    memory = round(psutil.virtual_memory().total / 2**30)
    runs = os.environ.get("BENCH_RUNS") or 3
    print(
        f"Median of {runs} runs per action, core and add-on taking turns; "
        "queries of that run."
    )
    print(
        f"Machine: {platform.processor() or platform.machine()}, "
        f"{psutil.cpu_count()} cores, {memory} GiB, Python {platform.python_version()}"
    )
    header = ROW.format(
        "scenario / action",
        "core s",
        "add-on s",
        "ratio",
        "core q",
        "add-on q",
        "ratio",
    )
    print(header)
    print("-" * len(header))
    # Scenario 4 and 6 are merged into the files after 1, 2, 3 and 5.
    for scenario, actions in sorted(addon.items()):
        for action, measured in actions.items():
            label = f"{scenario.replace('_', ' ')}: {action}"
            if not isinstance(measured, dict):
                print(f"{label:42} {measured}")
                continue
            base = core.get(scenario, {}).get(action)
            seconds, queries = measured["seconds"], measured["queries"]
            if base:
                print(
                    ROW.format(
                        label,
                        f"{base['seconds']:.2f}",
                        f"{seconds:.2f}",
                        f"{seconds / base['seconds']:.2f}",
                        base["queries"],
                        queries,
                        f"{queries / base['queries']:.2f}",
                    )
                )
            else:
                print(ROW.format(label, "-", f"{seconds:.2f}", "-", "-", queries, "-"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
