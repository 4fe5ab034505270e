# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The signing page over real HTTP: tokens, codes, signing, in store."""
import base64
import io
import re
import unittest
from datetime import timedelta

import pytz
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.service import security
from odoo.tests.common import (
    HOST, PORT, HttpCase, at_install, get_db_name, post_install)
from odoo.tools import html_escape, mute_logger

from ..controllers.main import mask_email, mask_phone
from .local_servers import LocalHttpSink

LINK_RE = re.compile(r'/sign/([A-Za-z0-9_-]{20,})')
CODE_RE = re.compile(r'\b(\d{6})\b')
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ERROR_RE = re.compile(r'class="o_isp_esign_error_line">([^<]*)<')


def png_data_url(blank=False, size=(300, 120)):
    """A PNG data URL: a white pad, with a stroke unless ``blank``."""
    image = Image.new('RGB', size, 'white')
    if not blank:
        ImageDraw.Draw(image).line(
            [(10, 100), (80, 20), (150, 90), (280, 15)], fill='black',
            width=4)
    buf = io.BytesIO()
    image.save(buf, format='PNG')
    return 'data:image/png;base64,%s' % base64.b64encode(
        buf.getvalue()).decode('ascii')


def warm_frontend_assets():
    """Build the page's CSS/JS bundles once, as a first visitor would.

    HttpCase rolls back each test and clears the caches, so without this
    every test compiles the LESS of the bundles again (seconds each)."""
    with odoo.registry(get_db_name()).cursor() as cr:
        qweb = api.Environment(cr, SUPERUSER_ID, {})['ir.qweb']
        for bundle in ('web.assets_common', 'web.assets_frontend'):
            qweb._get_asset_nodes(bundle, {}, css=True, js=True)


class TestSignerContactMasks(unittest.TestCase):
    """The page shows where the code goes without the full address."""

    def test_email_keeps_first_letter_and_domain(self):
        for value, expected in [
                ('jane.doe@example.com', 'j\u2022\u2022\u2022@example.com'),
                ('  a@b.it ', 'a\u2022\u2022\u2022@b.it'),
                ('no-at-sign', ''),
                (False, ''),
        ]:
            self.assertEqual(mask_email(value), expected, value)

    def test_phone_keeps_prefix_and_last_two_digits(self):
        for value, expected in [
                ('+39 333 123 4567', '+39 \u2022\u2022\u2022 67'),
                ('0721 123456', '0 \u2022\u2022\u2022 56'),
                ('12', ''),
                (False, ''),
        ]:
            self.assertEqual(mask_phone(value), expected, value)


class EsignPageCase(HttpCase):
    """Requests created on the cursor the HTTP server uses."""

    @classmethod
    def setUpClass(cls):
        super(EsignPageCase, cls).setUpClass()
        warm_frontend_assets()

    def setUp(self):
        super(EsignPageCase, self).setUp()
        self.env = self.env(cr=self.registry.test_cr)
        self.csrf_token = None
        self.company = self.env.user.company_id
        self.company.write({
            'name': 'Fibra Test SpA',
            'email': 'contratti@fibra.example.com',
            'esign_tsa_url': False,
            'esign_code_channel': 'sms',
        })
        self.company._esign_generate_demo_certificate()
        # the SMS provider: a real HTTP server on 127.0.0.1
        self.sms = LocalHttpSink().__enter__()
        self.addCleanup(self.sms.__exit__, None, None, None)
        self.company.sms_gateway_id = self.env['isp.sms.gateway'].create({
            'name': 'Local SMS gateway',
            'url': self.sms.url + 'sms',
            'body_template': '{"to": "{to}", "text": "{text}"}',
            'company_id': self.company.id,
        })
        self.partner = self.env['res.partner'].create({
            'name': 'Giulia Bianchi',
            'email': 'giulia.bianchi@example.com',
            'mobile': '+39 333 765 4321',
            'lang': 'en_US',
            'tz': 'Europe/Rome',
        })

    # -- the request and its link --------------------------------------
    def _new_request(self, **values):
        """A request sent by SMS and the token of the link in the SMS."""
        vals = {
            'partner_id': self.partner.id,
            'channel': 'sms',
            'code_channel': 'sms',
            'document_pdf': base64.b64encode(self._pdf()),
            'document_filename': 'Contract-42.pdf',
            'consent_text': 'I accept the contract terms.',
        }
        vals.update(values)
        esign = self.env['isp.esign.request'].create(vals)
        esign.action_send()
        token = LINK_RE.search(self._last_sms()).group(1)
        self.registry.test_cr.commit()  # kept when a request rolls back
        return esign, token

    def _last_sms(self):
        return self.sms.json_bodies()[-1]['text']

    def _pdf(self):
        buf = io.BytesIO()
        pdf = canvas.Canvas(buf, pagesize=A4)
        pdf.drawString(72, 760, 'Contract 42: fibre 1 Gbit/s')
        pdf.showPage()
        pdf.save()
        return buf.getvalue()

    # -- HTTP helpers --------------------------------------------------
    def _get(self, path):
        return self.url_open(path)

    def authenticate(self, user, password):
        """HttpCase.authenticate, on the cursor the server uses."""
        env = api.Environment(self.registry.test_cr, SUPERUSER_ID, {})
        uid = env['res.users'].authenticate(
            get_db_name(), user, password, None)
        env = env(user=uid)
        session = self.session
        session.db = get_db_name()
        session.uid = uid
        session.login = user
        session.session_token = security.compute_session_token(session, env)
        session.context = dict(env['res.users'].context_get(), uid=uid)
        session._fix_lang(session.context)
        odoo.http.root.session_store.save(session)
        self.csrf_token = None

    def _csrf(self, token, suffix=''):
        """The form's csrf token (a locked page has no form: reuse)."""
        if not self.csrf_token:
            page = self._get('/sign/%s%s' % (token, suffix))
            self.assertEqual(page.status_code, 200, page.text[:500])
            self.csrf_token = CSRF_RE.search(page.text).group(1)
        return self.csrf_token

    def _post(self, path, token, data, suffix=''):
        data = dict(data, csrf_token=self._csrf(token, suffix))
        return self.url_open(path, data=data)

    def _ask_code(self, esign, token, channel='sms'):
        received = len(self.sms.received)
        response = self._post('/sign/%s/code' % token, token,
                              {'channel': channel})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.sms.received), received + 1,
                         self._error(response))
        return response, CODE_RE.search(self._last_sms()).group(1)

    def _verify(self, token, code):
        return self._post('/sign/%s/verify' % token, token, {'code': code})

    def _submit(self, token, name='Giulia Bianchi', signature=None,
                consent='1', suffix='/submit', document_sha256=None):
        if document_sha256 is None:
            # what the form carries: the SHA-256 of the document shown
            document_sha256 = self.env['isp.esign.request']._find_by_token(
                token).document_sha256 or ''
        data = {'name': name,
                'signature': png_data_url() if signature is None
                else signature,
                'document_sha256': document_sha256}
        if consent:
            data['consent'] = consent
        page_suffix = '/store' if suffix == '/store' else ''
        return self._post('/sign/%s%s' % (token, suffix), token, data,
                          suffix=page_suffix)

    def _error(self, response):
        """The error block's lines, one a line (None: no error)."""
        lines = [line.strip() for line in ERROR_RE.findall(response.text)]
        return '\n'.join(lines) or None

    def _expected_refusal(self, esign, **kwargs):
        """The message the model gives for these inputs (then undone)."""
        args = dict(signer_name='Giulia Bianchi',
                    signature_png=png_data_url(), consent=True,
                    ip='127.0.0.1', user_agent='test',
                    document_sha256=esign.document_sha256)
        args.update(kwargs)
        with self.assertRaises(UserError) as caught, \
                self.registry.test_cr.savepoint():
            esign._sign(**args)
        esign.invalidate_cache()
        return html_escape(caught.exception.name)


@at_install(False)
@post_install(True)
class TestEsignPageTokens(EsignPageCase):

    def test_unknown_expired_and_cancelled_tokens_answer_the_same_404(self):
        expired, expired_token = self._new_request()
        expired.date_expiry = fields.Date.to_string(
            fields.Date.from_string(fields.Date.today()) - timedelta(days=1))
        cancelled, cancelled_token = self._new_request()
        cancelled.action_cancel()
        self.registry.test_cr.commit()
        live, live_token = self._new_request()
        tokens = ['x' * 43, expired_token, cancelled_token,
                  live_token[:-1] + ('A' if live_token[-1] != 'A' else 'B')]
        bodies = set()
        for token in tokens:
            for path in ('/sign/%s', '/sign/%s/document.pdf'):
                response = self._get(path % token)
                self.assertEqual(response.status_code, 404, path % token)
                bodies.add(response.text)
        self.assertEqual(len(bodies), 1)
        for esign in (expired, cancelled, live):
            esign.invalidate_cache()
        self.assertEqual(cancelled.state, 'cancelled')
        self.assertEqual(live.state, 'sent', 'a wrong token opens nothing')

    def test_valid_link_shows_document_consent_and_code_buttons(self):
        esign, token = self._new_request()
        response = self._get('/sign/%s' % token)
        self.assertEqual(response.status_code, 200)
        self.assertIn('Fibra Test SpA', response.text)
        # the document's title, not its file name
        self.assertIn('<strong>Contract-42</strong>', response.text)
        self.assertIn('I accept the contract terms.', response.text)
        self.assertIn('o_isp_esign_send_sms', response.text)
        self.assertIn('o_isp_esign_send_email', response.text)
        self.assertIn('/sign/%s/document.pdf' % token, response.text)
        self.assertNotIn('o_isp_esign_sign_form', response.text,
                         'no signing before the code is verified')
        self.assertEqual(response.headers.get('Cache-Control'), 'no-store')
        self.assertEqual(response.headers.get('Referrer-Policy'),
                         'no-referrer')
        esign.invalidate_cache()
        self.assertEqual(esign.state, 'opened')
        # reloading the page logs no other "Opened" event
        self._get('/sign/%s' % token)
        self._get('/sign/%s' % token)
        esign.invalidate_cache()
        self.assertEqual(esign.event_ids.mapped('event_type').count(
            'opened'), 1)

    def test_document_link_serves_the_frozen_pdf_inline(self):
        esign, token = self._new_request()
        response = self._get('/sign/%s/document.pdf' % token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        self.assertTrue(response.headers['Content-Disposition']
                        .startswith('inline'))
        self.assertEqual(response.content,
                         base64.b64decode(esign.document_pdf))

    def test_post_without_csrf_token_is_rejected(self):
        esign, token = self._new_request()
        received = len(self.sms.received)
        with mute_logger('odoo.http'):
            response = self.url_open('/sign/%s/code' % token,
                                     data={'channel': 'sms'})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(self.sms.received), received)
        esign.invalidate_cache()
        self.assertFalse(esign.date_code_sent)


@at_install(False)
@post_install(True)
class TestEsignPageCodes(EsignPageCase):

    def test_asking_a_code_shows_where_it_went_and_the_code_field(self):
        esign, token = self._new_request()
        response, code = self._ask_code(esign, token)
        self.assertTrue(re.match(r'^\d{6}$', code or ''))
        self.assertIn('+39 \u2022\u2022\u2022 21', response.text)
        self.assertIn('o_isp_esign_verify_form', response.text)

    def test_asking_again_within_a_minute_is_refused_with_the_wait(self):
        esign, token = self._new_request()
        self._ask_code(esign, token)
        received = len(self.sms.received)
        response = self._post('/sign/%s/code' % token, token,
                              {'channel': 'sms'})
        self.assertIn('wait', self._error(response))
        self.assertEqual(len(self.sms.received), received)
        self.assertIn('o_isp_esign_verify_form', response.text,
                      'the code already sent can still be entered')

    def test_code_by_email_goes_to_the_signer_address(self):
        esign, token = self._new_request()
        response = self._post('/sign/%s/code' % token, token,
                              {'channel': 'email'})
        self.assertIn('g\u2022\u2022\u2022@example.com',
                      response.text)
        mail = self.env['mail.mail'].search(
            [('email_to', 'ilike', 'giulia.bianchi@example.com')],
            order='id desc', limit=1)
        code = CODE_RE.search(mail.subject or '').group(1)
        response = self._verify(token, code)
        self.assertIn('o_isp_esign_sign_form', response.text)
        esign.invalidate_cache()
        self.assertEqual(esign.code_verified_channel, 'email')

    def test_wrong_code_says_how_many_attempts_are_left(self):
        esign, token = self._new_request()
        __, code = self._ask_code(esign, token)
        response = self._verify(token, '%06d' % ((int(code) + 1) % 10 ** 6))
        self.assertIn('Attempts left: 4', self._error(response))
        self.assertNotIn('o_isp_esign_sign_form', response.text)

    def test_five_wrong_codes_lock_and_nothing_can_be_signed(self):
        esign, token = self._new_request()
        __, code = self._ask_code(esign, token)
        wrong = '%06d' % ((int(code) + 1) % 10 ** 6)
        for __ in range(5):
            response = self._verify(token, wrong)
        esign.invalidate_cache()
        self.assertTrue(esign.locked)
        self.assertIn('o_isp_esign_locked', response.text)
        self.assertIn('ask', response.text.lower())
        self.assertIn('Fibra Test SpA', response.text)
        # the right code no longer opens the signing step
        response = self._verify(token, code)
        self.assertNotIn('o_isp_esign_sign_form', response.text)
        self.assertTrue(self._error(response))
        response = self._submit(token)
        self.assertTrue(self._error(response))
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')
        self.assertFalse(esign.signature_image)

    def test_submit_without_a_verified_code_is_refused(self):
        esign, token = self._new_request()
        response = self._submit(token)
        self.assertIn('one-time code', self._error(response))
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')


@at_install(False)
@post_install(True)
class TestEsignPageSigning(EsignPageCase):

    def _verified_request(self):
        esign, token = self._new_request()
        __, code = self._ask_code(esign, token)
        response = self._verify(token, code)
        self.assertIn('o_isp_esign_sign_form', response.text)
        return esign, token

    def test_signing_shows_success_then_signature_with_date_and_time(self):
        esign, token = self._verified_request()
        response = self._submit(token)
        self.assertIn('o_isp_esign_success', response.text)
        esign.invalidate_cache()
        self.assertEqual(esign.state, 'signed')
        self.assertEqual(esign.signed_name, 'Giulia Bianchi')
        self.assertTrue(esign.signed_pdf)
        # a later visit: the signature and when, in the signer's time zone
        later = self._get('/sign/%s' % token)
        self.assertNotIn('o_isp_esign_success', later.text)
        self.assertNotIn('o_isp_esign_sign_form', later.text)
        self.assertIn('data:image/png;base64,%s' % (
            esign.signature_image.decode()), later.text)
        signed_at = pytz.utc.localize(fields.Datetime.from_string(
            esign.date_signed)).astimezone(pytz.timezone('Europe/Rome'))
        self.assertIn(signed_at.strftime('%m/%d/%Y %H:%M:%S'), later.text)
        self.assertIn('Europe/Rome', later.text)
        # a signer without a zone: the browser's (reported by the page's
        # script in a cookie), else UTC; never the zone of the server's
        # public user
        self.partner.tz = False
        self.env.ref('base.public_user').tz = 'Europe/Brussels'
        self.registry.test_cr.commit()
        self.opener.cookies.set('isp_esign_tz', 'Europe/Madrid')
        browser = self._get('/sign/%s' % token)
        self.assertIn('(Europe/Madrid)', browser.text)
        self.opener.cookies.set('isp_esign_tz', 'Mars/Olympus')
        unknown = self._get('/sign/%s' % token)
        self.assertIn('(UTC)', unknown.text)
        self.assertNotIn('Europe/Brussels', unknown.text)
        signed_pdf = self._get('/sign/%s/document.pdf' % token)
        self.assertEqual(signed_pdf.content,
                         base64.b64decode(esign.signed_pdf))

    def test_second_submission_is_refused_and_keeps_the_first(self):
        esign, token = self._verified_request()
        self._submit(token)
        esign.invalidate_cache()
        first = (esign.date_signed, esign.signature_image, esign.signed_pdf)
        response = self._submit(token, name='Someone Else')
        self.assertTrue(self._error(response))
        esign.invalidate_cache()
        self.assertEqual(esign.signed_name, 'Giulia Bianchi')
        self.assertEqual(
            (esign.date_signed, esign.signature_image, esign.signed_pdf),
            first)

    def test_empty_drawing_is_refused_with_the_message(self):
        esign, token = self._verified_request()
        expected = self._expected_refusal(
            esign, signature_png=png_data_url(blank=True))
        response = self._submit(token, signature=png_data_url(blank=True))
        self.assertEqual(self._error(response), expected)
        self.assertIn('o_isp_esign_sign_form', response.text,
                      'the customer can draw again')
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')
        self.assertFalse(esign.signature_image)

    def test_missing_drawing_is_refused_with_the_message(self):
        esign, token = self._verified_request()
        expected = self._expected_refusal(esign, signature_png='')
        response = self._submit(token, signature='')
        self.assertEqual(self._error(response), expected)
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')

    def test_empty_name_is_refused_with_the_message(self):
        esign, token = self._verified_request()
        expected = self._expected_refusal(esign, signer_name='')
        response = self._submit(token, name='   ')
        self.assertEqual(self._error(response), expected)
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')

    def test_every_problem_of_the_form_is_shown_at_once(self):
        esign, token = self._verified_request()
        response = self._submit(token, name=' ',
                                signature=png_data_url(blank=True),
                                consent=None)
        lines = (self._error(response) or '').split('\n')
        self.assertEqual(len(lines), 3, lines)
        self.assertIn('Type your full name', lines[0])
        self.assertIn('draw your signature', lines[1])
        self.assertIn('Tick the box', lines[2])
        # the name field's hint reads as a hint, not as a name typed in
        self.assertRegex(response.text,
                         r'<input[^>]*o_isp_esign_name[^>]*'
                         r'placeholder="Type your first and last name"')
        self.assertNotRegex(response.text,
                            r'placeholder="Giulia Bianchi"')
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')

    def test_unticked_consent_is_refused_with_the_message(self):
        esign, token = self._verified_request()
        expected = self._expected_refusal(esign, consent=False)
        response = self._submit(token, consent=None)
        self.assertEqual(self._error(response), expected)
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')


@at_install(False)
@post_install(True)
class TestEsignPageInStore(EsignPageCase):

    def setUp(self):
        super(TestEsignPageInStore, self).setUp()
        users = self.env['res.users'].with_context(no_reset_password=True)
        self.staff = users.create({
            'name': 'Marco Negozio',
            'login': 'isp_esign_page_staff',
            'password': 'isp_esign_page_staff',
            'groups_id': [(6, 0, [
                self.env.ref('isp_esign.group_isp_esign_user').id])],
        })
        self.clerk = users.create({
            'name': 'No Esign Clerk',
            'login': 'isp_esign_page_clerk',
            'password': 'isp_esign_page_clerk',
            'groups_id': [(6, 0, [self.env.ref('base.group_user').id])],
        })
        self.registry.test_cr.commit()

    def test_store_page_signs_without_a_code_for_esign_staff(self):
        esign, token = self._new_request()
        self.authenticate('isp_esign_page_staff', 'isp_esign_page_staff')
        page = self._get('/sign/%s/store' % token)
        self.assertEqual(page.status_code, 200)
        self.assertIn('o_isp_esign_sign_form', page.text)
        self.assertNotIn('o_isp_esign_code_panel', page.text)
        self.assertIn('Marco Negozio', page.text)
        response = self._submit(token, suffix='/store')
        self.assertIn('o_isp_esign_success', response.text)
        esign.invalidate_cache()
        self.assertEqual(esign.state, 'signed')

    def test_store_page_is_404_for_staff_without_esign_rights(self):
        esign, token = self._new_request()
        self.authenticate('isp_esign_page_clerk', 'isp_esign_page_clerk')
        unknown = self._get('/sign/%s/store' % ('x' * 43))
        response = self._get('/sign/%s/store' % token)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.text, unknown.text)
        esign.invalidate_cache()
        self.assertEqual(esign.state, 'sent')

    def test_store_page_asks_anonymous_visitors_to_log_in(self):
        esign, token = self._new_request()
        response = self.url_open('/sign/%s/store' % token)
        self.assertIn('/web/login', response.url)
        esign.invalidate_cache()
        self.assertEqual(esign.state, 'sent')


@at_install(False)
@post_install(True)
class TestEsignPageSecurity(EsignPageCase):
    """The attacks of the security review, over real HTTP."""

    def setUp(self):
        super(TestEsignPageSecurity, self).setUp()
        users = self.env['res.users'].with_context(no_reset_password=True)
        portal = self.env.ref('base.group_portal')
        self.customer = users.create({
            'name': 'Giulia Portal', 'login': 'isp_esign_sec_giulia',
            'password': 'isp_esign_sec_giulia',
            'partner_id': self.partner.id,
            'groups_id': [(6, 0, [portal.id])]})
        self.mallory = users.create({
            'name': 'Mallory', 'login': 'isp_esign_sec_mallory',
            'password': 'isp_esign_sec_mallory',
            'groups_id': [(6, 0, [portal.id])]})
        self.staff = users.create({
            'name': 'Shop Staff', 'login': 'isp_esign_sec_staff',
            'groups_id': [(6, 0, [
                self.env.ref('isp_esign.group_isp_esign_user').id])]})
        self.registry.test_cr.commit()

    def _call_kw(self, model, method, args, kwargs=None):
        url = 'http://%s:%s/web/dataset/call_kw/%s/%s' % (
            HOST, PORT, model, method)
        answer = self.opener.post(url, json={
            'jsonrpc': '2.0', 'method': 'call', 'id': 1,
            'params': {'model': model, 'method': method, 'args': args,
                       'kwargs': kwargs or {}}}, timeout=30)
        self.assertEqual(answer.status_code, 200)
        return answer.json()

    def test_portal_customer_cannot_sign_or_log_events_over_json_rpc(self):
        esign, _token = self._new_request()
        events = esign.event_ids.mapped('event_type')
        self.authenticate('isp_esign_sec_mallory', 'isp_esign_sec_mallory')
        attacks = [
            ('action_sign', [[esign.id], 'Mallory', png_data_url(), True,
                             '6.6.6.6', 'x'], {'in_store_user': 1}),
            ('_sign', [[esign.id], 'Mallory', png_data_url(), True,
                       '6.6.6.6', 'x'], {'document_sha256':
                                         esign.document_sha256,
                                         'in_store': True}),
            ('action_open', [[esign.id], '6.6.6.6', 'evil'], {}),
            ('_open', [[esign.id], '6.6.6.6', 'evil'], {}),
            ('send_code', [[esign.id], 'email'], {}),
            ('_verify_code', [[esign.id], '000000'], {}),
            ('cron_expire', [], {}),
            ('_cron_expire', [], {}),
            ('action_send', [[esign.id]], {}),
            ('action_cancel', [[esign.id]], {}),
        ]
        with mute_logger('odoo.http'):
            for method, args, kwargs in attacks:
                answer = self._call_kw('isp.esign.request', method, args,
                                       kwargs)
                self.assertIn('error', answer, method)
        esign.invalidate_cache()
        self.assertEqual(esign.state, 'sent')
        self.assertFalse(esign.signed_name)
        self.assertFalse(esign.signature_image)
        self.assertEqual(esign.event_ids.mapped('event_type'), events)

    def test_form_of_another_document_is_refused(self):
        esign, token = self._new_request()
        __, code = self._ask_code(esign, token)
        self._verify(token, code)
        response = self._submit(token, document_sha256='0' * 64)
        self.assertIn('document changed', self._error(response))
        self.assertIn('o_isp_esign_sign_form', response.text)
        esign.invalidate_cache()
        self.assertNotEqual(esign.state, 'signed')
        self.assertFalse(esign.signature_image)

    def test_required_sms_code_shows_and_sends_only_sms(self):
        self.company.esign_code_channel_required = True
        esign, token = self._new_request()
        page = self._get('/sign/%s' % token)
        self.assertIn('o_isp_esign_send_sms', page.text)
        self.assertNotIn('o_isp_esign_send_email', page.text)
        mails = self.env['mail.mail'].search_count([])
        response = self._post('/sign/%s/code' % token, token,
                              {'channel': 'email'})
        self.assertIn('only by SMS', self._error(response))
        self.assertEqual(self.env['mail.mail'].search_count([]), mails)
        esign.invalidate_cache()
        self.assertFalse(esign.date_code_sent)

    def test_signed_pdf_stays_in_the_customer_portal_only(self):
        esign, _token = self._new_request()
        esign.sudo(self.staff)._sign(
            'Giulia Bianchi', png_data_url(), True,
            document_sha256=esign.document_sha256, in_store=True)
        self.registry.test_cr.commit()
        path = '/my/signatures/%d/signed.pdf' % esign.id
        anonymous = self._get(path)
        self.assertIn('/web/login', anonymous.url)
        self.authenticate('isp_esign_sec_mallory', 'isp_esign_sec_mallory')
        self.assertEqual(self._get(path).status_code, 404)
        self.assertEqual(
            self._get('/my/signatures/%d/signed.pdf' % (esign.id + 999))
            .status_code, 404)
        self.authenticate('isp_esign_sec_giulia', 'isp_esign_sec_giulia')
        response = self._get(path)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        self.assertEqual(response.content, esign._esign_binary('signed_pdf'))
        self.assertEqual(esign.state, 'signed')
