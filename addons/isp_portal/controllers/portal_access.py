# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Getting into the portal: the first access (customer code + fiscal id),
the login with the identifier the company's settings name, the password
reset, each throttled and closed to former customers unless allowed.

The anonymous routes answer the same whether or not a customer matches:
they never tell a visitor which customer codes, fiscal ids or e-mails
exist."""
import logging
import re

from odoo import _, http
from odoo.http import request

from odoo.addons.auth_signup.controllers.main import AuthSignupHome
from odoo.addons.auth_signup.models.res_partner import now as signup_now

from ..models.res_company import (
    LOGIN_FIELD_CODE, LOGIN_FIELD_EMAIL, LOGIN_FIELD_VAT)

_logger = logging.getLogger(__name__)

# what a fiscal id is typed with and stored without
_FISCAL_ID_NOISE_RE = re.compile(r'[\s.\-/]+')


def portal_company():
    """The company whose portal settings apply to the current visitor:
    the user's (the public user's on anonymous pages, and on /web/login,
    a route without a user)."""
    if request.uid:
        return request.env['res.users'].sudo().browse(
            request.uid).company_id
    return request.env.ref('base.public_user').sudo().company_id


def send_password_link(user, email):
    """Queue the e-mail of Odoo's password reset to ``user`` at ``email``:
    a link valid 24 hours. Queued, not sent while the visitor waits: the
    answer takes as long whether or not somebody matched."""
    user = user.sudo()
    user.partner_id.signup_prepare(
        signup_type='reset', expiration=signup_now(days=+1))
    template = request.env.ref('auth_signup.reset_password_email').sudo()
    template.with_context(lang=user.lang).send_mail(
        user.id, email_values={'email_to': email})
    _logger.info('Portal: link to set the password queued for user %s',
                 user.id)


def login_labels(company):
    """(label, placeholder) of the login field for ``company``."""
    field = company.isp_portal_login_field
    if field == LOGIN_FIELD_CODE:
        return _('Customer code'), _('The customer code on your invoice')
    if field == LOGIN_FIELD_VAT:
        return _('Fiscal id'), _('Your fiscal id (e.g. VAT number)')
    return _('Email'), _('Your e-mail address')


def is_refused_former(user):
    """True when ``user`` is a portal user of a former customer and its
    company does not let former customers in."""
    user = user.sudo()
    if not user.share or user._is_public():
        return False
    return user.company_id._isp_portal_former_refused(user.partner_id)


def customer_portal_user(partner):
    """The portal user of a customer (its commercial entity or a contact),
    or an empty recordset. ``partner`` is read as superuser."""
    commercial = partner.sudo().commercial_partner_id
    users = request.env['res.users'].sudo().search([
        ('partner_id', 'child_of', commercial.id), ('share', '=', True)],
        order='id')
    return users[:1]


def login_of(identifier, company):
    """The login of the user ``identifier`` names under ``company``'s login
    field (a customer code, a fiscal id or an e-mail), or ``identifier``
    itself: a login always logs in as itself (employees)."""
    identifier = (identifier or '').strip()
    Users = request.env['res.users'].sudo()
    if not identifier or Users.search_count([('login', '=', identifier)]):
        return identifier
    Partner = request.env['res.partner'].sudo()
    field = company.isp_portal_login_field
    partners = Partner.browse()
    if field == LOGIN_FIELD_CODE:
        partners = Partner.search([('isp_customer_code', 'in', list(
            {identifier, identifier.upper()}))])
    elif field == LOGIN_FIELD_VAT:
        number = _FISCAL_ID_NOISE_RE.sub('', identifier).upper()
        if number:
            partners = Partner.search([('isp_fiscal_id', '=', number)])
    elif field == LOGIN_FIELD_EMAIL:
        users = Users.search([('share', '=', True),
                              ('partner_id.email', '=ilike',
                               escape_like(identifier))])
        return users.login if len(users) == 1 else identifier
    commercial = partners.mapped('commercial_partner_id')
    if len(commercial) != 1:
        return identifier
    user = customer_portal_user(commercial)
    return user.login or identifier


def escape_like(text):
    """``text`` matched literally by ``=ilike`` (its % and _ are not
    wildcards)."""
    return (text or '').replace('\\', '\\\\').replace(
        '%', '\\%').replace('_', '\\_')


def client_ip():
    return request.httprequest.remote_addr or 'unknown'


class IspPortalAccess(AuthSignupHome):

    # login ---------------------------------------------------------------

    def _isp_login_qcontext(self, response, company):
        if getattr(response, 'qcontext', None) is not None:
            label, placeholder = login_labels(company)
            response.qcontext.update({
                'isp_login_label': label,
                'isp_login_placeholder': placeholder,
                'isp_help_html': company.isp_portal_help_html,
            })
        return response

    @http.route()
    def web_login(self, redirect=None, **kw):
        """The login form takes what the company's login field says (customer
        code, fiscal id or e-mail) and logs in the user it names; a former
        customer is refused unless the settings allow it."""
        company = portal_company()
        typed = request.params.get('login')
        if request.httprequest.method == 'POST' and typed:
            request.params['login'] = login_of(typed, company)
        response = super(IspPortalAccess, self).web_login(
            redirect=redirect, **kw)
        if request.params.get('login_success') and request.session.uid:
            user = request.env['res.users'].sudo().browse(
                request.session.uid)
            if is_refused_former(user):
                request.session.logout(keep_db=True)
                request.uid = None
                values = dict(request.params, login=typed, error=_(
                    'Your contracts with us have ended, so the portal is '
                    'closed to you. Call us for copies of your invoices.'))
                values.update(self.get_auth_signup_config())
                response = request.render('web.login', values)
                response.headers['X-Frame-Options'] = 'DENY'
        elif request.httprequest.method == 'POST' and typed and \
                getattr(response, 'qcontext', None) is not None:
            # show what the customer typed, not the login it maps to
            response.qcontext['login'] = typed
        return self._isp_login_qcontext(response, company)

    # password reset ------------------------------------------------------

    @http.route()
    def web_auth_reset_password(self, *args, **kw):
        """Odoo's reset, throttled per IP address and per login (5 tries an
        hour), with the same answer whether or not the login exists."""
        login = (request.params.get('login') or '').strip().lower()
        if request.httprequest.method != 'POST' or \
                request.params.get('token') or not login:
            return super(IspPortalAccess, self).web_auth_reset_password(
                *args, **kw)
        qcontext = self.get_auth_signup_qcontext()
        if not qcontext.get('reset_password_enabled'):
            return super(IspPortalAccess, self).web_auth_reset_password(
                *args, **kw)
        attempts = request.env['isp.portal.attempt'].sudo()
        if not attempts._isp_try(
                'reset_password', ['ip:%s' % client_ip(), 'id:%s' % login]):
            qcontext['error'] = _(
                'Too many tries. Wait an hour and try again, or call us.')
        else:
            users = request.env['res.users'].sudo().search(
                [('login', '=', login)]) or request.env['res.users'].sudo(
                ).search([('email', '=ilike', escape_like(login))])
            if len(users) == 1 and users.email and \
                    not is_refused_former(users):
                send_password_link(users, users.email)
            qcontext['message'] = _(
                'If this login or e-mail is ours, we have sent a link to '
                'set a new password to its e-mail address. No e-mail in a '
                'few minutes? Check what you typed, or call us.')
        response = request.render('auth_signup.reset_password', qcontext)
        response.headers['X-Frame-Options'] = 'DENY'
        return response

    # first access --------------------------------------------------------

    @http.route('/my/first-access', type='http', auth='public',
                methods=['GET', 'POST'], sitemap=False)
    def isp_first_access(self, customer_code=None, fiscal_id=None, **kw):
        """Anonymous: the customer's code and fiscal id send a link to set a
        password to the e-mail on file (its portal user is created if
        missing). The answer is the same whether or not they match."""
        company = portal_company()
        values = {
            'customer_code': customer_code or '',
            'isp_help_html': company.isp_portal_help_html,
        }
        if request.httprequest.method == 'POST':
            code = (customer_code or '').strip()
            if not code or not (fiscal_id or '').strip():
                values['error'] = _(
                    'Type your customer code and your fiscal id, as printed '
                    'on your invoices.')
            elif not request.env['isp.portal.attempt'].sudo()._isp_try(
                    'first_access',
                    ['ip:%s' % client_ip(), 'id:%s' % code.upper()]):
                values['error'] = _(
                    'Too many tries. Wait an hour and try again, or call us.')
            else:
                self._isp_first_access_send(code, fiscal_id)
                values['message'] = _(
                    'If the customer code and the fiscal id are those of a '
                    'customer, we have sent a link to set your password to '
                    'the e-mail address we have on file; it works for 24 '
                    'hours. No e-mail in a few minutes? Check both numbers '
                    'on your invoice, or call us.')
        response = request.render('isp_portal.portal_first_access', values)
        response.headers['X-Frame-Options'] = 'DENY'
        return response

    def _isp_first_access_send(self, code, fiscal_id):
        """E-mail the link to set a password when ``code`` and ``fiscal_id``
        name a customer with an e-mail, allowed in the portal; else do
        nothing (the visitor gets the same answer)."""
        partner = request.env['res.partner'].sudo()._isp_find_by_login_key(
            code, fiscal_id)
        if not partner or not partner.email:
            return False
        company = partner.company_id or portal_company()
        if company._isp_portal_former_refused(partner):
            return False
        if partner.isp_customer_state not in ('customer', 'former'):
            return False
        user = customer_portal_user(partner)
        if not user:
            if partner.sudo().user_ids:
                # an employee's own partner: not through the portal
                return False
            user = self._isp_create_portal_user(partner, company)
        send_password_link(user, partner.email)
        return True

    @staticmethod
    def _isp_create_portal_user(partner, company):
        Users = request.env['res.users'].sudo().with_context(
            no_reset_password=True)
        login = partner.email.strip().lower()
        if Users.with_context(active_test=False).search_count(
                [('login', '=', login)]):
            login = partner.isp_customer_code
        return Users.create({
            'login': login,
            'partner_id': partner.id,
            'company_id': company.id,
            'company_ids': [(6, 0, company.ids)],
            'groups_id': [(6, 0, [request.env.ref('base.group_portal').id])],
        })
