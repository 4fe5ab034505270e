# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Direct debit in the portal (/my/direct-debit): the customer gives an
IBAN, a draft SEPA mandate is made and signed with a one-time code through
isp_esign; a valid mandate is revoked with its effective date. Both are
requests the staff see.

Mandates are looked up as superuser only among the logged-in customer's
own (its commercial entity's)."""
from datetime import datetime, timedelta

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.base_iban.models.res_partner_bank import (
    normalize_iban, pretty_iban, validate_iban)
from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_profile import account_partner

# how far ahead a revocation may take effect
REVOKE_MAX_DAYS = 90


def mask_iban(iban):
    iban = normalize_iban(iban or '')
    return '%s •••• %s' % (iban[:4], iban[-4:]) if len(iban) > 8 else iban


class IspPortalDirectDebit(CustomerPortal):

    def _isp_mandates(self, partner):
        return request.env['account.banking.mandate'].sudo().search([
            ('partner_id', '=', partner.id),
            ('state', 'in', ('draft', 'valid'))], order='id desc')

    def _isp_direct_debit_page(self, partner, **extra):
        values = self._prepare_portal_layout_values()
        values.update({
            'mandates': self._isp_mandates(partner),
            'mask_iban': mask_iban,
            'today': fields.Date.context_today(request.env.user),
            'page_name': 'isp_direct_debit',
        })
        values.update(extra)
        return request.render('isp_portal.portal_my_direct_debit', values)

    def _isp_own_mandate(self, partner, mandate_id):
        mandate = request.env['account.banking.mandate'].sudo().browse(
            mandate_id).exists()
        if not mandate or mandate.partner_id != partner:
            raise NotFound()
        return mandate

    @http.route('/my/direct-debit', type='http', auth='user', website=True,
                methods=['GET'])
    def isp_direct_debit(self, **kw):
        return self._isp_direct_debit_page(account_partner())

    @http.route('/my/direct-debit/request', type='http', auth='user',
                website=True, methods=['POST'])
    def isp_direct_debit_request(self, iban='', **kw):
        """IBAN -> bank account -> draft mandate -> signing page."""
        partner = account_partner()
        number = normalize_iban(iban or '')
        try:
            validate_iban(number)
        except ValidationError:
            return self._isp_direct_debit_page(partner, iban=iban, error=_(
                'The IBAN %s is not valid: type it again as printed by your '
                'bank (it starts with the country code, like ES).')
                % (iban or ''))
        env = request.env(user=request.env.ref('base.user_root').id)
        if not partner.sudo().email:
            return self._isp_direct_debit_page(partner, error=_(
                'We need your e-mail to send you the signing code: add it '
                'in your profile first.'))
        Bank = env['res.partner.bank']
        bank = Bank.search([('sanitized_acc_number', '=', number)], limit=1)
        if bank and bank.partner_id.commercial_partner_id != partner:
            return self._isp_direct_debit_page(partner, iban=iban, error=_(
                'This IBAN cannot be used from the portal: call us to set '
                'up the direct debit.'))
        # everything a customer can get wrong is checked above: what fails
        # below is a server error and the request's transaction is undone
        if not bank:
            bank = Bank.create({'partner_id': partner.id,
                                'acc_number': pretty_iban(number)})
        company = partner.company_id or request.env.user.company_id
        mandate = env['account.banking.mandate'].create({
            'partner_bank_id': bank.id,
            'partner_id': partner.id,
            'company_id': company.id,
        })
        esign = env['isp.esign.request'].with_context(
            esign_channel='email').create(
            mandate._prepare_esign_request_values())
        esign.action_send()
        env['isp.portal.request']._isp_portal_create(
            partner, 'mandate', _('Direct debit to %s') % mask_iban(number),
            _('The customer asked in the portal to pay by direct debit '
              'from %(iban)s (mandate %(mandate)s); it is valid once signed '
              'with the code.') % {
                'iban': pretty_iban(number),
                'mandate': mandate.unique_mandate_reference},
            state='waiting', mandate_id=mandate.id)
        token = esign._esign_issue_token()
        return request.redirect('/sign/%s' % token)

    @http.route('/my/direct-debit/<int:mandate_id>/sign', type='http',
                auth='user', website=True, methods=['POST'])
    def isp_direct_debit_sign(self, mandate_id, **kw):
        """Back to the signing page of the customer's own draft mandate."""
        partner = account_partner()
        mandate = self._isp_own_mandate(partner, mandate_id)
        esign = mandate.esign_request_ids.filtered(
            lambda r: r.state in ('sent', 'opened'))[:1]
        if mandate.state != 'draft' or not esign:
            raise NotFound()
        return request.redirect('/sign/%s' % esign._esign_issue_token())

    @http.route('/my/direct-debit/<int:mandate_id>/revoke', type='http',
                auth='user', website=True, methods=['POST'])
    def isp_direct_debit_revoke(self, mandate_id, date_effective='', **kw):
        partner = account_partner()
        mandate = self._isp_own_mandate(partner, mandate_id)
        if mandate.state != 'valid':
            raise NotFound()
        if mandate.isp_revoke_date:
            return self._isp_direct_debit_page(partner, error=_(
                'This direct debit is revoked already: it stops on %s.')
                % mandate.isp_revoke_date)
        today = fields.Date.from_string(
            fields.Date.context_today(request.env.user))
        try:
            date = datetime.strptime(date_effective or '', '%Y-%m-%d').date()
        except ValueError:
            date = None
        if not date or date < today or \
                date > today + timedelta(days=REVOKE_MAX_DAYS):
            return self._isp_direct_debit_page(partner, error=_(
                'Choose the day the direct debit stops: from today up to '
                '%d days ahead.') % REVOKE_MAX_DAYS)
        Request = request.env['isp.portal.request'].sudo()
        if Request.search_count([
                ('mandate_id', '=', mandate.id),
                ('request_type', '=', 'mandate_revoke'),
                ('state', 'in', ('waiting', 'pending'))]):
            return self._isp_direct_debit_page(partner, error=_(
                'You already asked to revoke this direct debit: we are on '
                'it.'))
        date_text = fields.Date.to_string(date)
        Request._isp_portal_create(
            partner, 'mandate_revoke',
            _('Revoke direct debit %(iban)s from %(date)s') % {
                'iban': mask_iban(mandate.partner_bank_id.acc_number),
                'date': date_text},
            _('The customer revoked the direct debit mandate %(mandate)s '
              'from %(date)s in the portal; the invoices due after that are '
              'paid otherwise.') % {
                'mandate': mandate.unique_mandate_reference,
                'date': date_text},
            payload={'date_effective': date_text}, mandate_id=mandate.id)
        return self._isp_direct_debit_page(partner, message=_(
            'Revocation received: the direct debit stops on %s.') % date_text)
