# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer signs on a phone: Debian's Chromium driven by Selenium."""
import base64
import io
import os
import shutil
import tempfile

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as expected
from selenium.webdriver.support.ui import WebDriverWait

from odoo.tests.common import at_install, post_install
from odoo.tools import config

from .test_esign_page import CODE_RE, LINK_RE, EsignPageCase

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
CHROMIUM_FLAGS = (
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync',
)
PHONE = (390, 844)
WAIT = 30


@at_install(False)
@post_install(True)
class TestEsignPageBrowser(EsignPageCase):

    def setUp(self):
        super(TestEsignPageBrowser, self).setUp()
        self.base_url = 'http://127.0.0.1:%d' % config['http_port']
        # the link in the SMS must lead to this server
        self.env['ir.config_parameter'].set_param(
            'web.base.url', self.base_url)

    def _browser(self):
        if os.environ.get('ISP_TEST_MATRIX'):
            # make test's install matrix: the flow runs in the full run
            self.skipTest('browser tests run in the full test run only')
        home = tempfile.mkdtemp(prefix='isp_esign_chromium_')
        self.addCleanup(shutil.rmtree, home, True)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument('--user-data-dir=%s' % os.path.join(
            home, 'profile'))
        options.add_argument('--window-size=%d,%d' % PHONE)
        service = Service(CHROMEDRIVER, env=dict(os.environ, HOME=home))
        driver = webdriver.Chrome(service=service, options=options)
        self.addCleanup(self._quit, driver)
        driver.set_window_size(*PHONE)
        return driver

    def _quit(self, driver):
        if driver.session_id:
            driver.quit()
            driver.session_id = None

    def _wait_for_sms(self, driver, count):
        WebDriverWait(driver, WAIT).until(
            lambda _driver: len(self.sms.received) >= count)
        return self.sms.json_bodies()[count - 1]['text']

    def test_customer_signs_on_a_phone_with_a_code_received_by_sms(self):
        esign, __ = self._new_request()
        link = LINK_RE.search(self._last_sms()).group(0)
        self.assertTrue(self._last_sms().find(self.base_url + link) >= 0,
                        'the SMS carries the full link')
        driver = self._browser()
        wait = WebDriverWait(driver, WAIT)

        # the customer opens the link of the SMS and asks for the code
        driver.get(self.base_url + link)
        send_sms = wait.until(expected.element_to_be_clickable(
            (By.CSS_SELECTOR, '.o_isp_esign_send_sms')))
        self.assertLessEqual(driver.execute_script(
            'return document.documentElement.clientWidth'), PHONE[0])
        self.assertIn('Fibra Test SpA', driver.page_source)
        sent = len(self.sms.received)
        send_sms.click()
        code = CODE_RE.search(self._wait_for_sms(driver, sent + 1)).group(1)

        # the code of the second SMS, typed on the page
        code_input = wait.until(expected.visibility_of_element_located(
            (By.ID, 'o_isp_esign_code')))
        code_input.send_keys(code)
        driver.find_element(By.CSS_SELECTOR, '.o_isp_esign_verify').click()

        # draw with the pointer, type the name, give consent, sign
        canvas = wait.until(expected.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_esign_canvas')))
        wait.until(lambda d: d.execute_script(
            "return document.body.classList.contains('o_isp_esign_ready')"))
        # signing with nothing filled in names every missing part at once
        driver.find_element(By.CSS_SELECTOR, '.o_isp_esign_submit').click()
        client_error = wait.until(expected.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_esign_client_error')))
        self.assertEqual(len(client_error.find_elements(
            By.TAG_NAME, 'div')), 3, client_error.text)
        ActionChains(driver) \
            .move_to_element_with_offset(canvas, -120, 20) \
            .click_and_hold() \
            .move_by_offset(40, -50).move_by_offset(40, 60) \
            .move_by_offset(50, -40).move_by_offset(60, 30) \
            .release().perform()
        driver.find_element(By.ID, 'o_isp_esign_name').send_keys(
            'Giulia Bianchi')
        driver.find_element(
            By.CSS_SELECTOR, '.o_isp_esign_consent_box').click()
        driver.find_element(By.CSS_SELECTOR, '.o_isp_esign_submit').click()

        success = wait.until(expected.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_esign_success')))
        self.assertIn('Thank you', success.text)
        date_shown = driver.find_element(
            By.CSS_SELECTOR, '.o_isp_esign_date_signed').text
        user_agent = driver.execute_script('return navigator.userAgent')
        # the browser is done before the test reads the shared cursor
        self._quit(driver)

        esign.invalidate_cache()
        self.assertEqual(esign.state, 'signed')
        self.assertEqual(esign.signed_name, 'Giulia Bianchi')
        self.assertEqual(esign.code_verified_channel, 'sms')
        self.assertEqual(esign.signer_user_agent, user_agent)
        self.assertIn('Europe/Rome', date_shown)
        drawing = Image.open(io.BytesIO(
            base64.b64decode(esign.signature_image))).convert('L')
        low, high = drawing.getextrema()
        self.assertLess(low, 128, 'the stroke drawn is in the image')
        self.assertEqual(high, 255)
        signed_pdf = base64.b64decode(esign.signed_pdf)
        self.assertTrue(signed_pdf.startswith(b'%PDF'))
        self.assertIn(b'/ByteRange', signed_pdf, 'the PDF is sealed')
        self.assertTrue(set(esign.event_ids.mapped('event_type')) >= {
            'opened', 'code_sent', 'code_verified', 'signed'})
