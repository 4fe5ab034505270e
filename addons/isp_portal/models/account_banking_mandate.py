# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A SEPA mandate asked for in the portal is signed through isp_esign with
a one-time code: signing validates it and hands the customer's request to
the staff."""
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.isp_esign.rules import sealing

_logger = logging.getLogger(__name__)


class AccountBankingMandate(models.Model):
    _name = 'account.banking.mandate'
    _inherit = ['account.banking.mandate', 'isp.esign.mixin']

    isp_revoke_date = fields.Date(
        string='Revoked from', copy=False, track_visibility='onchange',
        help='The day from which the customer revoked this direct debit in '
             'the portal: a daily job cancels the mandate on that day. '
             'Clear it to keep the mandate.')

    @api.multi
    def _esign_document_pdf(self):
        """The mandate's report when there is one; else a plain document
        with the mandate's terms."""
        self.ensure_one()
        try:
            return super(AccountBankingMandate, self)._esign_document_pdf()
        except UserError as error:
            _logger.info('Mandate %s: no report (%s), plain document used',
                         self.id, error.name)
        company = self.company_id
        lines = [
            _('SEPA Direct Debit Mandate'),
            _('Mandate reference: %s') % (
                self.unique_mandate_reference or ''),
            _('Creditor: %s') % company.name,
            _('Creditor identifier: %s') % (
                getattr(company, 'sepa_creditor_identifier', '') or ''),
            _('Debtor: %s') % self.partner_id.name,
            _('IBAN: %s') % self.partner_bank_id.acc_number,
            _('By signing this mandate form, you authorise the creditor to '
              'send instructions to your bank to debit your account and '
              'your bank to debit your account in accordance with the '
              'instructions from the creditor.'),
            _('You are entitled to a refund from your bank under the terms '
              'and conditions of your agreement with your bank, claimed '
              'within 8 weeks starting from the date on which your account '
              'was debited.'),
        ]
        filename = '%s.pdf' % self._esign_document_name()
        return sealing.text_pdf([lines]), filename

    @api.multi
    def _esign_on_accepted(self, request):
        """Signed with the code: the draft mandate becomes valid, signed on
        the day of the signature, and the customer's request reaches the
        staff."""
        res = super(AccountBankingMandate, self)._esign_on_accepted(request)
        for mandate in self.sudo():
            if mandate.state != 'draft':
                continue
            signed = fields.Datetime.from_string(request.date_signed).date()
            mandate.write({'signature_date': fields.Date.to_string(signed)})
            mandate.validate()
            portal_requests = self.env['isp.portal.request'].sudo().search([
                ('mandate_id', '=', mandate.id),
                ('request_type', '=', 'mandate'), ('state', '=', 'waiting')])
            portal_requests.write({'state': 'pending'})
            portal_requests._isp_route()
        return res
