# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase, at_install, post_install

from ..rules import sealing


@at_install(False)
@post_install(True)
class TestIspEsignRequest(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestIspEsignRequest, cls).setUpClass()
        users = cls.env['res.users'].with_context(no_reset_password=True)
        cls.esign_user = users.create({
            'name': 'Esign User',
            'login': 'isp_esign_user',
            'email': 'isp_esign_user@example.com',
            'groups_id': [(6, 0, [
                cls.env.ref('isp_esign.group_isp_esign_user').id])],
        })
        cls.esign_manager = users.create({
            'name': 'Esign Manager',
            'login': 'isp_esign_manager',
            'email': 'isp_esign_manager@example.com',
            'groups_id': [(6, 0, [
                cls.env.ref('isp_esign.group_isp_esign_manager').id])],
        })
        cls.internal_user = users.create({
            'name': 'Esign Internal',
            'login': 'isp_esign_internal',
            'email': 'isp_esign_internal@example.com',
            'groups_id': [(6, 0, [cls.env.ref('base.group_user').id])],
        })
        cls.signer = cls.env['res.partner'].create({
            'name': 'Signer', 'email': 'signer@example.com'})
        cls.request = cls.env['isp.esign.request'].create({
            'partner_id': cls.signer.id,
            'document_pdf': base64.b64encode(sealing.text_pdf([['Doc']])),
            'document_filename': 'Doc.pdf',
        })

    def test_new_request_is_draft_with_esign_reference(self):
        self.assertEqual(self.request.state, 'draft')
        self.assertTrue(self.request.name.startswith('ESIGN/'))

    def test_manager_group_implies_user_group(self):
        self.assertIn(self.env.ref('isp_esign.group_isp_esign_user'),
                      self.env.ref('isp_esign.group_isp_esign_manager')
                      .implied_ids)
        self.assertTrue(
            self.esign_manager.has_group('isp_esign.group_isp_esign_user'))

    def test_send_moves_draft_to_sent_and_resend_keeps_it_sent(self):
        request = self.request.copy()
        request.action_send()
        self.assertEqual(request.state, 'sent')
        request.action_send()
        self.assertEqual(request.state, 'sent')
        self.assertEqual(
            request.event_ids.mapped('event_type'),
            ['created', 'sent', 'sent'])

    def test_closed_request_cannot_be_sent_again(self):
        request = self.request.copy()
        request.action_cancel()
        with self.assertRaises(UserError):
            request.action_send()

    def test_signed_request_cannot_be_cancelled(self):
        request = self.request.copy()
        request._esign_write({'state': 'signed'})
        with self.assertRaises(UserError):
            request.action_cancel()
        self.assertEqual(request.state, 'signed')

    def test_sent_request_can_be_cancelled(self):
        request = self.request.copy()
        request.action_send()
        request.action_cancel()
        self.assertEqual(request.state, 'cancelled')

    def test_open_document_of_a_request_without_record_is_refused(self):
        with self.assertRaisesRegex(UserError, 'not linked'):
            self.request.action_open_document()

    def test_esign_user_reads_and_creates_but_cannot_delete(self):
        found = self.env['isp.esign.request'].sudo(self.esign_user).search(
            [('id', '=', self.request.id)])
        self.assertEqual(found, self.request)
        request = self.env['isp.esign.request'].sudo(self.esign_user).create(
            {'partner_id': self.signer.id})
        with self.assertRaises(AccessError):
            request.unlink()

    def test_esign_manager_deletes_requests(self):
        request = self.request.copy()
        request.sudo(self.esign_manager).unlink()
        self.assertFalse(request.exists())

    def test_internal_user_without_group_cannot_read_requests(self):
        with self.assertRaises(AccessError):
            self.env['isp.esign.request'].sudo(self.internal_user).search([])

    def test_signatures_menu_visible_to_esign_user_only(self):
        menu = self.env.ref('isp_esign.menu_isp_esign_root')
        self.assertEqual(
            self.env.ref('isp_esign.isp_esign_request_menu').action,
            self.env.ref('isp_esign.isp_esign_request_action'))
        menus = self.env['ir.ui.menu']
        self.assertEqual(
            menus.sudo(self.esign_user).search([('id', '=', menu.id)]), menu)
        self.assertFalse(
            menus.sudo(self.internal_user).search([('id', '=', menu.id)]))
