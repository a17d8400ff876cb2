# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .dropship_door import PROCUREMENT, scope


class StockRule(models.Model):
    _inherit = "stock.rule"

    @api.model
    def _run_buy(self, procurements):
        # What the Buy rule writes on a request for quotation follows a
        # sales change (a quantity ordered or taken back by core when the
        # sales quantity policy is not "mirror"): it is not a supplier change
        # for the purchase-side rules to mirror back or to refuse.
        with scope(self.env, **{PROCUREMENT: True}):
            return super()._run_buy(procurements)
