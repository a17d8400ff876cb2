# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reversals and the vendor's promise become records.

An order whose reversal activity is still open gets one open reversal per
line with reversed lots, so that its banner and the lines' *Returned*
status stay until the salesperson settles them. The drop-ship lines of
confirmed purchase orders get their promised ship date, confirmed quantity
and price, from the change log where it recorded them, else from today's
values."""

from odoo import SUPERUSER_ID, api

from odoo.addons.sale_purchase_dropship_sync.hooks import fill_promises


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dropship.reversal"]._dropship_migrate_open_activities()
    fill_promises(env)
