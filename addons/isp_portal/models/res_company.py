# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Portal settings of a company (ISP > Configuration > Portal).

Every portal page of the suite reads them from the company of the
customer's portal user (``request.env.user.company_id``) or, on anonymous
pages, of the website's company (``request.website.company_id``)."""
from odoo import api, fields, models

LOGIN_FIELD_EMAIL = 'email'
LOGIN_FIELD_CODE = 'code'
LOGIN_FIELD_VAT = 'vat'
LOGIN_FIELDS = [
    (LOGIN_FIELD_EMAIL, 'E-mail'),
    (LOGIN_FIELD_CODE, 'Customer code'),
    (LOGIN_FIELD_VAT, 'Fiscal id'),
]
PAY_POLICY_TOTAL = 'total'
PAY_POLICY_LAST = 'last'
PAY_POLICY_FREE = 'free'
PAY_POLICIES = [
    (PAY_POLICY_TOTAL, 'Total debt'),
    (PAY_POLICY_LAST, 'Last invoice'),
    (PAY_POLICY_FREE, 'Free amount'),
]


class ResCompany(models.Model):
    _inherit = 'res.company'

    isp_portal_url = fields.Char(
        string='Portal URL', compute='_compute_isp_portal_url',
        help='The address of the customers\' portal, to copy in e-mails, '
             'invoices and the website.')
    isp_portal_login_field = fields.Selection(
        LOGIN_FIELDS, string='Customers log in with', required=True,
        default=LOGIN_FIELD_EMAIL,
        help='What the portal\'s login page asks for: the e-mail, the '
             'customer code or the fiscal id of the customer.')
    isp_portal_former_customers = fields.Boolean(
        string='Former customers may log in',
        help='Customers without a live contract any more (former '
             'customers) may still log in and use the first access, e.g. '
             'to download their old invoices.')
    isp_portal_promise_enabled = fields.Boolean(
        string='Payment promise in the portal', default=True,
        help='Customers may promise to pay their overdue invoices by a '
             'date (within the rules of the payment promises).')
    isp_portal_downloads_enabled = fields.Boolean(
        string='Downloads', default=True,
        help='Customers may download the PDF of their invoices and their '
             'statement.')
    isp_portal_tickets_enabled = fields.Boolean(
        string='Tickets', default=True,
        help='Customers may see and open support tickets in the portal.')
    isp_portal_receipts_enabled = fields.Boolean(
        string='Payment receipts', default=True,
        help='Customers may send the receipt of a payment (a photo or a '
             'PDF) on an open invoice: it opens a ticket for the staff.')
    isp_portal_plan_requests_enabled = fields.Boolean(
        string='Plan requests', default=True,
        help='Customers may ask for another plan or service from the '
             'portal.')
    isp_portal_pay_policy = fields.Selection(
        PAY_POLICIES, string='Amount customers pay', required=True,
        default=PAY_POLICY_TOTAL,
        help='Total debt: the customer pays all that is due. Last invoice: '
             'the amount due of the last invoice. Free amount: any amount '
             'up to the total debt.')
    isp_portal_welcome_html = fields.Html(
        string='Welcome text', translate=True, sanitize=True,
        help='Shown on the home page of the portal.')
    isp_portal_help_html = fields.Html(
        string='Help text', translate=True, sanitize=True,
        help='Shown on the login and first access pages of the portal.')
    # requests of the customers (isp.portal.request): applied at once, or
    # routed to an operator (semi-automatic) per type
    isp_portal_route_contact = fields.Boolean(
        string='Check new e-mails and phones',
        help='A new e-mail or phone becomes a request an operator applies; '
             'otherwise it is added at once (an e-mail once confirmed).')
    isp_portal_route_address = fields.Boolean(
        string='Check mailing addresses',
        help='A new mailing address becomes a request an operator applies; '
             'otherwise it is applied at once.')
    isp_portal_route_delivery = fields.Boolean(
        string='Check invoice delivery changes',
        help='Changes of the invoice recipients become a request an '
             'operator applies; otherwise they are applied at once.')
    isp_portal_route_reading = fields.Boolean(
        string='Check meter readings',
        help='A meter reading sent from the portal becomes a request an '
             'operator applies; otherwise a reading that passes the '
             'checks is recorded at once.')
    isp_portal_operator_id = fields.Many2one(
        'res.users', string='Portal requests operator',
        domain=[('share', '=', False)],
        help='The operator who gets the CRM activity of each request that '
             'needs a check (name, fiscal id, birth date, direct debit, '
             'invoice correction, and the types checked above).')
    isp_portal_request_days = fields.Integer(
        string='Days to handle a request', default=2,
        help='Deadline of the operator\'s CRM activity, in days.')

    @api.multi
    def _compute_isp_portal_url(self):
        base_url = self.env['ir.config_parameter'].sudo().get_param(
            'web.base.url') or ''
        for company in self:
            company.isp_portal_url = '%s/my' % base_url.rstrip('/')

    @api.multi
    def _isp_portal_former_refused(self, partner):
        """True when ``partner`` (any contact of a customer) is a former
        customer and this company refuses former customers."""
        self.ensure_one()
        if self.isp_portal_former_customers:
            return False
        commercial = partner.sudo().commercial_partner_id
        return commercial.isp_customer_state == 'former'
