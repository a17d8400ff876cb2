# Drop-Ship Order Sync: developer commands (see README.rst).
# Odoo 18.0 must be importable by python3 (or by $PYTHON).

.PHONY: demo test test-core test-long bench load lint pot clean

demo: ## serve Odoo with the add-on and its demo data on http://localhost:8069
	@bash scripts/demo.sh

test: ## every test (the add-on's, then Odoo's drop-ship suites) on a fresh database
	@bash scripts/test.sh

test-core: ## only Odoo's stock_dropshipping, sale_purchase_stock and sale_purchase suites
	@bash scripts/test.sh --core

test-long: ## 1,000 random operation sequences, install-use-uninstall, a short load run
	@DROPSHIP_HYPOTHESIS_RANDOM=1 DROPSHIP_HYPOTHESIS_EXAMPLES=$${EXAMPLES:-1000} DROPSHIP_HYPOTHESIS_STEPS=20 \
		bash scripts/test.sh sale_purchase_dropship_sync/tests/test_invariants.py
	@bash scripts/uninstall_check.sh
	@LOAD_WORKERS=2 LOAD_CLIENTS=6 LOAD_SECONDS=20 LOAD_PAIRS=10 LOAD_CORE=0 bash scripts/load.sh

bench: ## core Odoo vs the add-on: seconds, SQL queries and ratios
	@bash scripts/bench.sh

load: ## concurrent users on Odoo with several workers: throughput, retries, invariants
	@bash scripts/load.sh

lint: ## every pre-commit hook (ruff, prettier, pylint-odoo, OCA checks, README)
	@bash scripts/lint.sh

pot: ## export i18n/sale_purchase_dropship_sync.pot from the installed module
	@bash scripts/export_pot.sh

clean: ## remove the throwaway cluster, databases, filestore and logs
	@rm -rf .devdata
