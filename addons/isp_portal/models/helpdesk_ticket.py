# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bridge of isp_helpdesk and isp_billing: a ticket names the customer's
affected services (isp_helpdesk does not depend on isp_billing)."""
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
