# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

from PIL import Image, PngImagePlugin

from odoo.addons.isp_crm.tests.common import IspCommon


def png_bytes(size=(16, 16)):
    buffer = io.BytesIO()
    Image.new('RGB', size, (10, 120, 200)).save(buffer, format='PNG')
    return buffer.getvalue()


def png_with_script():
    """A valid PNG carrying a script in a text chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text('Comment', '<script>alert(document.cookie)</script>')
    buffer = io.BytesIO()
    Image.new('RGB', (16, 16), (200, 10, 10)).save(
        buffer, format='PNG', pnginfo=info)
    return buffer.getvalue()


def oversized_png_bytes(megabytes):
    """A real PNG padded past ``megabytes`` MB (a text chunk at the end)."""
    data = png_bytes()
    return data + b'\x00' * (int(megabytes * 1024 * 1024) + 1)


class HelpdeskFixtures(object):
    """Builds the helpdesk data of a test in ``env`` (class or instance)."""

    @staticmethod
    def build(env, holder, prefix='hd'):
        company = env.user.company_id
        company.write({
            'isp_helpdesk_daily_limit_enabled': False,
            'isp_helpdesk_daily_limit': 2,
            'isp_helpdesk_image_max_mb': 1,
            'isp_helpdesk_portal_open_only': False,
        })
        holder.company = company
        holder.stage_new = env.ref('helpdesk_mgmt.helpdesk_ticket_stage_new')
        holder.stage_progress = env.ref(
            'helpdesk_mgmt.helpdesk_ticket_stage_in_progress')
        holder.stage_done = env.ref('helpdesk_mgmt.helpdesk_ticket_stage_done')
        Users = env['res.users'].with_context(
            no_reset_password=True, tracking_disable=True)
        holder.technician = Users.create({
            'name': 'Tess Technician', 'login': '%s_tech' % prefix,
            'email': '%s.tech@example.com' % prefix,
            'notification_type': 'email',
            'groups_id': [(6, 0, [env.ref(
                'isp_helpdesk.group_isp_helpdesk_technician').id])],
        })
        holder.billing_technician = Users.create({
            'name': 'Bill Billing', 'login': '%s_billing' % prefix,
            'email': '%s.billing@example.com' % prefix,
            'groups_id': [(6, 0, [env.ref(
                'isp_helpdesk.group_isp_helpdesk_technician').id])],
        })
        Team = env['helpdesk.ticket.team']
        holder.area_technical = Team.create({'name': 'Test technical'})
        holder.area_billing = Team.create({'name': 'Test billing'})
        Category = env['helpdesk.ticket.category']
        holder.category_fault = Category.create({
            'name': 'Test fault', 'isp_portal_offered': True,
            'isp_portal_description': 'Restart the router first.',
        })
        holder.category_receipt = Category.create({
            'name': 'Test receipt', 'isp_portal_offered': False})
        holder.category_hidden = Category.create({
            'name': 'Test back office only', 'isp_portal_offered': False})
        for login, name in (('a', 'Customer Ana'), ('b', 'Customer Bea')):
            user = Users.create({
                'name': name, 'login': '%s_customer_%s' % (prefix, login),
                'password': '%s_customer_%s' % (prefix, login),
                'email': '%s.customer.%s@example.com' % (prefix, login),
                'notification_type': 'email',
                'groups_id': [(6, 0, [env.ref('base.group_portal').id])],
            })
            setattr(holder, 'user_%s' % login, user)
            setattr(holder, 'customer_%s' % login, user.partner_id)
        Origin = env['isp.helpdesk.origin']
        empty = {'team_id': False, 'category_id': False, 'user_id': False,
                 'stage_id': False, 'priority': False}
        for origin in ('portal', 'payment_receipt', 'plan_request'):
            line = Origin._get_for_origin(origin, company)
            if not line:
                line = Origin.create({'origin': origin,
                                      'company_id': company.id})
            line.write(empty)
            setattr(holder, 'origin_%s' % origin, line)

    @staticmethod
    def ticket(env, partner, **values):
        vals = {
            'name': 'Router blinks red',
            'description': 'Since this morning.',
            'partner_id': partner.id,
        }
        vals.update(values)
        return env['helpdesk.ticket'].create(vals)


class IspHelpdeskCommon(IspCommon):

    @classmethod
    def setUpClass(cls):
        super(IspHelpdeskCommon, cls).setUpClass()
        HelpdeskFixtures.build(cls.env, cls)

    def _ticket(self, partner=None, **values):
        return HelpdeskFixtures.ticket(
            self.env, partner or self.customer_a, **values)
