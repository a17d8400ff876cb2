# Drop-Ship Order Sync: developer commands (see README.rst).
# Odoo 18.0 must be importable by python3 (or by $PYTHON).

.PHONY: demo test bench clean

demo: ## serve Odoo with the add-on and its demo data on http://localhost:8069
	@bash scripts/demo.sh

test: ## run every test on a fresh database; a WARNING/ERROR in the Odoo log fails
	@bash scripts/test.sh

bench: ## core Odoo vs the add-on: seconds, SQL queries and ratios
	@bash scripts/bench.sh

clean: ## remove the throwaway cluster, databases, filestore and logs
	@rm -rf .devdata
