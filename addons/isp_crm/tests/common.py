# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests.common import SavepointCase


class IspCommon(SavepointCase):
    """Shared helpers of the ISP suite's tests."""

    @classmethod
    def _create_user(cls, login, group_xmlids):
        groups = cls.env['res.groups']
        for xmlid in group_xmlids:
            groups |= cls.env.ref(xmlid)
        return cls.env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True,
        ).create({
            'name': login.replace('_', ' ').title(),
            'login': login,
            'email': '%s@example.com' % login,
            'groups_id': [(6, 0, groups.ids)],
        })

    @classmethod
    def _create_company_user(cls, login, company, group_xmlids):
        """A user who works in ``company`` only."""
        user = cls._create_user(login, group_xmlids)
        user.write({'company_ids': [(6, 0, company.ids)],
                    'company_id': company.id})
        return user

    def assertMenuVisible(self, menu, user):
        visible = self.env['ir.ui.menu'].sudo(user).search(
            [('id', '=', menu.id)])
        self.assertEqual(visible, menu)

    def assertMenuHidden(self, menu, user):
        visible = self.env['ir.ui.menu'].sudo(user).search(
            [('id', '=', menu.id)])
        self.assertFalse(visible)


def authenticate_on_test_cursor(case, login, password):
    """Log an HttpCase's browser session in as ``login``.

    ``HttpCase.authenticate`` reads the user through ``case.cr``, which does
    not see what the test created on the registry's test cursor (where the
    server's requests look): authenticate through that cursor."""
    cr, case.cr = case.cr, case.registry.test_cr
    try:
        case.authenticate(login, password)
    finally:
        case.cr = cr
