# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The drop-ship purchase lines keep what their receipts shipped and when
the last reached the customer (read by the vendor scorecard): filled from
the done receipts."""

from odoo import SUPERUSER_ID, api

from odoo.addons.sale_purchase_dropship_sync.hooks import fill_shipped


def migrate(cr, version):
    fill_shipped(api.Environment(cr, SUPERUSER_ID, {}))
