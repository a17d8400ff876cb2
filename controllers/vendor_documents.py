# Copyright 2026 Drop-Ship Order Sync contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..models.dropship_vendor_document import DocumentTooLarge

# HTTP status of the answer by the document's state.
STATUS = {"done": 200, "duplicate": 200, "refused": 422}


class DropshipVendorDocuments(http.Controller):
    """The vendor's documents in: an API for the vendor's systems
    (``auth="bearer"``: an API key of the vendor's portal user) and an
    upload on the vendor portal. Both hand the document to
    ``dropship.vendor.document._import``."""

    # The API

    @http.route(
        "/dropship/api/v1/documents",
        type="http",
        auth="bearer",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def api_document(self, **kw):
        model = request.env["dropship.vendor.document"]
        try:
            # The announced length first: a body beyond the limit is not read.
            model._check_size(request.httprequest.content_length or 0)
            data = request.httprequest.get_data()
            document, duplicate = model._import(
                data,
                request.env.user.commercial_partner_id,
                "api",
                content_type=request.httprequest.content_type or "",
            )
        except DocumentTooLarge as error:
            return request.make_json_response({"message": str(error)}, status=413)
        answer = document._answer(duplicate=duplicate)
        return request.make_json_response(answer, status=STATUS[answer["state"]])

    @http.route(
        "/dropship/api/v1/shipments",
        type="http",
        auth="bearer",
        methods=["GET"],
        save_session=False,
    )
    def api_shipments(self, **kw):
        shipments = request.env["dropship.vendor.document"]._open_shipments(
            request.env.user.commercial_partner_id
        )
        return request.make_json_response({"shipments": shipments})

    # The vendor portal

    @http.route(
        "/my/dropships/documents",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_document(self, document=None, **kw):
        model = request.env["dropship.vendor.document"]
        data = document.read(model._max_size() + 1) if document else b""
        try:
            record, duplicate = model._import(
                data,
                request.env.user.commercial_partner_id,
                "portal",
                filename=getattr(document, "filename", "") or "",
                content_type=getattr(document, "content_type", "") or "",
            )
        except DocumentTooLarge as error:
            return request.render(
                "sale_purchase_dropship_sync.portal_my_dropship_document",
                {"answer": {"state": "refused", "message": str(error), "lines": []}},
            )
        return request.render(
            "sale_purchase_dropship_sync.portal_my_dropship_document",
            {
                "answer": record._answer(duplicate=duplicate),
                "page_name": "dropship",
            },
        )

    @http.route("/my/dropships/template.csv", type="http", auth="user", methods=["GET"])
    def portal_csv_template(self, **kw):
        data = request.env["dropship.vendor.document"]._csv_template(
            request.env.user.commercial_partner_id
        )
        return request.make_response(
            data,
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                (
                    "Content-Disposition",
                    'attachment; filename="dropship_shipments.csv"',
                ),
            ],
        )
