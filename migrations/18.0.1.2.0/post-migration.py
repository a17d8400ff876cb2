# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reversals become records: an order whose reversal activity is still open
gets one open reversal per line with reversed lots, so that its banner and
the lines' *Returned* status stay until the salesperson settles them."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dropship.reversal"]._dropship_migrate_open_activities()
