# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a new user met on the first day: demo tickets counted in today's
portal limit, an empty customer name and e-mail on back-office tickets,
Channel and Origin squeezed on the form, two Helpdesk menus."""
from lxml import etree

from odoo.modules.module import get_resource_path
from odoo.tests.common import at_install, post_install

from .common import IspHelpdeskCommon


@at_install(False)
@post_install(True)
class TestFirstDay(IspHelpdeskCommon):

    def test_backdated_demo_tickets_leave_todays_portal_limit_free(self):
        self.company.write({'isp_helpdesk_daily_limit_enabled': True,
                            'isp_helpdesk_daily_limit': 1})
        Ticket = self.env['helpdesk.ticket']
        ticket = self._ticket(isp_origin='portal',
                              category_id=self.category_fault.id)
        self.assertTrue(Ticket._isp_portal_limit_reached(self.customer_a))
        ticket._isp_demo_backdate(3)
        ticket.invalidate_cache()
        self.assertEqual(
            Ticket._isp_count_portal_tickets_today(self.customer_a), 0)
        self.assertFalse(Ticket._isp_portal_limit_reached(self.customer_a))
        # a new portal ticket is accepted again
        new = Ticket._isp_portal_create_ticket(
            self.customer_a, self.category_fault.id, 'Fibre down')
        self.assertEqual(new.isp_origin, 'portal')

    def test_demo_file_backdates_every_demo_ticket(self):
        # the demo file names every ticket it creates (a new demo ticket
        # left out would count in the demo customer's limit again)
        tree = etree.parse(get_resource_path(
            'isp_helpdesk', 'demo', 'isp_helpdesk_demo.xml'))
        tickets = tree.xpath("//record[@model='helpdesk.ticket']/@id")
        call = tree.xpath(
            "//function[@name='_isp_demo_backdate']/@eval")[0]
        self.assertTrue(tickets)
        for xmlid in tickets:
            self.assertIn("ref('%s')" % xmlid, call)

    def test_back_office_ticket_takes_name_and_email_of_its_customer(self):
        ticket = self._ticket()
        self.assertEqual((ticket.partner_name, ticket.partner_email),
                         (self.customer_a.name, self.customer_a.email))
        ticket.partner_id = self.customer_b
        self.assertEqual((ticket.partner_name, ticket.partner_email),
                         (self.customer_b.name, self.customer_b.email))
        typed = self._ticket(partner_name='Ana at the shop')
        self.assertEqual((typed.partner_name, typed.partner_email),
                         ('Ana at the shop', self.customer_a.email))

    def test_form_shows_channel_and_origin_with_the_customer(self):
        arch = etree.fromstring(self.env['helpdesk.ticket'].fields_view_get(
            view_type='form')['arch'])
        group = arch.xpath("//field[@name='partner_email']/..")[0]
        names = [node.get('name') for node in group.iter('field')]
        self.assertEqual(
            names[names.index('partner_email'):][:3],
            ['partner_email', 'channel_id', 'isp_origin'])
        self.assertEqual(len(arch.xpath("//field[@name='channel_id']")), 1)
        origin = arch.xpath("//field[@name='isp_origin']")[0]
        self.assertIn('"invisible": [["isp_origin", "=", false]]',
                      origin.get('modifiers'))

    def test_one_helpdesk_menu_under_isp(self):
        self.assertFalse(self.env.ref(
            'helpdesk_mgmt.helpdesk_ticket_main_menu').active)
        menus = self.env['ir.ui.menu'].sudo(self.technician).load_menus(
            False)
        apps = {child['id']: child for child in menus['children']}
        isp = self.env.ref('isp_crm.menu_isp_root')
        self.assertIn(isp.id, apps)
        self.assertNotIn('Helpdesk',
                         [child['name'] for child in apps.values()])
        self.assertIn('Helpdesk', [
            child['name'] for child in apps[isp.id]['children']])
        helpdesk = self.env.ref('isp_helpdesk.menu_isp_helpdesk')
        self.assertEqual(helpdesk.parent_id, isp)
        config = self.env.ref('isp_helpdesk.menu_isp_helpdesk_configuration')
        self.assertLessEqual(
            {'helpdesk.ticket.channel', 'helpdesk.ticket.tag'},
            {menu.action.res_model
             for menu in config.child_id if menu.action})

    def test_onboarding_tips_are_not_shown_to_the_administrator(self):
        # Odoo 11 shows its tours to the superuser only
        admin = self.env.ref('base.user_root')
        consumed = self.env['web_tour.tour'].sudo(admin).get_consumed_tours()
        for tour in ('sale_tour', 'crm_tour', 'account_invoicing_tour',
                     'mail_tour'):
            self.assertIn(tour, consumed)
