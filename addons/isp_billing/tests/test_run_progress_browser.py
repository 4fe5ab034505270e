# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The form of a running billing run follows its progress by itself (real
Chromium)."""
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.browser import By, ChromiumCase, ec


@at_install(False)
@post_install(True)
class TestRunProgressBrowser(ChromiumCase):

    def setUp(self):
        super(TestRunProgressBrowser, self).setUp()
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
        self._start_browser(prefix='isp_billing_browser_')

    def _progress_text(self):
        # read in one script: the form renders the bar again on every
        # reload, and an element found before a reload is stale after it
        return self.driver.execute_script(
            "var bar = document.querySelector("
            "'.o_form_view .o_progressbar_value');"
            "return bar ? bar.textContent : '';")

    def test_running_run_form_follows_the_progress_without_a_click(self):
        driver, wait = self.driver, self.wait
        self._log_in('admin', 'admin', ec.presence_of_element_located(
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
