# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers import portal


class DropshipScorecardPortal(portal.CustomerPortal):
    """The vendor's own figures on the portal: how it kept its drop-ship
    promises over the last twelve months."""

    @http.route("/my/dropships/figures", type="http", auth="user", website=True)
    def portal_my_dropship_figures(self, **kw):
        vendor = request.env.user.commercial_partner_id
        rows, total = request.env["dropship.service.level"]._vendor_figures(vendor)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dropship_figures",
                "rows": rows,
                "total": total,
            }
        )
        return request.render(
            "sale_purchase_dropship_sync.portal_my_dropship_figures", values
        )
