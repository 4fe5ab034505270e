# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class PaymentReturnReason(models.Model):
    _inherit = 'payment.return.reason'

    isp_fee_product_id = fields.Many2one(
        comodel_name='product.product',
        string='Return fee',
        domain=[('sale_ok', '=', True)],
        ondelete='restrict',
        help='When set, confirming a return for this reason bills this '
             'product to the customer (its sale price, its taxes): the '
             'bank charges of the returned debit, for instance.',
    )
    isp_fee_timing = fields.Selection(
        selection=[('now', 'At once, on its own invoice'),
                   ('next', 'With the next invoice')],
        string='Bill the fee',
        default='now',
        required=True,
        help='At once: a posted invoice of the fee when the return is '
             'confirmed. With the next invoice: a charge on the customer\'s '
             'service that the next billing run adds to the invoice (at '
             'once when the returned invoice bills no running service).',
    )

    @api.multi
    def _isp_plain_texts(self):
        """The reasons in the customer's words, by ISO code. Translated in
        the language of the context (call it with the customer's)."""
        return {
            'AC01': _('the bank account number (IBAN) we have for you is '
                      'not correct'),
            'AC04': _('your bank account is closed'),
            'AC06': _('your bank account does not accept direct debits'),
            'AG01': _('direct debits are not allowed on your bank account'),
            'AG02': _('your bank could not process the debit'),
            'AM04': _('there were not enough funds in your bank account'),
            'AM05': _('your bank saw the debit twice'),
            'BE05': _('your bank did not recognise us as the creditor'),
            'FF05': _('your bank could not process the debit'),
            'MD01': _('your bank has no valid direct debit mandate for us'),
            'MD06': _('you asked your bank to refund the debit'),
            'MD07': _('the account holder is deceased'),
            'MS02': _('you or your bank refused the debit'),
            'MS03': _('your bank refused the debit without giving a '
                      'reason'),
            'RC01': _('your bank could not process the debit'),
            'RR01': _('your bank needs more details about your account'),
            'RR02': _('your bank needs your name and address'),
            'RR03': _('your bank needs our name and address'),
            'RR04': _('your bank refused the debit for regulatory reasons'),
            'SL01': _('your bank refuses direct debits from us on your '
                      'instructions'),
        }

    @api.multi
    def _isp_plain_text(self):
        """This reason in the customer's words (the language of the
        context), or its name when the code is not a common one."""
        self.ensure_one()
        texts = self._isp_plain_texts()
        code = (self.code or '').strip().upper()
        return texts.get(code) or self.name or _(
            'your bank returned the debit')
