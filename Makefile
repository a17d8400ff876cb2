# Drop-Ship Order Sync: developer commands (see README.rst).
# Odoo 18.0 must be importable by python3 (or by $PYTHON).

.PHONY: demo test test-core bench clean

demo: ## serve Odoo with the add-on and its demo data on http://localhost:8069
	@bash scripts/demo.sh

test: ## every test (the add-on's, then Odoo's drop-ship suites) on a fresh database
	@bash scripts/test.sh

test-core: ## only Odoo's stock_dropshipping, sale_purchase_stock and sale_purchase suites
	@bash scripts/test.sh --core

bench: ## core Odoo vs the add-on: seconds, SQL queries and ratios
	@bash scripts/bench.sh

clean: ## remove the throwaway cluster, databases, filestore and logs
	@rm -rf .devdata
