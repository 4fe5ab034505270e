# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A contract's whole life clicked in the web client (Debian's Chromium
driven by Selenium): customer, contract, signature on the customer's
phone, intake, confirmation, activation, billing run, posting and the
printed invoice. Any error dialog of the web client fails the test."""
import os
from contextlib import contextmanager
import shutil
import tempfile

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import at_install, get_db_name, post_install
from odoo.tools import config

from odoo.addons.isp_esign.tests.test_esign_page import (
    CODE_RE, LINK_RE, EsignPageCase)
from odoo.addons.isp_crm.tests.browser import IN_MATRIX, skip_in_matrix
from odoo.addons.queue_job.job import Job

from selenium import webdriver
from selenium.common.exceptions import (
    StaleElementReferenceException, TimeoutException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as expected
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
CHROMIUM_FLAGS = (
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
)
DESKTOP = (1400, 1000)
PHONE = (390, 844)
WAIT = 30
# what the web client shows for a server error or a refusal
ERROR_DIALOGS = '.o_dialog_error, .o_dialog_warning'
MANAGER_GROUPS = (
    'base.group_user', 'base.group_partner_manager',
    'sales_team.group_sale_manager', 'account.group_account_invoice',
    'isp_crm.group_isp_manager', 'isp_billing.group_isp_billing_manager',
    'isp_esign.group_isp_esign_manager',
)


def warm_backend_assets():
    """Build the web client's bundles once, as a first visitor would."""
    with odoo.registry(get_db_name()).cursor() as cr:
        qweb = api.Environment(cr, SUPERUSER_ID, {})['ir.qweb']
        for bundle in ('web.assets_common', 'web.assets_backend'):
            qweb._get_asset_nodes(bundle, {}, css=True, js=True)


@at_install(False)
@post_install(True)
class TestContractLifeBrowser(EsignPageCase):

    @classmethod
    def setUpClass(cls):
        super(TestContractLifeBrowser, cls).setUpClass()
        if 'isp.contract.wizard' in odoo.registry(get_db_name()) and \
                not os.environ.get(IN_MATRIX):
            warm_backend_assets()

    def setUp(self):
        skip_in_matrix(self, 'browser tests')
        if 'isp.contract.wizard' not in odoo.registry(get_db_name()):
            # a contract starts in isp_contract_wizard's New contract
            self.skipTest('isp_contract_wizard is not installed')
        super(TestContractLifeBrowser, self).setUp()
        env = self.env
        self.base_url = 'http://127.0.0.1:%d' % config['http_port']
        env['ir.config_parameter'].set_param('web.base.url', self.base_url)
        env['ir.config_parameter'].set_param(
            'isp_crm.credit_require_fiscal_id', 'False')
        self.product = env['product.product'].create({
            'name': 'Fibra Casa 1000', 'type': 'service',
            'list_price': 34.90, 'isp_service_type': 'fibre',
            'taxes_id': [(5, 0, 0)]})
        # paid by bank transfer: the wizard's payment method needs a mode
        method = env['account.payment.method'].create({
            'name': 'Life Transfer', 'code': 'life_transfer',
            'payment_type': 'inbound'})
        env['account.payment.mode'].create({
            'name': 'Life Transfer', 'bank_account_link': 'variable',
            'payment_method_id': method.id})
        self.manager = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True).create({
                'name': 'Back Office Manager', 'login': 'life_manager',
                'password': 'life_manager', 'email': 'bo@example.com',
                'tz': 'Europe/Rome', 'lang': 'en_US',
                'company_id': self.company.id,
                'company_ids': [(6, 0, [self.company.id])],
                'groups_id': [(6, 0, [env.ref(group).id
                                      for group in MANAGER_GROUPS])]})
        self.registry.test_cr.commit()

    # -- the browsers ----------------------------------------------------

    def _browser(self, size):
        home = tempfile.mkdtemp(prefix='isp_portal_chromium_')
        self.addCleanup(shutil.rmtree, home, True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument('--user-data-dir=%s' % os.path.join(
            home, 'profile'))
        options.add_argument('--window-size=%d,%d' % size)
        options.add_experimental_option('prefs', {
            'download.default_directory': os.path.join(home, 'downloads'),
            'download.prompt_for_download': False})
        service = Service(CHROMEDRIVER, env=dict(os.environ, HOME=home))
        driver = webdriver.Chrome(service=service, options=options)
        self.addCleanup(self._quit, driver)
        driver.set_window_size(*size)
        driver.implicitly_wait(0)
        return driver

    def _quit(self, driver):
        if driver.session_id:
            driver.quit()
            driver.session_id = None

    def _login(self, login, password):
        """Log in on the login page, as a person does."""
        self.driver.get(self.base_url + '/web/login')
        self._type('input#login', login)
        self._type('input#password', password)
        self._click('.oe_login_form button[type="submit"]', 'log in')
        self._visible('.o_web_client .o_main_navbar, .o_web_client')
        self._idle()

    # -- the web client --------------------------------------------------

    def _no_error(self, step):
        """Fail on an error dialog of the web client."""
        try:
            dialogs = [dialog for dialog in self.driver.find_elements(
                By.CSS_SELECTOR, ERROR_DIALOGS) if dialog.is_displayed()]
            texts = [dialog.text for dialog in dialogs]
        except StaleElementReferenceException:
            return  # the page changed meanwhile: the next look sees it
        if texts and not self.driver.find_elements(
                By.CSS_SELECTOR, '.o_dialog_error'):
            self.warnings.append('%s: %s' % (step, texts))
            # close the warning (its own dialog, not a wizard's under it)
            # and go on
            dialogs[-1].find_element(
                By.XPATH, "./ancestor::div[contains(@class, "
                "'modal-content')]//div[contains(@class, 'modal-footer')]"
                "//button").click()
            return
        self.assertFalse(texts, '%s: the web client shows: %s' % (
            step, '\n'.join(texts)))
        self.assertNotIn('Odoo Server Error', self.driver.page_source, step)

    def _idle(self):
        """Wait until the web client has no request running."""
        self.wait.until(lambda d: d.execute_script(
            "return !document.querySelector('.blockUI') && "
            "!(document.querySelector('.o_loading') && "
            "document.querySelector('.o_loading').offsetParent);"))

    def _visible(self, css):
        return self.wait.until(
            expected.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def _click(self, css, step, by=By.CSS_SELECTOR, rerender=False):
        """Click the visible element ``css`` (buttons the view hides are
        in the page with ``o_invisible_modifier``)."""
        def clickable(driver):
            for element in driver.find_elements(by, css):
                try:
                    if element.is_displayed() and element.is_enabled():
                        return element
                except StaleElementReferenceException:
                    continue
            self._no_error(step)
            return False
        element = self.wait.until(clickable, '%s: no %s' % (step, css))
        element.click()
        if rerender:
            # the web client renders the record again once the server
            # answered (or shows an error)
            self.wait.until(lambda driver: self._stale(element) or (
                self._no_error(step) and False), step)
        self._idle()
        self._no_error(step)

    @staticmethod
    def _stale(element):
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        return False

    def _button(self, label, step, rerender=True):
        """Click the form's button ``label`` (Odoo 11 renders buttons
        without their method's name; a stat button: its label)."""
        self._click(
            "//div[contains(@class, 'o_form_view')]//button["
            "normalize-space()='{0}' or "
            "contains(@class, 'oe_stat_button') and "
            ".//span[normalize-space()='{0}']]".format(label),
            step, by=By.XPATH, rerender=rerender)

    def _type(self, css, text):
        field = self._visible(css)
        field.clear()
        field.send_keys(text)

    def _open_row(self, text, step):
        """In the list a button opened, open the record showing
        ``text``."""
        self.wait.until(lambda driver: not driver.find_elements(
            By.CSS_SELECTOR, '.o_form_view'))
        self._click(
            "//table[contains(@class, 'o_list_view')]"
            "//tr[contains(@class, 'o_data_row')]"
            "[.//td[contains(normalize-space(), '%s')]]"
            "/td[contains(@class, 'o_data_cell')]" % text, step, by=By.XPATH)
        self._form_readonly()

    def _reload(self):
        """The user reloads the page (F5)."""
        self.driver.refresh()
        self._form_readonly()
        self._no_error('reload')

    def _state_shown(self):
        return self._visible(
            '.o_statusbar_status button.btn-primary').text.strip()

    def _many2one(self, css, text, step):
        """Type in a many2one and pick the first suggestion."""
        self._type(css, text)
        self._click('ul.ui-autocomplete li.ui-menu-item a', step)

    def _wizard_next(self, step, following):
        """Next on the contract wizard at ``step``; it shows ``following``
        (a refusal shown instead fails the test)."""
        # each step reopens the wizard in a new dialog: the newest one's
        self._click("(//div[contains(@class, 'modal-footer')]"
                    "//button[@name='action_next'])[last()]",
                    '%s: next' % step, by=By.XPATH)
        css = ('.modal .o_statusbar_status button.btn-primary'
               '[data-value="%s"]' % following)
        warnings = len(self.warnings)

        def arrived(driver):
            self._no_error('%s: next' % step)
            if len(self.warnings) > warnings:
                self.fail('the wizard refused: %s' % self.warnings[-1])
            return any(element.is_displayed() for element in
                       driver.find_elements(By.CSS_SELECTOR, css))
        try:
            self.wait.until(arrived)
        except TimeoutException:
            self.fail('%s: the wizard did not open %s; it shows:\n%s' % (
                step, following, '\n---\n'.join(
                    element.text for element in self.driver.find_elements(
                        By.CSS_SELECTOR, '.modal, .o_notification')
                    if element.is_displayed())))
        self._idle()

    def _open(self, fragment, ready='.o_form_view'):
        self.driver.get(self.base_url + '/web#' + fragment)
        self._visible(ready)
        self._idle()

    def _form_readonly(self):
        self._visible('.o_form_view.o_form_readonly')
        self._idle()

    @contextmanager
    def _db(self):
        """The test's own use of the database: the server's requests share
        its cursor, one at a time (the test cursor's lock)."""
        self._idle()
        self.registry.test_cr.acquire()
        try:
            self.env['res.users'].invalidate_cache()
            yield
        finally:
            self.registry.test_cr.release()

    def _run_jobs(self):
        """What the job runner does: the queued jobs of the billing. The
        page is left meanwhile (no timer or long polling of the web client
        reaches the shared test cursor while the jobs use savepoints), then
        opened again."""
        url = self.driver.current_url
        self._idle()
        self.driver.get('about:blank')
        try:
            self._perform_jobs()
        finally:
            self.driver.get(url)
            self._form_readonly()

    def _perform_jobs(self):
        with self._db():
            env = self.env
            # Odoo 11 reads a decimal precision missing from its cache
            # through a cursor of its own, which in tests is this shared
            # test cursor: closing it would drop the savepoints the
            # posting takes for each invoice. Fill the cache first.
            precisions = env['decimal.precision']
            for name in precisions.search([]).mapped('name'):
                precisions.precision_get(name)
            for __ in range(5):
                jobs = env['queue.job'].search([('state', '=', 'pending')],
                                               order='id')
                if not jobs:
                    break
                for job in jobs:
                    Job.load(env, job.uuid).perform()
                    job.write({'state': 'done'})
            self.registry.test_cr.commit()

    # -- the customer's phone --------------------------------------------

    def _customer_signs_on_the_phone(self, partner):
        """The link of the e-mail, the code by SMS, signed on a phone."""
        with self._db():
            mails = self.env['mail.mail'].search(
                [('email_to', 'ilike', partner.email)], order='id desc')
            links = [LINK_RE.search(mail.body_html or '')
                     for mail in mails]
            link = [found for found in links if found][0].group(0)
        phone = self._browser(PHONE)
        wait = WebDriverWait(phone, WAIT)
        phone.get(self.base_url + link)
        self.assertLessEqual(phone.execute_script(
            'return document.documentElement.clientWidth'), PHONE[0])
        sent = len(self.sms.received)
        wait.until(expected.element_to_be_clickable(
            (By.CSS_SELECTOR, '.o_isp_esign_send_sms'))).click()
        wait.until(lambda _driver: len(self.sms.received) > sent)
        code = CODE_RE.search(self.sms.json_bodies()[-1]['text']).group(1)
        wait.until(expected.visibility_of_element_located(
            (By.ID, 'o_isp_esign_code'))).send_keys(code)
        phone.find_element(By.CSS_SELECTOR, '.o_isp_esign_verify').click()
        canvas = wait.until(expected.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_esign_canvas')))
        wait.until(lambda d: d.execute_script(
            "return document.body.classList.contains('o_isp_esign_ready')"))
        ActionChains(phone) \
            .move_to_element_with_offset(canvas, -120, 20) \
            .click_and_hold() \
            .move_by_offset(40, -50).move_by_offset(40, 60) \
            .move_by_offset(50, -40).release().perform()
        phone.find_element(By.ID, 'o_isp_esign_name').send_keys(
            'Marco Rossi')
        phone.find_element(By.CSS_SELECTOR, '.o_isp_esign_consent_box').click()
        phone.find_element(By.CSS_SELECTOR, '.o_isp_esign_submit').click()
        wait.until(expected.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_esign_success')))
        self._quit(phone)

    # -- the test ----------------------------------------------------------

    def test_contract_life_in_the_web_client(self):
        self.warnings = []
        self.driver = self._browser(DESKTOP)
        # the web client renders a form again after an onchange: a
        # condition that meets an element of the previous rendering tries
        # again (as isp_crm's ChromiumCase does)
        self.wait = WebDriverWait(
            self.driver, WAIT,
            ignored_exceptions=(StaleElementReferenceException,))
        self._login('life_manager', 'life_manager')

        # 1. the customer, under ISP > Customers
        self._open('action=isp_crm.res_partner_action_customer'
                   '&view_type=form')
        self._type('.o_form_view input[name="name"]', 'Marco Rossi')
        self._type('.o_form_view input[name="email"]',
                   'marco.rossi@example.com')
        self._type('.o_form_view input[name="mobile"]', '+39 333 111 2233')
        self._click('.o_form_button_save', 'save the customer')
        self._form_readonly()
        with self._db():
            partner = self.env['res.partner'].search(
                [('email', '=', 'marco.rossi@example.com')])
            self.assertEqual(len(partner), 1)

        with self._db():
            partner.country_id = self.env.ref('base.es')

        # 2. the contract, from ISP > New contract, with one service: the
        # wizard's steps
        self._open('action=isp_contract_wizard.isp_contract_wizard_action',
                   ready='.modal .o_form_view')
        self._many2one('.modal .o_field_many2one[name="partner_id"] input',
                       'Marco Rossi', 'choose the customer')
        self._wizard_next('customer', 'tariff')
        self._many2one('.modal .o_field_many2one[name="product_tmpl_id"] '
                       'input', 'Fibra Casa 1000', 'choose the service')
        # the tariff's onchange done, the payment method changed
        self._idle()
        transfer = ('.modal .o_field_radio[name="payment_method"] '
                    'input[data-value="transfer"]')
        self._click(transfer, 'pay by transfer')
        self._idle()
        self.wait.until(lambda driver: driver.find_element(
            By.CSS_SELECTOR, transfer).is_selected(),
            'the payment method did not change to transfer')
        self._wizard_next('tariff', 'bank')
        # his fiscal id, asked at the fiscal data step
        for element in self.driver.find_elements(
                By.CSS_SELECTOR, '.modal select[name="fiscal_id_type"]'):
            if element.is_displayed():
                Select(element).select_by_value('"es_dni"')
        self._idle()
        fiscal_id = self.wait.until(lambda driver: next((
            element for element in driver.find_elements(
                By.CSS_SELECTOR, '.modal input[name="fiscal_id"]')
            if element.is_displayed() and element.is_enabled()), False),
            'no fiscal id field to type in')
        fiscal_id.clear()
        fiscal_id.send_keys('47110011P')
        self._idle()
        self._wizard_next('bank', 'counts')
        self._wizard_next('counts', 'services')
        # the fibre line: where it is installed, covered
        self._click("//div[@name='service_line_ids']//tr"
                    "[contains(@class, 'o_data_row')]"
                    "/td[contains(@class, 'o_data_cell')]",
                    'open the fibre line', by=By.XPATH)
        self._visible('.modal .o_form_view select[name="install_coverage"]')
        for name, value in (('install_street', 'Via Roma 1'),
                            ('install_city', 'Valencia')):
            field = self.wait.until(lambda driver, name=name: next((
                element for element in driver.find_elements(
                    By.CSS_SELECTOR, '.modal input[name="%s"]' % name)
                if element.is_displayed() and element.is_enabled()), False),
                'no %s field' % name)
            field.clear()
            field.send_keys(value)
        for element in self.driver.find_elements(
                By.CSS_SELECTOR, '.modal select[name="install_coverage"]'):
            if element.is_displayed():
                Select(element).select_by_value('"covered"')
        self._idle()
        self._click("(//div[contains(@class, 'modal-footer')]"
                    "//button[contains(@class, 'btn-primary')])[last()]",
                    'save the fibre line', by=By.XPATH)
        self._wizard_next('services', 'summary')
        self._click('.modal-footer button[name="action_create_contract"]',
                    'create the contract')
        self._visible('.modal .o_field_widget[name="order_id"]')
        self._click('.modal-footer button[name="action_open_contract"]',
                    'open the contract')
        self._form_readonly()
        with self._db():
            order = self.env['sale.order'].search(
                [('partner_id', '=', partner.id)])
            self.assertEqual(len(order), 1)
            self.assertTrue(order.isp_is_contract)
            self.assertEqual(order.order_line.product_id, self.product)

        # 3. sent for signature; 4. the customer signs on a phone
        self._button('Request signature', 'send for signature')
        self._visible('.o_form_view .o_statusbar_status')
        self._customer_signs_on_the_phone(partner)
        with self._db():
            self.assertEqual(order.esign_state, 'signed')

        # 5-8. intake: validate, credit check, ready; confirm
        self._open('action=isp_crm.sale_order_action_isp_contract'
                   '&model=sale.order&id=%d&view_type=form' % order.id)
        for name, step in (
                ('Validate', 'validate'),
                ('Credit check', 'credit check'),
                ('Ready for activation', 'ready for activation'),
                ('Confirm Sale', 'confirm')):
            self._button(name, step)
        with self._db():
            self.assertEqual(order.isp_intake_state, 'ready')
            self.assertEqual(order.state, 'sale')
            subscription = order.isp_subscription_ids
            self.assertEqual(subscription.state, 'pending')

        # 9. the subscription activated
        self._button('Subscriptions', 'open subscriptions')
        self._open_row('Marco Rossi', 'open the subscription')
        self._button('Activate', 'activate')
        with self._db():
            self.assertEqual(subscription.state, 'active')

        # 10. the billing run of the contract's cycle day
        self._open('action=isp_billing.isp_billing_run_action'
                   '&view_type=form')
        self._type('.o_form_view input[name="cycle_day"]',
                   str(order.isp_billing_cycle_day))
        self._click('.o_form_button_save', 'save the billing run')
        self._form_readonly()
        self._button('Start', 'start the billing run')
        self._run_jobs()
        self._reload()
        self.assertEqual(self._state_shown(), 'Done')
        with self._db():
            run = self.env['isp.billing.run'].search(
                [], order='id desc', limit=1)
            self.assertEqual(run.state, 'done')
            invoice = run.invoice_ids.filtered(
                lambda inv: inv.partner_id == partner)
            self.assertEqual(len(invoice), 1)
            self.assertEqual(invoice.state, 'draft')

        # 11. posted
        self._button('Post invoices', 'post the invoices')
        self._run_jobs()
        with self._db():
            self.assertEqual(invoice.state, 'open')

        # 12. the invoice printed, from the run's invoices
        self._reload()
        self._button('Invoices', 'open the invoices')
        self._open_row('Marco Rossi', 'open the invoice')
        self._button('Print Invoice', 'print the invoice', rerender=False)
        # the button marks the invoice sent, then the web client downloads
        # the report (/report/download) with the page blocked until done

        def printed(driver):
            with self._db():
                return invoice.sent or self._no_error('print the invoice')
        self.wait.until(printed, 'the invoice was not printed')
        self._idle()
        self._no_error('printed')
        self._quit(self.driver)
        self.assertFalse(self.warnings)
