# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoice delivery in the portal (/my/invoice-delivery): the customer's
e-mail settings of its invoices (isp_billing's delivery mixin) for all its
invoices and per contract, the send log, and the correction request of one
invoice.

Contracts, invoices and logs are read as superuser only among the
logged-in customer's own (its commercial entity's)."""
import re

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.http import request

from odoo.addons.isp_billing.models.isp_invoice_delivery_mixin import (
    DELIVERY_MODES)
from odoo.addons.isp_billing.rules import invoice_recipients
from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_profile import account_partner

_EMAIL_FIELD_RE = re.compile(r'^email\d+$')
LOG_LIMIT = 20


def correction_reasons():
    """(code, label) of what may be wrong with an invoice, translated."""
    return [
        ('amount', _('The amount is wrong')),
        ('service', _('A service I do not have or did not use')),
        ('data', _('My name, fiscal id or address is wrong')),
        ('other', _('Something else')),
    ]


def delivery_modes():
    """isp_billing's delivery modes with their translated labels."""
    field = request.env['res.partner']._fields['isp_invoice_delivery_mode']
    return field._description_selection(request.env)


class IspPortalDelivery(CustomerPortal):

    def _isp_contracts(self, partner):
        return request.env['sale.order'].sudo().search([
            ('partner_id', 'child_of', partner.id),
            ('isp_is_contract', '=', True),
            ('state', 'in', ('sale', 'done'))], order='id desc')

    def _isp_invoices(self, partner):
        return request.env['account.invoice'].sudo().search([
            ('commercial_partner_id', '=', partner.id),
            ('type', 'in', ('out_invoice', 'out_refund')),
            ('state', 'in', ('open', 'paid'))],
            order='date_invoice desc, id desc', limit=24)

    def _isp_delivery_page(self, partner, **extra):
        values = self._prepare_portal_layout_values()
        values.update({
            'partner': partner.sudo(),
            'contracts': self._isp_contracts(partner),
            'invoices': self._isp_invoices(partner),
            'logs': request.env['isp.invoice.delivery.log'].sudo().search(
                [('partner_id', '=', partner.id)], limit=LOG_LIMIT),
            'delivery_modes': delivery_modes(),
            'correction_reasons': correction_reasons(),
            'recipients_of': lambda record: invoice_recipients.
            parse_recipients(record.isp_invoice_delivery_emails),
            'max_recipients': invoice_recipients.MAX_RECIPIENTS,
            'page_name': 'isp_invoice_delivery',
        })
        values.update(extra)
        return request.render('isp_portal.portal_my_invoice_delivery',
                              values)

    @http.route('/my/invoice-delivery', type='http', auth='user',
                website=True, methods=['GET'])
    def isp_invoice_delivery(self, **kw):
        return self._isp_delivery_page(account_partner())

    @http.route('/my/invoice-delivery/save', type='http', auth='user',
                website=True, methods=['POST'])
    def isp_invoice_delivery_save(self, contract_id=None, enabled=None,
                                  mode=None, override=None, **kw):
        """The settings of all the customer's invoices, or (``contract_id``)
        of one of its contracts."""
        partner = account_partner()
        if contract_id:
            if not contract_id.isdigit():
                raise NotFound()
            record = self._isp_contracts(partner).filtered(
                lambda c: c.id == int(contract_id))
            if not record:
                raise NotFound()
        else:
            record = partner.sudo()
        texts = [kw[key] for key in sorted(kw) if _EMAIL_FIELD_RE.match(key)]
        addresses = invoice_recipients.parse_recipients(','.join(texts))
        problems = invoice_recipients.check_recipients(addresses)
        if problems:
            code, value = problems[0]
            if code == invoice_recipients.ERROR_INVALID:
                error = _('"%s" is not a valid e-mail address: correct it '
                          'or leave its box empty.') % value
            else:
                error = _('Invoices go to %(max)s addresses at most: leave '
                          'out %(extra)s of them.') % {
                    'max': invoice_recipients.MAX_RECIPIENTS,
                    'extra': int(value) - invoice_recipients.MAX_RECIPIENTS}
            return self._isp_delivery_page(partner, error=error)
        if mode not in dict(DELIVERY_MODES):
            mode = DELIVERY_MODES[0][0]
        vals = {
            'isp_invoice_delivery': bool(enabled),
            'isp_invoice_delivery_mode': mode,
            'isp_invoice_delivery_emails': ', '.join(addresses) or False,
        }
        if contract_id:
            vals['isp_invoice_delivery_override'] = bool(override)
            where = _('contract %s') % record.name
        else:
            where = _('all the invoices')
        summary = _('%(where)s: %(how)s to %(to)s') % {
            'where': where,
            'how': dict(delivery_modes())[mode] if enabled
            else _('not sent'),
            'to': ', '.join(addresses) or _('the customer\'s e-mail')}
        req = request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'invoice_delivery', _('Invoice delivery, %s') % summary,
            _('The customer changed in the portal the invoice delivery of '
              '%s') % summary,
            payload={'model': record._name, 'id': record.id, 'vals': vals})
        return self._isp_delivery_page(partner, message=(
            _('Saved.') if req.state == 'done'
            else _('Received: we apply it once checked.')))

    @http.route('/my/invoice-correction', type='http', auth='user',
                website=True, methods=['POST'])
    def isp_invoice_correction(self, invoice_id=None, reason=None, text='',
                               **kw):
        """Ask the back office to correct one of the customer's invoices."""
        partner = account_partner()
        invoice = self._isp_invoices(partner).filtered(
            lambda i: str(i.id) == (invoice_id or ''))
        text = (text or '').strip()
        if not invoice:
            return self._isp_delivery_page(partner, error=_(
                'Choose the invoice to correct.'))
        reasons = dict(correction_reasons())
        if reason not in reasons or not text:
            return self._isp_delivery_page(partner, error=_(
                'Choose what is wrong and tell us about it, so that we can '
                'correct the invoice.'))
        label = reasons[reason]
        request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'invoice_correction',
            _('Correct invoice %(number)s: %(reason)s') % {
                'number': invoice.number, 'reason': label},
            _('Invoice %(number)s. %(reason)s.\n%(text)s') % {
                'number': invoice.number, 'reason': label, 'text': text},
            payload={'reason': reason}, invoice_id=invoice.id)
        return self._isp_delivery_page(partner, message=_(
            'Request sent: we check invoice %s and answer you.')
            % invoice.number)
