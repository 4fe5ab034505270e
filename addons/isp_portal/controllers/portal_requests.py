# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every request of the customer in one list (/my/requests): the portal
requests of every type, the tickets and the information requests, newest
first, with their status and the staff's last answer; filtered by type
and status, in pages.

The list is the logged-in customer's commercial partner's only, read by
the same private model method the staff's tab on the customer uses."""
from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import (
    CustomerPortal, pager as portal_pager)

REQUESTS_URL = '/my/requests'


class IspPortalRequests(CustomerPortal):

    def _isp_requests_layout_values(self):
        """The portal layout's values without the home page's document
        counters (a search each), which this page does not show."""
        return CustomerPortal._prepare_portal_layout_values(self)

    def _isp_timeline(self, partner, limit, offset, filters):
        return partner.sudo()._isp_request_timeline(
            limit=limit, offset=offset, filters=filters)

    @http.route([REQUESTS_URL, REQUESTS_URL + '/page/<int:page>'],
                type='http', auth='user', website=True, methods=['GET'])
    def isp_my_requests(self, page=1, **kw):
        partner = request.env.user.partner_id.commercial_partner_id
        Partner = request.env['res.partner']
        types = Partner._isp_request_timeline_types()
        statuses = Partner._isp_request_timeline_statuses()
        kind, status = kw.get('type'), kw.get('status')
        filters = {
            'type': kind if kind in dict(types) else None,
            'status': status if status in dict(statuses) else None,
        }
        step = self._items_per_page
        page = max(page, 1)
        timeline = self._isp_timeline(
            partner, step, (page - 1) * step, filters)
        url_args = {key: value for key, value in filters.items() if value}
        pager = portal_pager(url=REQUESTS_URL, url_args=url_args,
                             total=timeline['total'], page=page, step=step)
        user = request.env.user
        values = self._isp_requests_layout_values()
        values.update({
            'timeline': timeline,
            'types': types,
            'statuses': statuses,
            'filters': filters,
            'pager': pager,
            'page_name': 'isp_requests',
            'default_url': REQUESTS_URL,
            'tickets_enabled': not user.share or bool(
                user.company_id.sudo().isp_portal_tickets_enabled),
        })
        return request.render('isp_portal.portal_my_requests', values)
