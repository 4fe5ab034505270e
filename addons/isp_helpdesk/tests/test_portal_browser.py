# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A customer on a phone opens a ticket with a photo (real Chromium)."""
import os

from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.browser import PHONE, By, ChromiumCase, ec

from .common import HelpdeskFixtures, png_bytes

try:
    from selenium.webdriver.support.ui import Select
except ImportError:  # pragma: no cover - selenium is pinned
    Select = None


@at_install(False)
@post_install(True)
class TestPortalBrowser(ChromiumCase):

    def setUp(self):
        super(TestPortalBrowser, self).setUp()
        self.env = self.env(cr=self.registry.test_cr)
        HelpdeskFixtures.build(self.env, self, prefix='hdweb')
        # the browser's requests share the test cursor: read what the test
        # needs now, before the browser starts
        self.login = self.user_a.login
        self.category_id = self.category_fault.id
        self.category_name = self.category_fault.name
        self.partner_id = self.customer_a.id
        self._start_browser(PHONE, prefix='isp_helpdesk_browser_')
        self.photo = os.path.join(self.tmp, 'router-lights.png')
        with open(self.photo, 'wb') as photo:
            photo.write(png_bytes((64, 48)))

    def test_customer_creates_a_ticket_with_a_photo_on_a_phone(self):
        driver, wait = self.driver, self.wait
        self._log_in(self.login, self.login, ec.url_contains('/my'))

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
