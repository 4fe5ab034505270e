# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.addons.isp_esign.rules import evidence, sealing
from odoo.addons.isp_esign.tests.common import (
    data_url, drawn_signature_png)
from odoo.addons.isp_esign.tests.test_esign_flow import pdf_text
from odoo.exceptions import AccessError, UserError
from odoo.tests.common import SavepointCase, at_install, post_install


@at_install(False)
@post_install(True)
class TestSaleOrderEsign(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestSaleOrderEsign, cls).setUpClass()
        cls.env.user.company_id._esign_generate_demo_certificate()
        users = cls.env['res.users'].with_context(no_reset_password=True)
        cls.clerk = users.create({
            'name': 'Shop Clerk', 'login': 'isp_cw_esign_clerk',
            'groups_id': [(6, 0, [
                cls.env.ref('isp_esign.group_isp_esign_user').id,
                cls.env.ref('sales_team.group_sale_salesman').id])],
        })
        cls.customer = cls.env['res.partner'].create({
            'name': 'Marta Contract', 'customer': True})
        product = cls.env['product.product'].create({
            'name': 'Fibre 600', 'type': 'service', 'list_price': 30.0})
        cls.order = cls.env['sale.order'].create({
            'partner_id': cls.customer.id,
            'order_line': [(0, 0, {
                'product_id': product.id, 'name': 'Fibre 600',
                'product_uom_qty': 1, 'product_uom': product.uom_id.id,
                'price_unit': 30.0})],
        })

    def _sign_in_store(self, request):
        """Sign on the shop's tablet: the clerk is the session user."""
        return request.sudo(self.clerk)._sign(
            'Marta Contract', data_url(drawn_signature_png()), True,
            ip='10.1.1.1', user_agent='Tablet',
            document_sha256=request.document_sha256, in_store=True)

    def _request_in_store(self, order):
        action = order.with_context(
            esign_channel='store').action_esign_request()
        request = self.env['isp.esign.request'].browse(action['res_id'])
        request.action_sign_now()
        return request

    def test_signing_the_contract_confirms_it(self):
        order = self.order
        self.assertEqual(order.esign_state, 'none')
        request = self._request_in_store(order)
        self.assertEqual(request.res_model, 'sale.order')
        self.assertEqual(request.partner_id, self.customer)
        document = base64.b64decode(request.document_pdf)
        self.assertEqual(request.document_sha256,
                         evidence.sha256_hex(document))
        self.assertIn(order.name, pdf_text(document))
        order.invalidate_cache()
        self.assertEqual(order.esign_state, 'sent')
        self._sign_in_store(request)
        order.invalidate_cache()
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.esign_state, 'signed')
        self.assertEqual(order.esign_signed_pdf, request.signed_pdf)
        # the signed contract: the pages sent, then the signature and the
        # audit trail naming the signer, the shop's clerk and the
        # fingerprint of the pages sent, sealed, nothing added after
        signed = base64.b64decode(request.signed_pdf)
        self.assertGreater(sealing.page_count(signed),
                           sealing.page_count(document))
        status = sealing.validate_sealed_pdf(signed)
        self.assertTrue(status['intact'] and status['valid']
                        and status['covers_all'])
        text = pdf_text(signed)
        self.assertLess(text.index(order.name), text.index('Audit trail'))
        self.assertIn('Marta Contract', text)
        self.assertIn(self.clerk.login, text)
        self.assertIn(request.document_sha256, text.replace('\n', ''))
        attachments = self.env['ir.attachment'].search([
            ('name', '=', request.signed_filename)])
        self.assertEqual(
            sorted(attachments.mapped(lambda a: (a.res_model, a.res_id))),
            [('isp.esign.request', request.id), ('sale.order', order.id)])

    def test_a_second_request_while_one_is_pending_is_refused(self):
        self._request_in_store(self.order)
        with self.assertRaisesRegex(UserError, 'already waiting'):
            self.order.with_context(
                esign_channel='store').action_esign_request()

    def test_contract_not_ready_is_signed_but_left_to_the_back_office(self):
        order = self.order.copy({'isp_is_contract': True})
        request = self._request_in_store(order)
        self._sign_in_store(request)
        self.assertEqual(request.state, 'signed')
        self.assertEqual(order.state, 'draft')
        self.assertIn('Confirm the contract', order.message_ids[0].body)

    def test_contract_sent_for_signature_cannot_change(self):
        order = self.order
        request = self._request_in_store(order)
        self.assertTrue(request.res_fingerprint)
        self.assertTrue(order.isp_esign_locked)
        line = order.order_line[0]
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            line.price_unit = 19.9
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            order.write({'order_line': [(0, 0, {
                'product_id': line.product_id.id, 'name': 'Extra',
                'product_uom_qty': 1, 'product_uom': line.product_uom.id,
                'price_unit': 5.0})]})
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            line.unlink()
        with self.assertRaisesRegex(UserError, 'sent for signature'):
            order.note = 'Other conditions'
        order.invalidate_cache()
        self.assertEqual(order.order_line.mapped('price_unit'), [30.0])
        self.assertEqual(request.state, 'sent')
        # writing the same values is no change
        line.write({'price_unit': 30.0, 'name': line.name})
        # a new version means a new request: cancel, change, send again
        request._esign_cancel(reason='New price')
        order.invalidate_cache()
        self.assertFalse(order.isp_esign_locked)
        line.price_unit = 19.9
        second = self._request_in_store(order)
        self.assertEqual(second.state, 'sent')
        self.assertNotEqual(second.res_fingerprint, request.res_fingerprint)

    def test_signed_contract_never_stays_signed_with_other_data(self):
        order = self.order.copy({'isp_is_contract': True})
        request = self._request_in_store(order)
        self._sign_in_store(request)
        order.invalidate_cache()
        self.assertEqual(order.esign_state, 'signed')
        with self.assertRaisesRegex(UserError, 'is signed'):
            order.order_line[0].price_unit = 19.9
        with self.assertRaisesRegex(UserError, 'is signed'):
            order.partner_id = self.env['res.partner'].create(
                {'name': 'Someone Else'})
        # the bank wizard's mark cannot come from a JSON-RPC context
        with self.assertRaisesRegex(UserError, 'is signed'):
            order.with_context(isp_contract_amendment=True).write(
                {'note': 'Changed'})
        order.invalidate_cache()
        self.assertEqual(order.order_line.price_unit, 30.0)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(request.res_fingerprint, order._esign_fingerprint())
        # what the document does not show still changes
        order.client_order_ref = 'REF-2'
        self.assertEqual(order.client_order_ref, 'REF-2')

    def test_lock_shows_in_the_form(self):
        arch = self.env['sale.order'].fields_view_get(
            view_type='form')['arch']
        arch = arch.decode() if isinstance(arch, bytes) else arch
        self.assertIn('isp_esign_locked', arch)
        self.assertIn('string="Signed On"', arch)
        self.assertIn('string="Signed Document"', arch)
        # and in Spanish, from the translations shipped with the addon
        self.env['res.lang'].load_lang('es_ES')
        self.env['ir.translation'].load_module_terms(
            ['isp_contract_wizard'], ['es_ES'])
        arch = self.env['sale.order'].with_context(
            lang='es_ES').fields_view_get(view_type='form')['arch']
        arch = arch.decode() if isinstance(arch, bytes) else arch
        self.assertIn('string="Firmado el"', arch)
        self.assertIn('string="Documento firmado"', arch)
        self.assertIn('string="Firma"', arch)

    def test_bundle_rules_are_checked_before_sending(self):
        component = self.env['product.product'].create({
            'name': 'Mobile 3 GB', 'type': 'service', 'list_price': 9.9,
            'isp_service_type': 'mobile'})
        bundle = self.env['product.template'].create({
            'name': 'Family pack', 'type': 'service', 'isp_is_bundle': True,
            'isp_bundle_line_ids': [(0, 0, {
                'product_id': component.id, 'qty_min': 1,
                'qty_default': 1, 'qty_max': 2})]})
        order = self.order.copy({'isp_is_contract': True,
                                 'isp_bundle_id': bundle.id})
        with self.assertRaisesRegex(UserError, 'cannot be sent for '
                                               'signature'):
            order.with_context(esign_channel='store').action_esign_request()
        self.assertFalse(self.env['isp.esign.request'].search([
            ('res_model', '=', 'sale.order'), ('res_id', '=', order.id)]))
        line = order.order_line[0]
        order.write({'order_line': [(0, 0, {
            'product_id': component.id, 'name': component.name,
            'product_uom_qty': 1, 'product_uom': line.product_uom.id,
            'price_unit': 9.9})]})
        request = self._request_in_store(order)
        self.assertEqual(request.state, 'sent')

    def test_changes_that_the_document_does_not_show_keep_the_request(self):
        request = self._request_in_store(self.order)
        self.order.message_post(body='Called the customer')
        self.order.client_order_ref = 'REF-1'
        self.assertEqual(request.state, 'sent')

    def test_confirm_hook_refuses_an_order_changed_behind_its_back(self):
        order = self.order
        request = self._request_in_store(order)
        self.env.cr.execute(
            'UPDATE sale_order_line SET price_unit = 1 WHERE order_id = %s',
            (order.id,))
        order.invalidate_cache()
        order.order_line.invalidate_cache()
        with self.assertRaisesRegex(UserError, 'changed after'):
            self._sign_in_store(request)
        self.assertEqual(request.state, 'sent')
        self.assertFalse(request.signed_pdf)
        self.assertEqual(order.state, 'draft')

    def test_asking_a_signature_needs_the_right_to_change_the_order(self):
        users = self.env['res.users'].with_context(no_reset_password=True)
        esign_only = users.create({
            'name': 'Esign Only', 'login': 'isp_cw_esign_only',
            'email': 'esign.only@isp.example.com',
            'groups_id': [(6, 0, [
                self.env.ref('isp_esign.group_isp_esign_user').id])]})
        requests = self.env['isp.esign.request']
        with self.assertRaises(AccessError):
            self.order.sudo(esign_only).with_context(
                esign_channel='store').action_esign_request()
        with self.assertRaises(AccessError):
            requests.sudo(esign_only).create({
                'partner_id': self.customer.id,
                'res_model': 'sale.order', 'res_id': self.order.id})
        self.assertFalse(requests.search([
            ('res_model', '=', 'sale.order'),
            ('res_id', '=', self.order.id)]))

    def test_bank_wizard_changes_the_bank_data_of_a_signed_contract(self):
        accounts = self.env['res.partner.bank']
        old_account = accounts.create({
            'acc_number': 'NL91ABNA0417164300',
            'partner_id': self.customer.id})
        new_account = accounts.create({
            'acc_number': 'DE89370400440532013000',
            'partner_id': self.customer.id})
        mandates = self.env['account.banking.mandate']
        old_mandate = mandates.create({
            'partner_bank_id': old_account.id,
            'signature_date': '2024-01-02'})
        new_mandate = mandates.create({
            'partner_bank_id': new_account.id,
            'signature_date': '2024-01-02'})
        (old_mandate | new_mandate).validate()
        order = self.order.copy({
            'isp_is_contract': True, 'isp_intake_state': 'ready',
            'isp_mandate_id': old_mandate.id,
            'isp_bank_account_id': old_account.id})
        self._sign_in_store(self._request_in_store(order))
        self.assertEqual(order.state, 'sale')
        with self.assertRaisesRegex(UserError, 'is signed'):
            order.write({'isp_mandate_id': new_mandate.id,
                         'isp_bank_account_id': new_account.id})
        self.env['isp.contract.bank.wizard'].create({
            'order_id': order.id, 'reason': 'New bank',
            'mandate_id': new_mandate.id,
            'bank_account_id': new_account.id}).action_apply()
        self.assertEqual(order.isp_mandate_id, new_mandate)
        self.assertEqual(order.isp_bank_account_id, new_account)

    def test_isp_contract_is_signed_as_a_contract(self):
        """The signer is asked to sign "Contract SO028", not a quotation;
        an order that is no contract keeps its own kind."""
        self.assertFalse(self.order.isp_is_contract)
        self.assertNotIn('Contract', self.order._esign_document_title())
        self.order.isp_is_contract = True
        self.assertEqual(self.order._esign_document_title(),
                         'Contract %s' % self.order.name)
