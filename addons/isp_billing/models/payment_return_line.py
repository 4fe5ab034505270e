# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.tools import float_compare, misc

from ..rules import sepa_return as return_rules

_logger = logging.getLogger(__name__)

OUTCOME_REPRESENT = return_rules.OUTCOME_REPRESENT

RETURN_OUTCOMES = [
    (return_rules.OUTCOME_REPRESENT, 'Debited again'),
    (return_rules.OUTCOME_DUNNING, 'Handed to dunning'),
    (return_rules.OUTCOME_BLOCKED, 'Mandate blocked'),
]


class PaymentReturnLine(models.Model):
    _inherit = 'payment.return.line'

    isp_mandate_reference = fields.Char(
        string='Mandate',
        readonly=True,
        help='The mandate reference the bank file gives for this debit.',
    )
    isp_currency = fields.Char(
        string='Currency in the file',
        readonly=True,
    )
    isp_match_error = fields.Char(
        string='Not matched because',
        readonly=True,
        copy=False,
    )
    isp_invoice_ids = fields.Many2many(
        comodel_name='account.invoice',
        relation='isp_payment_return_line_invoice_rel',
        column1='return_line_id',
        column2='invoice_id',
        string='Returned invoices',
        readonly=True,
        copy=False,
    )
    isp_outcome = fields.Selection(
        selection=RETURN_OUTCOMES,
        string='Then',
        readonly=True,
        copy=False,
    )
    isp_fee_invoice_id = fields.Many2one(
        comodel_name='account.invoice',
        string='Fee invoice',
        readonly=True,
        copy=False,
        ondelete='set null',
    )
    isp_fee_charge_id = fields.Many2one(
        comodel_name='isp.subscription.charge',
        string='Fee with the next invoice',
        readonly=True,
        copy=False,
        ondelete='set null',
    )
    isp_blocked_mandate_ids = fields.Many2many(
        comodel_name='account.banking.mandate',
        relation='isp_payment_return_line_mandate_rel',
        column1='line_id',
        column2='mandate_id',
        string='Mandates blocked',
        readonly=True,
        copy=False,
    )

    @api.multi
    def _find_match(self):
        """OCA's matching (the end-to-end id is the name of the bank
        payment line, see account_payment_return_import_sepa_pain), then:
        a debit whose mandate or amount differs from the file's is not
        taken; a debit already returned is not taken twice; a debit the
        end-to-end id does not find is looked up by mandate and amount.
        Lines left without a debit say why (``isp_match_error``)."""
        to_match = self.filtered(lambda l: not l.move_line_ids)
        to_match.write({'isp_match_error': False})
        res = super(PaymentReturnLine, self)._find_match()
        matched = to_match.filtered('move_line_ids')
        matched._isp_check_match()
        (to_match - matched)._isp_match_by_mandate()
        for line in to_match.filtered(
                lambda l: not l.move_line_ids and not l.isp_match_error):
            if line.reference:
                line.isp_match_error = _(
                    'no debit of Odoo has the end-to-end id "%s"') % (
                        line.reference)
            else:
                line.isp_match_error = _(
                    'the file gives no end-to-end id and no debit of the '
                    'mandate "%s" has this amount') % (
                        line.isp_mandate_reference or '')
        return res

    @api.multi
    def _isp_done_return_lines(self, move_lines):
        """Lines of confirmed returns that returned ``move_lines``."""
        return self.search([
            ('move_line_ids', 'in', move_lines.ids),
            ('return_id.state', '=', 'done'),
            ('id', 'not in', self.ids)])

    @api.multi
    def _isp_check_match(self):
        for line in self:
            error = line._isp_match_problem(line.move_line_ids)
            if error:
                line.write({'move_line_ids': [(5, 0, 0)],
                            'isp_match_error': error})

    @api.multi
    def _isp_match_problem(self, move_lines):
        """Why the debit of ``move_lines`` is not the one the file
        returns, or ''."""
        self.ensure_one()
        done = self._isp_done_return_lines(move_lines)
        if done:
            return _('already returned by %s') % ', '.join(
                done.mapped('return_id.name'))
        bank_lines = move_lines.mapped('bank_payment_line_id')
        mandates = bank_lines.mapped(
            'payment_line_ids.mandate_id.unique_mandate_reference')
        if self.isp_mandate_reference and mandates and \
                self.isp_mandate_reference not in mandates:
            return _('the file names mandate %(file)s, the debit was made '
                     'on mandate %(debit)s') % {
                         'file': self.isp_mandate_reference,
                         'debit': ', '.join(mandates)}
        currencies = bank_lines.mapped('currency_id.name')
        if self.isp_currency and currencies and \
                self.isp_currency not in currencies:
            return _('the file is in %(file)s, the debit was in '
                     '%(debit)s') % {'file': self.isp_currency,
                                     'debit': ', '.join(currencies)}
        currency = self.return_id.company_id.currency_id
        expected = sum(move_lines.mapped('credit'))
        if self.amount and float_compare(
                self.amount, expected,
                precision_rounding=currency.rounding) != 0:
            return _('the file returns %(file)s, the debit was of '
                     '%(debit)s') % {'file': self.amount, 'debit': expected}
        return ''

    @api.multi
    def _isp_match_by_mandate(self):
        """Lines the end-to-end id did not match: the one debit (still
        paying its invoices) of the file's mandate and amount."""
        MoveLine = self.env['account.move.line']
        for line in self.filtered(
                lambda l: l.isp_mandate_reference and l.amount):
            bank_lines = self.env['bank.payment.line'].search([
                ('payment_line_ids.mandate_id.unique_mandate_reference', '=',
                 line.isp_mandate_reference),
                ('payment_type', '=', 'inbound'),
                ('state', 'in', ('uploaded', 'done')),
            ])
            currency = line.return_id.company_id.currency_id
            candidates = MoveLine.search([
                ('bank_payment_line_id', 'in', bank_lines.ids),
                ('account_id.internal_type', '=', 'receivable'),
            ]).filtered(
                lambda ml: float_compare(
                    ml.credit, line.amount,
                    precision_rounding=currency.rounding) == 0
                and ml.matched_debit_ids.mapped('debit_move_id.invoice_id')
                and not line._isp_done_return_lines(ml))
            if len(candidates) == 1:
                line.write({
                    'move_line_ids': [(6, 0, candidates.ids)],
                    'concept': line.concept or _(
                        'Debit %s (found by mandate and amount)') % (
                            candidates.bank_payment_line_id.name),
                })
                line._get_partner_from_move()
            elif len(candidates) > 1:
                line.isp_match_error = _(
                    'the end-to-end id "%(e2e)s" is unknown and %(count)s '
                    'debits of mandate %(mandate)s have this amount: choose '
                    'the debit by hand') % {
                        'e2e': line.reference or '',
                        'count': len(candidates),
                        'mandate': line.isp_mandate_reference}

    @api.multi
    def _isp_returned_invoices(self):
        """The invoices the debit of the line had paid (before the
        return is confirmed)."""
        self.ensure_one()
        return self.move_line_ids.mapped(
            'matched_debit_ids.debit_move_id.invoice_id')

    @api.multi
    def _isp_describe(self):
        """The debit as the user knows it from the file."""
        self.ensure_one()
        return _('end-to-end id %(e2e)s, mandate %(mandate)s, %(amount)s '
                 '%(currency)s, %(debtor)s') % {
                     'e2e': self.reference or '-',
                     'mandate': self.isp_mandate_reference or '-',
                     'amount': self.amount,
                     'currency': self.isp_currency or '',
                     'debtor': self.partner_name or self.partner_id.name
                     or '-'}

    @api.multi
    def _isp_notify_customer(self, invoice):
        """Tell the customer of ``invoice`` that its debit came back: an
        e-mail (queued) and, where the suite's SMS gateway is installed
        and active, an SMS."""
        self.ensure_one()
        values = self._isp_notification_values(invoice)
        self._isp_sms_customer(invoice, values)
        template = self.env.ref(
            'isp_billing.mail_template_payment_return',
            raise_if_not_found=False)
        customer = invoice.partner_id
        if not template or not (customer.email or
                                invoice.commercial_partner_id.email):
            return False
        return template.with_context(**values).send_mail(invoice.id)

    @api.multi
    def _isp_notification_values(self, invoice):
        """What the customer is told: the amount, the reason in plain
        words (in the customer's language) and how to pay (or that it is
        debited again)."""
        self.ensure_one()
        customer = invoice.partner_id
        lang = customer.lang or invoice.commercial_partner_id.lang
        reason = self.reason_id.with_context(lang=lang)
        bank_account = invoice._isp_payment_bank_account()
        values = {
            'isp_return_amount': misc.formatLang(
                self.with_context(lang=lang).env,
                invoice.residual if len(self.isp_invoice_ids) > 1
                else (self.amount or invoice.amount_total),
                currency_obj=invoice.currency_id),
            'isp_return_reason': reason._isp_plain_text() if reason
            else '',
            'isp_return_represent': self.isp_outcome == OUTCOME_REPRESENT,
            'isp_return_iban': bank_account.acc_number or '',
            'isp_invoice_url': invoice._isp_invoice_portal_url(),
        }
        return values

    @api.multi
    def _isp_sms_text(self, invoice, values):
        """The SMS of the returned debit, in the language of the
        context."""
        texts = {
            'company': invoice.company_id.name,
            'amount': values['isp_return_amount'],
            'invoice': invoice.number,
            'reason': values['isp_return_reason'],
        }
        text = _('%(company)s: your bank returned the direct debit of '
                 '%(amount)s (invoice %(invoice)s): %(reason)s.') % texts
        if values['isp_return_represent']:
            return text + ' ' + _('We will debit it again in the next '
                                  'days.')
        if values['isp_return_iban']:
            return text + ' ' + _('Please pay it by transfer to %s.') % \
                values['isp_return_iban']
        return text + ' ' + _('Please pay it: %s') % \
            values['isp_invoice_url']

    @api.multi
    def _isp_sms_customer(self, invoice, values):
        """Send the SMS of the returned debit to the customer's mobile
        through the suite's SMS gateway (isp_esign) when it is installed
        and active. A failure is noted on the invoice and never stops the
        return."""
        self.ensure_one()
        if 'isp.sms.gateway' not in self.env:
            return False
        customer = invoice.partner_id
        mobile = customer.mobile or invoice.commercial_partner_id.mobile
        gateway = self.env['isp.sms.gateway'].sudo()._get_active()
        if not gateway or not mobile:
            return False
        lang = customer.lang or invoice.commercial_partner_id.lang
        text = self.with_context(lang=lang)._isp_sms_text(invoice, values)
        try:
            with self.env.cr.savepoint():
                gateway._send_sms(mobile, text)
        except Exception as error:  # any failure of an outside service
            _logger.info('SMS of the returned debit of %s not sent: %s',
                         invoice.number, error)
            invoice.sudo().message_post(
                body=_('The SMS telling the customer that the debit was '
                       'returned could not be sent: %s')
                % (getattr(error, 'name', False) or str(error)),
                subtype='mail.mt_note')
            return False
        invoice.sudo().message_post(
            body=_('SMS sent to %(mobile)s: %(text)s') % {
                'mobile': mobile, 'text': text},
            subtype='mail.mt_note')
        return True
