# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bridge of isp_helpdesk and isp_billing: a ticket names the customer's
affected services (isp_helpdesk does not depend on isp_billing)."""
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

#: services a customer may name on a new ticket
PORTAL_SERVICE_STATES = ('pending', 'active', 'active_nonbillable',
                         'suspended')


class HelpdeskTicket(models.Model):
    _inherit = 'helpdesk.ticket'

    isp_subscription_ids = fields.Many2many(
        comodel_name='isp.subscription',
        relation='helpdesk_ticket_isp_subscription_rel',
        column1='ticket_id', column2='subscription_id',
        string='Affected services',
        help="The services of the customer this ticket is about.")

    @api.constrains('isp_subscription_ids', 'partner_id')
    def _check_isp_subscription_ids(self):
        for ticket in self:
            customer = ticket.partner_id.commercial_partner_id
            foreign = ticket.isp_subscription_ids.filtered(
                lambda s: s.partner_id.commercial_partner_id != customer)
            if foreign:
                raise ValidationError(_(
                    "Ticket %(ticket)s can only name services of its own "
                    "customer: remove %(services)s.") % {
                        'ticket': ticket.number,
                        'services': ', '.join(
                            foreign.mapped('display_name'))})

    # ---------------------------------------------------------------
    # Portal form (hooks of isp_helpdesk's new-ticket form)
    # ---------------------------------------------------------------

    @api.model
    def _isp_portal_services(self, partner):
        """The services of ``partner``'s customer that a new ticket may
        name (read with sudo: called for the logged-in customer only)."""
        return self.env['isp.subscription'].sudo().search([
            ('partner_id', 'child_of', partner.commercial_partner_id.id),
            ('state', 'in', PORTAL_SERVICE_STATES),
        ], order='date_start desc, id desc')

    @api.model
    def _isp_portal_form_values(self, partner, form):
        values = super(HelpdeskTicket, self)._isp_portal_form_values(
            partner, form)
        values.update({
            'services': self._isp_portal_services(partner),
            'service_id': (form or {}).get('service') or '',
        })
        return values

    @api.model
    def _isp_portal_form_ticket_values(self, partner, form):
        values = super(HelpdeskTicket, self)._isp_portal_form_ticket_values(
            partner, form)
        chosen = (form or {}).get('service')
        if not chosen:
            return values
        try:
            service_id = int(chosen)
        except (TypeError, ValueError):
            service_id = 0
        service = self._isp_portal_services(partner).filtered(
            lambda s: s.id == service_id)
        if not service:
            raise UserError(_(
                "Choose one of your services in the list, or none if the "
                "request is not about a service."))
        values['isp_subscription_ids'] = [(6, 0, service.ids)]
        return values
