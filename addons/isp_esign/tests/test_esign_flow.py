# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import subprocess
import tempfile

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import at_install, post_install

from ..rules import evidence, sealing
from .common import (
    EsignCase, blank_png, data_url, drawn_signature_png, find_code)
from .local_servers import (
    LocalHttpSink, LocalSmtpServer, LocalTsaServer)


def pdf_text(pdf):
    with tempfile.NamedTemporaryFile(suffix='.pdf') as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ['pdftotext', '-layout', handle.name, '-'], check=True,
            stdout=subprocess.PIPE).stdout.decode('utf-8')


def pdfsig(pdf):
    with tempfile.NamedTemporaryFile(suffix='.pdf') as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run(
            ['pdfsig', handle.name], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT).stdout.decode('utf-8')


@at_install(False)
@post_install(True)
class TestEsignFlow(EsignCase):

    def test_token_is_stored_only_as_its_hash(self):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values())
        link = self._at(request).action_sign_now()['url']
        token = link.split('/')[2]
        self.assertEqual(link, '/sign/%s/store' % token)
        self.assertGreaterEqual(len(token), 43)
        request.invalidate_cache()
        self.assertEqual(request.sudo().token_hash,
                         evidence.token_hash(token))
        self.env.cr.execute(
            'SELECT * FROM isp_esign_request WHERE id = %s', (request.id,))
        row = ' '.join('%s' % value for value in self.env.cr.fetchone())
        self.assertNotIn(token, row)
        found = self._at(self.env['isp.esign.request'])._find_by_token(token)
        self.assertEqual(found, request)

    def test_unknown_expired_cancelled_or_replaced_tokens_find_nothing(self):
        requests = self.env['isp.esign.request']
        request = requests.create(self._prepare_request_values())
        first = self._at(request).action_sign_now()['url'].split('/')[2]
        second = self._at(request).action_sign_now()['url'].split('/')[2]
        self.assertFalse(self._at(requests)._find_by_token(first))
        self.assertEqual(self._at(requests)._find_by_token(second), request)
        self.assertFalse(requests._find_by_token('x' * 43))
        self.assertFalse(requests._find_by_token(''))
        late = self._at(requests, 15 * 86400)
        self.assertFalse(late._find_by_token(second))
        request.action_cancel()
        self.assertFalse(self._at(requests)._find_by_token(second))

    def test_link_email_and_confirmation_with_pdf_reach_smtp_server(self):
        with LocalHttpSink() as sink, LocalSmtpServer(self.env) as smtp:
            self._gateway(sink)
            request = self._new_request(channel='email')
            smtp.deliver()
            received = smtp.messages_to('ana.signer@example.com')
            self.assertEqual(len(received), 1)
            body = received[0].message.get_body(
                ('html', 'plain')).get_content()
            self.assertNotIn('[[sign_link]]', body)
            token = body.split('/sign/')[1].split('"')[0]
            self.assertEqual(
                self._at(request)._find_by_token(token), request, body)
            # the chatter says where, never the link
            notes = ' '.join(request.message_ids.mapped('body'))
            self.assertIn('ana.signer@example.com', notes)
            self.assertNotIn(token, notes)
            self._sign(request, sink)
            smtp.deliver()
            received = smtp.messages_to('ana.signer@example.com')
            self.assertEqual(len(received), 2)
            pdfs = [part for part in received[1].message.iter_attachments()
                    if part.get_content_type() == 'application/pdf']
            self.assertEqual(len(pdfs), 1)
            self.assertEqual(pdfs[0].get_content(),
                             request._esign_binary('signed_pdf'))

    def test_sms_link_and_code_reach_the_http_gateway(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._new_request(channel='sms')
            self.assertEqual(len(sink.received), 1)
            sent = sink.received[0]
            self.assertEqual(sent['path'], '/sms')
            self.assertEqual(sent['headers']['X-Api-Key'], 'k-123')
            self.assertTrue(
                sent['headers']['Authorization'].startswith('Basic '))
            body = sink.json_bodies()[0]
            self.assertEqual(body['to'], '+34600111222')
            self.assertEqual(body['from'], 'ISP')
            token = body['message'].split('/sign/')[1].split()[0]
            self.assertEqual(
                self._at(request)._find_by_token(token), request)
            code = self._code_by_sms(request, sink)
            self.assertTrue(self._at(request, 30)._verify_code(code))
            self.assertEqual(request.code_verified_channel, 'sms')

    def test_sms_gateway_failure_is_a_translated_error(self):
        with LocalHttpSink(status=500) as sink:
            gateway = self._gateway(sink)
            with self.assertRaisesRegex(UserError, 'HTTP 500'):
                gateway._send_sms('+34600111222', 'Hello')
        self.assertEqual(self.env['isp.sms.gateway']._get_active(), gateway)

    def test_five_wrong_codes_lock_until_staff_resends(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._new_request()
            code = self._code_by_sms(request, sink)
            wrong = '%06d' % ((int(code) + 1) % 1000000)
            for _attempt in range(5):
                self.assertFalse(self._at(request, 10)._verify_code(wrong))
            self.assertTrue(request.locked)
            with self.assertRaisesRegex(UserError, 'too many wrong codes'
                                        '|Too many wrong codes'):
                self._at(request, 20)._verify_code(code)
            with self.assertRaises(UserError):
                self._at(request, 120)._send_code('sms')
            self._at(request, 200).action_send()
            self.assertFalse(request.locked)
            code = self._code_by_sms(request, sink, 300)
            self.assertTrue(self._at(request, 310)._verify_code(code))
        events = request.event_ids.mapped('event_type')
        self.assertEqual(events.count('code_failed'), 5)
        self.assertIn('locked', events)

    def test_expired_or_used_code_is_refused(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._new_request()
            code = self._code_by_sms(request, sink)
            self.assertFalse(self._at(request, 601)._verify_code(code))
            self.assertFalse(request.date_code_verified)
            self.assertIn('code_expired',
                          request.event_ids.mapped('event_type'))
            code = self._code_by_sms(request, sink, 700)
            self.assertTrue(self._at(request, 710)._verify_code(code))
            self.assertFalse(self._at(request, 720)._verify_code(code))

    def test_code_resend_is_rate_limited(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._new_request()
            self._code_by_sms(request, sink)
            with self.assertRaisesRegex(UserError, 'wait 30 seconds'):
                self._at(request, 30)._send_code('sms')
            self._code_by_sms(request, sink, 61)

    def test_signing_needs_a_recently_verified_code(self):
        request = self._new_request()
        with self.assertRaisesRegex(UserError, 'one-time code'):
            self._at(request)._sign(
                'Ana Signer', data_url(self._png()), True,
                document_sha256=request.document_sha256)
        self.assertEqual(request.state, 'sent')

    def _png(self):
        return drawn_signature_png()

    def test_signed_pdf_is_sealed_intact_and_holds_the_audit_page(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._sign(self._new_request(), sink)
        self.assertEqual(request.state, 'signed')
        signed = request._esign_binary('signed_pdf')
        self.assertEqual(request.signed_pdf_sha256,
                         evidence.sha256_hex(signed))
        self.assertEqual(sealing.page_count(signed), 5)
        status = sealing.validate_sealed_pdf(signed)
        self.assertTrue(status['intact'] and status['valid'])
        self.assertTrue(status['covers_all'])
        self.assertIn('DEMO seal', status['signer'])
        self.assertIn('Signature is Valid', pdfsig(signed))
        text = pdf_text(signed)
        self.assertIn('Page three', text)
        self.assertIn('Audit trail', text)
        for label in ('Link sent', 'Code sent', 'Code verified', 'Signed'):
            self.assertIn(label, text)
        self.assertIn('10.0.0.7', text)
        self.assertIn(request.document_sha256, text.replace('\n', ''))
        self.assertIn('One-time code by SMS', text)
        # attached to the request, not to the partner (every employee
        # reads the partners' files)
        attached = self.env['ir.attachment'].search([
            ('name', '=', request.signed_filename)])
        self.assertEqual(attached.mapped('res_model'), ['isp.esign.request'])
        self.assertEqual(attached.res_id, request.id)
        request.action_verify()
        self.assertEqual(request.verify_state, 'ok')

    def test_second_signing_is_refused_and_keeps_the_first(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._sign(self._new_request(), sink)
            first = request.signed_pdf_sha256
            with self.assertRaisesRegex(UserError, 'already signed'):
                self._at(request, 120)._sign(
                    'Someone Else', data_url(self._png()), True,
                    document_sha256=request.document_sha256)
        self.assertEqual(request.signed_name, 'Ana Signer')
        self.assertEqual(request.signed_pdf_sha256, first)

    def test_verify_names_an_evidence_event_changed_in_sql(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._sign(self._new_request(), sink)
        opened = request.event_ids.filtered(
            lambda event: event.event_type == 'code_verified')
        self.env.cr.execute(
            "UPDATE isp_esign_event SET ip = '6.6.6.6' WHERE id = %s",
            (opened.id,))
        request.invalidate_cache()
        self.env['isp.esign.event'].invalidate_cache()
        request.action_verify()
        self.assertEqual(request.verify_state, 'failed')
        self.assertIn('Event #%d (code_verified) was changed'
                      % opened.sequence, request.verify_message)

    def test_verify_catches_a_changed_signed_pdf(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._sign(self._new_request(), sink)
        signed = bytearray(request._esign_binary('signed_pdf'))
        signed[400:402] = b'##'
        attachment = self.env['ir.attachment'].sudo().search([
            ('res_model', '=', 'isp.esign.request'),
            ('res_id', '=', request.id),
            ('res_field', '=', 'signed_pdf')])
        attachment.write({'datas': base64.b64encode(bytes(signed))})
        request.invalidate_cache()
        request.action_verify()
        self.assertEqual(request.verify_state, 'failed')
        self.assertIn('signed PDF does not match', request.verify_message)

    def test_events_cannot_be_written_or_deleted(self):
        request = self._new_request()
        event = request.event_ids[:1]
        with self.assertRaises(UserError):
            event.sudo().write({'ip': '1.1.1.1'})
        with self.assertRaises(UserError):
            event.sudo().unlink()
        self.assertEqual(request.event_ids.mapped('sequence'), [1, 2])

    def test_signed_evidence_fields_cannot_be_changed(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._sign(self._new_request(), sink)
        with self.assertRaises(UserError):
            request.write({'signed_name': 'Mallory'})

    def test_timestamp_from_local_tsa_is_embedded_when_url_set(self):
        with LocalHttpSink() as sink, LocalTsaServer() as tsa:
            self._gateway(sink)
            self.company.esign_tsa_url = tsa.url
            request = self._sign(self._new_request(), sink)
            self.assertGreaterEqual(tsa.replies, 1)
        status = sealing.validate_sealed_pdf(
            request._esign_binary('signed_pdf'))
        self.assertTrue(status['intact'])
        self.assertIsNotNone(status['timestamp'])
        delta = abs(status['timestamp'].replace(tzinfo=None) -
                    datetime.datetime.utcnow())
        self.assertLess(delta, datetime.timedelta(minutes=5))

    def test_unreachable_tsa_leaves_nothing_half_signed(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            self.company.esign_tsa_url = 'http://127.0.0.1:9/tsa'
            request = self._new_request()
            with self.assertRaisesRegex(UserError, 'timestamp authority'):
                self._sign(request, sink)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.signed_pdf)
        self.assertFalse(request.signed_name)
        self.assertNotIn('signed', request.event_ids.mapped('event_type'))

    def test_in_store_signing_records_who_identified_the_signer(self):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(channel='store'))
        self._at(request).action_sign_now()
        self._sign_in_store(request)
        self.assertEqual(request.state, 'signed')
        self.assertEqual(request.in_store_user_id, self.shop_user)
        signed_event = request.event_ids.filtered(
            lambda event: event.event_type == 'signed')
        self.assertIn('isp_esign_shop_clerk', signed_event.details)
        self.assertIn('identified by Shop Clerk',
                      pdf_text(request._esign_binary('signed_pdf')))

    def test_in_store_needs_an_esign_user(self):
        portal = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Portal', 'login': 'isp_esign_portal_x',
                'groups_id': [(6, 0, [self.env.ref('base.group_portal').id])],
            })
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(channel='store'))
        self._at(request).action_sign_now()
        with self.assertRaisesRegex(UserError, 'Only staff'):
            self._sign_in_store(request, user=portal)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.in_store_user_id)

    def test_bad_signing_input_is_refused_with_nothing_saved(self):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(channel='store'))
        self._at(request).action_sign_now()
        cases = [
            ('', data_url(self._png()), True, 'full name'),
            ('   ', data_url(self._png()), True, 'full name'),
            ('Ana', data_url(blank_png()), True, 'signature is empty'),
            ('Ana', '', True, 'signature is empty'),
            ('Ana', data_url(self._png()), False, 'Tick the box'),
        ]
        for name, png, consent, message in cases:
            with self.assertRaisesRegex(UserError, message):
                self._sign_in_store(request, signer_name=name,
                                    signature_png=png, consent=consent)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.signature_image)
        self.assertNotIn('signed', request.event_ids.mapped('event_type'))

    def test_missing_email_or_mobile_for_the_channel_is_refused(self):
        partner = self.env['res.partner'].create({'name': 'No Contact'})
        for channel, message in (('email', 'no e-mail'),
                                 ('sms', 'no mobile'),
                                 ('both', 'no e-mail')):
            request = self.env['isp.esign.request'].create(
                self._prepare_request_values(partner_id=partner.id,
                                             channel=channel))
            with self.assertRaisesRegex(UserError, message):
                self._at(request).action_send()
            self.assertEqual(request.state, 'draft')
        no_mobile = self.env['res.partner'].create({
            'name': 'No Mobile', 'email': 'no.mobile@example.com'})
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(partner_id=no_mobile.id,
                                         channel='email'))
        self._at(request).action_send()
        with self.assertRaisesRegex(UserError, 'no mobile'):
            self._at(request)._send_code('sms')

    def test_wrong_password_or_expired_certificate_is_refused(self):
        now = datetime.datetime.utcnow()
        good = sealing.make_self_signed_pkcs12('Seal', 'right', now)
        expired = sealing.make_self_signed_pkcs12(
            'Old seal', 'right', now - datetime.timedelta(days=30), days=10)
        with self.assertRaisesRegex(ValidationError, 'password'):
            self.company.write({
                'esign_certificate': base64.b64encode(good),
                'esign_certificate_password': 'wrong'})
        with self.assertRaisesRegex(ValidationError, 'expired'):
            self.company.write({
                'esign_certificate': base64.b64encode(expired),
                'esign_certificate_password': 'right'})
        settings = self.env['res.config.settings'].create({
            'esign_certificate': base64.b64encode(good),
            'esign_certificate_password': 'right'})
        settings.execute()
        self.assertIn('CN=Seal', self.company.esign_certificate_info)

    def test_expired_certificate_at_signing_leaves_nothing_half_signed(self):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(channel='store'))
        self._at(request).action_sign_now()
        now = datetime.datetime.utcnow()
        expired = sealing.make_self_signed_pkcs12(
            'Old seal', 'pw', now - datetime.timedelta(days=30), days=10)
        # stored before it expired (the check runs when it is saved)
        self.env.cr.execute(
            'UPDATE res_company SET esign_certificate_password = %s '
            'WHERE id = %s', ('pw', self.company.id))
        attachment = self.env['ir.attachment'].sudo().search([
            ('res_model', '=', 'res.company'),
            ('res_id', '=', self.company.id),
            ('res_field', '=', 'esign_certificate')])
        attachment.write({'datas': base64.b64encode(expired)})
        self.company.invalidate_cache()
        with self.assertRaisesRegex(UserError, 'expired'):
            self._sign_in_store(request)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.signed_pdf)

    def test_cron_expires_overdue_requests(self):
        request = self._new_request()
        expiry = fields.Date.from_string(request.date_expiry)
        model = self.env['isp.esign.request']
        self.assertFalse(model._cron_expire(
            date_ref=fields.Date.to_string(expiry)) & request)
        expired = model._cron_expire(date_ref=fields.Date.to_string(
            expiry + datetime.timedelta(days=1)))
        self.assertIn(request, expired)
        self.assertEqual(request.state, 'expired')

    def test_cron_reminds_after_the_company_delay_once(self):
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._new_request(channel='sms')
            sent = fields.Datetime.from_string(request.date_sent).date()
            model = self._at(self.env['isp.esign.request'])
            day = datetime.timedelta(days=1)
            self.assertFalse(model._cron_remind(
                date_ref=fields.Date.to_string(sent + 2 * day)) & request)
            self.assertIn(request, model._cron_remind(
                date_ref=fields.Date.to_string(sent + 3 * day)))
            self.assertFalse(model._cron_remind(
                date_ref=fields.Date.to_string(sent + 4 * day)) & request)
            self.assertEqual(len(sink.received), 2)
            token = sink.json_bodies()[-1]['message'].split('/sign/')[1]
            self.assertEqual(
                self._at(request)._find_by_token(token.split()[0]), request)

    def test_code_by_email_reaches_smtp_server(self):
        with LocalSmtpServer(self.env) as smtp:
            request = self._new_request(channel='email')
            self._at(request)._send_code('email')
            smtp.deliver()
            mails = [mail for mail in
                     smtp.messages_to('ana.signer@example.com')
                     if 'code' in mail.message['subject']]
            self.assertEqual(len(mails), 1)
            code = find_code(mails[0].message['subject'])
            self.assertTrue(self._at(request, 5)._verify_code(code))
        self.assertEqual(request.code_verified_channel, 'email')
