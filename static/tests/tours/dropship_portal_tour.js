/* Copyright 2026 Drop-Ship Order Sync contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

// On the vendor portal: the vendor confirms the shipment of two serial
// numbers with a tracking number.
tours.add("dropship_portal_ship_tour", {
    steps: () => [
        {
            content: "Open the drop-ship shipment to confirm",
            trigger: "tr.o_dropship_row a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ship-to address is shown",
            trigger: ".o_dropship_address:contains('Tour City')",
        },
        {
            content: "Give the tracking number",
            trigger: ".o_dropship_ship_form input[name='tracking_ref']",
            run: "edit TRK-TOUR-7",
        },
        {
            content: "Enter the two serial numbers",
            trigger: ".o_dropship_ship_form textarea[name^='lots_']",
            run() {
                this.anchor.value = "TOUR-P1\nTOUR-P2";
            },
        },
        {
            content: "Confirm the shipment",
            trigger: ".o_dropship_ship_form button.o_dropship_ship",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The shipment is confirmed",
            trigger: ".o_dropship_message",
        },
        {
            content: "The serial numbers are listed on the shipment",
            trigger: ".o_dropship_lines:contains('TOUR-P1'):contains('TOUR-P2')",
        },
    ],
});

// On the sales order shipped by the vendor on the portal: one line per
// serial number, and the vendor's tracking number.
tours.add("dropship_portal_sale_tour", {
    steps: () => [
        {
            content: "One sales line per serial number",
            trigger:
                ".o_field_widget[name='order_line'] .o_data_row:contains('TOUR-P1') ~ .o_data_row:contains('TOUR-P2')",
        },
        {
            content: "Open the other information",
            trigger: ".o_notebook .nav-link[name='other_information']",
            run: "click",
        },
        {
            content: "The vendor's tracking number is on the sales order",
            trigger:
                ".o_field_widget[name='dropship_tracking_refs']:contains('TRK-TOUR-7')",
        },
    ],
});
