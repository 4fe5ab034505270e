# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class IspPaymentPromiseWizard(models.TransientModel):
    """"Promise to pay" from the customer form: staff record the date the
    customer says they will pay by."""
    _name = 'isp.payment.promise.wizard'
    _description = 'Record a payment promise'

    partner_id = fields.Many2one(
        comodel_name='res.partner',
        string='Customer',
        required=True,
    )
    date_promised = fields.Date(
        string='Pay by',
        required=True,
    )
    invoice_ids = fields.Many2many(
        comodel_name='account.invoice',
        string='Invoices',
        help='The overdue invoices promised; all of them when empty.',
    )
    amount = fields.Monetary(
        currency_field='currency_id',
        help='What is left to pay of the invoices when empty.',
    )
    currency_id = fields.Many2one(
        comodel_name='res.currency',
        default=lambda self: self.env.user.company_id.currency_id,
    )
    reason = fields.Text(
        string='Notes',
    )

    @api.onchange('partner_id', 'date_promised')
    def _onchange_partner_id(self):
        if not self.partner_id:
            return {}
        overdue = self.env['isp.payment.promise']._isp_overdue_invoices(
            self.partner_id.commercial_partner_id,
            fields.Date.context_today(self), self.env.user.company_id)
        return {'domain': {'invoice_ids': [('id', 'in', overdue.ids)]}}

    @api.multi
    def action_confirm(self):
        """Button: record the promise (the promise's own checks refuse a
        date or a customer the company's rules do not allow) and open
        it."""
        self.ensure_one()
        promises = self.env['isp.payment.promise']
        if not promises.check_access_rights('create', raise_exception=False):
            raise UserError(_('Only billing users record payment '
                              'promises.'))
        promise = promises._isp_create_promise(
            self.partner_id, self.date_promised, origin='staff',
            invoices=self.invoice_ids, amount=self.amount,
            reason=self.reason)
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'isp.payment.promise',
            'res_id': promise.id,
            'view_mode': 'form',
        }
