# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The home page (/my) obeys the portal's "Tickets" setting: off, no
tickets entry (count or "New ticket" link); on, both are there."""
from odoo.tests.common import at_install, post_install

from .account_common import AccountHttpCase


@at_install(False)
@post_install(True)
class TestPortalHomeSwitch(AccountHttpCase):

    def setUp(self):
        super(TestPortalHomeSwitch, self).setUp()
        self.env['helpdesk.ticket'].create({
            'name': 'Router blinks red', 'description': 'Since Monday',
            'partner_id': self.ana.id})
        self._share()

    def _home(self):
        page = self._get('/my')
        self.assertEqual(page.status_code, 200)
        return page.text

    def test_home_shows_the_tickets_entry_when_tickets_are_on(self):
        self.company.isp_portal_tickets_enabled = True
        self._share()
        self._login(self.user_ana)
        home = self._home()
        self.assertIn('href="/my/tickets"', home)
        self.assertIn('href="/new/ticket"', home)

    def test_home_hides_the_tickets_entry_when_tickets_are_off(self):
        self.company.isp_portal_tickets_enabled = False
        self._share()
        self._login(self.user_ana)
        home = self._home()
        self.assertNotIn('/my/tickets', home)
        self.assertNotIn('/new/ticket', home)
