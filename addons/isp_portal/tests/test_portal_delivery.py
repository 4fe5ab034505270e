# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoice delivery in the portal over HTTP: recipients and mode for all
the invoices or per contract, the send log, the correction request of an
invoice; only the owner sees and changes them."""
from odoo.tests.common import at_install, post_install

from .account_common import AccountHttpCase

PAGE = '/my/invoice-delivery'


@at_install(False)
@post_install(True)
class TestPortalDelivery(AccountHttpCase):

    def setUp(self):
        super(TestPortalDelivery, self).setUp()
        env = self.env
        company = env.user.company_id
        receivable = env['account.account'].search(
            [('user_type_id.type', '=', 'receivable'),
             ('company_id', '=', company.id)], limit=1)
        income = env['account.account'].search(
            [('user_type_id.type', '=', 'other'),
             ('company_id', '=', company.id)], limit=1)
        self.product = env['product.product'].create({
            'name': 'Delivery Fibre 600', 'type': 'service',
            'list_price': 30.0})
        self.invoices = {}
        for key, partner in (('ana', self.ana), ('bea', self.bea)):
            invoice = env['account.invoice'].create({
                'partner_id': partner.id, 'account_id': receivable.id,
                'type': 'out_invoice',
                'invoice_line_ids': [(0, 0, {
                    'name': 'Fibre 600', 'quantity': 1, 'price_unit': 30.0,
                    'account_id': income.id})]})
            invoice.action_invoice_open()
            self.invoices[key] = invoice
            env['isp.invoice.delivery.log'].create({
                'invoice_id': invoice.id, 'recipients':
                '%s-log@example.com' % key, 'mode': 'pdf', 'state': 'sent'})
        self.contract_ana = self._contract(self.ana)
        self.contract_bea = self._contract(self.bea)
        self._share()

    def _contract(self, partner):
        order = self.env['sale.order'].create({
            'partner_id': partner.id, 'isp_is_contract': True,
            'order_line': [(0, 0, {
                'product_id': self.product.id, 'name': 'Fibre 600',
                'product_uom_qty': 1,
                'product_uom': self.product.uom_id.id,
                'price_unit': 30.0})]})
        order.write({'state': 'sale'})
        return order

    def _save(self, data):
        return self._post(PAGE + '/save', data, PAGE)

    def test_page_shows_the_owners_contracts_log_and_invoices_only(self):
        self._anonymous()
        self.assertLoginRedirect(self._get(PAGE))
        self._login(self.user_ana)
        page = self._get(PAGE)
        self.assertEqual(page.status_code, 200)
        self.assertIn('ana-log@example.com', page.text)
        self.assertIn(self.contract_ana.name, page.text)
        self.assertIn(self.invoices['ana'].number, page.text)
        self.assertNotIn('bea-log@example.com', page.text)
        self.assertNotIn('Contract %s' % self.contract_bea.name, page.text)
        self.assertNotIn(self.invoices['bea'].number, page.text)

    def test_four_recipients_and_the_mode_are_saved_for_all_invoices(self):
        self._login(self.user_ana)
        page = self._save({
            'enabled': '1', 'mode': 'link', 'email1': 'a1@example.com',
            'email2': 'A2@Example.com', 'email3': 'a3@example.com',
            'email4': 'a4@example.com'})
        self.assertIn('Saved.', page.text)
        self._reread()
        self.assertTrue(self.ana.isp_invoice_delivery)
        self.assertEqual(self.ana.isp_invoice_delivery_mode, 'link')
        self.assertEqual(
            self.ana.isp_invoice_delivery_emails,
            'a1@example.com, A2@example.com, a3@example.com, a4@example.com')
        req = self.env['isp.portal.request'].search(
            [('partner_id', '=', self.ana.id),
             ('request_type', '=', 'invoice_delivery')])
        self.assertEqual(req.state, 'done')

    def test_a_fifth_recipient_is_refused_and_nothing_saved(self):
        self._login(self.user_ana)
        page = self._save({
            'enabled': '1', 'mode': 'pdf', 'email1': 'a1@example.com',
            'email2': 'a2@example.com', 'email3': 'a3@example.com',
            'email4': 'a4@example.com', 'email5': 'a5@example.com'})
        self.assertIn('Invoices go to 4 addresses at most: leave out 1',
                      page.text)
        page = self._save({'enabled': '1', 'email1': 'not-an-address'})
        self.assertIn('not-an-address&quot; is not a valid e-mail address',
                      page.text)
        self._reread()
        self.assertFalse(self.ana.isp_invoice_delivery)
        self.assertFalse(self.ana.isp_invoice_delivery_emails)
        self.assertFalse(self.env['isp.portal.request'].search(
            [('partner_id', '=', self.ana.id)]))

    def test_a_contract_gets_settings_of_its_own(self):
        self._login(self.user_ana)
        self._save({'contract_id': str(self.contract_ana.id),
                    'override': '1', 'enabled': '1', 'mode': 'pdf',
                    'email1': 'office@example.com'})
        self._reread()
        self.assertTrue(self.contract_ana.isp_invoice_delivery_override)
        self.assertEqual(self.contract_ana.isp_invoice_delivery_emails,
                         'office@example.com')
        self.assertFalse(self.ana.isp_invoice_delivery_emails)

    def test_another_customers_contract_is_not_found(self):
        self._login(self.user_ana)
        response = self._save({
            'contract_id': str(self.contract_bea.id), 'override': '1',
            'enabled': '1', 'email1': 'evil@example.com'})
        self.assertEqual(response.status_code, 404)
        self._reread()
        self.assertFalse(self.contract_bea.isp_invoice_delivery_emails)

    def test_settings_go_to_the_operator_when_the_company_checks_them(self):
        self.company.isp_portal_route_delivery = True
        self._share()
        self._login(self.user_ana)
        page = self._save({'enabled': '1', 'email1': 'a1@example.com'})
        self.assertIn('we apply it once checked', page.text)
        self._reread()
        self.assertFalse(self.ana.isp_invoice_delivery)
        req = self.env['isp.portal.request'].search(
            [('partner_id', '=', self.ana.id)])
        self.assertEqual(req.state, 'pending')
        req.action_apply()
        self.assertTrue(self.ana.isp_invoice_delivery)
        self.assertEqual(self.ana.isp_invoice_delivery_emails,
                         'a1@example.com')

    def test_invoice_correction_reaches_the_back_office(self):
        self._login(self.user_ana)
        invoice = self.invoices['ana']
        page = self._post('/my/invoice-correction', {
            'invoice_id': str(invoice.id), 'reason': 'amount',
            'text': 'I was charged twice'}, PAGE)
        self.assertIn('we check invoice %s' % invoice.number, page.text)
        req = self.env['isp.portal.request'].search(
            [('partner_id', '=', self.ana.id),
             ('request_type', '=', 'invoice_correction')])
        self.assertEqual(req.invoice_id, invoice)
        self.assertEqual(req.state, 'pending')
        self.assertIn('I was charged twice', req.description)
        self.assertEqual(req.activity_id.execution, 'semi_automatic')

    def test_correction_of_another_customers_invoice_is_refused(self):
        self._login(self.user_ana)
        page = self._post('/my/invoice-correction', {
            'invoice_id': str(self.invoices['bea'].id), 'reason': 'amount',
            'text': 'Not mine'}, PAGE)
        self.assertIn('Choose the invoice to correct', page.text)
        page = self._post('/my/invoice-correction', {
            'invoice_id': str(self.invoices['ana'].id), 'reason': 'amount',
            'text': ''}, PAGE)
        self.assertIn('tell us about it', page.text)
        self.assertFalse(self.env['isp.portal.request'].search(
            [('request_type', '=', 'invoice_correction')]))
