# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor's promise: the drop-ship lines of confirmed purchase orders
get their promised ship date, confirmed quantity and price, from the change
log where it recorded them, else from today's values."""

from odoo import SUPERUSER_ID, api

from odoo.addons.sale_purchase_dropship_sync.hooks import fill_promises


def migrate(cr, version):
    fill_promises(api.Environment(cr, SUPERUSER_ID, {}))
