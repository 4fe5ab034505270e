# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The information request (/information-request): anyone, logged in or
not, asks a question (coverage, plans, ...) with a name, an e-mail or a
phone and the consent to be contacted; it becomes a CRM lead for the
staff. A logged-in customer's lead is linked to the customer, and shows on
the customer's requests.

Against robots: a hidden field people leave empty (a filled one gets the
same thank-you and nothing is saved), and at most 5 requests an hour from
one IP address."""
import logging
import re

from odoo import _, fields, http
from odoo.http import request

from .portal_access import client_ip, portal_company

_logger = logging.getLogger(__name__)

INFO_URL = '/information-request'
ATTEMPT_KIND = 'info_request'
# the honeypot: hidden from people, filled by form-filling robots
HONEYPOT_FIELD = 'website_url'
MAX_LENGTHS = {'name': 128, 'email': 128, 'phone': 64, 'text': 4000}
EMAIL_RE = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')


def info_topics():
    """[(key, label)] of the topics the visitor chooses from."""
    return [
        ('coverage', _('Coverage at my address')),
        ('plans', _('Plans and prices')),
        ('contract', _('Signing up or changing my contract')),
        ('billing', _('Invoices and payments')),
        ('other', _('Something else')),
    ]


class IspPortalInfoRequest(http.Controller):

    def _isp_info_values(self, post):
        """The form's values as typed (trimmed and cut to size)."""
        values = {key: (post.get(key) or '').strip()[:size]
                  for key, size in MAX_LENGTHS.items()}
        values['topic'] = post.get('topic') or ''
        values['consent'] = bool(post.get('consent'))
        return values

    def _isp_info_defaults(self):
        """A logged-in customer's name, e-mail and phone."""
        user = request.env.user
        if not request.session.uid or user._is_public():
            return {}
        partner = user.partner_id.sudo()
        return {'name': partner.name or '', 'email': partner.email or '',
                'phone': partner.mobile or partner.phone or ''}

    def _isp_info_problem(self, values):
        """The message that says what to fix, or None."""
        if not values['name']:
            return _('Type your name.')
        if not values['email'] and not values['phone']:
            return _('Type an e-mail address or a phone number, so we can '
                     'answer you.')
        if values['email'] and not EMAIL_RE.match(values['email']):
            return _('The e-mail address %s is not valid: check it, or '
                     'leave it empty and give a phone.') % values['email']
        if values['topic'] not in dict(info_topics()):
            return _('Choose what your question is about.')
        if not values['text']:
            return _('Type your question.')
        if not values['consent']:
            return _('Tick the box to let us contact you about your '
                     'question: we cannot answer you without it.')
        return None

    def _isp_info_render(self, values, **extra):
        company = portal_company()
        values = dict(values, topics=info_topics(),
                      honeypot_field=HONEYPOT_FIELD,
                      isp_help_html=company.isp_portal_help_html, **extra)
        response = request.render('isp_portal.portal_info_request', values)
        response.headers['X-Frame-Options'] = 'DENY'
        return response

    @http.route(INFO_URL, type='http', auth='public', website=True,
                methods=['GET', 'POST'], sitemap=False)
    def isp_information_request(self, **post):
        if request.httprequest.method != 'POST':
            values = dict(self._isp_info_values({}),
                          **self._isp_info_defaults())
            return self._isp_info_render(values)
        values = self._isp_info_values(post)
        thanks = _('Thank you: we have your question and answer you as '
                   'soon as we can.')
        if post.get(HONEYPOT_FIELD):
            _logger.info('Information request from %s dropped: honeypot '
                         'filled', client_ip())
            return self._isp_info_render(
                self._isp_info_values({}), message=thanks, sent=True)
        problem = self._isp_info_problem(values)
        if problem:
            return self._isp_info_render(values, error=problem)
        if not request.env['isp.portal.attempt'].sudo()._isp_try(
                ATTEMPT_KIND, ['ip:%s' % client_ip()]):
            return self._isp_info_render(values, error=_(
                'Too many requests from your connection. Wait an hour and '
                'try again, or call us.'))
        self._isp_info_create_lead(values)
        return self._isp_info_render(
            self._isp_info_values({}), message=thanks, sent=True)

    def _isp_info_create_lead(self, values):
        """The CRM lead of the request (as superuser, after the checks): a
        lead of the "Portal" medium, given to the company's portal
        operator; the consent is written on it."""
        company = portal_company()
        user = request.env.user
        partner = False
        if request.session.uid and not user._is_public():
            partner = user.partner_id.commercial_partner_id
        topic = dict(info_topics())[values['topic']]
        now = fields.Datetime.now()
        consent = _('Consent to be contacted about this request given in '
                    'the form on %(date)s (UTC) from %(ip)s.') % {
            'date': now, 'ip': client_ip()}
        Lead = request.env['crm.lead'].sudo().with_context(
            mail_create_nosubscribe=True)
        medium = request.env.ref('isp_portal.utm_medium_portal',
                                 raise_if_not_found=False)
        lead = Lead.create({
            'name': _('Information request: %s') % topic,
            'type': 'lead',
            'contact_name': values['name'],
            'email_from': values['email'] or False,
            'phone': values['phone'] or False,
            'partner_id': partner and partner.id,
            'description': '%s\n\n%s: %s\n%s' % (
                values['text'], _('Topic'), topic, consent),
            'company_id': company.id,
            'user_id': company.isp_portal_operator_id.id or False,
            'medium_id': medium and medium.id,
        })
        lead.message_post(body=consent)
        _logger.info('Information request: lead %s', lead.id)
        return lead
