# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers import portal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.dropship_portal import ACTIONS

# The largest record id: ids are PostgreSQL integers.
MAX_ID = 2**31 - 1


class DropshipPortal(portal.CustomerPortal):
    """The vendor's drop-ship transfers on the portal (see ``dropship.portal``)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dropship_count" in counters:
            values["dropship_count"] = self._dropship_search_count(
                self._dropship_filters()["open"]["domain"]
            )
        return values

    def _dropship_filters(self):
        env = request.env
        return {
            # The next to ship first: by the vendor's ship date (the
            # deadline of the moves follows the purchase lines' planned
            # date); the last shipped first.
            "open": {
                "label": env._("To ship"),
                "domain": [("state", "not in", ("done", "cancel", "draft"))],
                "order": "date_deadline asc, scheduled_date asc, id desc",
            },
            "done": {
                "label": env._("Shipped"),
                "domain": [("state", "=", "done")],
                "order": "date_done desc, id desc",
            },
        }

    def _dropship_search_count(self, domain):
        portal_model = request.env["dropship.portal"]
        # sudo: a portal user has no inventory rights; the vendor domain
        # limits the count to its own drop-ship transfers.
        return (
            request.env["stock.picking"]
            .sudo()
            .search_count([*portal_model._vendor_domain(), *domain])
        )

    @http.route(
        ["/my/dropships", "/my/dropships/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_dropships(self, page=1, filterby=None, **kw):
        filters = self._dropship_filters()
        filterby = filterby if filterby in filters else "open"
        domain = [
            *request.env["dropship.portal"]._vendor_domain(),
            *filters[filterby]["domain"],
        ]
        # sudo: see _dropship_search_count; only the vendor's transfers.
        pickings = request.env["stock.picking"].sudo()
        pager = portal_pager(
            url="/my/dropships",
            url_args={"filterby": filterby},
            total=pickings.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        pickings = pickings.search(
            domain,
            order=filters[filterby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        portal_model = request.env["dropship.portal"]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "pickings": pickings,
                "ship_to": {p: portal_model._ship_to(p) for p in pickings},
                "ship_dates": {p: portal_model._ship_date(p) for p in pickings},
                "portal": portal_model,
                "page_name": "dropship",
                "pager": pager,
                "default_url": "/my/dropships",
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("sale_purchase_dropship_sync.portal_my_dropships", values)

    @http.route(
        "/my/dropships/<int:picking_id>", type="http", auth="user", website=True
    )
    def portal_my_dropship(self, picking_id, **kw):
        picking = self._dropship_picking(picking_id)
        if not picking:
            raise request.not_found()
        return self._dropship_render(picking, message=kw.get("message"))

    @http.route(
        "/my/dropships/<int:picking_id>/<string:action>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_dropship_action(self, picking_id, action, **post):
        picking = self._dropship_picking(picking_id)
        if not picking or action not in ACTIONS:
            raise request.not_found()
        # The door checks the vendor and takes the pair before the form is
        # checked (and outside the savepoint, where a busy pair can only be
        # waited for by a retry of the whole request; see
        # ``dropship.pair._lock``).
        request.env["dropship.command"]._run(
            "vendor", picking, None, lock=[picking.move_ids.purchase_line_id]
        )
        try:
            # Nothing the refused action wrote stays.
            with request.env.cr.savepoint():
                # As superuser (the environment of the checked transfer); the
                # portal user of the request is the actor that is recorded.
                message = request.env["dropship.portal"]._act(picking, action, post)
        except UserError as error:
            request.env.invalidate_all()
            return self._dropship_render(picking, error=str(error), values=post)
        return request.redirect(f"/my/dropships/{picking.id}?message={message}")

    def _dropship_picking(self, picking_id):
        """The vendor's drop-ship transfer ``picking_id`` (see
        ``dropship.portal._vendor_picking``); not found for an id that no
        record can have, which PostgreSQL would refuse to compare."""
        if not 0 < picking_id <= MAX_ID:
            raise request.not_found()
        return request.env["dropship.portal"]._vendor_picking(picking_id)

    def _dropship_render(self, picking, message=None, error=None, values=None):
        env = request.env
        messages = {
            "ship": env._("Thank you: the shipment is confirmed."),
            "propose": env._("Thank you: your proposal was sent."),
            "decline": env._("Your answer was sent: the order was updated."),
            "held": env._(
                "Your answer was sent. The buyer put this shipment on hold: it "
                "will review your answer when the hold is released."
            ),
        }
        portal_model = env["dropship.portal"]
        page = self._prepare_portal_layout_values()
        page.update(
            {
                "picking": picking,
                "page_name": "dropship",
                "portal": portal_model,
                "address": portal_model._ship_to(picking),
                "ship_date": portal_model._ship_date(picking),
                "date_pending": portal_model._date_pending(picking),
                "propose_lines": portal_model._propose_lines(picking),
                "moves": portal_model._open_moves(picking),
                "done_moves": picking.move_ids.filtered(lambda m: m.state == "done"),
                # What is no longer to ship: declined by the vendor, or
                # cancelled by the buyer (an order of a shared transfer).
                "cancelled_moves": picking.move_ids.filtered(
                    lambda m: m.state == "cancel"
                ),
                "message": messages.get(message),
                "error": error,
                "form": values or {},
            }
        )
        return request.render("sale_purchase_dropship_sync.portal_my_dropship", page)
