# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plans in the portal (/my/plans): the tariffs and bundles offered there,
with their price and features; a change (in place of one of the customer's
services) or a new service, previewed first (new monthly amount, penalty),
then asked for: a ticket, a draft migration and a request the staff check.

Only when the company's "Plan requests" setting is on (404 otherwise). The
plans are the catalog's offered ones (read as superuser: a fixed domain,
no customer data); the services are read as superuser only among the
logged-in customer's own (its commercial entity): any other id is 404."""
from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_profile import account_partner


def plans_enabled(user):
    return bool(user.company_id.sudo().isp_portal_plan_requests_enabled)


def check_plans_enabled():
    if not plans_enabled(request.env.user):
        raise NotFound()


class IspPortalPlans(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(IspPortalPlans, self)._prepare_portal_layout_values()
        values['isp_plans_enabled'] = plans_enabled(request.env.user)
        return values

    # helpers -----------------------------------------------------------

    def _isp_plan_context(self):
        """(customer, company, date) of the logged-in user; 404 when the
        plans are off or the customer is a former one kept out."""
        check_plans_enabled()
        partner = account_partner()
        return (partner, request.env.user.company_id,
                fields.Date.context_today(request.env.user))

    def _isp_offered_plan(self, company, plan_id):
        """The plan ``plan_id`` if the portal offers it to ``company``'s
        customers, else an empty recordset."""
        Template = request.env['product.template'].sudo()
        return Template.search(
            Template._isp_portal_plan_domain(company)
            + [('id', '=', plan_id)], limit=1)

    def _isp_own_service(self, partner, subscription_id):
        """The customer's live service ``subscription_id`` (empty: a new
        service); 404 for any other id."""
        services = request.env['isp.subscription'].sudo()
        if not subscription_id:
            return services
        if not str(subscription_id).isdigit():
            raise NotFound()
        service = request.env['product.template'].sudo(
        )._isp_portal_live_services(partner).filtered(
            lambda s: s.id == int(subscription_id))
        if not service:
            raise NotFound()
        return service

    def _isp_plans_page(self, partner, company, date, **extra):
        Template = request.env['product.template'].sudo()
        plans = Template._isp_portal_plans(company)
        services = Template._isp_portal_live_services(partner)
        values = CustomerPortal._prepare_portal_layout_values(self)
        values.update({
            'plans': plans,
            'prices': {plan.id: plan._isp_portal_price(company, date)
                       for plan in plans},
            'services': services,
            'service_monthly': {
                service.id: Template._isp_portal_service_monthly(
                    service, date) for service in services},
            'currency': company.currency_id,
            'page_name': 'isp_plans',
        })
        values.update(extra)
        return request.render('isp_portal.portal_my_plans', values)

    def _isp_not_offered(self, partner, company, date):
        return self._isp_plans_page(partner, company, date, error=_(
            'This plan is not offered in the portal: choose one of the '
            'plans below, or call us.'))

    def _isp_same_plan(self, plan, service):
        return service and service.product_id.product_tmpl_id == plan

    # routes ------------------------------------------------------------

    @http.route('/my/plans', type='http', auth='user', website=True,
                methods=['GET'])
    def isp_my_plans(self, sent=None, **kw):
        partner, company, date = self._isp_plan_context()
        messages = {
            'new': _('Request sent: we check it and answer you in the '
                     'ticket we opened. Nothing changes until then.'),
            'again': _('You have already asked for this change: we are '
                       'checking it and answer you in its ticket.'),
        }
        return self._isp_plans_page(partner, company, date,
                                    message=messages.get(sent))

    @http.route('/my/plans/<int:plan_id>/preview', type='http',
                auth='user', website=True, methods=['GET'])
    def isp_plan_preview(self, plan_id, subscription_id=None, **kw):
        partner, company, date = self._isp_plan_context()
        service = self._isp_own_service(partner, subscription_id)
        plan = self._isp_offered_plan(company, plan_id)
        if not plan:
            return self._isp_not_offered(partner, company, date)
        if self._isp_same_plan(plan, service):
            return self._isp_plans_page(partner, company, date, error=_(
                'You already have %s on this service: choose another plan '
                'or another service.') % plan.name)
        values = CustomerPortal._prepare_portal_layout_values(self)
        values.update({
            'preview': plan._isp_portal_preview(
                partner, company, service, date),
            'page_name': 'isp_plan_preview',
        })
        return request.render('isp_portal.portal_my_plan_preview', values)

    @http.route('/my/plans/<int:plan_id>/request', type='http',
                auth='user', website=True, methods=['POST'])
    def isp_plan_request(self, plan_id, subscription_id=None, **kw):
        partner, company, date = self._isp_plan_context()
        service = self._isp_own_service(partner, subscription_id)
        plan = self._isp_offered_plan(company, plan_id)
        if not plan or self._isp_same_plan(plan, service):
            return self._isp_not_offered(partner, company, date)
        _req, created = plan._isp_portal_request_plan(
            partner, request.env.user.partner_id.sudo(), company, service,
            date)
        return request.redirect('/my/plans?sent=%s' % (
            'new' if created else 'again'))
