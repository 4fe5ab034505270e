# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The menus and buttons a new user met on the first day, with every ISP
addon installed."""
from lxml import etree

from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools.safe_eval import safe_eval


@at_install(False)
@post_install(True)
class TestFirstDayMenus(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(TestFirstDayMenus, cls).setUpClass()
        cls.isp_user = cls.env['res.users'].with_context(
            no_reset_password=True).create({
                'name': 'First Day Agent', 'login': 'first_day_agent',
                'groups_id': [(6, 0, [
                    cls.env.ref('base.group_user').id,
                    cls.env.ref('isp_crm.group_isp_user').id])],
            })

    def _first_action(self, node):
        """The action the web client opens for a menu without one: the
        first entry with an action, in the order of the menu."""
        if node.get('action'):
            return node['action']
        for child in node.get('children') or []:
            found = self._first_action(child)
            if found:
                return found
        return None

    def test_isp_app_opens_a_list_not_the_new_contract_dialog(self):
        menus = self.env['ir.ui.menu'].sudo(self.isp_user).load_menus(False)
        isp = self.env.ref('isp_crm.menu_isp_root')
        app = [child for child in menus['children']
               if child['id'] == isp.id][0]
        model, action_id = self._first_action(app).split(',')
        action = self.env[model].browse(int(action_id))
        self.assertNotEqual(getattr(action, 'target', False), 'new')
        self.assertIn('tree', action.view_mode or '')

    def test_job_queue_is_not_an_app_of_the_top_bar(self):
        admin = self.env.ref('base.user_root')
        menus = self.env['ir.ui.menu'].sudo(admin).load_menus(False)
        self.assertNotIn('Job Queue',
                         [child['name'] for child in menus['children']])
        root = self.env.ref('queue_job.menu_queue_job_root')
        self.assertEqual(root.parent_id, self.env.ref('base.menu_custom'))

    def test_active_subscription_offers_no_activate_not_billable(self):
        arch = etree.fromstring(self.env['isp.subscription'].fields_view_get(
            view_type='form')['arch'])
        button = arch.xpath(
            "//button[@name='action_activate_nonbillable']")[0]
        invisible = safe_eval(button.get('modifiers').replace(
            'true', 'True').replace('false', 'False'))['invisible']
        # [["state", "not in", [...]]]: shown in these states only
        shown = invisible[0][2]
        self.assertNotIn('active', shown)
        self.assertNotIn('active_nonbillable', shown)
        self.assertIn('pending', shown)
