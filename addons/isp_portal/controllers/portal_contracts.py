# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Contracts and services in the portal (/my/contracts).

Each contract of the customer with its services (the technical data of the
tariff and of the contract's service lines a customer may see), the
commitment end and the penalty the customer would owe if the contract
ended today (the back office's rules: isp_billing's commitment end of
each subscription, isp_crm's early-termination penalty of the tariff, as a
migration dated today computes it), the signed documents (PDF) and the
documents waiting for the customer's signature, with a button to the
isp_esign signing page.

Every route works on the logged-in customer's commercial entity only
(``account_partner``, which also keeps out the former customers the
settings refuse): contracts, services and signature requests are searched
as superuser on domains restricted to that entity; any other id answers
404 and nothing is written."""
import os

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.http import request

from odoo.addons.isp_billing.models.isp_migration import LIVE_STATES
from odoo.addons.isp_esign.controllers.main import (
    IspEsignController, signed_pdf_response)
from odoo.addons.isp_esign.models.isp_esign_request import ESIGN_OPEN_STATES
from odoo.addons.portal.controllers.portal import (
    CustomerPortal, pager as portal_pager)

from .portal_profile import account_partner

# confirmed contracts; a contract sent for signature or signed is shown too
CONTRACT_ORDER_STATES = ('sale', 'done')
ESIGN_SHOWN_STATES = ESIGN_OPEN_STATES + ('signed',)
# services shown on a contract (a rejected or cancelled line is not one)
SHOWN_SERVICE_STATES = LIVE_STATES + ('pending', 'terminated')

STATUS_SIGNATURE = 'signature'
STATUS_ACTIVE = 'active'
STATUS_STARTING = 'starting'
STATUS_ENDED = 'ended'


def selection_labels(model, name):
    """{value: translated label} of a selection field of ``model``."""
    field = model._fields.get(name)
    if not field:
        return {}
    return dict(field._description_selection(model.env))


class IspPortalContracts(CustomerPortal):

    # -- data -------------------------------------------------------------

    def _isp_today(self):
        return fields.Date.context_today(request.env.user)

    def _isp_customer_requests(self, partner):
        """The signature requests the pages show (sudo), newest first:
        every document waiting for the customer's signature and the
        signed documents of the customer's contracts, signed by the
        customer (any of its contacts)."""
        return request.env['isp.esign.request'].sudo().search([
            ('partner_id.commercial_partner_id', '=', partner.id),
            '|', ('state', 'in', list(ESIGN_OPEN_STATES)),
            '&', ('res_model', '=', 'sale.order'), ('state', '=', 'signed'),
        ], order='id desc')

    @staticmethod
    def _isp_pending(requests):
        return requests.filtered(lambda r: r.state in ESIGN_OPEN_STATES)

    @staticmethod
    def _isp_request_titles(requests):
        """{request id: what the customer reads}: "Contract" and the
        contract's number, or the document's file name (the request's
        computed title reads the signed record: queries per request)."""
        orders = request.env['sale.order'].sudo().browse(set(
            requests.filtered(
                lambda r: r.res_model == 'sale.order').mapped('res_id')))
        numbers = {order['id']: order['name']
                   for order in orders.exists().read(['name'])}
        titles = {}
        for esign in requests:
            if esign.res_id in numbers and esign.res_model == 'sale.order':
                titles[esign.id] = _('Contract %s') % numbers[esign.res_id]
            else:
                titles[esign.id] = os.path.splitext(
                    esign.document_filename or '')[0] or esign.name
        return titles

    def _isp_contracts_domain(self, partner, requests=None):
        """The customer's contracts: confirmed, or sent to the customer
        for signature (the signature requests of the contract)."""
        if requests is None:
            requests = self._isp_customer_requests(partner)
        order_ids = set(requests.filtered(
            lambda r: r.res_model == 'sale.order').mapped('res_id'))
        return [
            ('partner_id.commercial_partner_id', '=', partner.id),
            ('isp_is_contract', '=', True),
            '|', ('state', 'in', list(CONTRACT_ORDER_STATES)),
            ('id', 'in', list(order_ids)),
        ]

    def _isp_own_contract(self, partner, order_id, requests):
        """The customer's contract ``order_id`` (sudo), or 404."""
        order = request.env['sale.order'].sudo().search(
            [('id', '=', order_id)] +
            self._isp_contracts_domain(partner, requests), limit=1)
        if not order:
            raise NotFound()
        return order

    def _isp_technical_data(self, subscription, detail):
        """[(label, value)] of what the customer may see of a service: the
        tariff's technical data and the contract's data of the line
        (number, installation address, equipment)."""
        template = subscription.product_id.product_tmpl_id
        data = []
        if template.isp_technology:
            data.append((_('Technology'), selection_labels(
                template, 'isp_technology').get(template.isp_technology)))
        if template.isp_down_mbps:
            data.append((_('Download'), _('%g Mbps') % template.isp_down_mbps))
        if template.isp_up_mbps:
            data.append((_('Upload'), _('%g Mbps') % template.isp_up_mbps))
        if template.isp_data_unlimited:
            data.append((_('Data'), _('Unlimited')))
        elif template.isp_data_gb:
            data.append((_('Data'), _('%g GB') % template.isp_data_gb))
        if template.isp_minutes_unlimited:
            data.append((_('Calls'), _('Unlimited')))
        elif template.isp_minutes:
            data.append((_('Calls'), _('%d minutes') % template.isp_minutes))
        if detail:
            number = detail.new_number or (
                detail.number_mode == 'portability' and detail.port_number)
            if number:
                data.append((_('Number'), number))
            address = ', '.join(filter(None, (
                detail.install_street, ' '.join(filter(None, (
                    detail.install_zip, detail.install_city))))))
            if address:
                data.append((_('Installation address'), address))
            if detail.equipment_serial:
                data.append((_('Equipment'), detail.equipment_serial))
        return data

    def _isp_penalty_today(self, subscription, today):
        """The early-termination penalty of a service ended today, as the
        back office computes it for a migration dated today (isp_billing's
        migration line: the tariff's rule, the service's start date, the
        company's currency); nothing for a service not live."""
        if subscription.state not in LIVE_STATES or \
                not subscription.date_start:
            return 0.0
        return subscription.product_id.product_tmpl_id \
            ._isp_early_termination_penalty(
                subscription.date_start, today,
                currency=subscription.company_id.currency_id)

    def _isp_service_details(self, orders):
        """{(sale line id, product id): contract service data} of the
        contracts (isp_contract_wizard, when installed)."""
        if 'isp.contract.service' not in request.env or not orders:
            return {}
        details = request.env['isp.contract.service'].sudo().search(
            [('order_id', 'in', orders.ids)], order='sequence desc, id desc')
        return {(detail.sale_line_id.id, detail.product_id.id): detail
                for detail in details}

    def _isp_contract_rows(self, orders, partner, requests, with_details):
        """One dict per contract (``orders``: sudo), with its services,
        commitment end, penalty today and signature requests (among
        ``requests``); the same queries whatever the number of contracts
        and services."""
        today = self._isp_today()
        Subscription = request.env['isp.subscription'].sudo()
        subscriptions = Subscription.search([
            ('order_id', 'in', orders.ids),
            ('partner_id.commercial_partner_id', '=', partner.id),
            ('state', 'in', list(SHOWN_SERVICE_STATES)),
        ], order='date_start desc, id')
        details = self._isp_service_details(orders) if with_details else {}
        contract_requests = requests.filtered(
            lambda r: r.res_model == 'sale.order' and r.res_id in orders.ids)
        state_labels = selection_labels(Subscription, 'state')
        rows = []
        for order in orders:
            services = []
            commitment_end = None
            penalty = 0.0
            currency = order.company_id.currency_id
            for subscription in subscriptions.filtered(
                    lambda s, order=order: s.order_id == order):
                live = subscription.state in LIVE_STATES
                date_end = subscription.date_commitment_end
                committed = live and date_end and date_end > today
                if committed and (not commitment_end or
                                  date_end > commitment_end):
                    commitment_end = date_end
                amount = self._isp_penalty_today(subscription, today)
                penalty += amount
                services.append({
                    'subscription': subscription,
                    'name': subscription.product_name or
                    subscription.product_id.display_name,
                    'date_start': subscription.date_start,
                    'state': subscription.state,
                    'state_label': state_labels.get(subscription.state),
                    'live': live,
                    'commitment_end': date_end if committed else None,
                    'penalty': amount,
                    'data': self._isp_technical_data(
                        subscription, details.get((
                            subscription.sale_line_id.id,
                            subscription.product_id.id))),
                })
            mine = contract_requests.filtered(
                lambda r, order=order: r.res_id == order.id)
            waiting = self._isp_pending(mine)
            if waiting:
                status = STATUS_SIGNATURE
            elif any(service['live'] for service in services):
                status = STATUS_ACTIVE
            elif services and all(service['state'] == 'terminated'
                                  for service in services):
                status = STATUS_ENDED
            else:
                status = STATUS_STARTING
            rows.append({
                'order': order,
                'name': order.name,
                'date': order.confirmation_date or order.date_order,
                'status': status,
                'services': services,
                'live': any(service['live'] for service in services),
                'commitment_end': commitment_end,
                'penalty': currency.round(penalty),
                'currency': currency,
                'pending': waiting,
                'signed': mine - waiting,
            })
        return rows

    def _isp_status_labels(self):
        return {
            STATUS_SIGNATURE: _('Waiting for your signature'),
            STATUS_ACTIVE: _('Active'),
            STATUS_STARTING: _('Being activated'),
            STATUS_ENDED: _('Ended'),
        }

    def _isp_contract_list_values(self, partner, page):
        """The list's contracts (a page of them) and every document
        waiting for the customer's signature."""
        Order = request.env['sale.order'].sudo()
        requests = self._isp_customer_requests(partner)
        domain = self._isp_contracts_domain(partner, requests)
        pager = portal_pager(
            url='/my/contracts', total=Order.search_count(domain),
            page=page, step=self._items_per_page)
        orders = Order.search(
            domain, order='confirmation_date desc, id desc',
            limit=self._items_per_page, offset=pager['offset'])
        return {
            'isp_contracts': self._isp_contract_rows(
                orders, partner, requests, with_details=False),
            'isp_pending': self._isp_pending(requests),
            'isp_titles': self._isp_request_titles(requests),
            'pager': pager,
        }

    # -- home -------------------------------------------------------------

    @http.route()
    def home(self, **kw):
        """Odoo's home with the entry to the customer's contracts."""
        response = super(IspPortalContracts, self).home(**kw)
        if hasattr(response, 'qcontext') and \
                not request.env.user._is_public():
            partner = request.env.user.partner_id.commercial_partner_id
            response.qcontext['isp_contract_count'] = request.env[
                'sale.order'].sudo().search_count(
                    self._isp_contracts_domain(partner))
        return response

    # -- pages ------------------------------------------------------------

    @http.route(['/my/contracts', '/my/contracts/page/<int:page>'],
                type='http', auth='user', website=True, methods=['GET'])
    def portal_my_contracts(self, page=1, **kw):
        """The customer's contracts as cards, 20 a page, with the
        documents waiting for the customer's signature on top."""
        partner = account_partner()
        values = self._prepare_portal_layout_values()
        values.update(self._isp_contract_list_values(partner, page))
        values.update({
            'isp_status_labels': self._isp_status_labels(),
            'page_name': 'isp_contracts',
            'default_url': '/my/contracts',
        })
        return request.render('isp_portal.portal_my_contracts', values)

    @http.route(['/my/contracts/<int:order_id>'], type='http', auth='user',
                website=True, methods=['GET'])
    def portal_my_contract(self, order_id, **kw):
        """One contract: its services with their technical data, the
        commitment end, the penalty today, the signed documents and those
        waiting for the customer's signature."""
        partner = account_partner()
        requests = self._isp_customer_requests(partner)
        order = self._isp_own_contract(partner, order_id, requests)
        values = self._prepare_portal_layout_values()
        values.update({
            'isp_contract': self._isp_contract_rows(
                order, partner, requests, with_details=True)[0],
            'isp_titles': self._isp_request_titles(requests),
            'isp_status_labels': self._isp_status_labels(),
            'page_name': 'isp_contract',
        })
        return request.render('isp_portal.portal_my_contract', values)

    @http.route(['/my/contracts/<int:order_id>/documents/<int:request_id>'],
                type='http', auth='user', methods=['GET'])
    def portal_my_contract_document(self, order_id, request_id, **kw):
        """The signed PDF of a document of the customer's contract."""
        partner = account_partner()
        requests = self._isp_customer_requests(partner)
        order = self._isp_own_contract(partner, order_id, requests)
        esign = requests.filtered(
            lambda r: r.id == request_id and r.state == 'signed' and
            r.res_model == 'sale.order' and r.res_id == order.id)
        return signed_pdf_response(esign)

    @http.route(['/my/contracts/signatures/<int:request_id>/sign'],
                type='http', auth='user', website=True, methods=['POST'])
    def portal_my_contract_sign(self, request_id, **kw):
        """The isp_esign signing page of a document waiting for the
        customer's signature (a new link: the one sent before stops
        working)."""
        partner = account_partner()
        esign = self._isp_pending(self._isp_customer_requests(
            partner)).filtered(lambda r: r.id == request_id)
        if not esign or esign._esign_is_expired():
            raise NotFound()
        return request.redirect('/sign/%s' % esign._esign_issue_token())


class IspPortalSignedDocument(IspEsignController):
    """isp_esign's download of a signed PDF obeys the portal's settings
    too: a former customer the company keeps out gets 404 there as on
    the contracts page."""

    @http.route()
    def my_signed_document(self, request_id, **kwargs):
        account_partner()
        return super(IspPortalSignedDocument, self).my_signed_document(
            request_id, **kwargs)
