# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The tickets pages of isp_helpdesk obey the portal's "Tickets" setting:
when the company turns them off, its customers get 404 on every ticket
route and no tickets entry on their home page (staff keep them)."""
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.isp_helpdesk.controllers.main import (
    IspHelpdeskCustomerPortal, IspHelpdeskTicketController)


def check_tickets_enabled():
    user = request.env.user
    if user.share and not user.company_id.sudo().isp_portal_tickets_enabled:
        raise NotFound()


class IspPortalTicketsSwitch(IspHelpdeskCustomerPortal):

    def _prepare_portal_layout_values(self):
        """Tickets off: the home page shows no tickets entry (no count, no
        "New ticket" link)."""
        values = super(IspPortalTicketsSwitch,
                       self)._prepare_portal_layout_values()
        user = request.env.user
        if user.share and not user.company_id.sudo(
        ).isp_portal_tickets_enabled:
            values.update({'ticket_count': 0, 'isp_tickets_off': True})
        return values

    @http.route()
    def portal_my_tickets(self, *args, **kw):
        check_tickets_enabled()
        return super(IspPortalTicketsSwitch, self).portal_my_tickets(
            *args, **kw)

    @http.route()
    def portal_my_ticket(self, *args, **kw):
        check_tickets_enabled()
        return super(IspPortalTicketsSwitch, self).portal_my_ticket(
            *args, **kw)

    @http.route()
    def portal_ticket_message(self, *args, **kw):
        check_tickets_enabled()
        return super(IspPortalTicketsSwitch, self).portal_ticket_message(
            *args, **kw)


class IspPortalTicketControllerSwitch(IspHelpdeskTicketController):

    @http.route()
    def support_ticket_close(self, *args, **kw):
        check_tickets_enabled()
        return super(IspPortalTicketControllerSwitch,
                     self).support_ticket_close(*args, **kw)

    @http.route()
    def create_new_ticket(self, *args, **kw):
        check_tickets_enabled()
        return super(IspPortalTicketControllerSwitch,
                     self).create_new_ticket(*args, **kw)

    @http.route()
    def submit_ticket(self, *args, **kw):
        check_tickets_enabled()
        return super(IspPortalTicketControllerSwitch, self).submit_ticket(
            *args, **kw)
