# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug import urls
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.portal.controllers.portal import (
    CustomerPortal, pager as portal_pager)
from odoo.addons.sale.controllers.portal import (
    CustomerPortal as SaleCustomerPortal)


def is_local_path(url):
    """A path of this site ("/my/home"), not another site's address
    ("https://evil.example", "//evil.example", "/\\evil.example")."""
    return bool(url) and url.startswith('/') and not url.startswith('//') \
        and '\\' not in url and not urls.url_parse(url).netloc


def found_or_404(check, record_id, access_token):
    """Run Odoo's own access check of a portal document (rights and
    rules, or its access token) and answer 404 when it fails. Odoo 11
    redirects to /my instead, which tells a visitor that the id exists."""
    try:
        return check(record_id, access_token)
    except (AccessError, MissingError):
        raise NotFound()


class IspCustomerPortal(CustomerPortal):

    def _isp_services_domain(self):
        """Domain of the services the current user may list, or None.

        Access is decided by the ACL and record rules of isp.subscription,
        evaluated as the current user: no sudo().
        """
        subscriptions = request.env['isp.subscription']
        if not subscriptions.check_access_rights(
                'read', raise_exception=False):
            return None
        return subscriptions._get_portal_services_domain(
            request.env.user.partner_id)

    def _prepare_portal_layout_values(self):
        values = super(IspCustomerPortal, self)._prepare_portal_layout_values()
        domain = self._isp_services_domain()
        values['isp_service_count'] = (
            request.env['isp.subscription'].search_count(domain)
            if domain is not None else 0)
        return values

    @http.route()
    def account(self, redirect=None, **post):
        """The customer's details change only through the form's POST (with
        its CSRF token): Odoo 11.0.7 also applies them from a GET's query
        string, so a crafted link changes the details (e-mail included) of
        the customer who opens it (CVE-2019-11781). The page sends the
        customer back only to a page of this site."""
        if request.httprequest.method != 'POST':
            post = {}
        if redirect and not is_local_path(redirect):
            redirect = None
        return super(IspCustomerPortal, self).account(
            redirect=redirect, **post)

    @http.route(['/my/services', '/my/services/page/<int:page>'],
                type='http', auth='user', website=True)
    def portal_my_services(self, page=1, **kw):
        domain = self._isp_services_domain()
        if domain is None:
            return request.redirect('/my')
        values = self._prepare_portal_layout_values()
        subscriptions = request.env['isp.subscription']
        pager = portal_pager(
            url='/my/services',
            total=subscriptions.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        services = subscriptions.search(
            domain, order='date_start desc, id desc',
            limit=self._items_per_page, offset=pager['offset'])
        values.update({
            'services': services,
            'pager': pager,
            'page_name': 'isp_service',
            'default_url': '/my/services',
        })
        return request.render('isp_portal.portal_my_services', values)


class IspInvoicePortal(PortalAccount):
    """Invoices: the same 404 for another customer's invoice, a wrong
    token and an id that does not exist."""

    @http.route()
    def portal_my_invoice_detail(self, invoice_id, access_token=None, **kw):
        found_or_404(self._invoice_check_access, invoice_id, access_token)
        return super(IspInvoicePortal, self).portal_my_invoice_detail(
            invoice_id, access_token=access_token, **kw)

    @http.route()
    def portal_my_invoice_report(self, invoice_id, access_token=None, **kw):
        found_or_404(self._invoice_check_access, invoice_id, access_token)
        return super(IspInvoicePortal, self).portal_my_invoice_report(
            invoice_id, access_token=access_token, **kw)


class IspOrderPortal(SaleCustomerPortal):
    """Contracts and orders: as for invoices."""

    @http.route()
    def portal_order_page(self, order=None, access_token=None, **kw):
        found_or_404(self._order_check_access, order, access_token)
        return super(IspOrderPortal, self).portal_order_page(
            order=order, access_token=access_token, **kw)

    @http.route()
    def portal_order_report(self, order_id, access_token=None, **kw):
        found_or_404(self._order_check_access, order_id, access_token)
        return super(IspOrderPortal, self).portal_order_report(
            order_id, access_token=access_token, **kw)
