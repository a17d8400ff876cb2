# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import format_date

from odoo.addons.sale_purchase_dropship_sync.hooks import fill_promises, fill_shipped

from . import test_portal
from .common import DropshipCommon

PROMISED = datetime(2026, 3, 10, 12, 0)


@tagged("post_install", "-at_install")
class TestPromise(DropshipCommon):
    """The vendor's promise is kept as it was when the purchase order was
    confirmed."""

    def _rfq(self, lines, promised=PROMISED):
        order = self._create_so(lines)
        purchase = self._purchase_orders(order)
        purchase.date_order = datetime(2026, 3, 1)
        purchase.order_line.date_planned = promised
        return order, purchase

    def test_promise_kept_at_confirmation(self):
        _order, purchase = self._rfq([(self.product, 10)])
        pol = purchase.order_line
        self.assertFalse(pol.promised_date, "an RFQ promises nothing yet")
        pol.price_unit = 12.0
        purchase.button_confirm()
        self.assertEqual(pol.promised_date, PROMISED)
        self.assertEqual(pol.confirmed_qty, 10)
        self.assertEqual(pol.confirmed_price, 12.0)

    def test_later_changes_keep_the_promise(self):
        _order, purchase = self._rfq([(self.product, 10)])
        purchase.button_confirm()
        pol = purchase.order_line
        pol.write(
            {
                "product_qty": 8,
                "price_unit": 11.0,
                "date_planned": datetime(2026, 3, 20, 12, 0),
            }
        )
        self.assertEqual(pol.product_qty, 8)
        self.assertEqual(pol.promised_date, PROMISED)
        self.assertEqual(pol.confirmed_qty, 10)
        self.assertEqual(pol.confirmed_price, 10.0)

    def test_not_dropship_lines_promise_nothing(self):
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    (0, 0, {"product_id": self.product_stock.id, "product_qty": 3})
                ],
            }
        )
        purchase.button_confirm()
        self.assertFalse(purchase.order_line.promised_date)
        self.assertFalse(purchase.order_line.confirmed_qty)

    def test_split_lines_share_the_origin_promise(self):
        _order, purchase = self._rfq([(self.product_serial, 3)])
        purchase.button_confirm()
        origin = purchase.order_line
        picking = self._dropship_pickings(purchase)
        self._receive_lots(
            picking, {picking.move_ids: [("SN-1", 1), ("SN-2", 1), ("SN-3", 1)]}
        )
        self.assertEqual(len(purchase.order_line), 3)
        split = purchase.order_line - origin
        self.assertEqual(split.dropship_split_origin_id, origin)
        self.assertFalse(any(split.mapped("promised_date")))
        self.assertEqual(origin.promised_date, PROMISED)
        self.assertEqual(origin.confirmed_qty, 3)

    def test_fill_from_the_change_log(self):
        """An upgrade fills the promise from the change log where it can
        (the vendor's first change after the confirmation), else from
        today's values."""
        _order, purchase = self._rfq([(self.product, 10), (self.product_standard, 4)])
        Change = self.env["dropship.sync.change"]
        before = Change.search([("purchase_order_id", "=", purchase.id)])
        purchase.button_confirm()
        changed, kept = purchase.order_line
        changed.write({"product_qty": 7, "date_planned": datetime(2026, 3, 25, 12, 0)})
        changed.product_qty = 6
        kept.price_unit = 25.0
        self.assertTrue(
            Change.search([("purchase_order_id", "=", purchase.id)]) - before
        )
        self.env.flush_all()
        # The state before the upgrade: the changes of the request for
        # quotation were made before its confirmation, no promise was kept.
        self.env.cr.execute(
            "UPDATE dropship_sync_change SET date = %s WHERE id = ANY(%s)",
            [datetime(2026, 3, 1), before.ids],
        )
        self.env.cr.execute(
            "UPDATE purchase_order SET date_approve = %s WHERE id = %s",
            [datetime(2026, 3, 2), purchase.id],
        )
        self.env.cr.execute(
            "UPDATE purchase_order_line SET promised_date = NULL, "
            "confirmed_qty = NULL, confirmed_price = NULL WHERE id = ANY(%s)",
            [purchase.order_line.ids],
        )
        self.env.invalidate_all()
        fill_promises(self.env)
        self.assertEqual(changed.promised_date, PROMISED)
        self.assertEqual(changed.confirmed_qty, 10)
        self.assertEqual(changed.confirmed_price, 10.0)
        self.assertEqual(kept.promised_date, PROMISED)
        self.assertEqual(kept.confirmed_qty, 4)
        self.assertEqual(kept.confirmed_price, 25.0, "no log of it: today's price")


@tagged("post_install", "-at_install")
class TestScorecard(DropshipCommon):
    """The vendor scorecard over a known history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Scorecard = cls.env["dropship.vendor.scorecard"]
        cls.scored = [
            cls._create_dropship_product(f"Scored Chair {i}", 10.0) for i in range(4)
        ]

    def _confirmed(self, lines, promised=PROMISED, partner=None):
        order = self._create_so(lines, partner=partner)
        purchase = self._purchase_orders(order)
        purchase.date_order = promised.replace(day=1)
        purchase.order_line.date_planned = promised
        purchase.button_confirm()
        return order, purchase

    def _ship(self, purchase, pols, day, quantities=None):
        """Ship ``pols`` (all that is open, or ``quantities``) as received by
        the customer on ``day``."""
        picking = self._dropship_pickings(purchase)
        picking.receipt_date = day
        moves = picking.move_ids.filtered(lambda m: m.purchase_line_id in pols)
        self._receive(
            picking,
            {
                m: (quantities or {}).get(m.purchase_line_id, m.product_uom_qty)
                for m in moves
            },
        )
        return picking

    def _row(self, period, vendor=None):
        self.env.flush_all()
        self.Scorecard.invalidate_model()
        return self.Scorecard.search(
            [("vendor_id", "=", (vendor or self.vendor).id), ("period", "=", period)]
        )

    def _assert_row(self, row, **expected):
        self.assertEqual(len(row), 1)
        for fname, value in expected.items():
            self.assertAlmostEqual(row[fname], value, places=2, msg=fname)

    def _assert_month(self, month, lines, on_time, fill, cut=None, late=None):
        """The row of ``month`` of 2026: lines, on time, fill rate, and the
        cut rate and days late when given."""
        expected = {"lines": lines, "on_time_rate": on_time, "fill_rate": fill}
        for fname, value in (("cut_rate", cut), ("days_late_avg", late)):
            if value is not None:
                expected[fname] = value
        self._assert_row(self._row(date(2026, month, 1)), **expected)

    def _history(self):
        """Four lines promised 2026-03-10: shipped 03-08, 03-10 (after a
        price change by the vendor), 03-13, and one cut 10 -> 8 and shipped
        03-09; everything billed at the purchase order's prices."""
        _order, purchase = self._confirmed([(p, 10) for p in self.scored])
        by_product = {pol.product_id: pol for pol in purchase.order_line}
        early, priced, late, cut = (by_product[p] for p in self.scored)
        priced.price_unit = 11.0
        cut.product_qty = 8
        self._ship(purchase, early, datetime(2026, 3, 8, 9, 0))
        self._ship(purchase, cut, datetime(2026, 3, 9, 9, 0))
        self._ship(purchase, priced, datetime(2026, 3, 10, 18, 0))
        self._ship(purchase, late, datetime(2026, 3, 13, 9, 0))
        return purchase

    def _bill(self, purchase):
        action = purchase.action_create_invoice()
        bill = self.env["account.move"].browse(action["res_id"])
        bill.invoice_date = date(2026, 3, 31)
        bill.action_post()
        return bill

    def test_known_history(self):
        purchase = self._history()
        row = self._row(date(2026, 3, 1))
        self._assert_row(
            row,
            lines=4,
            on_time_rate=75.0,
            fill_rate=95.0,
            cut_rate=25.0,
            days_late_avg=3.0,
            price_change_rate=25.0,
            cost_variance_pct=0.0,
        )
        self.assertEqual(row.company_id, self.env.company)
        self._bill(purchase)
        # Billed 10 x 10 + 10 x 11 + 10 x 10 + 8 x 10 = 390 against the
        # confirmed 10 x 38 = 380.
        self._assert_row(self._row(date(2026, 3, 1)), cost_variance_pct=10 / 380 * 100)

    def test_groups_weigh_lines(self):
        """A vendor over two months has the rate of its lines, not the mean
        of its months' rates."""
        self._history()
        _order, purchase = self._confirmed(
            [(self.product, 5)], promised=datetime(2026, 4, 10, 12, 0)
        )
        self._ship(purchase, purchase.order_line, datetime(2026, 4, 2, 9, 0))
        self._assert_row(self._row(date(2026, 4, 1)), lines=1, on_time_rate=100.0)
        self.env.flush_all()
        [(lines, on_time, fill, late)] = self.Scorecard._read_group(
            [("vendor_id", "=", self.vendor.id)],
            [],
            ["lines:sum", "on_time_rate:avg", "fill_rate:avg", "days_late_avg:avg"],
        )
        self.assertEqual(lines, 5)
        self.assertAlmostEqual(on_time, 80.0)
        self.assertAlmostEqual(fill, 43 / 45 * 100)
        self.assertAlmostEqual(late, 3.0)

    def test_split_counts_once(self):
        promised = datetime(2026, 4, 10, 12, 0)
        _order, purchase = self._confirmed([(self.product_serial, 3)], promised)
        picking = self._dropship_pickings(purchase)
        picking.receipt_date = datetime(2026, 4, 9, 9, 0)
        self._receive_lots(
            picking, {picking.move_ids: [("SC-1", 1), ("SC-2", 1), ("SC-3", 1)]}
        )
        self.assertEqual(len(purchase.order_line), 3, "split per serial")
        self._assert_month(4, 1, 100.0, 100.0, cut=0.0, late=0.0)

    def test_return_does_not_undo_the_shipment(self):
        promised = datetime(2026, 5, 10, 12, 0)
        _order, purchase = self._confirmed([(self.product, 10)], promised)
        picking = self._ship(purchase, purchase.order_line, datetime(2026, 5, 12, 9, 0))
        self._return(picking, {picking.move_ids: 4.0})
        self.assertEqual(purchase.order_line.qty_received, 6)
        self._assert_month(5, 1, 0.0, 100.0, cut=0.0, late=2.0)

    def test_merged_rfqs(self):
        promised = datetime(2026, 6, 10, 12, 0)
        orders = self._create_so([(self.product, 4)]) | self._create_so(
            [(self.product, 6)]
        )
        rfqs = self._purchase_orders(orders)
        self.assertEqual(len(rfqs), 2)
        rfqs.date_order = datetime(2026, 6, 1)
        rfqs.action_merge()
        purchase = rfqs.filtered(lambda po: po.state != "cancel")
        self.assertEqual(len(purchase), 1)
        self.assertEqual(len(purchase.order_line), 2)
        self.assertEqual(purchase.order_line.sale_line_id, orders.order_line)
        purchase.order_line.date_planned = promised
        purchase.button_confirm()
        first, second = purchase.order_line
        self._ship(purchase, first, datetime(2026, 6, 9, 9, 0))
        self._ship(purchase, second, datetime(2026, 6, 11, 9, 0))
        self._assert_month(6, 2, 50.0, 100.0, late=1.0)

    def test_cancelled_line_counts_as_declined(self):
        promised = datetime(2026, 7, 10, 12, 0)
        _order, purchase = self._confirmed([(self.product, 10)], promised)
        purchase.button_cancel()
        self._assert_month(7, 1, 0.0, 0.0, cut=100.0)

    def test_sales_cut_is_not_the_vendor(self):
        """A quantity the customer lowered is not the vendor's cut."""
        promised = datetime(2026, 8, 10, 12, 0)
        order, purchase = self._confirmed([(self.product, 10)], promised)
        order.order_line.product_uom_qty = 7
        self.assertEqual(purchase.order_line.product_qty, 7)
        self._ship(purchase, purchase.order_line, datetime(2026, 8, 10, 9, 0))
        self._assert_month(8, 1, 100.0, 70.0, cut=0.0)

    def test_multi_company_and_smart_button(self):
        today = datetime.combine(date.today(), datetime.min.time()).replace(hour=12)
        _order, purchase = self._confirmed([(self.product, 2)], today)
        self._ship(purchase, purchase.order_line, today)
        buyer = new_test_user(
            self.env, "scorecard_buyer", groups="purchase.group_purchase_user"
        )
        vendor = self.vendor.with_user(buyer)
        self.assertEqual(vendor.dropship_promised_lines, 1)
        self.assertEqual(vendor.dropship_on_time_rate, 100.0)
        action = vendor.action_dropship_scorecard()
        self.assertEqual(
            self.env["dropship.vendor.scorecard"]
            .with_user(buyer)
            .search(action["domain"])
            .lines,
            1,
        )
        other = self.env["res.company"].create({"name": "Other Drop-ship Company"})
        stranger = new_test_user(
            self.env,
            "scorecard_stranger",
            groups="purchase.group_purchase_user",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(
            self.env["dropship.vendor.scorecard"].with_user(stranger).search([])
        )
        self.assertEqual(self.vendor.with_user(stranger).dropship_promised_lines, 0)


@tagged("post_install", "-at_install")
class TestShipped(DropshipCommon):
    """What the drop-ship receipts of a purchase line shipped and when the
    last reached the customer, stored on the line for the scorecard."""

    def _assert_shipped(self, pols, *expected):
        self.assertRecordValues(
            pols,
            [
                {"dropship_shipped_qty": qty, "dropship_ship_date": day}
                for qty, day in expected
            ],
        )

    def _blank_and_fill(self, pols):
        """Empty the stored facts as before the upgrade, then fill them."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE purchase_order_line SET dropship_shipped_qty = NULL, "
            "dropship_ship_date = NULL WHERE id = ANY(%s)",
            [pols.ids],
        )
        self.env.invalidate_all()
        self._assert_shipped(pols, *[(0.0, False)] * len(pols))
        fill_shipped(self.env)

    def test_receipts_and_returns(self):
        first_day, second_day = datetime(2026, 5, 4, 9, 0), datetime(2026, 5, 6, 9, 0)
        _order, purchase = self._confirmed_pair([(self.product, 10)])
        pol = purchase.order_line
        self._assert_shipped(pol, (0.0, False))
        picking = self._dropship_pickings(purchase)
        picking.receipt_date = first_day
        self._receive(picking, {picking.move_ids: 6})
        self._assert_shipped(pol, (6.0, first_day))
        backorder = self._dropship_pickings(purchase)
        backorder.receipt_date = second_day
        self._receive(backorder)
        self._assert_shipped(pol, (10.0, second_day))
        # A return does not undo the shipment.
        self._return(backorder, {backorder.move_ids: 4.0})
        self.assertEqual(pol.qty_received, 6)
        self._assert_shipped(pol, (10.0, second_day))
        # The customer's receipt date corrected on the done transfer.
        backorder.receipt_date = datetime(2026, 5, 5, 9, 0)
        self._assert_shipped(pol, (10.0, datetime(2026, 5, 5, 9, 0)))
        self._blank_and_fill(pol)
        self._assert_shipped(pol, (10.0, datetime(2026, 5, 5, 9, 0)))

    def test_validation_date_without_receipt_date(self):
        self.env.company.dropship_sync_receipt_date = False
        _order, purchase = self._confirmed_pair([(self.product, 2)])
        picking = self._receive(self._dropship_pickings(purchase))
        self.assertFalse(picking.receipt_date)
        self._assert_shipped(purchase.order_line, (2.0, picking.move_ids.date))

    def test_split_per_serial(self):
        day = datetime(2026, 4, 9, 9, 0)
        _order, purchase = self._confirmed_pair([(self.product_serial, 3)])
        origin = purchase.order_line
        picking = self._dropship_pickings(purchase)
        picking.receipt_date = day
        self._receive_lots(
            picking, {picking.move_ids: [("SH-1", 1), ("SH-2", 1), ("SH-3", 1)]}
        )
        split = purchase.order_line - origin
        self.assertEqual(len(split), 2, "one line per serial")
        self.assertEqual(split.dropship_split_origin_id, origin)
        lines = origin | split
        self._assert_shipped(lines, *[(1.0, day)] * 3)
        self._blank_and_fill(lines)
        self._assert_shipped(lines, *[(1.0, day)] * 3)


@tagged("post_install", "-at_install")
class TestLate(DropshipCommon):
    """Late shipments: flagged on the lines, an activity for the purchaser."""

    def _confirmed_on(self, planned, qty=10):
        order = self._create_so([(self.product, qty)])
        purchase = self._purchase_orders(order)
        purchase.date_order = planned - timedelta(days=10)
        purchase.order_line.date_planned = planned
        purchase.button_confirm()
        return order, purchase

    def _late_activities(self, purchase):
        return self._warning_activities(purchase).filtered(
            lambda a: a.summary == "Drop-ship shipment late"
        )

    def test_late_lines_and_cron(self):
        now = datetime.now().replace(microsecond=0)
        late_order, late_po = self._confirmed_on(now - timedelta(days=3))
        on_time_order, on_time_po = self._confirmed_on(now + timedelta(days=3))
        self.assertTrue(late_po.order_line.dropship_late)
        self.assertEqual(late_po.order_line.dropship_late_badge, "late")
        self.assertTrue(late_order.order_line.dropship_late)
        self.assertFalse(on_time_po.order_line.dropship_late)
        self.assertFalse(on_time_order.order_line.dropship_late_badge)
        SaleLine = self.env["sale.order.line"]
        PurchaseLine = self.env["purchase.order.line"]
        late_lines = SaleLine.search([("dropship_late", "=", True)])
        self.assertIn(late_order.order_line, late_lines)
        self.assertNotIn(on_time_order.order_line, late_lines)
        self.assertIn(
            on_time_order.order_line, SaleLine.search([("dropship_late", "=", False)])
        )
        self.assertIn(
            late_po.order_line, PurchaseLine.search([("dropship_late", "=", True)])
        )
        self.assertNotIn(
            on_time_po.order_line, PurchaseLine.search([("dropship_late", "=", True)])
        )

        self.env["dropship.service.level"]._cron_dropship_late()
        activity = self._late_activities(late_po)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, late_po.user_id or self.env.user)
        self.assertIn(self.product.display_name, str(activity.note))
        self.assertIn("10", str(activity.note))
        self.assertFalse(self._late_activities(on_time_po))
        # The next run updates the activity instead of adding one.
        picking = self._dropship_pickings(late_po)
        self._receive(picking, {picking.move_ids: 4.0})
        self.env["dropship.service.level"]._cron_dropship_late()
        activity = self._late_activities(late_po)
        self.assertEqual(len(activity), 1)
        self.assertIn("6", str(activity.note))
        self.assertTrue(late_po.order_line.dropship_late, "6 still to ship")
        # Shipped in full: no longer late.
        self._receive(self._dropship_pickings(late_po))
        late_po.order_line.invalidate_recordset(["dropship_late"])
        self.assertFalse(late_po.order_line.dropship_late)

    def test_promise_passed_although_the_vendor_moved_its_date(self):
        """The vendor moving its date does not make it on time."""
        now = datetime.now().replace(microsecond=0)
        order, purchase = self._confirmed_on(now - timedelta(days=2))
        purchase.order_line.date_planned = now + timedelta(days=5)
        self.assertTrue(purchase.order_line.dropship_late)
        self.assertTrue(order.order_line.dropship_late)


@tagged("post_install", "-at_install")
class TestCustomerMails(DropshipCommon):
    """The shipment notice and the delay notice, in the customer's language,
    each switchable per company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.shipped = cls.env.ref(
            "sale_purchase_dropship_sync.mail_template_dropship_shipped"
        )
        cls.delayed = cls.env.ref(
            "sale_purchase_dropship_sync.mail_template_dropship_delayed"
        )
        cls.shipped.with_context(
            lang="fr_FR"
        ).subject = "{{ object.sale_id.name }} : votre commande est expédiée"
        cls.delayed.with_context(
            lang="fr_FR"
        ).subject = "{{ object.name }} : nouvelle date d'expédition"
        cls.customer.email = "customer@example.com"

    def _notices(self, record, template_subject):
        return self.env["mail.message"].search(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("subject", "ilike", template_subject),
            ]
        )

    def test_shipped_notice(self):
        order, purchase = self._confirmed_pair([(self.product_serial, 2)])
        picking = self._dropship_pickings(purchase)
        picking.carrier_tracking_ref = "TRACK-42"
        self._receive_lots(picking, {picking.move_ids: [("SN-A", 1), ("SN-B", 1)]})
        notice = self._notices(picking, "your order has shipped")
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.subject, f"{order.name}: your order has shipped")
        self.assertIn(self.customer, notice.partner_ids)
        body = str(notice.body)
        for text in (self.product_serial.display_name, "SN-A", "SN-B", "TRACK-42"):
            self.assertIn(text, body)
        self.assertEqual(body.count("1.00"), 2, "one row per serial number")
        order.invalidate_recordset(["message_ids"])
        self.assertIn(
            "The customer was told of the shipment",
            str(order.message_ids.mapped("body")),
        )

    def test_shipped_notice_in_the_customer_language(self):
        self.customer.lang = "fr_FR"
        order, purchase = self._confirmed_pair([(self.product, 3)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking)
        notice = self._notices(picking, "votre commande est expédiée")
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.subject, f"{order.name} : votre commande est expédiée")

    def test_shipped_notice_switched_off(self):
        self.env.company.dropship_mail_shipped = False
        _order, purchase = self._confirmed_pair([(self.product, 3)])
        picking = self._dropship_pickings(purchase)
        self._receive(picking)
        self.assertFalse(self._notices(picking, "shipped"))

    def _slip(self, lang=None):
        if lang:
            self.customer.lang = lang
        order = self._create_so([(self.product, 2)], confirm=False)
        order.commitment_date = datetime.now().replace(microsecond=0) + timedelta(
            days=5
        )
        order.action_confirm()
        purchase = self._purchase_orders(order)
        new_date = order.commitment_date + timedelta(days=9)
        purchase.order_line.date_planned = new_date
        return order, new_date

    def test_delayed_notice_prepared_then_sent(self):
        order, new_date = self._slip()
        delay_type = self.env.ref(
            "sale_purchase_dropship_sync.mail_activity_type_dropship_delayed"
        )
        activity = order.activity_ids.filtered(
            lambda a: a.activity_type_id == delay_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Drop-ship date slipped")
        self.assertIn(self.delayed, activity.activity_type_id.mail_template_ids)
        self.assertFalse(self._notices(order, "new ship date"), "prepared, not sent")
        # The activity's Send button.
        order.activity_send_mail(self.delayed.id)
        notice = self._notices(order, "new ship date")
        self.assertEqual(len(notice), 1)
        self.assertIn(self.customer, notice.partner_ids)
        self.assertIn(format_date(self.env, new_date.date()), str(notice.body))
        self.assertIn(self.product.display_name, str(notice.body))

    def test_delayed_notice_in_the_customer_language(self):
        order, new_date = self._slip(lang="fr_FR")
        order.activity_send_mail(self.delayed.id)
        notice = self._notices(order, "nouvelle date d'expédition")
        self.assertEqual(len(notice), 1)
        self.assertIn(
            format_date(self.env, new_date.date(), lang_code="fr_FR"),
            str(notice.body),
        )

    def test_delayed_notice_switched_off(self):
        self.env.company.dropship_mail_delayed = False
        order, _new_date = self._slip()
        activity = order.activity_ids.filtered(
            lambda a: a.summary == "Drop-ship date slipped"
        )
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_warning")
        )
        self.assertFalse(activity.activity_type_id.mail_template_ids)


@tagged("post_install", "-at_install")
class TestServicePortal(HttpCase, DropshipCommon):
    """The customer's order page and the vendor's figures on the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Read the module manifests once, before the first request.
        http.root.statics.get("web")
        cls.vendor.is_company = True
        cls.customer_user = cls._portal_user("service_customer", cls.customer)
        cls.vendor_user = cls._portal_user("service_vendor", cls.vendor)

    _portal_user = classmethod(test_portal.TestDropshipPortal._portal_user.__func__)

    def _get(self, url, login):
        self.authenticate(login, login)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_customer_order_page(self):
        order, purchase = self._confirmed_pair(
            [(self.product_serial, 2), (self.product, 5)]
        )
        serial_move, plain_move = self._dropship_pickings(purchase).move_ids.sorted(
            lambda m: m.product_id != self.product_serial
        )
        picking = self._dropship_pickings(purchase)
        picking.carrier_tracking_ref = "TRACK-77"
        self._set_lots(picking, {serial_move: [("SN-P1", 1), ("SN-P2", 1)]})
        plain_move.quantity = 0
        self._answer_backorder(picking.button_validate())
        plain_line = order.order_line.filtered(lambda l: l.product_id == self.product)
        page = self._get(f"/my/orders/{order.id}", "service_customer")
        self.assertIn("o_dropship_line", page)
        for shown in ("Shipped", "Ordered", "TRACK-77", "SN-P1", "SN-P2"):
            self.assertIn(shown, page)
        self.assertIn("Expected ship date", page)
        self.assertIn(
            format_date(self.env, plain_line.dropship_expected_date.date()), page
        )
        for hidden in (self.vendor.name, purchase.name):
            self.assertNotIn(hidden, page)

    def test_vendor_figures(self):
        today = datetime.combine(date.today(), datetime.min.time()).replace(hour=12)
        order = self._create_so([(self.product, 4), (self.product_standard, 2)])
        purchase = self._purchase_orders(order)
        purchase.order_line.date_planned = today
        purchase.button_confirm()
        by_product = {pol.product_id: pol for pol in purchase.order_line}
        by_product[self.product_standard].product_qty = 1
        self._receive(self._dropship_pickings(purchase))
        page = self._get("/my/dropships/figures", "service_vendor")
        self.assertIn("o_dropship_figures_total", page)
        total = page[page.find("o_dropship_figures_total") :]
        # 2 lines, both shipped on time; 5 of 6 units, one line cut.
        for figure in (">2<", "100 %", "83 %", "50 %"):
            self.assertIn(figure, total)
        page = self._get("/my/dropships/figures", "service_customer")
        self.assertIn("There are no drop-ship figures yet", page)
