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

// The ship date the propose tour gives: 30 days ahead, as the date field
// takes it (YYYY-MM-DD) and as the page shows it to an English vendor.
function proposedDay() {
    const day = new Date();
    day.setDate(day.getDate() + 30);
    const pad = (n) => String(n).padStart(2, "0");
    const [y, m, d] = [day.getFullYear(), pad(day.getMonth() + 1), pad(day.getDate())];
    return {iso: `${y}-${m}-${d}`, shown: `${m}/${d}/${y}`};
}

// On the vendor portal: on a backorder (2 of 5 units shipped), the vendor
// reads what is still open, proposes one unit less and a later ship date,
// and the page then shows the proposed date.
tours.add("dropship_portal_propose_tour", {
    steps: () => [
        {
            content: "Open the backorder",
            trigger: "tr.o_dropship_row a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The quantity field says what it holds",
            trigger:
                ".o_dropship_propose_form label[for^='open_']:contains('Quantity to ship on this transfer (Units)')",
        },
        {
            content: "The price field has its label and currency",
            trigger:
                ".o_dropship_propose_form label[for^='price_']:contains('Your unit price')",
        },
        {
            content: "What is open on this transfer is pre-filled, not the whole line",
            trigger: ".o_dropship_propose_form input[name^='open_'][value='3.00']",
        },
        {
            content: "The meaning of the quantity is stated",
            trigger:
                ".o_dropship_open_help:contains('Of the 5.00 Units ordered, 2.00 Units were shipped: 3.00 Units are still to ship.')",
        },
        {
            content: "The price is pre-filled to the cent",
            trigger: ".o_dropship_propose_form input[name^='price_'][value='10.00']",
        },
        {
            content: "Propose a later ship date",
            trigger: ".o_dropship_propose_form input[name='date_planned']",
            run() {
                this.anchor.value = proposedDay().iso;
            },
        },
        {
            content: "Propose one unit less on this transfer",
            trigger: ".o_dropship_propose_form input[name^='open_']",
            run: "edit 2",
        },
        {
            content: "Send the proposal",
            trigger: ".o_dropship_propose_form button.o_dropship_propose",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The proposal was sent",
            trigger: ".o_dropship_message:contains('your proposal was sent')",
        },
        {
            content: "The page shows the proposed ship date",
            trigger: ".o_dropship_status",
            run() {
                const text = this.anchor.textContent.replace(/\s+/g, " ");
                const expected = `Ship by ${proposedDay().shown}`;
                if (!text.includes(expected)) {
                    throw new Error(`"${expected}" not in "${text}"`);
                }
            },
        },
        {
            content: "What is open now is pre-filled",
            trigger:
                ".o_dropship_open_help:contains('Of the 4.00 Units ordered, 2.00 Units were shipped: 2.00 Units are still to ship.')",
        },
    ],
});
