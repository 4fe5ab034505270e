# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer signing page: ``/sign/<token>`` and its in-store twin.

The routes stay thin: they find the request by its token (the model hashes
it and compares in constant time), then call the model's private steps
(``_open``, ``_send_code``, ``_verify_code``, ``_sign``: no user can call
them over RPC). ``sudo`` is only what ``_find_by_token`` returns after the
token check. Every unknown, expired, cancelled or wrong token answers the
same 404. In store, the member of staff is the session user.

``/my/signatures/<id>/signed.pdf`` serves a signed document to the
customer who signed it (logged in to the portal), after the link expired.
"""
import base64

import pytz

from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from werkzeug.exceptions import NotFound
from werkzeug.utils import redirect

from ..rules import evidence

# per-browser progress of each request, kept in the HTTP session
SESSION_KEY = 'isp_esign'
CODE_CHANNELS = ('sms', 'email')
# the page must never be cached, framed or leak its token as a referrer
PAGE_HEADERS = [
    ('Cache-Control', 'no-store'),
    ('Referrer-Policy', 'no-referrer'),
    ('X-Frame-Options', 'DENY'),
    ('X-Content-Type-Options', 'nosniff'),
]
PDF_HEADERS = [
    ('Cache-Control', 'no-store'),
    ('Referrer-Policy', 'no-referrer'),
    ('X-Frame-Options', 'SAMEORIGIN'),
    ('X-Content-Type-Options', 'nosniff'),
]


def mask_email(email):
    """``jane.doe@example.com`` -> ``j•••@example.com``."""
    local, _sep, domain = (email or '').strip().partition('@')
    if not domain:
        return ''
    return '%s\u2022\u2022\u2022@%s' % (local[:1], domain)


def mask_phone(phone):
    """Keep the country prefix and the last two digits only."""
    digits = ''.join(char for char in phone or '' if char.isdigit())
    if len(digits) < 4:
        return ''
    prefix = '+' + digits[:2] if (phone or '').strip().startswith('+') \
        else digits[:1]
    return '%s \u2022\u2022\u2022 %s' % (prefix, digits[-2:])


#: the browser's time zone, reported by the signing page's script
TZ_COOKIE = 'isp_esign_tz'


def signed_pdf_response(esign):
    """The signed PDF of ``esign`` (checked by the caller) as a download;
    404 when there is none."""
    pdf = esign and esign._esign_binary('signed_pdf')
    if not pdf:
        raise NotFound()
    filename = esign.signed_filename or '%s-signed.pdf' % (
        esign.name.replace('/', '-'))
    headers = PDF_HEADERS + [
        ('Content-Type', 'application/pdf'),
        ('Content-Length', len(pdf)),
        ('Content-Disposition', http.content_disposition(filename)),
    ]
    return request.make_response(pdf, headers=headers)


class IspEsignController(http.Controller):

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _find_request(self, token):
        """The request (sudo) behind ``token`` in the signer's language,
        or the same NotFound for every wrong, expired or unknown token."""
        esign = request.env['isp.esign.request']._find_by_token(token or '')
        if not esign:
            raise NotFound()
        lang = esign.partner_id.lang or request.env.context.get('lang')
        tz = self._signer_tz(esign)
        request.context = dict(request.context, lang=lang, tz=tz)
        return esign.with_context(lang=lang, tz=tz)

    def _signer_tz(self, esign):
        """The signer's time zone: their partner's, else the one their
        browser reported (cookie set by the page's script), else UTC;
        never the server's (the public user's context carries the zone
        of whoever configured it)."""
        for zone in (esign.partner_id.tz,
                     request.httprequest.cookies.get(TZ_COOKIE)):
            if zone and zone in pytz.all_timezones_set:
                return zone
        return 'UTC'

    def _client_info(self):
        httprequest = request.httprequest
        return (httprequest.remote_addr,
                httprequest.headers.get('User-Agent', ''))

    def _session_state(self, esign):
        return dict((request.session.get(SESSION_KEY) or {})
                    .get(str(esign.id)) or {})

    def _session_update(self, esign, **values):
        data = dict(request.session.get(SESSION_KEY) or {})
        state = dict(data.get(str(esign.id)) or {})
        state.update(values)
        data[str(esign.id)] = state
        request.session[SESSION_KEY] = data
        return state

    def _flash(self, esign, error=None, info=None, signed=False):
        self._session_update(esign, flash={
            'error': error, 'info': info, 'signed': signed})

    def _pop_flash(self, esign):
        flash = self._session_state(esign).get('flash') or {}
        if flash:
            self._session_update(esign, flash={})
        return flash

    def _is_store_user(self):
        user = request.env.user
        return bool(user) and not user._is_public() \
            and user.has_group('base.group_user') \
            and user.has_group('isp_esign.group_isp_esign_user')

    def _signer_contacts(self, esign):
        """Where a one-time code can be sent: {channel: masked address}."""
        contacts = {}
        if esign.signer_mobile:
            contacts['sms'] = mask_phone(esign.signer_mobile)
        if esign.signer_email:
            contacts['email'] = mask_email(esign.signer_email)
        return contacts

    def _code_channels(self, esign):
        """[(channel, label, masked address)], the default channel first."""
        labels = {'sms': _('Send me the code by SMS'),
                  'email': _('Send me the code by e-mail')}
        contacts = self._signer_contacts(esign)
        default = esign.code_channel
        allowed = esign._esign_allowed_code_channels()
        order = sorted(CODE_CHANNELS, key=lambda channel: channel != default)
        return [(channel, labels[channel], contacts[channel])
                for channel in order
                if channel in contacts and channel in allowed]

    def _format_datetime(self, esign, value):
        """A UTC datetime in the signer's time zone and language format."""
        if not value:
            return ''
        value = fields.Datetime.from_string(value)
        tz_name = esign.env.context.get('tz') or 'UTC'
        try:
            tz = pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            tz_name, tz = 'UTC', pytz.utc
        local = pytz.utc.localize(value).astimezone(tz)
        lang = request.env['res.lang']._lang_get(
            esign.env.context.get('lang') or 'en_US')
        pattern = '%s %s' % (lang.date_format or '%m/%d/%Y',
                             lang.time_format or '%H:%M:%S')
        return '%s (%s)' % (local.strftime(pattern), tz_name)

    def _page_step(self, esign, store, state):
        if esign.state == 'signed':
            return 'signed'
        if esign.locked:
            return 'locked'
        if store or state.get('verified'):
            return 'sign'
        return 'code'

    def _render_page(self, esign, token, store=False):
        state = self._session_state(esign)
        flash = self._pop_flash(esign)
        step = self._page_step(esign, store, state)
        base = '/sign/%s' % token
        signature_src = False
        if step == 'signed' and esign.signature_image:
            signature_src = 'data:image/png;base64,%s' % (
                esign.signature_image.decode('ascii')
                if isinstance(esign.signature_image, bytes)
                else esign.signature_image)
        values = {
            'esign': esign,
            'company': esign.company_id,
            'token': token,
            'store': store,
            'step': step,
            'error': flash.get('error'),
            'info': flash.get('info'),
            'just_signed': flash.get('signed'),
            'code_sent': state.get('code_sent'),
            'channels': self._code_channels(esign) if step == 'code' else [],
            'pdf_url': '%s/document.pdf' % base,
            'code_url': '%s/code' % base,
            'verify_url': '%s/verify' % base,
            'submit_url': '%s/store' % base if store else '%s/submit' % base,
            'signature_src': signature_src,
            'date_signed_display': self._format_datetime(
                esign, esign.date_signed),
        }
        return request.render('isp_esign.sign_page', values,
                              headers=PAGE_HEADERS)

    def _open(self, esign):
        """Log the first visit of this browser (not every reload; the
        model also keeps one event per browser and period)."""
        if esign.state in ('sent', 'opened') \
                and not self._session_state(esign).get('opened'):
            esign._open(*self._client_info())
            self._session_update(esign, opened=True)

    def _sign(self, esign, token, post, in_store=False):
        ip, user_agent = self._client_info()
        signer = esign
        if in_store:
            # the member of staff who identifies the signer: this session
            signer = esign.sudo(request.env.user)
        try:
            # the savepoint undoes whatever a refused signature wrote
            with request.env.cr.savepoint():
                signer._sign(
                    (post.get('name') or '').strip(),
                    post.get('signature') or '',
                    bool(post.get('consent')),
                    ip, user_agent,
                    document_sha256=post.get('document_sha256') or '',
                    in_store=in_store)
        except (UserError, ValidationError) as error:
            esign.invalidate_cache()
            self._flash(esign, error=error.name)
        else:
            self._flash(esign, signed=True)
        suffix = '/store' if in_store else ''
        return redirect('/sign/%s%s' % (token, suffix), code=303)

    # ------------------------------------------------------------------
    # routes
    # ------------------------------------------------------------------
    @http.route('/sign/<string:token>', type='http', auth='public',
                methods=['GET'], website=False)
    def sign_page(self, token, **kwargs):
        esign = self._find_request(token)
        self._open(esign)
        return self._render_page(esign, token)

    @http.route('/sign/<string:token>/document.pdf', type='http',
                auth='public', methods=['GET'], website=False)
    def sign_document(self, token, **kwargs):
        esign = self._find_request(token)
        if esign.state == 'signed' and esign.signed_pdf:
            content = esign.signed_pdf
            filename = esign.signed_filename \
                or '%s-signed.pdf' % esign.name.replace('/', '-')
        else:
            content = esign.document_pdf
            filename = esign.document_filename \
                or '%s.pdf' % esign.name.replace('/', '-')
        if not content:
            raise NotFound()
        pdf = base64.b64decode(content)
        headers = PDF_HEADERS + [
            ('Content-Type', 'application/pdf'),
            ('Content-Length', len(pdf)),
            ('Content-Disposition',
             http.content_disposition(filename).replace(
                 'attachment', 'inline', 1)),
        ]
        return request.make_response(pdf, headers=headers)

    @http.route('/sign/<string:token>/code', type='http', auth='public',
                methods=['POST'], website=False)
    def sign_send_code(self, token, channel=None, **kwargs):
        esign = self._find_request(token)
        channel = channel if channel in CODE_CHANNELS else None
        ip = self._client_info()[0]
        try:
            with request.env.cr.savepoint():
                esign._send_code(channel=channel, ip=ip)
        except (UserError, ValidationError) as error:
            esign.invalidate_cache()
            self._flash(esign, error=error.name)
        else:
            channel = channel or esign.code_channel
            address = self._signer_contacts(esign).get(channel, '')
            if channel == 'sms':
                info = _('We sent a 6-digit code by SMS to %s. It is valid '
                         'for 10 minutes.') % address
            else:
                info = _('We sent a 6-digit code by e-mail to %s. It is '
                         'valid for 10 minutes.') % address
            self._session_update(esign, code_sent=channel or True)
            self._flash(esign, info=info)
        return redirect('/sign/%s' % token, code=303)

    @http.route('/sign/<string:token>/verify', type='http', auth='public',
                methods=['POST'], website=False)
    def sign_verify_code(self, token, code=None, **kwargs):
        esign = self._find_request(token)
        code = ''.join((code or '').split())
        ip, user_agent = self._client_info()
        try:
            verified = esign._verify_code(code, ip=ip,
                                          user_agent=user_agent)
        except (UserError, ValidationError) as error:
            esign.invalidate_cache()
            self._flash(esign, error=error.name)
            return redirect('/sign/%s' % token, code=303)
        if verified:
            self._session_update(esign, verified=True)
            self._flash(esign, info=_(
                'Code verified. You can now sign the document.'))
        elif not esign.locked:
            left = max(evidence.CODE_MAX_ATTEMPTS - esign.code_attempts, 0)
            self._flash(esign, error=_(
                'This code is wrong or has expired. Attempts left: %s. '
                'Check it, or ask for a new code.') % left)
        return redirect('/sign/%s' % token, code=303)

    @http.route('/sign/<string:token>/submit', type='http', auth='public',
                methods=['POST'], website=False)
    def sign_submit(self, token, **post):
        esign = self._find_request(token)
        if not self._session_state(esign).get('verified') \
                and esign.state != 'signed':
            self._flash(esign, error=_(
                'Ask for a one-time code and enter it before signing.'))
            return redirect('/sign/%s' % token, code=303)
        return self._sign(esign, token, post)

    @http.route('/sign/<string:token>/store', type='http', auth='user',
                methods=['GET', 'POST'], website=False)
    def sign_in_store(self, token, **post):
        # staff only; anyone else gets the same answer as a wrong token
        if not self._is_store_user():
            raise NotFound()
        esign = self._find_request(token)
        if request.httprequest.method == 'POST':
            return self._sign(esign, token, post, in_store=True)
        self._open(esign)
        return self._render_page(esign, token, store=True)

    @http.route('/my/signatures/<int:request_id>/signed.pdf', type='http',
                auth='user', methods=['GET'], website=False)
    def my_signed_document(self, request_id, **kwargs):
        """The signed PDF, for the customer who signed it (their
        commercial entity), whether or not the link still works."""
        esign = request.env['isp.esign.request'].sudo().browse(request_id)
        partner = request.env.user.partner_id.commercial_partner_id
        if not esign.exists() or esign.state != 'signed' \
                or esign.partner_id.commercial_partner_id != partner:
            raise NotFound()
        return signed_pdf_response(esign)
