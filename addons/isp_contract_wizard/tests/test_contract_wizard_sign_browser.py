# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A shop agent makes a contract on a tablet (headless Chromium, 1024x768)
and the customer signs it there: the seven steps of the wizard for a new
customer with a fibre + mobile bundle, a portability and direct debit,
then "Sign now", the signature drawn on isp_esign's in-store page.

The document signed is the contract's envelope rendered by wkhtmltopdf
for real: Odoo 11 renders HTML instead of a PDF when tests run, and on
the test cursor of an HttpCase in any case (wkhtmltopdf would ask the
server for the report's stylesheets on the cursor the request holds).
``real_contract_pdf`` lifts both guards for the request that freezes the
document; a small HTTP server of its own serves the stylesheets."""
import base64
import contextlib
import re
import subprocess
import tempfile
from unittest import mock

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.addons.base.ir import ir_actions_report
from odoo.addons.isp_billing.tests.invoice_common import real_pdf_rendering
from odoo.addons.isp_billing.tests.pdf_reader import pdf_pages_text
from odoo.addons.isp_crm.tests.browser import ChromiumCase
from odoo.addons.isp_esign.rules import sealing
from odoo.sql_db import LazyCursor
from odoo.tests.common import at_install, get_db_name, post_install

try:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
except ImportError:  # pragma: no cover - selenium is pinned
    By = None

from . import test_contract_wizard_browser as tablet
from .test_contract_wizard_common import DNI, IBAN, IBAN_COMPACT, ICC

CREDITOR_ID = 'DE98ZZZ09999999999'
CLAUSE = 'Clause 4.2: the fibre router stays the property of the operator'
ENVELOPE = 'isp_contract_wizard.action_report_isp_contract'


def flat(text):
    """Text without white space: a PDF's text breaks lines anywhere."""
    return re.sub(r'\s+', '', text)


def pdfsig(pdf):
    """What poppler's ``pdfsig`` says of ``pdf``: (exit code, output)."""
    with tempfile.NamedTemporaryFile(suffix='.pdf') as handle:
        handle.write(pdf)
        handle.flush()
        run = subprocess.run(['pdfsig', handle.name],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    return run.returncode, run.stdout.decode('utf-8')


class _NoTestCursor(object):
    """Stands for odoo.sql_db.TestCursor in render_qweb_pdf's check."""


@contextlib.contextmanager
def real_contract_pdf(env, order):
    """While inside, the contract envelope of ``order`` is rendered by
    wkhtmltopdf, also on the test cursor (the request of the page)."""
    report = env.ref(ENVELOPE)
    with real_pdf_rendering(env, report, order.ids), mock.patch.object(
            ir_actions_report, 'TestCursor', _NoTestCursor):
        yield


class _PrecisionCursor(LazyCursor):
    """A float field reads its precision through a cursor of its own
    (when not cached). In an HttpCase that cursor is the shared test
    cursor, whose commit and close on exit release the savepoints of the
    request running: the signature's "all or nothing" savepoint among
    them. As outside tests, the precision is read on a cursor of its own
    (the precisions are committed data)."""

    def __getattr__(self, name):
        if self._cursor is None:
            self._cursor = odoo.registry(self.dbname)._db.cursor()
            for __ in range(self._depth):
                self._cursor.__enter__()
        return getattr(self._cursor, name)


def precisions_on_their_own_cursor(case):
    """For the rest of ``case``'s test."""
    patcher = mock.patch.object(odoo.fields, 'LazyCursor', _PrecisionCursor)
    patcher.start()
    case.addCleanup(patcher.stop)


def make_shop_data(env, login):
    """The company (SEPA creditor, seal), a shop agent who may take
    signatures in store, a back-office user, a fibre + mobile bundle
    with its conditions, a direct debit mode. Returns a dict."""
    company = env.user.company_id
    company.partner_id.write({'city': 'Valencia',
                              'street': 'Avenida del Puerto 12'})
    company.write({'sepa_creditor_identifier': CREDITOR_ID,
                   'email': 'contracts@isp.example.com',
                   'esign_tsa_url': False,
                   'esign_code_channel': 'email',
                   'esign_code_channel_required': False})
    company._esign_generate_demo_certificate()
    users = env['res.users'].with_context(
        no_reset_password=True, tracking_disable=True)
    agent = users.create({
        'name': 'Shop Agent', 'login': login, 'password': login,
        'lang': 'en_US', 'email': '%s@isp.example.com' % login,
        'groups_id': [(6, 0, [
            env.ref('isp_crm.group_isp_agent').id,
            # takes the signature of the customer in store
            env.ref('isp_esign.group_isp_esign_user').id])]})
    backoffice = users.create({
        'name': 'Shop Back Office', 'login': login + '_bo',
        'email': '%s_bo@isp.example.com' % login,
        'groups_id': [(6, 0, [
            env.ref('isp_crm.group_isp_backoffice').id])]})
    Product = env['product.product']
    fibre = Product.create({
        'name': 'Shop Fibre 1 Gb', 'type': 'service', 'list_price': 30.0,
        'isp_service_type': 'fibre', 'isp_recurring': True,
        'isp_commitment_months': 12, 'taxes_id': [(5, 0, 0)]})
    mobile = Product.create({
        'name': 'Shop Mobile 30 GB', 'type': 'service', 'list_price': 12.0,
        'isp_service_type': 'mobile', 'isp_recurring': True,
        'taxes_id': [(5, 0, 0)]})
    bundle = Product.create({
        'name': 'Shop Home Pack', 'type': 'service', 'list_price': 0.0,
        'isp_is_bundle': True, 'taxes_id': [(5, 0, 0)],
        'isp_bundle_line_ids': [
            (0, 0, {'product_id': fibre.id, 'qty_min': 1,
                    'qty_default': 1, 'qty_max': 1}),
            (0, 0, {'product_id': mobile.id, 'qty_min': 1,
                    'qty_default': 1, 'qty_max': 3})]})
    env['isp.contract.condition'].create({
        'name': 'Shop fibre conditions',
        'product_tmpl_ids': [(6, 0, fibre.product_tmpl_id.ids)],
        'body': '<h3>Router</h3><p>%s</p>' % CLAUSE})
    method = env['account.payment.method'].create({
        'name': 'Shop Debit', 'code': 'shop_debit',
        'payment_type': 'inbound', 'mandate_required': True})
    debit = env['account.payment.mode'].create({
        'name': 'Shop Debit', 'bank_account_link': 'variable',
        'payment_method_id': method.id})
    return {'agent': agent, 'backoffice': backoffice, 'fibre': fibre,
            'mobile': mobile, 'bundle': bundle, 'debit': debit}


def make_ready(order, backoffice):
    """The back office runs the intake to "ready for activation" (the
    signature confirms only such a contract: _esign_can_confirm)."""
    order = order.sudo(backoffice)
    order.action_isp_validate()
    order.action_isp_credit_check()
    order.action_isp_mark_ready()
    return order.isp_intake_state


class SignedContractChecks(object):
    """What a signed contract must be, however it was signed."""

    def assert_signed_contract(self, order, request, customer_name,
                               signer=None):
        self.assertEqual(request.state, 'signed')
        self.assertEqual(request.signed_name, customer_name)
        # confirmed by the signature, its intake being ready
        self.assertEqual(order.state, 'sale')
        self.assertEqual(order.esign_state, 'signed')
        # the mandate signed with the contract, on the day of the signature
        # in the time zone of whoever signed it (``signer``: the agent, in
        # store)
        mandate = order.isp_mandate_id
        signed_day = fields.Datetime.context_timestamp(
            mandate.sudo(signer) if signer else mandate,
            fields.Datetime.from_string(request.date_signed)).date()
        self.assertEqual(mandate.state, 'valid')
        self.assertEqual(mandate.signature_date,
                         fields.Date.to_string(signed_day))
        # one pending subscription per service of the bundle
        subscriptions = self.env['isp.subscription'].search(
            [('order_id', '=', order.id)])
        self.assertEqual(sorted(subscriptions.mapped('product_id.name')),
                         ['Shop Fibre 1 Gb', 'Shop Mobile 30 GB'])
        self.assertEqual(set(subscriptions.mapped('state')), {'pending'})
        # the document the customer was shown: the envelope rendered by
        # wkhtmltopdf (its fonts embedded), not the test-mode stand-in
        # (ReportLab's, with the titles of the documents only)
        document = base64.b64decode(request.document_pdf)
        self.assertNotIn(b'ReportLab', document)
        self.assertIn(b'DejaVuSans', document)
        self.assertIn(flat('A refund must be claimed within 8 weeks'),
                      flat(' '.join(pdf_pages_text(document))))
        signed = base64.b64decode(request.signed_pdf)
        self.assertTrue(signed.startswith(document[:8]))
        # sealed: pyHanko and poppler both validate the signature
        status = sealing.validate_sealed_pdf(signed)
        self.assertTrue(status['signed'] and status['intact']
                        and status['valid'] and status['covers_all'],
                        status)
        code, output = pdfsig(signed)
        self.assertEqual(code, 0, output)
        self.assertIn('Signature Validation: Signature is Valid', output)
        self.assertIn('Total document signed', output)
        # the conditions and the mandate (creditor id, UMR, IBAN), then
        # the audit trail
        text = flat('\n'.join(pdf_pages_text(signed)))
        for value in (CLAUSE, 'SEPA Core Direct Debit Mandate',
                      'A refund must be claimed within 8 weeks',
                      CREDITOR_ID, mandate.unique_mandate_reference,
                      IBAN_COMPACT, 'Number portability request',
                      '600555444', 'Audit trail'):
            self.assertIn(flat(value), text)
        self.assertLess(text.index(flat(CLAUSE)),
                        text.index('SEPACoreDirectDebitMandate'))
        self.assertLess(text.index(mandate.unique_mandate_reference),
                        text.index('Audittrail'))
        return signed


@at_install(False)
@post_install(True)
class TestContractWizardSignBrowser(SignedContractChecks, ChromiumCase):

    # the web client helpers of the wizard's tablet test
    _idle = tablet.TestContractWizardBrowser._idle
    _open_wizard = tablet.TestContractWizardBrowser._open_wizard
    _no_error = tablet.TestContractWizardBrowser._no_error
    _visible = tablet.TestContractWizardBrowser._visible
    _click = tablet.TestContractWizardBrowser._click
    _button = tablet.TestContractWizardBrowser._button
    _type = tablet.TestContractWizardBrowser._type
    _many2one = tablet.TestContractWizardBrowser._many2one
    _radio = tablet.TestContractWizardBrowser._radio
    _at_step = tablet.TestContractWizardBrowser._at_step
    _select = tablet.TestContractWizardBrowser._select
    _save_dialog = tablet.TestContractWizardBrowser._save_dialog
    _open_service = tablet.TestContractWizardBrowser._open_service

    @classmethod
    def setUpClass(cls):
        super(TestContractWizardSignBrowser, cls).setUpClass()
        # the web client's and the signing page's bundles built once
        with odoo.registry(get_db_name()).cursor() as cr:
            qweb = api.Environment(cr, SUPERUSER_ID, {})['ir.qweb']
            for bundle in ('web.assets_common', 'web.assets_backend',
                           'web.assets_frontend'):
                qweb._get_asset_nodes(bundle, {}, css=True, js=True)

    def setUp(self):
        super(TestContractWizardSignBrowser, self).setUp()
        self.env = self.env(cr=self.registry.test_cr)
        precisions_on_their_own_cursor(self)
        data = make_shop_data(self.env, 'shop_tablet_agent')
        self.agent = data['agent']
        self.backoffice = data['backoffice']
        self.registry.test_cr.commit()
        self._start_browser(size=tablet.TABLET,
                            prefix='isp_wizard_sign_browser_')
        self._log_in('shop_tablet_agent', 'shop_tablet_agent',
                     ec.presence_of_element_located(
                         (By.CSS_SELECTOR, '.o_web_client')))

    def _run_the_seven_steps(self):
        self._open_wizard()
        self._at_step('customer')
        self._radio('customer_mode', 'new', 'a new customer')
        self._type('.modal input[name="new_name"]', 'Lucia Tablet')
        self._many2one('new_country_id', 'Spain', 'the country')
        self._type('.modal input[name="fiscal_id"]', DNI)
        self._type('.modal input[name="new_street"]', 'Calle Sol 3')
        self._type('.modal input[name="new_city"]', 'Valencia')
        self._type('.modal input[name="new_email"]', 'lucia@example.com')
        self._button('action_next', 'customer: next')
        self._at_step('tariff')
        self._many2one('product_tmpl_id', 'Shop Home Pack', 'the bundle')
        self._many2one('payment_mode_id', 'Shop Debit', 'debit mode')
        self._button('action_next', 'tariff: next')
        self._at_step('bank')
        self._type('.modal input[name="iban"]', IBAN)
        self._button('action_next', 'bank: next')
        self._at_step('counts')
        self._button('action_next', 'counts: next')
        self._at_step('services')
        self._open_service('Shop Mobile', 'open the mobile line')
        self._select('.modal select[name="number_mode"]', 'portability')
        self._type('.modal input[name="port_donor_operator"]', 'Donor Tel')
        self._type('.modal input[name="port_number"]', '600555444')
        self._type('.modal input[name="port_icc"]', ICC)
        self._save_dialog('save the mobile line')
        self._open_service('Shop Fibre', 'open the fibre line')
        self._type('.modal input[name="install_street"]', 'Calle Sol 3')
        self._type('.modal input[name="install_city"]', 'Valencia')
        self._select('.modal select[name="install_coverage"]', 'covered')
        self._save_dialog('save the fibre line')
        self._button('action_next', 'services: next')
        self._at_step('summary')
        self._button('action_create_contract', 'create the contract')
        self._visible('.modal .o_field_widget[name="order_id"]')

    def _sign_on_the_tablet(self, name):
        """The in-store page the web client opened: draw, name, consent,
        sign; the page says it is signed."""
        canvas = self._visible('.o_isp_esign_canvas')
        self.wait.until(lambda d: d.execute_script(
            "return document.body.classList.contains('o_isp_esign_ready')"))
        ActionChains(self.driver) \
            .move_to_element_with_offset(canvas, -120, 20) \
            .click_and_hold() \
            .move_by_offset(40, -50).move_by_offset(40, 60) \
            .move_by_offset(50, -40).move_by_offset(60, 30) \
            .release().perform()
        self.driver.find_element(By.ID, 'o_isp_esign_name').send_keys(name)
        self.driver.find_element(
            By.CSS_SELECTOR, '.o_isp_esign_consent_box').click()
        self.driver.find_element(
            By.CSS_SELECTOR, '.o_isp_esign_submit').click()
        return self._visible('.o_isp_esign_success')

    def test_new_customer_signs_bundle_and_mandate_on_the_shop_tablet(self):
        self._run_the_seven_steps()
        with self._db():
            order = self.env['sale.order'].search(
                [('partner_id.name', '=', 'Lucia Tablet')])
            self.assertEqual(len(order), 1)
            self.assertEqual(order.isp_mandate_id.state, 'draft')
            self.assertEqual(order.state, 'draft')
            # the back office clears the intake while the customer waits
            self.assertEqual(make_ready(order, self.backoffice), 'ready')
            self.registry.test_cr.commit()
        with real_contract_pdf(self.env, order):
            windows = set(self.driver.window_handles)
            self._button('action_sign_now', 'sign now')
            self.wait.until(lambda d: len(d.window_handles) > len(windows))
        # the signing page, opened by the web client on this tablet
        page = (set(self.driver.window_handles) - windows).pop()
        self.driver.switch_to.window(page)
        self.assertIn('/store', self.driver.current_url)
        self.assertIn('Thank you', self._sign_on_the_tablet(
            'Lucia Tablet').text)
        with self._db():
            self.env['sale.order'].invalidate_cache()
            request = order.esign_request_id
            self.assertEqual(request.in_store_user_id, self.agent)
            self.assertEqual(request.channel, 'store')
            self.assert_signed_contract(order, request, 'Lucia Tablet',
                                        signer=self.agent)
