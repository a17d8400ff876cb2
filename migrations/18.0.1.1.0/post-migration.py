# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Holds become records: the holds kept by the pre-migration become
``dropship.hold`` records, mirrored ones pointing at the hold that set them."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dropship.hold"]._dropship_migrate_legacy()
