# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestAccess(DropshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="ds_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.purchaser = new_test_user(
            cls.env, login="ds_purchaser", groups="purchase.group_purchase_user"
        )
        cls.stock_user = new_test_user(
            cls.env, login="ds_stock", groups="stock.group_stock_user"
        )

    def test_negative_quantities_refused(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            order.order_line.product_uom_qty = -1
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            purchase.order_line.product_qty = -2
        self.assertEqual(order.order_line.product_uom_qty, 5)
        self.assertEqual(purchase.order_line.product_qty, 5)

    def _salesman_pair(self, qty=5):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        purchase = self._purchase_orders(order.sudo())
        purchase.button_confirm()
        return order, purchase

    def test_salesman_without_purchase_rights(self):
        self.assertFalse(self.salesman.has_group("purchase.group_purchase_user"))
        order, purchase = self._salesman_pair()
        with self.assertRaises(AccessError):
            purchase.with_user(self.salesman).check_access("read")
        self._hold_with_wizard(order, "Customer asked to wait")
        self.assertTrue(purchase.on_hold)
        self.assertEqual(order.order_line.dropship_state, "hold")
        order.action_dropship_release()
        self.assertFalse(purchase.on_hold)
        order.order_line.product_uom_qty = 7
        self.assertEqual(purchase.order_line.product_qty, 7)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(purchase.state, "cancel")

    def test_purchaser_without_sales_rights(self):
        self.assertFalse(self.purchaser.has_group("sales_team.group_sale_salesman"))
        order, purchase = self._confirmed_pair([(self.product, 5)])
        purchase = purchase.with_user(self.purchaser)
        with self.assertRaises(AccessError):
            order.with_user(self.purchaser).check_access("read")
        purchase.write({"on_hold": True, "hold_reason": "Vendor audit"})
        self.assertTrue(order.on_hold)
        purchase.write({"on_hold": False})
        self.assertFalse(order.on_hold)
        purchase.order_line.product_qty = 4
        self.assertEqual(order.order_line.product_uom_qty, 4)
        purchase.order_line.price_unit = 9.0
        self.assertAlmostEqual(order.order_line.purchase_price, 9.0)
        purchase.button_cancel()
        self.assertEqual(order.state, "cancel")

    def test_stock_user_cannot_validate_held_receipt(self):
        order, purchase = self._confirmed_pair([(self.product, 2)])
        purchase.write({"on_hold": True, "hold_reason": "Damaged pallet"})
        picking = self._dropship_pickings(purchase).with_user(self.stock_user)
        with self.assertRaisesRegex(UserError, "Damaged pallet"):
            self._receive(picking)
        self.assertEqual(picking.state, "assigned")
        purchase.write({"on_hold": False})
        self._receive(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.order_line.dropship_state, "shipped")


@tagged("post_install", "-at_install")
class TestMultiCompany(DropshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Drop-ship Company B"})
        cls.env.user.company_ids |= cls.company_b

    def _pair_in(self, company, qty=5):
        order = (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        purchase = self._purchase_orders(order)
        self.assertEqual(purchase.company_id, company)
        return order, purchase

    def test_settings_apply_per_company(self):
        self.company_b.dropship_sync_so_hold = False
        order_a, purchase_a = self._pair_in(self.company_a)
        order_b, purchase_b = self._pair_in(self.company_b)
        order_a.write({"on_hold": True, "hold_reason": "A"})
        order_b.with_company(self.company_b).write(
            {"on_hold": True, "hold_reason": "B"}
        )
        self.assertTrue(purchase_a.on_hold)
        self.assertFalse(purchase_b.on_hold, "company B does not mirror holds")
        self.assertEqual(purchase_a.hold_reason, "A")

    def test_purchase_line_of_other_company_refused(self):
        order_a, _purchase_a = self._pair_in(self.company_a)
        order_b, purchase_b = self._pair_in(self.company_b)
        line_b = purchase_b.order_line
        with self.assertRaisesRegex(
            UserError, f"{purchase_b.name} belongs to Drop-ship Company B"
        ):
            line_b.sale_line_id = order_a.order_line
        self.assertEqual(line_b.sale_line_id, order_b.order_line)
        with self.assertRaisesRegex(UserError, "cannot serve"):
            self.env["purchase.order.line"].create(
                {
                    "order_id": purchase_b.id,
                    "product_id": self.product.id,
                    "product_qty": 1,
                    "sale_line_id": order_a.order_line.id,
                }
            )
        self.assertEqual(len(purchase_b.order_line), 1)

    def test_nothing_mirrors_across_companies(self):
        order_a, purchase_a = self._pair_in(self.company_a)
        order_b, purchase_b = self._pair_in(self.company_b)
        purchase_b.order_line.product_qty = 9
        purchase_b.write({"on_hold": True, "hold_reason": "B only"})
        purchase_b.button_cancel()
        self.assertEqual(order_b.state, "cancel")
        self.assertTrue(order_b.on_hold)
        self.assertEqual(order_a.state, "sale")
        self.assertFalse(order_a.on_hold)
        self.assertEqual(order_a.order_line.product_uom_qty, 5)
        self.assertEqual(purchase_a.state, "draft")
        self.assertFalse(purchase_a.on_hold)


@tagged("post_install", "-at_install")
class TestHoldWizard(DropshipCommon):
    def test_reason_is_required(self):
        order, purchase = self._confirmed_pair([(self.product, 1)])
        action = order.action_dropship_hold()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.reason = "   "
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.save().action_confirm()
        self.assertFalse(order.on_hold)
        self.assertFalse(purchase.on_hold)
