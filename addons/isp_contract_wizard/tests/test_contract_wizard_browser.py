# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The wizard clicked in the web client (headless Chromium, a 1024x768
tablet window) by a sales agent: ISP > New contract, the seven steps with
Next and Back, Create, then the contract opened. Any error dialog of the
web client fails the test."""
import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests.common import at_install, get_db_name, post_install

from odoo.addons.isp_crm.tests.browser import ChromiumCase

try:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select
except ImportError:  # pragma: no cover - selenium is pinned
    By = None

from .test_contract_wizard_common import DNI, DNI_OTHER, IBAN, ICC

TABLET = (1024, 768)
ERROR_DIALOGS = '.o_dialog_error, .o_dialog_warning'


@at_install(False)
@post_install(True)
class TestContractWizardBrowser(ChromiumCase):

    @classmethod
    def setUpClass(cls):
        super(TestContractWizardBrowser, cls).setUpClass()
        # the web client's bundles built once, as a first visitor would
        with odoo.registry(get_db_name()).cursor() as cr:
            qweb = api.Environment(cr, SUPERUSER_ID, {})['ir.qweb']
            for bundle in ('web.assets_common', 'web.assets_backend'):
                qweb._get_asset_nodes(bundle, {}, css=True, js=True)

    def setUp(self):
        super(TestContractWizardBrowser, self).setUp()
        self.env = env = self.env(cr=self.registry.test_cr)
        self.agent = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True).create({
                'name': 'Tablet Agent', 'login': 'tablet_agent',
                'password': 'tablet_agent', 'lang': 'en_US',
                'email': 'tablet-agent@example.com',
                'groups_id': [(6, 0, [
                    env.ref('isp_crm.group_isp_agent').id])]})
        self.customer = env['res.partner'].create({
            'name': 'Tablet Customer', 'customer': True,
            'country_id': env.ref('base.es').id,
            'isp_fiscal_id_type': 'es_dni', 'isp_fiscal_id': DNI_OTHER,
            'email': 'tablet-customer@example.com'})
        self.mobile = env['product.product'].create({
            'name': 'Tablet Mobile 30 GB', 'type': 'service',
            'list_price': 12.0, 'isp_service_type': 'mobile',
            'taxes_id': [(5, 0, 0)]})
        method = env['account.payment.method'].create({
            'name': 'Tablet Transfer', 'code': 'tablet_transfer',
            'payment_type': 'inbound'})
        env['account.payment.mode'].create({
            'name': 'Tablet Transfer', 'bank_account_link': 'variable',
            'payment_method_id': method.id})
        self.fibre = env['product.product'].create({
            'name': 'Tablet Fibre 1 Gb', 'type': 'service',
            'list_price': 30.0, 'isp_service_type': 'fibre',
            'taxes_id': [(5, 0, 0)]})
        self.bundle = env['product.product'].create({
            'name': 'Tablet Pack', 'type': 'service', 'list_price': 0.0,
            'isp_is_bundle': True, 'taxes_id': [(5, 0, 0)],
            'isp_bundle_line_ids': [
                (0, 0, {'product_id': self.fibre.id, 'qty_min': 1,
                        'qty_default': 1, 'qty_max': 1}),
                (0, 0, {'product_id': self.mobile.id, 'qty_min': 1,
                        'qty_default': 1, 'qty_max': 3})]})
        method = env['account.payment.method'].create({
            'name': 'Tablet Debit', 'code': 'tablet_debit',
            'payment_type': 'inbound', 'mandate_required': True})
        env['account.payment.mode'].create({
            'name': 'Tablet Debit', 'bank_account_link': 'variable',
            'payment_method_id': method.id})
        self.registry.test_cr.commit()
        self._start_browser(size=TABLET, prefix='isp_wizard_browser_')
        self._log_in('tablet_agent', 'tablet_agent',
                     ec.presence_of_element_located(
                         (By.CSS_SELECTOR, '.o_web_client')))

    # -- the web client ---------------------------------------------------

    def _idle(self):
        self.wait.until(lambda d: d.execute_script(
            "return !document.querySelector('.blockUI') && "
            "!(document.querySelector('.o_loading') && "
            "document.querySelector('.o_loading').offsetParent);"))

    def _no_error(self, step):
        texts = [dialog.text for dialog in self.driver.find_elements(
            By.CSS_SELECTOR, ERROR_DIALOGS) if dialog.is_displayed()]
        self.assertFalse(texts, '%s: the web client shows: %s' % (
            step, texts))

    def _visible(self, css):
        return self.wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, css)))

    def _click(self, css, step, by=None):
        def clickable(driver):
            for element in driver.find_elements(by or By.CSS_SELECTOR, css):
                try:
                    if element.is_displayed() and element.is_enabled():
                        return element
                except StaleElementReferenceException:
                    continue
            self._no_error(step)
            return False
        self.wait.until(clickable, '%s: no %s' % (step, css)).click()
        self._idle()
        self._no_error(step)

    def _button(self, name, step):
        self._click('.modal-footer button[name="%s"]' % name, step)

    def _type(self, css, text):
        field = self._visible(css)
        field.clear()
        field.send_keys(text)

    def _many2one(self, name, text, step):
        self._type('.modal .o_field_many2one[name="%s"] input' % name, text)
        self._click('ul.ui-autocomplete li.ui-menu-item a', step)

    def _radio(self, name, value, step):
        self._click('.modal .o_field_radio[name="%s"] '
                    'input[data-value="%s"]' % (name, value), step)

    def _open_wizard(self):
        """ISP > New contract, once the home action shown after the login
        is rendered: the wizard's dialog then opens over it (the URL's
        fragment only changes). Opened while the home action (Discuss,
        without isp_portal's menus) still renders, Odoo 11's client may
        crash."""
        self.wait.until(lambda driver: driver.find_elements(
            By.CSS_SELECTOR, '.o_main_content > .o_content > *'))
        self._idle()
        self.driver.get(
            self.base + '/web#action=isp_contract_wizard.'
            'isp_contract_wizard_action')

    def _at_step(self, step):
        """Wait for the wizard at ``step``; a refusal shown instead fails
        the test with its message."""
        css = ('.modal .o_statusbar_status '
               'button.btn-primary[data-value="%s"]' % step)

        def arrived(driver):
            self._no_error('step %s' % step)
            return any(element.is_displayed() for element in
                       driver.find_elements(By.CSS_SELECTOR, css))
        self.wait.until(arrived, 'the wizard did not open the step %s'
                        % step)
        self._idle()

    def test_agent_makes_a_contract_on_a_tablet(self):
        self._open_wizard()
        self._at_step('customer')
        # the fiscal id typed in Find: the one customer found is chosen
        self._type('.modal input[name="search_term"]', DNI_OTHER + Keys.TAB)
        self.wait.until(lambda driver: driver.find_element(
            By.CSS_SELECTOR, '.modal .o_field_many2one[name="partner_id"] '
            'input').get_attribute('value') == 'Tablet Customer')
        self._idle()
        self._button('action_next', 'customer: next')
        self._at_step('tariff')
        self._many2one('product_tmpl_id', 'Tablet Mobile',
                       'choose the tariff')
        self._radio('cycle_preset', 'fifteenth', 'billing from the 15th')
        self._radio('payment_method', 'transfer', 'pay by transfer')
        self._button('action_next', 'tariff: next')
        self._at_step('bank')
        self._button('action_back', 'bank: back')
        self._at_step('tariff')
        self._button('action_next', 'tariff: next again')
        self._at_step('bank')
        self._button('action_next', 'bank: next')
        self._at_step('counts')
        self._button('action_next', 'counts: next')
        self._at_step('services')
        self._button('action_next', 'services: next')
        self._at_step('summary')
        self._visible('.modal .o_field_widget[name="amount_total"]')
        self._button('action_create_contract', 'create the contract')
        self._visible('.modal .o_field_widget[name="order_id"]')
        self._button('action_open_contract', 'open the contract')
        self._visible('.o_form_view .o_field_widget[name="partner_id"]')
        with self._db():
            order = self.env['sale.order'].search(
                [('partner_id', '=', self.customer.id)])
            self.assertEqual(len(order), 1)
            self.assertEqual(order.user_id, self.agent)
            self.assertEqual(order.isp_billing_cycle_day, 15)
            self.assertEqual(order.order_line.product_id, self.mobile)
            self.assertEqual(order.order_line.product_uom_qty, 1.0)

    def _select(self, css, value):
        for element in self.driver.find_elements(By.CSS_SELECTOR, css):
            if element.is_displayed():
                Select(element).select_by_value('"%s"' % value)
                self._idle()
                return
        self.fail('no visible %s' % css)

    def _save_dialog(self, step):
        """The "Save" button of the dialog of a line (the last dialog)."""
        self._click("(//div[contains(@class, 'modal-footer')]"
                    "//button[contains(@class, 'btn-primary')])[last()]",
                    step, by=By.XPATH)

    def _open_service(self, name, step):
        self._click("//div[@name='service_line_ids']//tr"
                    "[contains(@class, 'o_data_row')]"
                    "[.//td[contains(normalize-space(), '%s')]]"
                    "/td[contains(@class, 'o_data_cell')]" % name, step,
                    by=By.XPATH)
        self._visible('.modal .o_form_view select[name="number_mode"]')

    def test_new_customer_bundle_with_a_portability_and_direct_debit(self):
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
        self._many2one('product_tmpl_id', 'Tablet Pack', 'the bundle')
        self._many2one('payment_mode_id', 'Tablet Debit', 'debit mode')
        self._button('action_next', 'tariff: next')
        self._at_step('bank')
        self._type('.modal input[name="iban"]', IBAN)
        self._button('action_next', 'bank: next')
        self._at_step('counts')
        self._button('action_next', 'counts: next')
        self._at_step('services')
        # the mobile line: its number ported from another operator
        self._open_service('Tablet Mobile', 'open the mobile line')
        self._select('.modal select[name="number_mode"]', 'portability')
        self._type('.modal input[name="port_donor_operator"]', 'Donor Tel')
        self._type('.modal input[name="port_number"]', '600555444')
        self._type('.modal input[name="port_icc"]', ICC)
        self._save_dialog('save the mobile line')
        # the fibre line: where it is installed
        self._open_service('Tablet Fibre', 'open the fibre line')
        self._type('.modal input[name="install_street"]', 'Calle Sol 3')
        self._type('.modal input[name="install_city"]', 'Valencia')
        self._select('.modal select[name="install_coverage"]', 'covered')
        self._save_dialog('save the fibre line')
        self._button('action_next', 'services: next')
        self._at_step('summary')
        self._button('action_create_contract', 'create the contract')
        self._visible('.modal .o_field_widget[name="order_id"]')
        with self._db():
            order = self.env['sale.order'].search(
                [('partner_id.name', '=', 'Lucia Tablet')])
            self.assertEqual(len(order), 1)
            self.assertEqual(order.partner_id.isp_fiscal_id, DNI)
            self.assertEqual(order.isp_bundle_id, self.bundle.product_tmpl_id)
            self.assertEqual(order.isp_mandate_id.state, 'draft')
            self.assertEqual(
                order.isp_mandate_id.partner_bank_id.acc_number, IBAN)
            ported = order.isp_service_detail_ids.filtered(
                lambda service: service.number_mode == 'portability')
            self.assertEqual(ported.port_donor_operator, 'Donor Tel')
            self.assertEqual(ported.port_icc, ICC)
            fibre = order.isp_service_detail_ids.filtered(
                lambda service: service.product_id == self.fibre)
            self.assertEqual(fibre.install_city, 'Valencia')
            self.assertEqual(fibre.install_coverage, 'covered')
