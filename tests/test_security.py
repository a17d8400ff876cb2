# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestSecurity(DropshipCommon):
    """Access rules of the add-on's own models, per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "salesman": new_test_user(
                cls.env, login="sec_salesman", groups="sales_team.group_sale_salesman"
            ),
            "purchaser": new_test_user(
                cls.env, login="sec_purchaser", groups="purchase.group_purchase_user"
            ),
            "stock": new_test_user(
                cls.env, login="sec_stock", groups="stock.group_stock_user"
            ),
            "employee": new_test_user(
                cls.env, login="sec_employee", groups="base.group_user"
            ),
        }

    def _can_create(self, user, model, vals):
        try:
            self.env[model].with_user(self.users[user]).create(vals)
        except AccessError:
            return False
        return True

    def test_hold_wizard(self):
        vals = {"res_model": "sale.order", "res_ids": [1], "reason": "x"}
        self.assertTrue(self._can_create("salesman", "dropship.hold.wizard", vals))
        self.assertTrue(self._can_create("purchaser", "dropship.hold.wizard", vals))
        self.assertFalse(self._can_create("stock", "dropship.hold.wizard", vals))
        self.assertFalse(self._can_create("employee", "dropship.hold.wizard", vals))

    def test_reversal_warning(self):
        vals = {"line_ids": [(0, 0, {"sale_order_name": "S1", "lot_names": "SN"})]}
        for user in ("salesman", "purchaser", "stock"):
            self.assertTrue(
                self._can_create(user, "dropship.reversal.warning", vals), user
            )
        self.assertFalse(
            self._can_create("employee", "dropship.reversal.warning", vals)
        )

    def test_employee_cannot_hold_an_order(self):
        order, purchase = self._confirmed_pair([(self.product, 1)])
        with self.assertRaises(AccessError):
            order.with_user(self.users["employee"]).write(
                {"on_hold": True, "hold_reason": "no rights"}
            )
        self.assertFalse(order.on_hold)
        self.assertFalse(purchase.on_hold)

    def test_change_log_access(self):
        """Everyone of a pair reads its change log; nobody edits it by hand."""
        manager = new_test_user(
            self.env, login="sec_manager", groups="sales_team.group_sale_manager"
        )
        order, purchase = self._confirmed_pair([(self.product, 2)])
        order.order_line.product_uom_qty = 3
        change = self.env["dropship.sync.change"].search(
            [("sale_order_id", "=", order.id)]
        )
        self.assertEqual(change.rule, "so_qty")
        for user in (self.users["salesman"], self.users["purchaser"], manager):
            self.assertEqual(change.with_user(user).new_value, "3", user.login)
            with self.assertRaises(AccessError, msg=user.login):
                change.with_user(user).write({"new_value": "9"})
            with self.assertRaises(AccessError, msg=user.login):
                change.with_user(user).unlink()
            with self.assertRaises(AccessError, msg=user.login):
                self.env["dropship.sync.change"].with_user(user).create(
                    {
                        "company_id": self.env.company.id,
                        "source_side": "sale",
                        "rule": "so_qty",
                        "field_label": "forged",
                    }
                )
        for user in (self.users["stock"], self.users["employee"]):
            with self.assertRaises(AccessError, msg=user.login):
                change.with_user(user).read(["new_value"])
        self.assertEqual(change.new_value, "3")
        self.assertEqual(purchase.order_line.product_qty, 3)
