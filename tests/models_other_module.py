# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A model that another module could have (loaded by the tests only).

It acts on drop-ship transfers the way an EDI import of a supplier's
rejection or of a despatch advice does: straight on the moves and the
transfer, never through the add-on's overrides of the orders.
"""

from odoo import api, models


class DropshipTestSupplierRejection(models.AbstractModel):
    _name = "dropship.test.supplier.rejection"
    _description = "Drop-ship test: another module acting on transfers"

    @api.model
    def reject(self, moves):
        """The vendor cannot ship ``moves``: they are cancelled."""
        moves._action_cancel()
        return True

    @api.model
    def validate(self, picking, backorder=True):
        """The vendor shipped what is picked on ``picking``; the rest comes
        later (``backorder``) or never, as the module answers the backorder
        wizard that the validation may return."""
        result = picking.button_validate()
        if (
            isinstance(result, dict)
            and result.get("res_model") == "stock.backorder.confirmation"
        ):
            wizard = (
                self.env[result["res_model"]]
                .with_context(**result["context"])
                .create({})
            )
            if backorder:
                result = wizard.process()
            else:
                result = wizard.process_cancel_backorder()
        return result
