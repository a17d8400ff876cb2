# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import float_compare, float_is_zero

from .dropship_door import as_mirror


class DropshipRuleTransfer(models.AbstractModel):
    """The drop-ship transfer follows its purchase lines.

    A pair is a sales line, its purchase lines and the drop-ship moves that
    carry the goods. When a purchase line of a confirmed order orders more
    or less (a sales change mirrored, a supplier change, a decline), its
    open moves take the difference: the open move grows, or the open moves
    shrink and those left with nothing are cancelled. No new transfer, no
    move merged after the fact, no "ordered quantity decreased" activity:
    the transfer carries what the purchase order orders. Only a line without
    an open move to grow is left to Odoo, which adds it to a transfer.
    """

    _name = "dropship.rule.transfer"
    _inherit = "dropship.rule"
    _description = "Drop-ship rule: the transfer"
    _dropship_kinds = ("transfer",)

    @api.model
    def _follow_purchase_lines(self, pols):
        """Bring the open drop-ship moves of ``pols`` to what the lines
        order; the lines this cannot serve are returned for Odoo's own
        ``_create_or_update_picking``."""
        dropship = self.env["dropship.pair"]._purchase_side(pols)
        rest = pols.browse()
        for pol in pols:
            if pol not in dropship or not self._follow_line(pol.sudo()):
                rest |= pol
        return rest

    @api.model
    def _open_moves(self, pol):
        """The open drop-ship receipts of ``pol`` (not returns), first
        created first."""
        return pol.move_ids.filtered(
            lambda m: (
                m.state not in ("done", "cancel")
                and not m.origin_returned_move_id
                and m.product_id == pol.product_id
                and m.picking_id.state not in ("done", "cancel")
                and m._is_dropshipped()
            )
        ).sorted("id")

    @api.model
    def _follow_line(self, pol):
        """Grow or shrink the open moves of ``pol`` by what it orders more
        or less than its moves carry; False when Odoo must do it (no open
        move to grow, a quantity below what was received or billed)."""
        rounding = pol.product_uom.rounding
        if (
            pol.product_id.type != "consu"
            or pol.order_id.state != "purchase"
            or float_compare(
                pol.product_qty, pol.qty_received, precision_rounding=rounding
            )
            < 0
            or (
                pol.invoice_lines
                and float_compare(
                    pol.product_qty, pol.qty_invoiced, precision_rounding=rounding
                )
                < 0
            )
        ):
            return False
        diff = pol.product_qty - pol._get_qty_procurement()
        if float_is_zero(diff, precision_rounding=rounding):
            return True
        moves = self._open_moves(pol)
        if diff > 0:
            if not moves:
                return False
            self._grow(moves[:1], pol, diff)
        else:
            self._shrink(moves, pol, -diff)
        return True

    @api.model
    def _grow(self, move, pol, qty):
        """Add ``qty`` (in the unit of ``pol``) to the demand of ``move``."""
        extra = pol.product_uom._compute_quantity(
            qty, move.product_uom, rounding_method="HALF-UP"
        )
        with as_mirror(self.env):
            move.write({"product_uom_qty": move.product_uom_qty + extra})

    @api.model
    def _shrink(self, moves, pol, qty):
        """Take ``qty`` (in the unit of ``pol``) off the demand of
        ``moves``, the newest first; a move left with nothing is
        cancelled."""
        cancel = moves.browse()
        with as_mirror(self.env):
            for move in moves.sorted("id", reverse=True):
                if float_is_zero(qty, precision_rounding=pol.product_uom.rounding):
                    break
                demand = move.product_uom._compute_quantity(
                    move.product_uom_qty, pol.product_uom, rounding_method="HALF-UP"
                )
                taken = min(demand, qty)
                qty -= taken
                left = pol.product_uom._compute_quantity(
                    demand - taken, move.product_uom, rounding_method="HALF-UP"
                )
                if float_is_zero(left, precision_rounding=move.product_uom.rounding):
                    cancel |= move
                else:
                    move.write({"product_uom_qty": left})
            if cancel:
                cancel._action_cancel()

    @api.model
    def _moves_of_others(self, sale_orders):
        """The open drop-ship moves, on the transfers of ``sale_orders``,
        of other sales orders (a purchase order shared after merged RFQs),
        as superuser."""
        return (
            sale_orders.sudo()
            .picking_ids.move_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and m.sale_line_id
                    and m.sale_line_id.order_id not in sale_orders
                    and m._is_dropshipped()
                )
            )
            .with_env(self.env)
        )

    # Integrity

    @api.model
    def _carried(self, pol):
        """(what the open moves of ``pol`` carry, what they should carry),
        in its unit. The line still orders what it did not receive; of
        that, the units returned to the vendor wait for their reversal to
        be settled (a replacement ships them again), so a transfer short of
        them is no drift."""
        carried = sum(
            move.product_uom._compute_quantity(
                move.product_uom_qty, pol.product_uom, rounding_method="HALF-UP"
            )
            for move in self._open_moves(pol)
        )
        ordered = max(pol.product_qty - pol.qty_received, 0.0)
        returned = sum(
            move.product_uom._compute_quantity(
                move.quantity, pol.product_uom, rounding_method="HALF-UP"
            )
            for move in pol._get_outgoing_incoming_moves()[0]
            if move.state == "done"
        )
        rounding = pol.product_uom.rounding
        if float_compare(carried, ordered, precision_rounding=rounding) > 0:
            return carried, ordered
        return carried, max(min(carried, ordered), ordered - returned)

    @api.model
    def _verify(self, batch):
        """A drop-ship transfer that carries more or less than its purchase
        line still orders (goods shipping for a declined line, a transfer
        short of an increase). A line whose open moves are all gone (the
        rest of a receipt validated without backorder) is no drift, nor is
        a pair whose quantities differ (see the quantity rule)."""
        result = []
        # One read of the moves of the whole batch.
        moves = batch.lines.sudo().purchase_line_ids.move_ids
        moves.fetch(
            ["state", "product_uom_qty", "quantity", "product_uom", "picking_id"]
        )
        moves.picking_id.fetch(["state"])
        for line in batch.lines.filtered(lambda sol: sol.state == "sale"):
            if float_compare(
                batch.purchase_qty.get(line.id, 0.0),
                line.product_uom_qty,
                precision_rounding=line.product_uom.rounding,
            ):
                # The quantities of the pair differ: that issue comes
                # first, the moves follow the quantity it settles on.
                continue
            for pol in batch.open_lines(line):
                if pol.order_id.state != "purchase" or pol.product_id.type != "consu":
                    continue
                carried, ordered = self._carried(pol)
                rounding = pol.product_uom.rounding
                if float_is_zero(carried, precision_rounding=rounding) or not (
                    float_compare(carried, ordered, precision_rounding=rounding)
                ):
                    continue
                result.append(self._verify_line(line, pol, carried, ordered))
        return result

    @api.model
    def _verify_line(self, line, pol, carried, ordered):
        transfers = ", ".join(self._open_moves(pol).picking_id.mapped("name"))
        values = {
            "transfers": transfers,
            "product": pol.product_id.display_name,
            "carried": self._fmt(carried),
            "ordered": self._fmt(ordered),
            "uom": pol.product_uom.name,
            "document": pol.order_id.display_name,
        }
        return self._issue(
            "transfer",
            line,
            pol,
            self.env._(
                "%(transfers)s carries %(carried)s %(uom)s of %(product)s while "
                "%(document)s still orders %(ordered)s %(uom)s.",
                **values,
            ),
            target="purchase",
            summary=self.env._(
                "%(transfers)s is brought to %(ordered)s %(uom)s of %(product)s, "
                "what %(document)s orders.",
                **values,
            ),
            key=f"{carried}:{ordered}",
        )

    @api.model
    def _fix(self, issues):
        """Bring the open moves of each line to what they should carry."""
        # sudo: as the synchronization brings the moves to their line.
        for pol in issues.purchase_line_id.sudo():
            carried, ordered = self._carried(pol)
            moves = self._open_moves(pol)
            rounding = pol.product_uom.rounding
            if not moves or float_is_zero(
                ordered - carried, precision_rounding=rounding
            ):
                continue
            if ordered > carried:
                self._grow(moves[:1], pol, ordered - carried)
            else:
                self._shrink(moves, pol, carried - ordered)
