# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import DropshipCommon


@tagged("post_install", "-at_install")
class TestDoorAuthority(DropshipCommon):
    """Authority is checked where the action is done: a hold keeps the
    release right of its code, a code in use is never deleted, settling a
    reversal takes the right to change the order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="auth_sales", groups="sales_team.group_sale_salesman"
        )
        cls.sale_manager = new_test_user(
            cls.env, login="auth_manager", groups="sales_team.group_sale_manager"
        )
        cls.buyer = new_test_user(
            cls.env, login="auth_buyer", groups="purchase.group_purchase_user"
        )
        cls.credit_hold = cls.env["dropship.hold.reason"].create(
            {
                "name": "Credit hold",
                "release_group_ids": [
                    Command.set(cls.env.ref("sales_team.group_sale_manager").ids)
                ],
            }
        )
        cls.plain_code = cls.env["dropship.hold.reason"].create({"name": "Check"})

    def _credit_held_pair(self):
        order, purchase = self._confirmed_pair([(self.product, 5)])
        order.user_id = self.salesman
        order.with_user(self.sale_manager).write(
            {"on_hold": True, "hold_reason_id": self.credit_hold.id}
        )
        self.assertTrue(purchase.on_hold)
        return order, purchase

    @staticmethod
    def _holds(*orders):
        return [
            (hold.id, hold.state, hold.hold_reason_id.id, hold.reason)
            for order in orders
            for hold in order.dropship_hold_ids
        ]

    def test_recode_needs_the_release_right(self):
        order, purchase = self._credit_held_pair()
        before = self._holds(order, purchase)
        with self.assertRaisesRegex(UserError, "can only be released by"):
            order.with_user(self.salesman).write(
                {"on_hold": True, "hold_reason_id": self.plain_code.id}
            )
        self.assertEqual(self._holds(order, purchase), before, "nothing changed")
        with self.assertRaisesRegex(UserError, "can only be released by"):
            order.with_user(self.salesman).action_dropship_release()
        self.assertTrue(order.on_hold)
        self.assertTrue(purchase.on_hold)

    def test_recode_through_the_wizard_is_refused(self):
        order, purchase = self._credit_held_pair()
        before = self._holds(order, purchase)
        action = order.with_user(self.salesman).action_dropship_hold()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .with_context(**action["context"])
        )
        wizard.hold_reason_id = self.plain_code
        with self.assertRaisesRegex(UserError, "can only be released by"):
            wizard.save().action_confirm()
        self.assertEqual(self._holds(order, purchase), before)

    def test_manager_may_recode(self):
        order, purchase = self._credit_held_pair()
        order.with_user(self.sale_manager).write(
            {"on_hold": True, "hold_reason_id": self.plain_code.id}
        )
        holds = order.dropship_hold_ids | purchase.dropship_hold_ids
        self.assertEqual(holds.hold_reason_id, self.plain_code)
        order.with_user(self.salesman).action_dropship_release()
        self.assertFalse(purchase.on_hold)

    def test_code_in_use_is_archived_not_deleted(self):
        order, purchase = self._credit_held_pair()
        manager = self.credit_hold.with_user(self.sale_manager)
        with self.assertRaisesRegex(UserError, "archive them instead"):
            manager.unlink()
        self.assertTrue(self.credit_hold.exists())
        holds = order.dropship_hold_ids | purchase.dropship_hold_ids
        self.assertEqual(holds.hold_reason_id, self.credit_hold)
        manager.action_archive()
        self.assertFalse(self.credit_hold.active)
        self.assertEqual(order.dropship_hold_ids.hold_reason_id, self.credit_hold)
        with self.assertRaisesRegex(UserError, "can only be released by"):
            order.with_user(self.salesman).action_dropship_release()
        unused = self.env["dropship.hold.reason"].create({"name": "Unused"})
        unused.with_user(self.sale_manager).unlink()
        self.assertFalse(unused.exists())

    def _reversed_order(self):
        order, purchase = self._confirmed_pair([(self.product_serial, 2)])
        order.user_id = self.salesman
        picking = self._dropship_pickings(purchase)
        self._receive_lots(picking, {picking.move_ids: [("AU-1", 1), ("AU-2", 1)]})
        line = order.order_line.filtered(lambda sol: sol.lot_ids.name == "AU-2")
        self._return(picking, {line.move_ids: 1}, lots={line.move_ids: line.lot_ids})
        self.assertTrue(order.dropship_reversal_lot_ids)
        return order

    def test_settling_a_reversal_needs_the_right_to_change_the_order(self):
        order = self._reversed_order()
        activities = order.activity_ids.ids
        for action in (
            "action_dropship_reversal_done",
            "action_dropship_replacement",
            "action_dropship_credit_reversed",
        ):
            with self.assertRaises(AccessError):
                getattr(order.with_user(self.buyer), action)()
            self.assertEqual(order.activity_ids.ids, activities, action)
            self.assertTrue(order.dropship_reversal_lot_ids)
        action = order.with_user(self.salesman).action_dropship_reversal_done()
        self.assertTrue(order.dropship_reversal_lot_ids, "the reason comes first")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.salesman)
            .with_context(**action["context"])
            .create({"note": "Returned by mistake"})
        )
        wizard.action_confirm()
        self.assertFalse(order.dropship_reversal_lot_ids)
        self.assertEqual(order.dropship_reversal_ids.state, "closed")
        self.assertEqual(order.dropship_reversal_ids.settle_note, "Returned by mistake")
