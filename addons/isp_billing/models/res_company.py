# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    isp_sdd_max_representations = fields.Integer(
        string='Debit again after a return',
        default=1,
        help='How many times an invoice whose direct debit was returned '
             'is presented again in the next debit order; after that (or '
             'for a reason that rules it out) it waits for dunning.',
    )

    isp_payment_term_id = fields.Many2one(
        comodel_name='account.payment.term',
        string='Payment terms of the billing runs',
        ondelete='set null',
        help='The payment terms of the invoices of the billing runs of '
             'customers who have none: they give the due date printed on '
             'the invoice.',
    )
    isp_sdd_orders_after_posting = fields.Boolean(
        string='Create debit orders after posting',
        help='When the posting of a billing run is done, its invoices paid '
             'by SEPA direct debit go into debit orders at once (as with '
             'the run\'s "Create debit orders" button).',
    )
