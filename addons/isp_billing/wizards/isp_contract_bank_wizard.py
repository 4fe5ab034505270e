# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.sale_order import CONTRACT_AMENDMENT, CONTRACT_AMENDMENT_KEY

# subscriptions whose bank data no longer matters
CLOSED_STATES = ('rejected', 'terminated')


class IspContractBankWizard(models.TransientModel):
    """The explicit way to change the bank data signed with a contract
    (DoWISP FAQ: a new IBAN on the partner form must not change what the
    contract debits)."""
    _name = 'isp.contract.bank.wizard'
    _description = 'Change the bank data of an ISP contract'

    order_id = fields.Many2one(
        comodel_name='sale.order',
        string='Contract',
        required=True,
        readonly=True,
        ondelete='cascade',
    )
    partner_id = fields.Many2one(
        related='order_id.partner_id.commercial_partner_id',
        string='Customer',
        readonly=True,
    )
    old_bank_account_id = fields.Many2one(
        related='order_id.isp_bank_account_id',
        string='Current bank account',
        readonly=True,
    )
    old_mandate_id = fields.Many2one(
        related='order_id.isp_mandate_id',
        string='Current mandate',
        readonly=True,
    )
    mandate_required = fields.Boolean(
        related='order_id.isp_mandate_required',
        readonly=True,
    )
    bank_account_id = fields.Many2one(
        comodel_name='res.partner.bank',
        string='New bank account',
        help='An account of the customer. Leave empty to use the account '
             'of the new mandate.',
    )
    mandate_id = fields.Many2one(
        comodel_name='account.banking.mandate',
        string='New mandate',
        help='The direct debit mandate the customer signed for the new '
             'account.',
    )
    reason = fields.Char(
        required=True,
        help='Why the bank data changes (kept in the contract history).',
    )

    @api.model
    def default_get(self, fields_list):
        values = super(IspContractBankWizard, self).default_get(fields_list)
        if self.env.context.get('active_model') == 'sale.order':
            values.setdefault('order_id', self.env.context.get('active_id'))
        return values

    @api.onchange('mandate_id')
    def _onchange_mandate_id(self):
        if self.mandate_id.partner_bank_id:
            self.bank_account_id = self.mandate_id.partner_bank_id

    @api.multi
    def _check_new_bank_data(self):
        """Refuse bank data that is not the customer's, a mandate that
        does not cover the account or cannot collect, and no mandate when
        the payment mode needs one."""
        self.ensure_one()
        customer = self.partner_id
        bank_account = self.bank_account_id or self.mandate_id.partner_bank_id
        if not bank_account and not self.mandate_id:
            raise UserError(_(
                'Choose the new bank account or the new mandate of '
                '%s.') % customer.display_name)
        if bank_account.partner_id.commercial_partner_id != customer:
            raise UserError(_(
                'Bank account %(account)s belongs to %(owner)s, not to '
                '%(customer)s: choose an account of the customer.') % {
                    'account': bank_account.acc_number,
                    'owner': bank_account.partner_id.display_name,
                    'customer': customer.display_name,
            })
        mandate = self.mandate_id
        if mandate:
            if mandate.partner_id.commercial_partner_id != customer:
                raise UserError(_(
                    'Mandate %(mandate)s belongs to %(owner)s, not to '
                    '%(customer)s: choose a mandate signed by the '
                    'customer.') % {
                        'mandate': mandate.display_name,
                        'owner': mandate.partner_id.display_name,
                        'customer': customer.display_name,
                })
            if mandate.partner_bank_id != bank_account:
                raise UserError(_(
                    'Mandate %(mandate)s covers account %(mandate_account)s, '
                    'not %(account)s: choose the mandate of the new '
                    'account.') % {
                        'mandate': mandate.display_name,
                        'mandate_account': mandate.partner_bank_id.acc_number,
                        'account': bank_account.acc_number,
                })
            if mandate.state not in ('draft', 'valid'):
                raise UserError(_(
                    'Mandate %s is no longer usable (expired or '
                    'cancelled): have the customer sign a new one.') %
                    mandate.display_name)
        elif self.mandate_required:
            raise UserError(_(
                'Contract %(contract)s is paid by "%(mode)s", which needs a '
                'direct debit mandate: choose the mandate the customer '
                'signed for the new account.') % {
                    'contract': self.order_id.name,
                    'mode': self.order_id.isp_payment_mode_id.name,
            })
        return bank_account, mandate

    @api.multi
    def action_apply(self):
        """Write the new bank data on the contract and its live
        subscriptions, and say so in the contract history."""
        self.ensure_one()
        order = self.order_id
        bank_account, mandate = self._check_new_bank_data()
        old = order.isp_bank_account_id.acc_number or _('none')
        # an amendment of the signed contract, with its reason below
        order.with_context(**{
            CONTRACT_AMENDMENT_KEY: CONTRACT_AMENDMENT}).write({
                'isp_bank_account_id': bank_account.id,
                'isp_mandate_id': mandate.id,
            })
        order.isp_subscription_ids.filtered(
            lambda s: s.state not in CLOSED_STATES
        )._change_bank_account(bank_account, mandate)
        order.message_post(body=_(
            'Bank data changed from %(old)s to %(new)s%(mandate)s. '
            'Reason: %(reason)s') % {
                'old': old,
                'new': bank_account.acc_number,
                'mandate': (_(' (mandate %s)') % mandate.display_name
                            if mandate else ''),
                'reason': self.reason,
        })
        return {'type': 'ir.actions.act_window_close'}
