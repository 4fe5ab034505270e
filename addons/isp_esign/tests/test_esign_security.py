# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a portal customer, an employee without Signatures rights or a
caller of the JSON-RPC API must not be able to do to signature evidence."""
import base64
import datetime
import io
import struct
import zlib
from unittest import mock

import psycopg2
from PIL import Image

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import at_install, post_install
from odoo.tools import mute_logger

from ..models import isp_esign_request as request_module
from ..rules import evidence, sealing
from .common import NOW, EsignCase, data_url, drawn_signature_png
from .local_servers import LocalHttpSink


def png_with_header_size(width, height):
    """A small PNG whose IHDR claims ``width`` x ``height`` (CRC fixed)."""
    data = bytearray(drawn_signature_png())
    data[16:24] = struct.pack('>II', width, height)
    data[29:33] = struct.pack('>I', zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def jpeg_signature():
    image = Image.new('RGB', (300, 120), 'white')
    image.paste((0, 0, 0), (10, 50, 290, 60))
    output = io.BytesIO()
    image.save(output, format='JPEG')
    return output.getvalue()


@at_install(False)
@post_install(True)
class TestEsignSecurity(EsignCase):

    @classmethod
    def setUpClass(cls):
        super(TestEsignSecurity, cls).setUpClass()
        users = cls.env['res.users'].with_context(no_reset_password=True)
        cls.portal_user = users.create({
            'name': 'Mallory Portal', 'login': 'isp_esign_sec_portal',
            'groups_id': [(6, 0, [cls.env.ref('base.group_portal').id])],
        })
        cls.employee = users.create({
            'name': 'Plain Employee', 'login': 'isp_esign_sec_employee',
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id])],
        })

    def _store_request(self):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(channel='store'))
        token = self._at(request).action_sign_now()['url'].split('/')[2]
        return request, token

    def _event_types(self, request):
        request.invalidate_cache()
        return request.sudo().event_ids.sorted('sequence').mapped(
            'event_type')

    # --- the signer's steps are private ---------------------------------

    def test_signer_steps_and_crons_are_not_public_methods(self):
        model = self.env['isp.esign.request']
        for name in ('action_sign', 'action_open', 'send_code',
                     'verify_code', 'cron_expire', 'cron_remind'):
            self.assertFalse(hasattr(model, name), name)
        for name in ('_sign', '_open', '_send_code', '_verify_code',
                     '_cron_expire', '_cron_remind'):
            self.assertTrue(callable(getattr(model, name)), name)
        for xmlid, code in (
                ('isp_esign.ir_cron_esign_expire', 'model._cron_expire()'),
                ('isp_esign.ir_cron_esign_remind', 'model._cron_remind()')):
            self.assertEqual(self.env.ref(xmlid).code, code)

    def test_buttons_are_refused_to_portal_and_plain_employees(self):
        request, _token = self._store_request()
        events = self._event_types(request)
        for user in (self.portal_user, self.employee):
            mine = request.sudo(user)
            for button in ('action_send', 'action_sign_now', 'action_cancel',
                           'action_verify', 'action_open_document'):
                with self.assertRaises(AccessError, msg=button):
                    getattr(mine, button)()
        request.invalidate_cache()
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.verify_state)
        self.assertEqual(self._event_types(request), events)

    def test_in_store_signer_is_the_session_user(self):
        request, _token = self._store_request()
        self._sign_in_store(request, user=self.shop_user)
        self.assertEqual(request.in_store_user_id, self.shop_user)
        signed = request.event_ids.filtered(
            lambda event: event.event_type == 'signed')
        self.assertEqual(signed.user_id, self.shop_user)
        with self.assertRaises(TypeError):
            # no way to name someone else as the member of staff
            request._sign('Ana', data_url(drawn_signature_png()), True,
                          in_store_user=self.shop_user.id)

    def test_clock_of_the_context_is_ignored_outside_test_mode(self):
        future = '2030-01-01 00:00:00'
        model = self.env['isp.esign.request'].with_context(esign_now=future)
        self.assertEqual(model._esign_now(),
                         datetime.datetime(2030, 1, 1))
        with mock.patch.object(request_module, 'esign_test_mode',
                               return_value=False):
            now = model._esign_now()
        self.assertLess(now, datetime.datetime(2030, 1, 1))
        self.assertLess(abs(now - datetime.datetime.utcnow()),
                        datetime.timedelta(minutes=5))

    # --- frozen once sent -------------------------------------------------

    def test_sent_request_freezes_what_is_signed_whatever_the_context(self):
        request = self._new_request()
        changes = [
            {'signer_email': 'mallory@evil.example'},
            {'signer_mobile': '+100'},
            {'signer_name': 'Mallory'},
            {'consent_text': 'Nothing'},
            {'document_pdf': base64.b64encode(sealing.text_pdf([['x']]))},
            {'partner_id': self.env['res.partner'].create(
                {'name': 'Other'}).id},
        ]
        for vals in changes:
            with self.assertRaisesRegex(UserError, 'was sent'):
                request.with_context(esign_sealing=True).write(vals)
        for vals in ({'state': 'signed'}, {'signed_name': 'Mallory'},
                     {'token_hash': 'x'}, {'code_attempts': 0}):
            with self.assertRaisesRegex(UserError, 'signing flow'):
                request.with_context(esign_sealing=True).write(vals)
        request.invalidate_cache()
        self.assertEqual(request.state, 'sent')
        self.assertEqual(request.signer_email, 'ana.signer@example.com')
        self.assertEqual(request.document_sha256,
                         evidence.sha256_hex(self.document))

    def test_new_request_is_a_draft_with_no_forged_evidence(self):
        model = self.env['isp.esign.request']
        for vals in ({'state': 'signed'}, {'signed_name': 'Mallory'},
                     {'date_code_verified': fields.Datetime.now()}):
            with self.assertRaisesRegex(UserError, 'starts as a draft'):
                model.create(self._prepare_request_values(**vals))
        self.assertFalse(model.search([('partner_id', '=', self.signer.id)]))

    def test_changes_before_sending_are_evidence_events(self):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values())
        first = request.document_sha256
        other = sealing.text_pdf([['Contract 2']])
        request.write({'document_pdf': base64.b64encode(other),
                       'signer_email': 'ana@new.example.com'})
        self.assertEqual(request.document_sha256, evidence.sha256_hex(other))
        self.assertNotEqual(request.document_sha256, first)
        self.assertEqual(self._event_types(request), ['created', 'changed'])
        changed = request.event_ids.filtered(
            lambda event: event.event_type == 'changed')
        self.assertIn('signer_email', changed.details)
        self.assertIn(request.document_sha256, changed.details)
        request.action_verify()
        self.assertEqual(request.verify_state, 'ok')

    def test_only_records_of_signing_models_can_be_signed(self):
        model = self.env['isp.esign.request']
        for res_model in ('res.partner', 'res.users', 'isp.esign.mixin',
                          'no.such.model'):
            with self.assertRaisesRegex(UserError, 'mixin'):
                model.create(self._prepare_request_values(
                    res_model=res_model, res_id=self.signer.id))
        request = model.create(self._prepare_request_values())
        with self.assertRaisesRegex(UserError, 'mixin'):
            request.write({'res_model': 'res.partner',
                           'res_id': self.signer.id})
        self.assertFalse(request.res_model)

    # --- the document the signer saw -------------------------------------

    def test_signing_is_refused_when_the_document_shown_differs(self):
        request, _token = self._store_request()
        for shown in ('', '0' * 64, evidence.sha256_hex(b'other')):
            with self.assertRaisesRegex(UserError, 'document changed'):
                self._sign_in_store(request, document_sha256=shown)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.signed_pdf)
        self.assertNotIn('signed', self._event_types(request))

    # --- deletion and the evidence chain ----------------------------------

    def test_request_with_evidence_beyond_creation_cannot_be_deleted(self):
        manager = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Esign Boss', 'login': 'isp_esign_sec_manager',
                'groups_id': [(6, 0, [self.env.ref(
                    'isp_esign.group_isp_esign_manager').id])]})
        sent = self._new_request()
        changed = self.env['isp.esign.request'].create(
            self._prepare_request_values())
        changed.signer_name = 'Ana S.'
        for request in (sent, changed):
            with self.assertRaisesRegex(UserError, 'has evidence'):
                request.sudo(manager).unlink()
            self.assertTrue(request.exists())
            self.assertTrue(request.event_ids)
        draft = self.env['isp.esign.request'].create(
            self._prepare_request_values())
        draft_id = draft.id
        draft.sudo(manager).unlink()
        self.env.cr.execute(
            'SELECT count(*) FROM isp_esign_event WHERE request_id = %s',
            (draft_id,))
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_events_are_never_deleted_by_cascade(self):
        request = self._new_request()
        self.env.cr.execute("""
            SELECT confdeltype FROM pg_constraint
             WHERE conrelid = 'isp_esign_event'::regclass
               AND confrelid = 'isp_esign_request'::regclass""")
        self.assertEqual(self.env.cr.fetchone()[0], 'r')
        with self.assertRaises(psycopg2.IntegrityError), \
                mute_logger('odoo.sql_db'), self.env.cr.savepoint():
            self.env.cr.execute(
                'DELETE FROM isp_esign_request WHERE id = %s', (request.id,))
        self.assertEqual(self._event_types(request), ['created', 'sent'])

    def test_opened_is_recorded_once_per_browser_and_hour(self):
        request = self._new_request()
        self.assertTrue(self._at(request)._open('10.0.0.1', 'Phone'))
        self.assertEqual(request.state, 'opened')
        self.assertFalse(self._at(request, 60)._open('10.0.0.1', 'Phone'))
        self.assertTrue(self._at(request, 90)._open('10.0.0.2', 'Laptop'))
        self.assertTrue(self._at(request, 3700)._open('10.0.0.1', 'Phone'))
        self.assertEqual(self._event_types(request).count('opened'), 3)
        request.action_verify()
        self.assertEqual(request.verify_state, 'ok')

    # --- the seal -----------------------------------------------------------

    def test_verification_pins_the_seal_certificate(self):
        request, _token = self._store_request()
        self._sign_in_store(request)
        self.assertEqual(request.seal_fingerprint,
                         self.company.esign_certificate_fingerprint)
        self.assertIn(request.seal_fingerprint,
                      request.event_ids.filtered(
                          lambda event: event.event_type == 'sealed').details)
        # the same pages sealed with another certificate
        other = sealing.make_self_signed_pkcs12(
            'DEMO seal of %s - not for production' % self.company.name,
            'pw', datetime.datetime.utcnow())
        forged = sealing.seal_pdf(self.document, other, 'pw',
                                  datetime.datetime.utcnow())
        self.assertTrue(sealing.validate_sealed_pdf(forged)['intact'])
        request._esign_write({
            'signed_pdf': base64.b64encode(forged),
            'signed_pdf_sha256': evidence.sha256_hex(forged)})
        request.action_verify()
        self.assertEqual(request.verify_state, 'failed')
        self.assertIn('seal certificate recorded at signing time',
                      request.verify_message)

    def test_request_sealed_before_pinning_is_pinned_to_the_company(self):
        request, _token = self._store_request()
        self._sign_in_store(request)
        self.env.cr.execute(
            'UPDATE isp_esign_request SET seal_fingerprint = NULL '
            'WHERE id = %s', (request.id,))
        request.invalidate_cache()
        request.action_verify()
        self.assertEqual(request.verify_state, 'ok', request.verify_message)
        self.company.write({
            'esign_certificate': base64.b64encode(
                sealing.make_self_signed_pkcs12(
                    'New seal', 'pw', datetime.datetime.utcnow())),
            'esign_certificate_password': 'pw'})
        request.action_verify()
        self.assertEqual(request.verify_state, 'failed')
        self.assertIn('seal certificate recorded at signing time',
                      request.verify_message)

    def test_verification_requires_the_seal_to_cover_the_whole_file(self):
        from pyhanko.pdf_utils.generic import pdf_string
        from pyhanko.pdf_utils.incremental_writer import (
            IncrementalPdfFileWriter)
        request, _token = self._store_request()
        self._sign_in_store(request)
        writer = IncrementalPdfFileWriter(
            io.BytesIO(request._esign_binary('signed_pdf')))
        writer.root['/Lang'] = pdf_string('xx')
        writer.update_root()
        output = io.BytesIO()
        with mute_logger('pyhanko.sign.diff_analysis.policies'):
            writer.write(output)
            status = sealing.validate_sealed_pdf(output.getvalue())
        self.assertTrue(status['intact'])
        self.assertFalse(status['covers_all'])
        request._esign_write({
            'signed_pdf': base64.b64encode(output.getvalue()),
            'signed_pdf_sha256': evidence.sha256_hex(output.getvalue())})
        with mute_logger('pyhanko.sign.diff_analysis.policies'):
            request.action_verify()
        self.assertEqual(request.verify_state, 'failed')
        self.assertIn('does not cover the whole', request.verify_message)

    def test_demo_certificate_is_refused_outside_demo_and_test_dbs(self):
        request, _token = self._store_request()
        self.assertTrue(self.company.esign_certificate_self_signed)
        company_class = type(self.env['res.company'])
        with mock.patch.object(company_class,
                               '_esign_demo_certificate_allowed',
                               return_value=False):
            with self.assertRaisesRegex(UserError, 'real certificate'):
                self._sign_in_store(request)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.signed_pdf)
        self.assertNotIn('signed', self._event_types(request))
        self._sign_in_store(request)
        with mock.patch.object(company_class,
                               '_esign_demo_certificate_allowed',
                               return_value=False):
            request.action_verify()
        self.assertEqual(request.verify_state, 'failed')
        self.assertIn('real certificate', request.verify_message)

    # --- the one-time code channel -----------------------------------------

    def test_required_sms_code_cannot_be_moved_to_the_link_inbox(self):
        self.company.esign_code_channel_required = True
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request = self._new_request(channel='email', code_channel='sms')
            self.assertTrue(request.code_channel_required)
            self.assertEqual(request._esign_allowed_code_channels(), ['sms'])
            mails = self.env['mail.mail'].search_count([])
            with self.assertRaisesRegex(UserError, 'only by SMS'):
                self._at(request)._send_code('email')
            self.assertEqual(self.env['mail.mail'].search_count([]), mails)
            self.assertFalse(request.date_code_sent)
            self.assertNotIn('code_sent', self._event_types(request))
            self._code_by_sms(request, sink)
        self.assertEqual(request.code_sent_channel, 'sms')

    # --- after signing -----------------------------------------------------

    def test_link_of_a_signed_request_stops_after_the_company_days(self):
        self.company.esign_signed_link_days = 30
        request, token = self._store_request()
        self._sign_in_store(request, delta_seconds=0)
        model = self.env['isp.esign.request']
        day = 86400
        self.assertEqual(self._at(model, 29 * day)._find_by_token(token),
                         request)
        self.assertFalse(self._at(model, 31 * day)._find_by_token(token))
        later = fields.Date.to_string(
            (NOW + datetime.timedelta(days=31)).date())
        self._at(model)._cron_expire(date_ref=later)
        self.assertFalse(request.sudo().token_hash)
        self.assertEqual(request.state, 'signed')

    # --- the SMS gateway ---------------------------------------------------

    def test_sms_sending_and_credentials_are_for_the_system_only(self):
        with LocalHttpSink() as sink:
            gateway = self._gateway(sink)
            for user in (self.employee, self.shop_user, self.portal_user):
                with self.assertRaises(AccessError):
                    gateway.sudo(user).send_sms('+34600111222', 'Hi')
            self.assertEqual(sink.received, [])
        for user in (self.employee, self.shop_user):
            visible = gateway.sudo(user).fields_get()
            for name in ('password', 'username', 'headers', 'url',
                         'body_template'):
                self.assertNotIn(name, visible)
            with self.assertRaises(AccessError):
                gateway.sudo(user).read(['password'])
        self.assertEqual(gateway.sudo(self.employee).read(['name'])[0]['name'],
                         'Local SMS')

    # --- the drawn signature -----------------------------------------------

    def test_signature_must_be_a_png_within_the_pixel_budget(self):
        request, _token = self._store_request()
        cases = [
            (data_url(jpeg_signature()), 'PNG image'),
            ('data:image/png;base64,' + base64.b64encode(
                b'GIF89a' + b'\x00' * 64).decode(), 'PNG image'),
            (data_url(png_with_header_size(100000, 100000)), 'too large'),
            ('data:image/png;base64,' + 'A' * (4 * 1024 * 1024),
             'signature is empty'),
        ]
        for png, message in cases:
            with self.assertRaisesRegex(UserError, message):
                self._sign_in_store(request, signature_png=png)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.signature_image)

    def test_signature_is_stored_re_encoded(self):
        image = Image.open(io.BytesIO(drawn_signature_png()))
        from PIL import PngImagePlugin
        info = PngImagePlugin.PngInfo()
        info.add_text('Comment', '<script>alert(1)</script>')
        output = io.BytesIO()
        image.save(output, format='PNG', pnginfo=info)
        request, _token = self._store_request()
        self._sign_in_store(request, signature_png=data_url(
            output.getvalue()))
        stored = request._esign_binary('signature_image')
        self.assertTrue(stored.startswith(evidence.PNG_MAGIC))
        self.assertNotIn(b'<script>', stored)
        self.assertEqual(request.signature_sha256,
                         evidence.sha256_hex(stored))

    def test_signed_name_is_capped(self):
        request, _token = self._store_request()
        with self.assertRaisesRegex(UserError, 'at most 128'):
            self._sign_in_store(request, signer_name='A' * 129)
        self.assertEqual(request.state, 'sent')
        self._sign_in_store(request, signer_name='A' * 128)
        self.assertEqual(request.signed_name, 'A' * 128)

    # --- companies and settings --------------------------------------------

    def test_requests_and_events_of_another_company_are_hidden(self):
        other = self.env['res.company'].create({'name': 'Other ISP SL'})
        foreign = self.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'Other Clerk', 'login': 'isp_esign_sec_other',
                'company_id': other.id, 'company_ids': [(6, 0, [other.id])],
                'groups_id': [(6, 0, [self.env.ref(
                    'isp_esign.group_isp_esign_manager').id])]})
        request = self._new_request()
        self.assertFalse(self.env['isp.esign.request'].sudo(foreign).search(
            [('id', '=', request.id)]))
        self.assertFalse(self.env['isp.esign.event'].sudo(foreign).search(
            [('request_id', '=', request.id)]))
        with self.assertRaises(AccessError):
            request.sudo(foreign).action_cancel()
        self.assertEqual(request.state, 'sent')

    def test_crons_work_company_by_company(self):
        other = self.env['res.company'].create({
            'name': 'Quiet ISP SL', 'esign_reminder_days': 0})
        with LocalHttpSink() as sink:
            self._gateway(sink)
            mine = self._new_request(channel='sms')
            theirs = self._new_request(channel='email')
            theirs._esign_write({'company_id': other.id})
            sent = fields.Datetime.from_string(mine.date_sent).date()
            date_ref = fields.Date.to_string(
                sent + datetime.timedelta(days=3))
            reminded = self._at(self.env['isp.esign.request'])._cron_remind(
                date_ref=date_ref)
        self.assertIn(mine, reminded)
        self.assertNotIn(theirs, reminded)
        self.assertNotIn('reminded', self._event_types(theirs))

    def test_set_values_needs_the_settings_group(self):
        settings = self.env['res.config.settings'].create({
            'esign_signed_link_days': 30})
        for user in (self.employee, self.shop_user, self.portal_user):
            with self.assertRaises(AccessError):
                settings.sudo(user).set_values()
            with self.assertRaises(AccessError):
                settings.sudo(user).execute()
        settings.set_values()

    def test_certificate_info_reads_the_file_not_its_size(self):
        """The settings form reads with ``bin_size``: the certificate's
        info and fingerprint come from the file, not from "2.5 Kb"."""
        now = datetime.datetime.utcnow()
        good = sealing.make_self_signed_pkcs12('Shop Seal', 'right', now)
        # (execute() resets the environments: the test calls its steps)
        settings = self.env['res.config.settings'].with_context(
            bin_size=True).create({
                'esign_certificate': base64.b64encode(good),
                'esign_certificate_password': 'right'})
        settings.set_values()
        self.assertIn('CN=Shop Seal', settings.esign_certificate_info)
        company = self.company.with_context(bin_size=True)
        company.invalidate_cache()
        self.assertIn('CN=Shop Seal', company.esign_certificate_info)
        self.assertEqual(
            company.esign_certificate_fingerprint,
            sealing.pkcs12_fingerprint(good, 'right')[0])
