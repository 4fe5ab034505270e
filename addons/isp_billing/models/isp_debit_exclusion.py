# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..rules.mandate_check import REASONS


class IspDebitExclusion(models.Model):
    """An invoice a billing run's debit orders left out, and why (no valid
    mandate, a mandate blocked or not covering the contract's IBAN, over
    the payment mode's limit...). The run's "Create debit orders" replaces
    its exclusions each time."""
    _name = 'isp.debit.exclusion'
    _description = 'Invoice not debited'
    _order = 'run_id desc, id'

    run_id = fields.Many2one(
        comodel_name='isp.billing.run',
        string='Billing run',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    company_id = fields.Many2one(
        related='run_id.company_id',
        string='Company',
        store=True,
        readonly=True,
        index=True,
    )
    order_id = fields.Many2one(
        comodel_name='account.payment.order',
        string='Debit order',
        ondelete='set null',
        readonly=True,
        help='The debit order of the same payment mode and bank account '
             'that the invoice would have gone into.',
    )
    invoice_id = fields.Many2one(
        comodel_name='account.invoice',
        string='Invoice',
        required=True,
        index=True,
        ondelete='cascade',
        readonly=True,
    )
    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        index=True,
        readonly=True,
    )
    payment_mode_id = fields.Many2one(
        comodel_name='account.payment.mode',
        string='Payment mode',
        readonly=True,
    )
    mandate_id = fields.Many2one(
        comodel_name='account.banking.mandate',
        string='Mandate',
        readonly=True,
    )
    currency_id = fields.Many2one(
        comodel_name='res.currency',
        string='Currency',
        readonly=True,
    )
    amount = fields.Monetary(
        string='Amount due',
        currency_field='currency_id',
        readonly=True,
    )
    reason = fields.Selection(
        selection=REASONS,
        required=True,
        index=True,
        readonly=True,
    )
    reason_text = fields.Text(
        string='Why',
        readonly=True,
    )
    represented = fields.Boolean(
        string='Re-presentation',
        readonly=True,
        help='The invoice of an earlier run waiting to be debited again '
             'after a return.',
    )
