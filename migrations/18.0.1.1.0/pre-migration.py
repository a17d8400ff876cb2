# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holds become records: keep the holds of 18.0.1.0.0 (one per order, with
its reason and the counterpart that set it) for the post-migration."""

from odoo.tools import SQL

LEGACY = {
    "sale_order": "dropship_hold_legacy_sale_order",
    "purchase_order": "dropship_hold_legacy_purchase_order",
}


def migrate(cr, version):
    for table, legacy in LEGACY.items():
        cr.execute(
            SQL(
                "CREATE TABLE IF NOT EXISTS %s AS SELECT id, company_id, "
                "hold_reason, hold_origin FROM %s WHERE on_hold",
                SQL.identifier(legacy),
                SQL.identifier(table),
            )
        )
