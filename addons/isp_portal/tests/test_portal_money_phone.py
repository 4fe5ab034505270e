# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's invoice page on a phone (Chromium, 390x844): the dates read on
one line each, side by side, and the totals in full on the screen."""
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.browser import PHONE, By, ChromiumCase, ec

from .money_common import MoneyHttpCase

# the labels and values of the invoice's dates, the totals box
LAYOUT_JS = """
var out = {width: window.innerWidth, dates: [], totals: []};
document.querySelectorAll('.o_portal_wrap strong').forEach(function (el) {
    var text = el.textContent.trim();
    if (text === 'Invoice Date:' || text === 'Due Date:') {
        var value = el.parentElement.querySelector('p');
        out.dates.push({label: text,
                        label_height: el.getBoundingClientRect().height,
                        top: el.getBoundingClientRect().top,
                        value_height: value.getBoundingClientRect().height,
                        value_overflow:
                            value.scrollWidth > value.clientWidth + 1});
    }
});
document.querySelectorAll('#total td').forEach(function (td) {
    var rect = td.getBoundingClientRect();
    out.totals.push({text: td.textContent.trim(), right: rect.right,
                     overflow: td.scrollWidth > td.clientWidth + 1});
});
return out;
"""


@at_install(False)
@post_install(True)
class TestMoneyPagesOnAPhone(MoneyHttpCase, ChromiumCase):

    def setUp(self):
        super(TestMoneyPagesOnAPhone, self).setUp()
        self.invoice = self._invoice(self.owner, 1234567.89,
                                     self._date(months=-1),
                                     self._date(days=-3))
        self._commit()
        self._start_browser(PHONE, prefix='isp_money_phone_')

    def test_invoice_page_dates_on_one_line_and_totals_in_full(self):
        self._log_in('money_owner', 'money_owner',
                     ec.presence_of_element_located(
                         (By.CSS_SELECTOR, '.o_portal_wrap')))
        self.driver.get(self.base + '/my/invoices/%d' % self.invoice.id)
        self.wait.until(ec.visibility_of_element_located(
            (By.ID, 'total')))
        layout = self.driver.execute_script(LAYOUT_JS)
        self.assertEqual(len(layout['dates']), 2, layout)
        for date in layout['dates']:
            # one line of about 20 px each: not broken over two lines
            self.assertLess(date['label_height'], 30, layout)
            self.assertLess(date['value_height'], 30, layout)
            self.assertFalse(date['value_overflow'], layout)
        self.assertEqual(layout['dates'][0]['top'],
                         layout['dates'][1]['top'], layout)
        self.assertTrue(layout['totals'], layout)
        for cell in layout['totals']:
            self.assertLessEqual(cell['right'], layout['width'], layout)
            self.assertFalse(cell['overflow'], layout)
        self.assertIn('1,234,567.89', ' '.join(
            cell['text'] for cell in layout['totals']))
