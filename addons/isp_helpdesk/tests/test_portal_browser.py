# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer on a phone opens a ticket with a photo (real Chromium)."""
import contextlib
import os
import shutil
import tempfile

from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import config

from .common import HelpdeskFixtures, png_bytes

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # pragma: no cover - selenium is pinned
    webdriver = None

CHROMEDRIVER = '/usr/bin/chromedriver'


@at_install(False)
@post_install(True)
class TestPortalBrowser(HttpCase):

    def setUp(self):
        super(TestPortalBrowser, self).setUp()
        if webdriver is None or not os.path.exists(CHROMEDRIVER):
            self.skipTest('Chromium and its driver are not installed')
        self.env = self.env(cr=self.registry.test_cr)
        HelpdeskFixtures.build(self.env, self, prefix='hdweb')
        # the browser's requests share the test cursor: read what the test
        # needs now, before the browser starts
        self.login = self.user_a.login
        self.category_id = self.category_fault.id
        self.category_name = self.category_fault.name
        self.partner_id = self.customer_a.id
        self.tmp = tempfile.mkdtemp(prefix='isp_helpdesk_browser_')
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.photo = os.path.join(self.tmp, 'router-lights.png')
        with open(self.photo, 'wb') as photo:
            photo.write(png_bytes((64, 48)))
        self.driver = self._start_chromium()
        self.addCleanup(self.driver.quit)
        self.wait = WebDriverWait(self.driver, 30)
        self.base = 'http://127.0.0.1:%d' % config['http_port']

    def _start_chromium(self):
        home = os.path.join(self.tmp, 'home')
        os.makedirs(home)
        previous_home = os.environ.get('HOME')
        os.environ['HOME'] = home
        self.addCleanup(self._restore_home, previous_home)
        options = webdriver.ChromeOptions()
        for flag in ('--headless', '--no-sandbox', '--disable-gpu',
                     '--disable-dev-shm-usage',
                     '--disable-background-networking',
                     '--disable-component-update', '--disable-sync',
                     '--user-data-dir=%s' % os.path.join(self.tmp, 'data'),
                     '--window-size=390,844'):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER),
                                  options=options)
        driver.set_window_size(390, 844)
        return driver

    @contextlib.contextmanager
    def _db(self):
        """Serialize the test's queries with the requests of the page (they
        share the registry's test cursor)."""
        self.registry.test_cr.acquire()
        try:
            yield
        finally:
            self.registry.test_cr.release()

    @staticmethod
    def _restore_home(previous):
        if previous is None:
            os.environ.pop('HOME', None)
        else:
            os.environ['HOME'] = previous

    def test_customer_creates_a_ticket_with_a_photo_on_a_phone(self):
        driver, wait = self.driver, self.wait
        driver.get(self.base + '/web/login')
        wait.until(ec.presence_of_element_located((By.NAME, 'login')))
        driver.find_element(By.NAME, 'login').send_keys(self.login)
        driver.find_element(By.NAME, 'password').send_keys(
            self.login)
        driver.find_element(
            By.CSS_SELECTOR, 'form.oe_login_form button[type=submit]').click()
        wait.until(ec.url_contains('/my'))

        driver.get(self.base + '/my/tickets')
        wait.until(ec.element_to_be_clickable(
            (By.CSS_SELECTOR, 'a.o_isp_new_ticket'))).click()
        select = wait.until(ec.presence_of_element_located(
            (By.ID, 'isp_category')))
        Select(select).select_by_visible_text(self.category_name)
        wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_category_text[data-category="%d"]'
             % self.category_id)))
        driver.find_element(By.ID, 'isp_description').send_keys(
            'No internet since 8:00\nThe PON light is red.')
        driver.find_element(By.ID, 'isp_images').send_keys(self.photo)
        driver.find_element(By.CSS_SELECTOR, '.o_isp_submit_ticket').click()
        wait.until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_ticket')))

        with self._db():
            ticket = self.env['helpdesk.ticket'].search(
                [('partner_id', '=', self.partner_id)])
            self.assertEqual(len(ticket), 1)
            self.assertEqual(ticket.name, 'No internet since 8:00')
            self.assertEqual(ticket.attachment_ids.mapped('name'),
                             ['router-lights.png'])
            number = ticket.number

        driver.get(self.base + '/my/tickets')
        row = wait.until(ec.visibility_of_element_located(
            (By.CSS_SELECTOR, '.o_isp_ticket_row')))
        self.assertIn('No internet since 8:00', row.text)
        self.assertIn(number, row.text)
        self.assertLessEqual(
            driver.execute_script('return document.body.scrollWidth'), 390)
