# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/contracts: the customer's contracts with their services, the
commitment end and the penalty today as the back office computes them,
the signed documents and those waiting for a signature; the access
matrix; the list's own SQL queries."""
import base64
import logging
import re
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

import odoo
from odoo import fields
from odoo.tests.common import at_install, get_db_name, post_install
from odoo.tools.misc import format_date

from odoo.addons.isp_portal.controllers.portal_contracts import (
    IspPortalContracts)

from odoo.addons.isp_crm.tests.browser import PHONE, By, ChromiumCase, ec
from odoo.addons.isp_esign.tests.test_esign_page import warm_frontend_assets

from .account_common import AccountHttpCase

QUERY_BUDGET = 30
SIGNED_PDF = b'%PDF-1.4\n% contract SO signed by Ana\n%%EOF\n'
_logger = logging.getLogger(__name__)


class ContractsHttpCase(AccountHttpCase):
    """Ana's contract with a fibre (12 months, linear penalty) and a
    mobile line (24 months, fixed penalty) and its signed document; a
    second contract of hers waiting for her signature."""

    def setUp(self):
        if not hasattr(odoo.registry(get_db_name())['sale.order'],
                       'action_esign_request'):
            # contracts are signed through isp_contract_wizard (it makes
            # sale.order signable): installed alone, isp_portal has no
            # signed contract to show
            self.skipTest('contracts are signed with isp_contract_wizard')
        super(ContractsHttpCase, self).setUp()
        env = self.env
        self.today = fields.Date.from_string(
            fields.Date.context_today(env.user))
        self.currency = self.company.currency_id
        Product = env['product.product']
        self.fibre = Product.create({
            'name': 'Contract Fibre 600', 'type': 'service',
            'isp_service_type': 'fibre', 'isp_technology': 'ftth',
            'isp_down_mbps': 600, 'isp_up_mbps': 300,
            'isp_commitment_months': 12, 'isp_penalty_type': 'linear',
            'isp_penalty_amount': 120.0})
        self.mobile = Product.create({
            'name': 'Contract Mobile 20', 'type': 'service',
            'isp_service_type': 'mobile', 'isp_data_gb': 20,
            'isp_minutes_unlimited': True,
            'isp_commitment_months': 24, 'isp_penalty_type': 'fixed',
            'isp_penalty_amount': 50.0})
        self.contract = self._contract(self.ana, (
            (self.fibre, self._date(months=-3)),
            (self.mobile, self._date(months=-1))))
        self.fibre_service, self.mobile_service = \
            self.contract.isp_subscription_ids.sorted('id')
        if 'isp.contract.service' in env:
            env['isp.contract.service'].create({
                'order_id': self.contract.id,
                'sale_line_id': self.mobile_service.sale_line_id.id,
                'product_id': self.mobile.id, 'number_mode': 'new',
                'new_number': '+34 611 222 333'})
        self.signed = self._esign(self.contract, signed=True)
        self.to_sign_order = self._contract(self.ana, (), state='sent')
        self.pending = self._esign(self.to_sign_order)
        self._share()

    # -- data -------------------------------------------------------------

    def _date(self, days=0, months=0):
        return fields.Date.to_string(
            self.today + relativedelta(days=days, months=months))

    def _contract(self, partner, services, state='sale'):
        """A contract of ``partner`` with a live service per (product,
        start date)."""
        order = self.env['sale.order'].create({
            'partner_id': partner.id, 'isp_is_contract': True,
            'order_line': [(0, 0, {
                'product_id': product.id, 'product_uom_qty': 1,
                'price_unit': 30.0}) for product, _start in services]})
        order.write({'state': state,
                     'confirmation_date': fields.Datetime.now()})
        for line, (product, start) in zip(order.order_line, services):
            self.env['isp.subscription'].create({
                'partner_id': partner.id, 'product_id': product.id,
                'sale_line_id': line.id, 'state': 'active',
                'date_start': start})
        return order

    def _esign(self, order, signed=False):
        esign = self.env['isp.esign.request'].create({
            'res_model': 'sale.order', 'res_id': order.id,
            'partner_id': order.partner_id.id,
            'document_pdf': base64.b64encode(b'%PDF-1.4 document'),
            'document_filename': 'contract.pdf'})
        if signed:
            esign._esign_write({
                'state': 'signed', 'date_signed': fields.Datetime.now(),
                'signed_pdf': base64.b64encode(SIGNED_PDF),
                'signed_filename': 'contract-signed.pdf'})
        else:
            esign.action_send()
        return esign

    def _back_office_penalty(self, subscriptions):
        """The penalties of a migration dated today that ends
        ``subscriptions`` (the back office's preview)."""
        migration = self.env['isp.migration'].create({
            'partner_id': self.ana.id,
            'date': fields.Date.to_string(self.today),
            'line_ids': [(0, 0, {'subscription_id': subscription.id})
                         for subscription in subscriptions]})
        migration.line_ids._update_amounts()
        return {line.subscription_id: line.penalty_amount
                for line in migration.line_ids}

    @staticmethod
    def _text(page, css_class):
        match = re.search(
            r'class="[^"]*\b%s\b[^"]*"[^>]*>(.*?)</(?:strong|span|a)>'
            % css_class, page, re.S)
        if not match:
            return None
        return re.sub(r'<[^>]+>|\s+', ' ', match.group(1)).replace(
            '&nbsp;', ' ').strip()

    @staticmethod
    def _card(page, order):
        """The HTML of the card of contract ``order`` on the list."""
        match = re.search(r'data-contract-id="%d"(.*?)(?=data-contract-id=|'
                          r'o_portal_pager|$)' % order.id, page, re.S)
        return match.group(1) if match else ''

    def _formatted(self, date):
        return format_date(self.env, date)

    def _own_urls(self):
        return (
            '/my/contracts',
            '/my/contracts/%d' % self.contract.id,
            '/my/contracts/%d/documents/%d' % (self.contract.id,
                                               self.signed.id),
            '/my/signatures/%d/signed.pdf' % self.signed.id,
        )

    def _assert_no_owner_data(self, response, where):
        for mark in ('Ana Account', self.contract.name,
                     self.to_sign_order.name, '+34 611 222 333',
                     'Contract Fibre 600', SIGNED_PDF.decode()):
            self.assertNotIn(mark, response.text, where)


@at_install(False)
@post_install(True)
class TestPortalContracts(ContractsHttpCase):

    # -- the pages --------------------------------------------------------

    def test_contract_shows_commitment_end_and_back_office_penalty(self):
        """Commitment end: the later of the services' (12 months after
        the fibre's start, 24 after the mobile's); penalty: the sum of
        what a migration dated today computes for each service."""
        expected = self._back_office_penalty(
            self.contract.isp_subscription_ids)
        fibre_penalty = expected[self.fibre_service]
        self.assertEqual(expected[self.mobile_service], 50.0)
        self.assertTrue(0 < fibre_penalty < 120.0)
        total = self.currency.round(fibre_penalty + 50.0)
        self._share()
        self._login(self.user_ana)
        page = self._get('/my/contracts/%d' % self.contract.id)
        self.assertEqual(page.status_code, 200)
        commitment_end = self.mobile_service.date_commitment_end
        self.assertEqual(commitment_end, self._date(months=23))
        self.assertEqual(self._text(page.text, 'o_isp_commitment_end'),
                         self._formatted(commitment_end))
        self.assertIn('%.2f' % total, self._text(page.text, 'o_isp_penalty'))
        cards = re.findall(
            r'data-service-id="(\d+)"(.*?)(?=data-service-id=|<h4>)',
            page.text, re.S)
        by_service = dict((int(i), text) for i, text in cards)
        self.assertIn('%.2f' % fibre_penalty,
                      by_service[self.fibre_service.id])
        self.assertIn('600 Mbps', by_service[self.fibre_service.id])
        self.assertIn('+34 611 222 333', by_service[self.mobile_service.id])
        self.assertIn('Unlimited', by_service[self.mobile_service.id])
        # the list shows the same figures
        listing = self._get('/my/contracts').text
        card = self._card(listing, self.contract)
        self.assertIn('%.2f' % total, self._text(card, 'o_isp_penalty'))
        self.assertEqual(self._text(card, 'o_isp_commitment_end'),
                         self._formatted(commitment_end))
        self.assertIn('data-contract-id="%d"' % self.to_sign_order.id,
                      listing)

    def test_commitment_over_and_terminated_service_cost_nothing(self):
        self.fibre_service.date_start = self._date(months=-13)
        self.mobile_service.write({'state': 'terminated',
                                   'date_end': self._date(days=-1)})
        self._share()
        self._login(self.user_ana)
        page = self._get('/my/contracts/%d' % self.contract.id).text
        self.assertEqual(self._text(page, 'o_isp_commitment_end'),
                         'No commitment')
        self.assertIn('0.00', self._text(page, 'o_isp_penalty'))

    def test_signed_document_downloads_as_pdf_for_the_owner(self):
        self._login(self.user_ana)
        page = self._get('/my/contracts/%d' % self.contract.id).text
        url = '/my/contracts/%d/documents/%d' % (self.contract.id,
                                                 self.signed.id)
        self.assertIn(url, page)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers['Content-Type'], 'application/pdf')
        self.assertEqual(response.content, SIGNED_PDF)
        # a document waiting for signature is no download
        self.assertEqual(self._get('/my/contracts/%d/documents/%d' % (
            self.to_sign_order.id, self.pending.id)).status_code, 404)

    def test_pending_signature_button_opens_the_signing_page(self):
        self._login(self.user_ana)
        listing = self._get('/my/contracts').text
        self.assertIn('data-request-id="%d"' % self.pending.id, listing)
        self.assertNotIn('data-request-id="%d"' % self.signed.id, listing)
        self.assertEqual(self._text(listing, 'o_isp_pending_title'),
                         'Contract %s' % self.to_sign_order.name)
        self.assertIn('o_isp_commitment_later',
                      self._card(listing, self.to_sign_order))
        home = self._get('/my').text
        self.assertIn('href="/my/contracts#isp_pending_signatures"', home)
        self.assertIn('href="/my/contracts"', home)
        response = self._post(
            '/my/contracts/signatures/%d/sign' % self.pending.id,
            csrf_url='/my/profile')
        self.assertIn(response.status_code, (302, 303))
        location = response.headers['Location']
        self.assertIn('/sign/', location)
        token = location.rsplit('/sign/', 1)[1]
        self.assertEqual(
            self.env['isp.esign.request']._find_by_token(token),
            self.pending)
        self.assertEqual(self._get('/sign/%s' % token).status_code, 200)

    # -- access matrix ----------------------------------------------------

    def test_other_customer_gets_404_and_none_of_the_owners_data(self):
        token_hash = self.pending.sudo().token_hash
        self._login(self.user_bea)
        response = self._get('/my/contracts')
        self.assertEqual(response.status_code, 200)
        self._assert_no_owner_data(response, '/my/contracts')
        self.assertNotIn('data-request-id', response.text)
        for url in self._own_urls()[1:] + (
                '/my/contracts/%d' % self.to_sign_order.id,
                '/my/contracts/999999999'):
            response = self._get(url)
            self.assertEqual(response.status_code, 404, url)
            self._assert_no_owner_data(response, url)
        response = self._post(
            '/my/contracts/signatures/%d/sign' % self.pending.id,
            csrf_url='/my/profile')
        self.assertEqual(response.status_code, 404)
        self._assert_no_owner_data(response, 'sign')
        self.pending.invalidate_cache()
        self.assertEqual(self.pending.sudo().token_hash, token_hash)

    def test_owner_ids_of_another_contract_answer_404(self):
        """A document of one contract is not served under another."""
        self._login(self.user_ana)
        response = self._get('/my/contracts/%d/documents/%d' % (
            self.to_sign_order.id, self.signed.id))
        self.assertEqual(response.status_code, 404)

    def test_anonymous_is_sent_to_the_login(self):
        self._anonymous()
        for url in self._own_urls():
            response = self._get(url)
            self.assertLoginRedirect(response)
            self._assert_no_owner_data(response, url)

    def test_former_customer_is_kept_out_unless_the_settings_allow(self):
        self._login(self.user_ana)
        self.ana.isp_customer_state = 'former'
        self._share()
        for url in self._own_urls():
            response = self._get(url)
            self.assertEqual(response.status_code, 404, url)
            self._assert_no_owner_data(response, url)
        self.company.isp_portal_former_customers = True
        self._share()
        for url in self._own_urls():
            self.assertEqual(self._get(url).status_code, 200, url)

    # -- queries ----------------------------------------------------------

    def _list_queries(self):
        """(queries of /my/contracts, of the same page without its
        contracts and signatures)."""
        total = self._queries('/my/contracts')
        with patch.object(
                IspPortalContracts, '_isp_contract_list_values',
                lambda portal, partner, page: {
                    'isp_contracts': [], 'isp_pending': [], 'isp_titles': {},
                    'pager': None}):
            empty = self._queries('/my/contracts')
        return total, empty

    def test_list_own_queries_at_most_30_and_no_more_with_more(self):
        self._login(self.user_ana)
        few, few_empty = self._list_queries()
        for month in range(6):
            order = self._contract(self.ana, (
                (self.fibre, self._date(months=-month)),
                (self.mobile, self._date(months=-month - 1))))
            self._esign(order, signed=True)
            self._esign(self._contract(self.ana, (), state='sent'))
        self._share()
        total, empty = self._list_queries()
        _logger.info('/my/contracts: %d queries (without its contracts '
                     '%d); with 2 contracts %d (%d)', total, empty, few,
                     few_empty)
        self.assertLessEqual(total - empty, QUERY_BUDGET)
        self.assertEqual(total, few)
        self.assertEqual(
            len(re.findall(r'\bo_isp_contract_card\b',
                           self._get('/my/contracts').text)), 14)


# the page's width and the elements wider than the window
SIDEWAYS_JS = """
var width = window.innerWidth, wide = [];
document.querySelectorAll('.o_portal_wrap *').forEach(function (el) {
    var rect = el.getBoundingClientRect();
    if (rect.width && rect.right > width + 1) {
        wide.push(el.tagName.toLowerCase() + '.' + el.className);
    }
});
return [document.documentElement.scrollWidth, width, wide.slice(0, 5)];
"""


@at_install(False)
@post_install(True)
class TestPortalContractsOnAPhone(ContractsHttpCase, ChromiumCase):
    """Chromium at 390x844: the list and the contract read without
    sideways scrolling; the button leads to the signing page."""

    @classmethod
    def setUpClass(cls):
        super(TestPortalContractsOnAPhone, cls).setUpClass()
        warm_frontend_assets()

    def setUp(self):
        super(TestPortalContractsOnAPhone, self).setUp()
        self.penalty = '%.2f' % sum(self._back_office_penalty(
            self.contract.isp_subscription_ids).values())
        self.commitment_end = self._formatted(
            self.mobile_service.date_commitment_end)
        self._share()
        self._start_browser(PHONE, prefix='isp_contracts_phone_')

    def _visible(self, css):
        return self.wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, css)))

    def _assert_no_sideways_scroll(self, page):
        scroll, width, wide = self.driver.execute_script(SIDEWAYS_JS)
        self.assertLessEqual(scroll, width, '%s: %s' % (page, wide))
        self.assertFalse(wide, page)

    def test_phone_reads_contract_commitment_and_penalty_then_signs(self):
        self._log_in('ana_account', 'ana_account',
                     ec.presence_of_element_located(
                         (By.CSS_SELECTOR, '.o_portal_my_home')))
        self._visible('.o_isp_home_contracts a').click()
        self._visible('.o_isp_contract_cards')
        self._assert_no_sideways_scroll('/my/contracts')
        self._visible('[data-contract-id="%d"] .o_isp_contract_open'
                      % self.contract.id).click()
        self.assertEqual(self._visible('.o_isp_commitment_end').text,
                         self.commitment_end)
        self.assertIn(self.penalty, self._visible('.o_isp_penalty').text)
        self._visible('.o_isp_signed_pdf')
        self._assert_no_sideways_scroll('/my/contracts/<id>')
        self.driver.get(self.base + '/my/contracts')
        self._visible('[data-request-id="%d"] .o_isp_sign'
                      % self.pending.id).click()
        self.wait.until(ec.url_contains('/sign/'))
        self._assert_no_sideways_scroll('/sign/<token>')
