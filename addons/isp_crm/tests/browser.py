# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A real, headless Chromium for the suite's browser tests.

The addons that build on isp_crm subclass ``ChromiumCase`` and call
``_start_browser`` at the end of their ``setUp``, once what the page must
see is committed to the registry's test cursor."""
import contextlib
import os
import shutil
import tempfile

from odoo.tests.common import HttpCase
from odoo.tools import config

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - selenium is pinned
    webdriver = None

CHROMEDRIVER = '/usr/bin/chromedriver'
DESKTOP = (1400, 1000)
PHONE = (390, 844)
# make test's install matrix sets it: the browser flows and the suite-wide
# audits (every view's buttons, every public method) run once, in the full
# run with the six addons, which covers more than any addon alone
IN_MATRIX = 'ISP_TEST_MATRIX'


def skip_in_matrix(case, what):
    """Skip ``case`` in make test's install matrix (see IN_MATRIX)."""
    if os.environ.get(IN_MATRIX):
        case.skipTest('%s run in the full test run only' % what)


class ChromiumCase(HttpCase):
    """An HttpCase driving Chromium: ``self.driver``, ``self.wait``,
    ``self.base`` (the test server) and ``self.tmp`` (a folder removed
    after the test)."""

    def _start_browser(self, size=DESKTOP, prefix='isp_browser_'):
        skip_in_matrix(self, 'browser tests')
        if webdriver is None or not os.path.exists(CHROMEDRIVER):
            self.skipTest('Chromium and its driver are not installed')
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # Chromium writes in HOME: a throw-away one
        home = os.path.join(self.tmp, 'home')
        os.makedirs(home)
        self.addCleanup(self._restore_home, os.environ.get('HOME'))
        os.environ['HOME'] = home
        options = webdriver.ChromeOptions()
        for flag in ('--headless', '--no-sandbox', '--disable-gpu',
                     '--disable-dev-shm-usage',
                     '--disable-background-networking',
                     '--disable-component-update', '--disable-sync',
                     '--user-data-dir=%s' % os.path.join(self.tmp, 'data'),
                     '--window-size=%d,%d' % size):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER),
                                       options=options)
        self.addCleanup(self.driver.quit)
        self.driver.set_window_size(*size)
        # a web client page renders its widgets again on reloads: a
        # condition that meets an element of the previous rendering tries
        # again instead of failing
        self.wait = WebDriverWait(
            self.driver, 30,
            ignored_exceptions=(StaleElementReferenceException,))
        self.base = 'http://127.0.0.1:%d' % config['http_port']

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

    def _log_in(self, login, password, ready):
        """Log in through the login form; wait until ``ready`` (an
        expected condition) holds on the page it leads to."""
        self.driver.get(self.base + '/web/login')
        self.wait.until(ec.presence_of_element_located((By.NAME, 'login')))
        self.driver.find_element(By.NAME, 'login').send_keys(login)
        self.driver.find_element(By.NAME, 'password').send_keys(password)
        self.driver.find_element(
            By.CSS_SELECTOR, 'form.oe_login_form button[type=submit]').click()
        self.wait.until(ready)
