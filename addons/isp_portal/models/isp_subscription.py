# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# what a customer sees of his services on the portal
PORTAL_SERVICE_STATES = (
    'pending', 'active', 'active_nonbillable', 'suspended', 'terminated',
)


class IspSubscription(models.Model):
    _inherit = 'isp.subscription'

    @api.model
    def _get_portal_services_domain(self, partner):
        """Services of ``partner``'s customer account shown on /my."""
        return [
            ('partner_id', 'child_of', partner.commercial_partner_id.ids),
            ('state', 'in', PORTAL_SERVICE_STATES),
        ]
