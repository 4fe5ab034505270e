# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's profile (/my/profile): e-mails and phones added, never
overwritten; a mailing address; a password change; identity changes as
requests to the back office; the list of the customer's requests.

Every route acts on the logged-in user's own customer (its commercial
entity) only: records come from ids the route checks against it, and the
superuser is used only after that check."""
import re
from datetime import datetime

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessDenied, UserError, ValidationError
from odoo.http import request

from odoo.addons.isp_billing.rules import invoice_recipients
from odoo.addons.isp_crm.rules import fiscal_id as fiscal_rules
from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_access import escape_like, is_refused_former

_PHONE_RE = re.compile(r'^\+?[0-9 ().-]{6,24}$')


def account_partner():
    """The commercial entity of the logged-in customer; 404 for a former
    customer the settings keep out."""
    user = request.env.user
    if is_refused_former(user):
        raise NotFound()
    return user.partner_id.commercial_partner_id


def phone_is_valid(phone):
    digits = re.sub(r'\D', '', phone or '')
    return bool(_PHONE_RE.match(phone or '')) and 6 <= len(digits) <= 15


class IspPortalProfile(CustomerPortal):

    def _isp_profile_values(self, partner, **extra):
        values = self._prepare_portal_layout_values()
        sudo_partner = partner.sudo()
        contacts = sudo_partner.isp_portal_contact_ids
        requests = request.env['isp.portal.request'].sudo().search(
            [('partner_id', '=', partner.id)], limit=20)
        values.update({
            'partner': sudo_partner,
            'emails': contacts.filtered(
                lambda c: c.kind == 'email' and c.state != 'current'),
            'phones': contacts.filtered(
                lambda c: c.kind == 'phone' and c.state != 'current'),
            'mailing': sudo_partner.isp_mailing_address_id,
            'countries': request.env['res.country'].sudo().search([]),
            'isp_requests': requests,
            'page_name': 'isp_profile',
        })
        values.update(extra)
        return values

    def _isp_profile_page(self, partner, **extra):
        return request.render('isp_portal.portal_my_profile',
                              self._isp_profile_values(partner, **extra))

    @http.route('/my/profile', type='http', auth='user', website=True,
                methods=['GET'])
    def isp_profile(self, **kw):
        return self._isp_profile_page(account_partner())

    # e-mails and phones ---------------------------------------------------

    @http.route('/my/profile/email', type='http', auth='user', website=True,
                methods=['POST'])
    def isp_profile_email(self, email='', **kw):
        """Add an e-mail: it waits for the customer to confirm it from the
        link sent to it; the current one stays until then."""
        partner = account_partner()
        email = invoice_recipients.normalise_address(email or '')
        if not invoice_recipients.address_is_valid(email):
            return self._isp_profile_page(partner, error=_(
                'Type a whole e-mail address, like name@example.com.'),
                new_email=email)
        Contact = request.env['isp.portal.contact'].sudo()
        known = (partner.email or '').lower() == email.lower() or \
            Contact.search_count([
                ('partner_id', '=', partner.id), ('kind', '=', 'email'),
                ('value', '=ilike', escape_like(email)),
                ('state', 'in', ('pending', 'confirmed'))])
        if known:
            return self._isp_profile_page(partner, error=_(
                'This e-mail is already yours or waits for its '
                'confirmation: open the link we sent to it.'))
        contact = Contact.create({
            'partner_id': partner.id, 'kind': 'email', 'value': email,
            'state': 'pending', 'token': Contact._isp_new_token(),
            'date_token': fields.Datetime.now()})
        request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'email', _('New e-mail: %s') % email,
            _('The customer added the e-mail %s in the portal; it is '
              'applied once confirmed from the link sent to it.') % email,
            payload={'contact_id': contact.id}, state='waiting')
        self._isp_send_email_confirmation(partner, contact)
        return self._isp_profile_page(partner, message=_(
            'We have sent a link to %s: open it within 48 hours to confirm '
            'the address. Your current e-mail stays until then.') % email)

    def _isp_send_email_confirmation(self, partner, contact):
        base_url = request.env['ir.config_parameter'].sudo().get_param(
            'web.base.url') or ''
        link = '%s/my/profile/email/confirm/%d/%s' % (
            base_url.rstrip('/'), contact.id, contact.sudo().token)
        company = partner.company_id or request.env.user.company_id
        body = request.env['ir.qweb'].render(
            'isp_portal.mail_body_email_confirmation',
            {'partner': partner.sudo(), 'link': link, 'company': company})
        request.env['mail.mail'].sudo().create({
            'subject': _('Confirm your e-mail address'),
            'email_to': contact.value,
            'email_from': company.email or False,
            'body_html': body,
            'auto_delete': True,
        })

    @http.route('/my/profile/email/confirm/<int:contact_id>/<string:token>',
                type='http', auth='user', website=True, methods=['GET'])
    def isp_profile_email_confirm(self, contact_id, token, **kw):
        """The link of the confirmation e-mail, opened logged in as the
        customer who added the e-mail: with the right token (48 hours),
        the e-mail is applied (or goes to the operator)."""
        partner = account_partner()
        contact = request.env['isp.portal.contact'].sudo().browse(
            contact_id).exists()
        if not contact or contact.partner_id != partner or \
                contact.state != 'pending' or \
                not contact._isp_token_matches(token):
            return self._isp_profile_page(partner, error=_(
                'This link is not valid any more. Add the e-mail again to '
                'receive a new one.'))
        contact.write({'state': 'confirmed', 'token': False})
        Request = request.env['isp.portal.request'].sudo()
        waiting = Request.search([
            ('partner_id', '=', partner.id), ('request_type', '=', 'email'),
            ('state', '=', 'waiting')]).filtered(
            lambda r: r._isp_payload().get('contact_id') == contact.id)
        waiting.write({'state': 'pending'})
        waiting._isp_route()
        if contact.state == 'current':
            message = _('Your e-mail is now %s.') % contact.value
        else:
            message = _('E-mail confirmed: we apply it once checked.')
        return self._isp_profile_page(partner, message=message)

    @http.route('/my/profile/phone', type='http', auth='user', website=True,
                methods=['POST'])
    def isp_profile_phone(self, phone='', **kw):
        partner = account_partner()
        phone = (phone or '').strip()
        if not phone_is_valid(phone):
            return self._isp_profile_page(partner, error=_(
                'Type the phone number with its digits only (and the '
                'country prefix, like +34), 6 to 15 digits.'),
                new_phone=phone)
        if phone == partner.phone:
            return self._isp_profile_page(partner, error=_(
                'This phone is already your current one.'))
        req = request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'phone', _('New phone: %s') % phone,
            _('The customer added the phone %s in the portal.') % phone,
            payload={'phone': phone})
        return self._isp_profile_page(partner, message=(
            _('Your phone is now %s.') % phone if req.state == 'done'
            else _('New phone received: we apply it once checked.')))

    @http.route('/my/profile/contact/<int:contact_id>/remove', type='http',
                auth='user', website=True, methods=['POST'])
    def isp_profile_contact_remove(self, contact_id, **kw):
        """Remove an old e-mail or phone of the customer's own."""
        partner = account_partner()
        contact = request.env['isp.portal.contact'].sudo().browse(
            contact_id).exists()
        if not contact or contact.partner_id != partner or \
                contact.state != 'old':
            raise NotFound()
        value = contact.value
        contact.unlink()
        partner.sudo().message_post(body=_(
            'The customer removed the old %s from the portal.') % value)
        return self._isp_profile_page(partner, message=_(
            '%s removed.') % value)

    # mailing address -------------------------------------------------------

    @http.route('/my/profile/address', type='http', auth='user',
                website=True, methods=['POST'])
    def isp_profile_address(self, street='', street2='', city='',
                            country_id=None, **kw):
        partner = account_partner()
        street, city, zip_code = (street or '').strip(), \
            (city or '').strip(), (kw.get('zip') or '').strip()
        country = request.env['res.country'].sudo().browse(
            int(country_id)).exists() if (country_id or '').isdigit() \
            else request.env['res.country']
        if not street or not city or not zip_code:
            return self._isp_profile_page(partner, error=_(
                'Type the street, the postal code and the city of the '
                'mailing address.'))
        payload = {'street': street, 'street2': (street2 or '').strip(),
                   'zip': zip_code, 'city': city,
                   'country_id': country.id or False}
        text = ', '.join(p for p in (street, payload['street2'], zip_code,
                                     city, country.name) if p)
        req = request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'mailing_address', _('Mailing address: %s') % text,
            _('The customer set the mailing address in the portal: %s')
            % text, payload=payload)
        return self._isp_profile_page(partner, message=(
            _('Mailing address saved.') if req.state == 'done'
            else _('Mailing address received: we apply it once checked.')))

    # identity ------------------------------------------------------------

    @http.route('/my/profile/identity', type='http', auth='user',
                website=True, methods=['POST'])
    def isp_profile_identity(self, name='', fiscal_id='', birth_date='',
                             reason='', **kw):
        """Name, fiscal id and birth date change only through a request
        the back office checks."""
        partner = account_partner()
        sudo_partner = partner.sudo()
        payload, lines = {}, []
        name = (name or '').strip()
        if name and name != sudo_partner.name:
            payload['name'] = name
            lines.append(_('Name: %(old)s → %(new)s') % {
                'old': sudo_partner.name, 'new': name})
        fiscal_id = (fiscal_id or '').strip()
        if fiscal_id:
            try:
                number = fiscal_rules.validate(
                    sudo_partner.isp_fiscal_id_type or 'es_dni', fiscal_id)
            except fiscal_rules.InvalidFiscalId:
                return self._isp_profile_page(partner, error=_(
                    'The fiscal id %s is not valid: check its digits and '
                    'letter.') % fiscal_id)
            if number != sudo_partner.isp_fiscal_id:
                payload['fiscal_id'] = number
                lines.append(_('Fiscal id: %(old)s → %(new)s') % {
                    'old': sudo_partner.isp_fiscal_id or '-',
                    'new': number})
        if birth_date:
            try:
                date = datetime.strptime(birth_date, '%Y-%m-%d').date()
            except ValueError:
                return self._isp_profile_page(partner, error=_(
                    'Type the birth date as year-month-day.'))
            if date.year < 1900 or date > datetime.today().date():
                return self._isp_profile_page(partner, error=_(
                    'Type a birth date in the past.'))
            value = fields.Date.to_string(date)
            if value != sudo_partner.isp_birth_date:
                payload['birth_date'] = value
                lines.append(_('Birth date: %s') % value)
        if not payload:
            return self._isp_profile_page(partner, error=_(
                'Change the name, the fiscal id or the birth date before '
                'sending the request.'))
        reason = (reason or '').strip()
        if reason:
            lines.append(_('Reason: %s') % reason)
        request.env['isp.portal.request'].sudo()._isp_portal_create(
            partner, 'identity', _('Identity change: %s') % ', '.join(
                sorted(payload)), '\n'.join(lines), payload=payload)
        return self._isp_profile_page(partner, message=_(
            'Request sent: we check it and tell you when it is applied.'))

    # password -----------------------------------------------------------

    @http.route('/my/profile/password', type='http', auth='user',
                website=True, methods=['POST'])
    def isp_profile_password(self, old_password='', new_password='',
                             confirm_password='', **kw):
        """Odoo's password change (res.users.change_password: checks the
        current password)."""
        partner = account_partner()
        if not old_password or not new_password:
            error = _('Type your current password and the new one.')
        elif new_password != confirm_password:
            error = _('The new password and its confirmation differ: type '
                      'them again.')
        elif len(new_password) < 8:
            error = _('Choose a password of 8 characters or more.')
        else:
            try:
                request.env['res.users'].change_password(
                    old_password, new_password)
            except (AccessDenied, UserError, ValidationError):
                error = _('Your current password is not this one. Type it '
                          'again, or log out and use "Reset password".')
            else:
                return self._isp_profile_page(partner, message=_(
                    'Password changed.'))
        return self._isp_profile_page(partner, error=error)
