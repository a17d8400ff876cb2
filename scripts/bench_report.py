"""Print the benchmark results of core Odoo and the add-on side by side."""

import json
import platform
import sys

import psutil


def main(core_file, addon_file):
    with open(core_file) as f:
        core = json.load(f)
    with open(addon_file) as f:
        addon = json.load(f)
    print("Median of 3 runs per action; queries of that run.")
    print(
        f"Machine: {platform.processor() or platform.machine()}, {psutil.cpu_count()} cores, "
        f"{round(psutil.virtual_memory().total / 2**30)} GiB, Python {platform.python_version()}"
    )
    header = f"{'scenario / action':42} {'core s':>8} {'add-on s':>9} {'ratio':>6} {'core q':>8} {'add-on q':>9} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for scenario, actions in addon.items():
        for action, measured in actions.items():
            label = f"{scenario.replace('_', ' ')}: {action}"
            if not isinstance(measured, dict):
                print(f"{label:42} {measured}")
                continue
            base = core.get(scenario, {}).get(action)
            if base:
                print(
                    f"{label:42} {base['seconds']:8.2f} {measured['seconds']:9.2f} "
                    f"{measured['seconds'] / base['seconds']:6.2f} {base['queries']:8d} {measured['queries']:9d} "
                    f"{measured['queries'] / base['queries']:6.2f}"
                )
            else:
                print(f"{label:42} {'-':>8} {measured['seconds']:9.2f} {'-':>6} {'-':>8} {measured['queries']:9d} {'-':>6}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
