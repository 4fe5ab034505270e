# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class SaleAdvancePaymentInv(models.TransientModel):
    _inherit = 'sale.advance.payment.inv'

    @api.multi
    def _create_invoice(self, order, so_line, amount):
        # a down payment on an ISP contract would be deducted from an
        # invoice of the order that the billing runs never make
        order._isp_check_not_billed_by_runs()
        return super(SaleAdvancePaymentInv, self)._create_invoice(
            order, so_line, amount)
