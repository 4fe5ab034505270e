# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The plans of the portal: the tariffs and bundles the staff offer there
(isp_crm's "Offered in the portal"), their price for a customer on a day
(the campaign that runs applied with isp_crm's own rule) and the preview of
a change: the new monthly amount and the early-termination penalty of the
service replaced, computed by isp_billing's migration (not saved)."""
from odoo import _, api, fields, models
from odoo.tools import plaintext2html
from odoo.tools.misc import formatLang

from odoo.addons.isp_billing.models.isp_migration import LIVE_STATES
from odoo.addons.isp_helpdesk.models.isp_helpdesk_origin import (
    ORIGIN_PLAN_REQUEST)

PLAN_NEW = 'new'
PLAN_UPGRADE = 'upgrade'
PLAN_DOWNGRADE = 'downgrade'


def line_amount(quantity, price_unit, discount, currency):
    """What a billing period bills for a quantity at a price and discount
    (as isp_billing's migration previews the first invoice)."""
    return currency.round(
        quantity * price_unit * (1 - (discount or 0.0) / 100.0))


class ProductTemplate(models.Model):
    _inherit = 'product.template'

    isp_portal_features = fields.Text(
        string='Features in the portal', translate=True,
        help='What customers read about this tariff or bundle in the '
             'portal\'s plans, one feature a line. Empty: its sales '
             'description.')

    @api.model
    def _isp_portal_plan_domain(self, company):
        """The recurring tariffs and bundles offered in the portal to the
        customers of ``company``."""
        return [
            ('isp_portal_offered', '=', True),
            ('sale_ok', '=', True),
            ('isp_recurring', '=', True),
            '|', ('isp_service_type', '!=', False),
            ('isp_is_bundle', '=', True),
            '|', ('company_id', '=', False),
            ('company_id', '=', company.id),
        ]

    @api.model
    def _isp_portal_plans(self, company):
        return self.search(self._isp_portal_plan_domain(company),
                           order='sequence, name, id')

    @api.multi
    def _isp_portal_components(self):
        """(product.product, quantity) a contract of this plan holds: the
        tariff itself, or the bundle's tariffs in their default
        quantities (as "Apply bundle" fills a quotation)."""
        self.ensure_one()
        if not self.isp_is_bundle:
            return [(self.product_variant_id, 1.0)]
        return [(line.product_id, line.qty_default)
                for line in self.isp_bundle_line_ids
                if line.qty_default > 0 and line.product_id]

    @api.multi
    def _isp_portal_campaign(self, company, date):
        """The campaign a contract of this plan signed on ``date`` takes
        (the latest one that runs), or an empty recordset."""
        self.ensure_one()
        templates = self | self.isp_bundle_line_ids.mapped(
            'product_id.product_tmpl_id')
        return self.env['isp.campaign']._isp_get_valid_campaigns(
            date, products=templates, company=company)[:1]

    @api.multi
    def _isp_portal_price(self, company, date):
        """The plan's price for a contract signed on ``date``: {monthly
        (the tariffs' price), monthly_campaign (the price while the
        campaign lasts, or None), campaign, campaign_months, oneoff (the
        one-off charges), currency}. Taxes excluded, as billed."""
        self.ensure_one()
        currency = company.currency_id
        campaign = self._isp_portal_campaign(company, date)
        covered = campaign._isp_covered_templates() if campaign else None
        Line = self.env['sale.order.line']
        monthly = monthly_campaign = oneoff = 0.0
        for product, quantity in self._isp_portal_components():
            regular = product.lst_price
            price, discount = regular, 0.0
            if campaign and product.product_tmpl_id in covered:
                values = campaign._prepare_order_line_values(
                    Line.new({'price_unit': regular}))
                price, discount = values['price_unit'], values['discount']
            if not product.isp_recurring:
                oneoff += line_amount(quantity, price, discount, currency)
                continue
            monthly += line_amount(quantity, regular, 0.0, currency)
            monthly_campaign += line_amount(
                quantity, price, discount, currency)
        in_campaign = bool(campaign) and currency.compare_amounts(
            monthly_campaign, monthly) != 0
        return {
            'monthly': currency.round(monthly),
            'monthly_campaign': (currency.round(monthly_campaign)
                                 if in_campaign else None),
            'campaign': campaign if in_campaign else campaign.browse(),
            'campaign_months': campaign.duration_months if in_campaign
            else 0,
            'oneoff': currency.round(oneoff),
            'currency': currency,
        }

    @api.model
    def _isp_portal_live_services(self, partner):
        """The customer's live recurring services (``partner``: its
        commercial entity)."""
        return self.env['isp.subscription'].search([
            ('partner_id', 'child_of', partner.id),
            ('state', 'in', LIVE_STATES),
            ('product_id.isp_recurring', '=', True),
        ], order='date_start, id')

    @api.model
    def _isp_portal_service_monthly(self, subscription, date):
        """What ``subscription`` bills a month on ``date`` (the campaign's
        price until the campaign's end, then the tariff's), taxes
        excluded."""
        in_campaign = not subscription.date_campaign_end or (
            date < subscription.date_campaign_end)
        price, discount = subscription._isp_billed_price(in_campaign)
        return line_amount(subscription.quantity, price, discount,
                           subscription.company_id.currency_id
                           or self.env.user.company_id.currency_id)

    @api.model
    def _isp_portal_migration_values(self, partner, company, date):
        """Values of the draft migration of a change on ``date`` (the back
        office adds the new contract)."""
        return {
            'partner_id': partner.id,
            'company_id': company.id,
            'date': date,
        }

    @api.model
    def _isp_portal_migration_line_values(self, subscription):
        """Values of the migration's line that ends ``subscription``: its
        penalty charged and its unused days credited, as the back office
        does by default."""
        return {
            'subscription_id': subscription.id,
            'apply_penalty': True,
            'refund': True,
        }

    @api.multi
    def _isp_portal_preview(self, partner, company, subscription, date):
        """What the customer ``partner`` (commercial entity) would pay with
        this plan from ``date``, in place of ``subscription`` (an
        isp.subscription of the customer, or empty for a new service):
        {plan, price, kind (new, upgrade, downgrade), subscription,
        current_monthly, replaced_monthly, plan_monthly, new_monthly,
        penalty, credit, currency}. The penalty and the credit of the
        unused days are those isp_billing's migration computes for a
        change on ``date``."""
        self.ensure_one()
        currency = company.currency_id
        price = self._isp_portal_price(company, date)
        services = self._isp_portal_live_services(partner)
        current = sum(self._isp_portal_service_monthly(service, date)
                      for service in services)
        plan_monthly = price['monthly_campaign'] \
            if price['monthly_campaign'] is not None else price['monthly']
        replaced = penalty = credit = 0.0
        kind = PLAN_NEW
        if subscription:
            replaced = self._isp_portal_service_monthly(subscription, date)
            # the back office's migration, not saved: its line computes
            # the penalty and the credit at the change date
            migration = self.env['isp.migration'].new(
                self._isp_portal_migration_values(partner, company, date))
            line = self.env['isp.migration.line'].new(dict(
                self._isp_portal_migration_line_values(subscription),
                migration_id=migration))
            penalty = line._compute_penalty()
            credit = sum(item['amount'] for item in line._refund_items())
            kind = PLAN_DOWNGRADE if currency.compare_amounts(
                price['monthly'], replaced) < 0 else PLAN_UPGRADE
        return {
            'plan': self,
            'price': price,
            'kind': kind,
            'subscription': subscription,
            'current_monthly': currency.round(current),
            'replaced_monthly': currency.round(replaced),
            'plan_monthly': currency.round(plan_monthly),
            'new_monthly': currency.round(current - replaced + plan_monthly),
            'penalty': currency.round(penalty),
            'credit': currency.round(credit),
            'currency': currency,
            'date': date,
        }

    @api.multi
    def _isp_portal_request_summary(self, subscription):
        self.ensure_one()
        if subscription:
            return _('Plan change: %(old)s to %(new)s') % {
                'old': subscription.product_id.name, 'new': self.name}
        return _('New service: %s') % self.name

    @api.model
    def _isp_portal_preview_text(self, preview):
        """The preview the customer confirmed, as the staff read it."""
        currency = preview['currency']

        def money(value):
            return formatLang(self.env, value, currency_obj=currency)

        lines = [
            _('Plan: %s') % preview['plan'].name,
            _('Price of the plan a month: %s') % money(
                preview['plan_monthly']),
        ]
        if preview['price']['monthly_campaign'] is not None:
            lines.append(_(
                'Campaign %(campaign)s: %(price)s a month for %(months)s '
                'months, then %(regular)s') % {
                    'campaign': preview['price']['campaign'].name,
                    'price': money(preview['price']['monthly_campaign']),
                    'months': preview['price']['campaign_months'],
                    'regular': money(preview['price']['monthly'])})
        if preview['subscription']:
            lines.append(_('Replaces: %(service)s (%(name)s), %(amount)s a '
                           'month') % {
                'service': preview['subscription'].product_id.name,
                'name': preview['subscription'].name,
                'amount': money(preview['replaced_monthly'])})
            lines.append(_('Early-termination penalty on %(date)s: '
                           '%(amount)s') % {
                'date': preview['date'], 'amount': money(preview['penalty'])})
            if preview['credit']:
                lines.append(_('Credit of the unused days: %s') % money(
                    preview['credit']))
        lines.append(_('Monthly amount now: %s') % money(
            preview['current_monthly']))
        lines.append(_('New monthly amount: %s') % money(
            preview['new_monthly']))
        if preview['price']['oneoff']:
            lines.append(_('One-off charges: %s') % money(
                preview['price']['oneoff']))
        lines.append(_('Amounts without taxes.'))
        return '\n'.join(lines)

    @api.multi
    def _isp_portal_open_request(self, partner, subscription):
        """The customer's request for this plan (in place of
        ``subscription``) still open, if any."""
        self.ensure_one()
        requests = self.env['isp.portal.request'].search([
            ('partner_id', '=', partner.id),
            ('request_type', '=', 'plan_change'),
            ('state', 'in', ('pending', 'waiting')),
        ])
        for req in requests:
            payload = req._isp_payload()
            if payload.get('plan_id') == self.id and payload.get(
                    'subscription_id') == (subscription.id or False):
                return req
        return requests.browse()

    @api.multi
    def _isp_portal_request_plan(self, partner, contact, company,
                                 subscription, date):
        """Log the plan request of the customer ``partner`` (commercial
        entity; ``contact``: who asked, who follows the ticket): a ticket
        of the "plan request" origin (its defaults), a draft migration of
        ``subscription`` when the plan replaces it, and the request an
        operator checks. Nothing changes in the services until the staff
        act. Returns (request, created): the same request, not a second
        one, when the customer sends it twice. Called as superuser by the
        portal after its checks."""
        self.ensure_one()
        # one request at a time per customer: a second submit waits here,
        # then fails to serialize and is retried, and finds the first one
        self.env.cr.execute(
            'UPDATE res_partner SET write_date = write_date WHERE id = %s',
            (partner.id,))
        existing = self._isp_portal_open_request(partner, subscription)
        if existing:
            return existing, False
        preview = self._isp_portal_preview(
            partner, company, subscription, date)
        summary = self._isp_portal_request_summary(subscription)
        text = self._isp_portal_preview_text(preview)
        Ticket = self.env['helpdesk.ticket']
        ticket_vals = Ticket._prepare_portal_ticket_values(
            contact, self.env['helpdesk.ticket.category'], text)
        ticket_vals.update({
            'name': summary,
            'description': plaintext2html(text),
            'company_id': company.id,
            'isp_origin': ORIGIN_PLAN_REQUEST,
        })
        ticket = Ticket.create(ticket_vals)
        migration = self.env['isp.migration']
        if subscription:
            vals = self._isp_portal_migration_values(partner, company, date)
            vals['line_ids'] = [(0, 0, self._isp_portal_migration_line_values(
                subscription))]
            migration = migration.create(vals)
            migration._update_preview()
            migration.message_post(body=_(
                'Asked by the customer from the portal (ticket %(ticket)s): '
                'replace %(service)s by %(plan)s. Add the contract of the new '
                'plan before confirming.') % {
                    'ticket': ticket.number,
                    'service': subscription.product_id.name,
                    'plan': self.name})
        req = self.env['isp.portal.request']._isp_portal_create(
            partner, 'plan_change', summary, text,
            payload={'plan_id': self.id,
                     'subscription_id': subscription.id or False,
                     'date': date,
                     'new_monthly': preview['new_monthly'],
                     'penalty': preview['penalty']},
            ticket_id=ticket.id, migration_id=migration.id)
        return req, True
