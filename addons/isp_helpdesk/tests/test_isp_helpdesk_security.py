# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests.common import at_install, post_install

from odoo.addons.isp_crm.tests.common import IspCommon


@at_install(False)
@post_install(True)
class TestIspHelpdeskSecurity(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(TestIspHelpdeskSecurity, cls).setUpClass()
        cls.technician = cls._create_user(
            'isp_helpdesk_technician',
            ['isp_helpdesk.group_isp_helpdesk_technician'])
        cls.manager = cls._create_user(
            'isp_helpdesk_manager',
            ['isp_helpdesk.group_isp_helpdesk_manager'])
        cls.isp_user = cls._create_user(
            'isp_helpdesk_crm_user', ['isp_crm.group_isp_user'])
        cls.customer = cls.env['res.partner'].create(
            {'name': 'Helpdesk Customer'})
        cls.ticket = cls.env['helpdesk.ticket'].create({
            'name': 'No connection since this morning',
            'description': 'The fibre router shows a red light.',
            'partner_id': cls.customer.id,
        })

    def test_technician_is_helpdesk_user_and_isp_user(self):
        self.assertTrue(
            self.technician.has_group('helpdesk_mgmt.group_helpdesk_user'))
        self.assertTrue(self.technician.has_group('isp_crm.group_isp_user'))
        self.assertFalse(
            self.technician.has_group('helpdesk_mgmt.group_helpdesk_manager'))

    def test_manager_is_technician_and_helpdesk_manager(self):
        self.assertTrue(self.manager.has_group(
            'isp_helpdesk.group_isp_helpdesk_technician'))
        self.assertTrue(
            self.manager.has_group('helpdesk_mgmt.group_helpdesk_manager'))

    def test_technician_reads_tickets_of_any_technician(self):
        found = self.env['helpdesk.ticket'].sudo(self.technician).search(
            [('id', '=', self.ticket.id)])
        self.assertEqual(found, self.ticket)

    def test_technician_cannot_delete_tickets_but_manager_can(self):
        ticket = self.env['helpdesk.ticket'].create({
            'name': 'Duplicate request',
            'description': 'Opened twice by mistake.',
        })
        with self.assertRaises(AccessError):
            ticket.sudo(self.technician).unlink()
        ticket.sudo(self.manager).unlink()
        self.assertFalse(ticket.exists())

    def test_isp_user_without_helpdesk_group_cannot_read_tickets(self):
        with self.assertRaises(AccessError):
            self.env['helpdesk.ticket'].sudo(self.isp_user).search([])

    def test_tickets_menu_visible_to_technician_only(self):
        menu = self.env.ref('isp_helpdesk.helpdesk_ticket_menu')
        self.assertEqual(
            menu.action, self.env.ref('isp_helpdesk.helpdesk_ticket_action'))
        self.assertEqual(menu.parent_id.parent_id,
                         self.env.ref('isp_crm.menu_isp_root'))
        self.assertMenuVisible(menu, self.technician)
        self.assertMenuHidden(menu, self.isp_user)
