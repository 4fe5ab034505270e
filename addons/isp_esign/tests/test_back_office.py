# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the signer reads and what the back office shows: the document's
title (not its file name), a link to the document (not its model and id)
and the evidence in words (not JSON)."""
import json

from lxml import etree

from odoo.tests.common import at_install, post_install

from ..models.isp_esign_event import details_text
from ..models.isp_esign_mixin import IspEsignMixin
from .common import EsignCase
from .local_servers import LocalHttpSink


@at_install(False)
@post_install(True)
class TestEsignBackOffice(EsignCase):

    def test_messages_name_the_document_by_its_title(self):
        request = self.env['isp.esign.request'].create(
            self._prepare_request_values(document_filename='SO028.pdf'))
        self.assertEqual(request.document_title, 'SO028')
        template = self.env.ref('isp_esign.mail_template_esign_request')
        values = template.generate_email(request.id, fields=None)
        self.assertIn('please sign SO028', values['subject'])
        self.assertNotIn('SO028.pdf', values['subject'])
        self.assertNotIn('SO028.pdf', values['body_html'])
        with LocalHttpSink() as sink:
            self._gateway(sink)
            request.channel = 'sms'
            self._at(request).action_send()
            text = sink.json_bodies()[-1]['message']
        self.assertIn('sign SO028:', text)

    def test_title_of_a_record_is_its_kind_and_name(self):
        # the mixin's rule, on a record of any model
        title = IspEsignMixin._esign_document_title(self.signer)
        self.assertEqual(title, 'Contact Ana Signer')
        partner = self.signer.with_context(lang='en_US')
        self.assertEqual(
            IspEsignMixin._esign_document_title(
                partner.copy({'name': 'Contact person'})),
            'Contact person')

    def test_event_details_are_shown_in_words(self):
        request = self._new_request()
        created = request.event_ids.filtered(
            lambda event: event.event_type == 'created')
        self.assertIn('"document_sha256"', created.details)
        self.assertEqual(created.details_display.split('\n'), [
            'Document SHA-256: %s' % request.document_sha256,
            'Signer: Ana Signer'])
        self.assertEqual(details_text('no active code', {}),
                         'no active code')
        self.assertEqual(
            details_text('{"method": "in_store", "fields": ["a", "b"]}',
                         {'method': 'Method', 'fields': 'Fields changed'},
                         {'in_store': 'In store'}),
            'Method: In store\nFields changed: a, b')

    def _form(self, user):
        """{field: modifiers} of the form, and the names of the fields of
        its list of events (a subview of the form)."""
        view = self.env['isp.esign.request'].sudo(user).fields_view_get(
            view_type='form')
        arch = etree.fromstring(view['arch'])
        events = etree.fromstring(
            view['fields']['event_ids']['views']['tree']['arch'])
        return {node.get('name'): json.loads(node.get('modifiers') or '{}')
                for node in arch.xpath('//field')}, \
            events.xpath('//field/@name')

    def test_form_links_the_document_and_hides_model_and_id(self):
        fields, events = self._form(self.shop_user)
        self.assertIn('document_ref', fields)
        self.assertIn('document_title', fields)
        self.assertTrue(fields['res_model'].get('invisible'))
        self.assertTrue(fields['res_id'].get('invisible'))
        self.assertIn('details_display', events)
        self.assertNotIn('details', events)
        # (base.group_no_one: Odoo shows them in developer mode only)
        self.assertEqual(
            etree.fromstring(self.env.ref(
                'isp_esign.isp_esign_request_view_form').arch).xpath(
                    "//field[@name='res_model']/@groups"),
            ['base.group_no_one'])

    def test_channels_show_their_label_not_the_raw_value(self):
        request = self._new_request()
        sent = request.event_ids.filtered(
            lambda event: event.event_type == 'sent')
        self.assertEqual(sent.channel, 'email')
        Event = self.env['isp.esign.event']
        for model, field in ((Event, 'channel'),
                             (request, 'code_sent_channel'),
                             (request, 'code_verified_channel')):
            description = model.fields_get([field])[field]
            self.assertEqual(description['type'], 'selection')
            self.assertIn(['email', 'E-mail'],
                          [list(pair) for pair in description['selection']])
