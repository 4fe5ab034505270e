# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import datetime
import io
import re

from PIL import Image, ImageDraw

from odoo import fields
from odoo.tests.common import SavepointCase

from ..rules import sealing

NOW = datetime.datetime.utcnow().replace(microsecond=0)


def drawn_signature_png():
    """A PNG with a stroke on a transparent background, like the pad."""
    image = Image.new('RGBA', (300, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(10, 100), (80, 20), (150, 90), (290, 15)],
              fill=(0, 0, 0, 255), width=4)
    output = io.BytesIO()
    image.save(output, format='PNG')
    return output.getvalue()


def blank_png(colour=(255, 255, 255, 255)):
    image = Image.new('RGBA', (300, 120), colour)
    output = io.BytesIO()
    image.save(output, format='PNG')
    return output.getvalue()


def data_url(png):
    return 'data:image/png;base64,' + base64.b64encode(png).decode('ascii')


def find_code(text):
    match = re.search(r'\b(\d{6})\b', text or '')
    return match.group(1) if match else None


class EsignCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(EsignCase, cls).setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.write({
            'email': 'contracts@isp.example.com',
            'esign_tsa_url': False,
            'esign_link_validity_days': 14,
            'esign_reminder_days': 3,
            'esign_code_channel': 'sms',
        })
        cls.company._esign_generate_demo_certificate()
        users = cls.env['res.users'].with_context(no_reset_password=True)
        cls.shop_user = users.create({
            'name': 'Shop Clerk',
            'login': 'isp_esign_shop_clerk',
            'email': 'clerk@isp.example.com',
            'groups_id': [(6, 0, [
                cls.env.ref('isp_esign.group_isp_esign_user').id])],
        })
        cls.signer = cls.env['res.partner'].create({
            'name': 'Ana Signer',
            'email': 'ana.signer@example.com',
            'mobile': '+34600111222',
        })
        cls.document = sealing.text_pdf(
            [['Contract 1', 'Page one'], ['Page two'], ['Page three']])

    @classmethod
    def _prepare_request_values(cls, **values):
        result = {
            'partner_id': cls.signer.id,
            'channel': 'email',
            'code_channel': 'sms',
            'document_pdf': base64.b64encode(cls.document),
            'document_filename': 'Contract 1.pdf',
        }
        result.update(values)
        return result

    def _now(self, delta_seconds=0):
        return NOW + datetime.timedelta(seconds=delta_seconds)

    def _at(self, record, delta_seconds=0):
        return record.with_context(esign_now=fields.Datetime.to_string(
            self._now(delta_seconds)))

    def _new_request(self, **values):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(**values))
        self._at(request).action_send()
        return request

    def _gateway(self, sink):
        gateway = self.env['isp.sms.gateway'].create({
            'name': 'Local SMS',
            'url': sink.url + 'sms',
            'username': 'isp',
            'password': 'secret',
            'headers': '{"X-Api-Key": "k-123"}',
            'body_template':
                '{"to": "{to}", "message": "{text}", "from": "{sender}"}',
            'sender': 'ISP',
            'company_id': self.company.id,
        })
        self.company.sms_gateway_id = gateway
        return gateway

    def _code_by_sms(self, request, sink, delta_seconds=0):
        before = len(sink.received)
        self._at(request, delta_seconds)._send_code('sms', ip='10.0.0.7')
        self.assertEqual(len(sink.received), before + 1)
        return find_code(sink.json_bodies()[-1]['message'])

    def _sign(self, request, sink, delta_seconds=0, **kwargs):
        code = self._code_by_sms(request, sink, delta_seconds)
        self.assertTrue(self._at(request, delta_seconds + 30)._verify_code(
            code, ip='10.0.0.7', user_agent='Phone'))
        values = {
            'signer_name': 'Ana Signer',
            'signature_png': data_url(drawn_signature_png()),
            'consent': True,
            'ip': '10.0.0.7',
            'user_agent': 'Mozilla/5.0 (Phone)',
            'document_sha256': request.document_sha256,
        }
        values.update(kwargs)
        self._at(request, delta_seconds + 60)._sign(**values)
        return request

    def _sign_in_store(self, request, user=None, delta_seconds=30,
                       **kwargs):
        """Sign in store as ``user`` (the session user of the store
        page), with the document's real SHA-256 unless given."""
        values = {
            'signer_name': 'Ana Signer',
            'signature_png': data_url(drawn_signature_png()),
            'consent': True,
            'ip': '192.168.1.20',
            'user_agent': 'Shop tablet',
            'document_sha256': request.document_sha256,
            'in_store': True,
        }
        values.update(kwargs)
        return self._at(request, delta_seconds).sudo(
            user or self.shop_user)._sign(**values)
