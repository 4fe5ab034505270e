# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

RUN_STEPS = [
    ('invoice', 'Invoicing'),
    ('post', 'Posting'),
    ('debit', 'Debit orders'),
]


class IspBillingRunFailure(models.Model):
    """A customer (or invoice) a billing run skipped, and why."""
    _name = 'isp.billing.run.failure'
    _description = 'ISP billing run failure'
    _order = 'id'

    run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        required=True,
        index=True,
        ondelete='cascade',
    )
    company_id = fields.Many2one(
        related='run_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
    step = fields.Selection(
        selection=RUN_STEPS,
        required=True,
        default='invoice',
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        ondelete='cascade',
    )
    invoice_id = fields.Many2one(
        comodel_name='account.invoice',
        string='Invoice',
        ondelete='cascade',
    )
    message = fields.Text(
        required=True,
    )
