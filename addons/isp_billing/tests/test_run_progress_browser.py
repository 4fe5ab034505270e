# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The form of a running billing run follows its progress by itself (real
Chromium)."""
import contextlib
import os
import shutil
import tempfile

from odoo.tests.common import HttpCase, at_install, post_install
from odoo.tools import config

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - selenium is pinned
    webdriver = None

CHROMEDRIVER = '/usr/bin/chromedriver'


@at_install(False)
@post_install(True)
class TestRunProgressBrowser(HttpCase):

    def setUp(self):
        super(TestRunProgressBrowser, self).setUp()
        if webdriver is None or not os.path.exists(CHROMEDRIVER):
            self.skipTest('Chromium and its driver are not installed')
        env = self.env(cr=self.registry.test_cr)
        customers = env['res.partner'].create({
            'name': 'Progress Customer 1', 'customer': True})
        customers |= env['res.partner'].create({
            'name': 'Progress Customer 2', 'customer': True})
        self.run_record = env['isp.billing.run'].create({
            'date': '2026-11-05', 'cycle_day': 5})
        self.chunks = env['isp.billing.run.chunk']
        for sequence, customer in enumerate(customers):
            self.chunks |= self.chunks.create({
                'run_id': self.run_record.id, 'step': 'invoice',
                'sequence': sequence, 'partner_ids': [(6, 0, customer.ids)],
                'state': 'done' if sequence == 0 else 'pending'})
        self.run_record.state = 'running'
        self.run_id = self.run_record.id
        self.registry.test_cr.commit()
        self.tmp = tempfile.mkdtemp(prefix='isp_billing_browser_')
        self.addCleanup(shutil.rmtree, self.tmp, True)
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
                     '--window-size=1400,1000'):
            options.add_argument(flag)
        return webdriver.Chrome(service=Service(CHROMEDRIVER),
                                options=options)

    @staticmethod
    def _restore_home(previous):
        if previous is None:
            os.environ.pop('HOME', None)
        else:
            os.environ['HOME'] = previous

    @contextlib.contextmanager
    def _db(self):
        """Serialize the test's queries with the requests of the page (they
        share the registry's test cursor)."""
        self.registry.test_cr.acquire()
        try:
            yield
        finally:
            self.registry.test_cr.release()

    def _progress_text(self):
        return self.driver.find_element(
            By.CSS_SELECTOR, '.o_form_view .o_progressbar_value').text

    def test_running_run_form_follows_the_progress_without_a_click(self):
        driver, wait = self.driver, self.wait
        driver.get(self.base + '/web/login')
        wait.until(ec.presence_of_element_located((By.NAME, 'login')))
        driver.find_element(By.NAME, 'login').send_keys('admin')
        driver.find_element(By.NAME, 'password').send_keys('admin')
        driver.find_element(
            By.CSS_SELECTOR, 'form.oe_login_form button[type=submit]').click()
        wait.until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, '.o_web_client')))
        driver.get(self.base + '/web#id=%d&model=isp.billing.run'
                   '&view_type=form' % self.run_id)
        wait.until(ec.presence_of_element_located(
            (By.CSS_SELECTOR, '.o_form_view .o_progressbar_value')))
        wait.until(lambda d: '50' in self._progress_text())
        # a queue job finishes the last chunk and the run
        with self._db():
            self.chunks[1].state = 'done'
            self.run_record._check_done()
            self.assertEqual(self.run_record.state, 'done')
            # as the job's transaction does (the test cursor's commit is a
            # savepoint: the test still rolls everything back)
            self.registry.test_cr.commit()
        wait.until(lambda d: '100' in self._progress_text())
        self.assertFalse(driver.find_elements(
            By.CSS_SELECTOR, '.o_dialog_warning, .modal .o_error_detail'))
