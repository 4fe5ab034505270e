# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Portal of the tickets.

Replaces the routes of helpdesk_mgmt 11.0 that load a ticket with sudo()
by id (``/ticket/close``) or trust the form (``/submitted/ticket`` looks the
customer up by the name typed in): every route reads the ticket as the
logged-in user first, so the record rules decide; sudo() comes after.
"""
from werkzeug.exceptions import NotFound
from werkzeug.utils import redirect

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv.expression import AND, OR

from odoo.addons.helpdesk_mgmt.controllers.main import \
    HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortal
from odoo.addons.portal.controllers.mail import PortalChatter
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..rules import image_upload

TICKET_MODEL = 'helpdesk.ticket'
SHOWN_IMAGE_TYPES = tuple(image_upload.MIMETYPES.values())


def _readable_ticket(ticket_id):
    """The ticket as the current user, or None when it does not exist or
    the user may not read it (record rules decide)."""
    try:
        ticket = request.env[TICKET_MODEL].browse(int(ticket_id))
    except (TypeError, ValueError):
        return None
    if not ticket.exists():
        return None
    try:
        ticket.check_access_rights('read')
        ticket.check_access_rule('read')
    except (AccessError, MissingError):
        return None
    return ticket


#: room for the text fields of a form next to its files
FORM_SLACK_BYTES = 1024 * 1024


def _uploaded_images(field_name, company):
    """The photos of the request as ``(filename, bytes)``, read with the
    company's limits: the size of the whole request, the number of files
    and the size of each are checked before a file is read into memory
    (werkzeug keeps large uploads in temporary files until then)."""
    Ticket = request.env[TICKET_MODEL].sudo()
    max_bytes = company.isp_helpdesk_image_max_mb * image_upload.MEGABYTE
    max_count = company.isp_helpdesk_image_max_count
    length = request.httprequest.content_length or 0
    if length > max_count * max_bytes + FORM_SLACK_BYTES:
        raise UserError(Ticket._isp_image_refusal_message(
            image_upload.TOO_MANY_FILES, '', company))
    uploads = [upload for upload in
               request.httprequest.files.getlist(field_name)
               if upload.filename]
    try:
        image_upload.check_count(len(uploads), max_count)
        return [(upload.filename, image_upload.read_limited(
            upload.stream, max_bytes, upload.filename))
            for upload in uploads]
    except image_upload.ImageRefused as refused:
        raise UserError(Ticket._isp_image_refusal_message(
            refused.code, refused.filename, company))


class IspHelpdeskCustomerPortal(CustomerPortal):

    @http.route()
    def home(self, **kw):
        # the portals of account and sale count invoices and orders without
        # checking the access rights either: an internal user outside those
        # groups still gets the home page, with the tickets they may read
        try:
            return super(IspHelpdeskCustomerPortal, self).home(**kw)
        except AccessError:
            values = {'sales_user': False, 'page_name': 'home',
                      'archive_groups': []}
            values.update(self._isp_ticket_count_values())
            return request.render('portal.portal_my_home', values)

    def _isp_ticket_count_values(self):
        Ticket = request.env[TICKET_MODEL]
        if not Ticket.check_access_rights('read', raise_exception=False):
            return {'ticket_count': 0}
        partner = request.env.user.partner_id
        return {'ticket_count': Ticket.search_count(
            [('partner_id', 'child_of', partner.commercial_partner_id.id)])}

    def _prepare_portal_layout_values(self):
        # helpdesk_mgmt counts the tickets without checking the access
        # rights: an internal user outside the helpdesk groups got a 500
        values = super(CustomerPortal, self)._prepare_portal_layout_values()
        values.update(self._isp_ticket_count_values())
        return values

    def _isp_ticket_domain(self, search=None, filterby=None):
        partner = request.env.user.partner_id
        domain = [('partner_id', 'child_of',
                   partner.commercial_partner_id.id)]
        if request.env.user.company_id.isp_helpdesk_portal_open_only \
                or filterby == 'open':
            domain = AND([domain, [('stage_id.closed', '=', False)]])
        if search:
            domain = AND([domain, OR([
                [('number', 'ilike', search)],
                [('name', 'ilike', search)],
                [('description', 'ilike', search)],
                [('category_id.name', 'ilike', search)],
            ])])
        return domain

    @http.route(['/my/tickets', '/my/tickets/page/<int:page>'],
                type='http', auth='user', website=True)
    def portal_my_tickets(self, page=1, search=None, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        Ticket = request.env[TICKET_MODEL]
        if not Ticket.check_access_rights('read', raise_exception=False):
            return redirect('/my', code=303)
        domain = self._isp_ticket_domain(search, filterby)
        url_args = {key: value for key, value in (
            ('search', search), ('filterby', filterby)) if value}
        pager = portal_pager(
            url='/my/tickets', url_args=url_args,
            total=Ticket.search_count(domain), page=page,
            step=self._items_per_page)
        tickets = Ticket.search(
            domain, order='create_date desc, id desc',
            limit=self._items_per_page, offset=pager['offset'])
        values.update({
            'tickets': tickets,
            'page_name': 'ticket',
            'pager': pager,
            'default_url': '/my/tickets',
            'search': search or '',
            'filterby': filterby or 'all',
            'open_only': request.env.user.company_id
            .isp_helpdesk_portal_open_only,
            'limit_reached': Ticket.sudo()._isp_portal_limit_reached(
                request.env.user.partner_id),
        })
        return request.render('isp_helpdesk.portal_my_tickets', values)

    @http.route(['/my/ticket/<int:ticket_id>'], type='http', auth='user',
                website=True)
    def portal_my_ticket(self, ticket_id=None, **kw):
        ticket = _readable_ticket(ticket_id)
        if ticket is None:
            return request.not_found()
        return self._isp_render_ticket(ticket)

    def _isp_render_ticket(self, ticket, error=None, status=200,
                           message=''):
        values = self._prepare_portal_layout_values()
        ticket_sudo = ticket.sudo()
        messages = ticket_sudo.website_message_ids.sorted('id')
        values.update({
            'page_name': 'ticket',
            'ticket': ticket_sudo,
            'messages': messages,
            # the ticket's own photos (internal notes keep theirs), in the
            # formats the portal accepts: nothing else goes to /web/image
            'images': ticket_sudo.attachment_ids.filtered(
                lambda a: a.mimetype in SHOWN_IMAGE_TYPES),
            'closed_stages': ticket_sudo._isp_closing_stages(),
            'is_customer': ticket_sudo.partner_id.commercial_partner_id
            == request.env.user.partner_id.commercial_partner_id,
            'error': error,
            # a refused reply is shown again with what the customer typed
            'message': message or '',
        })
        return request.render('isp_helpdesk.portal_ticket_page', values,
                              status=status)

    @http.route(['/my/ticket/<int:ticket_id>/message'], type='http',
                auth='user', methods=['POST'], website=True)
    def portal_ticket_message(self, ticket_id=None, message='', **kw):
        ticket = _readable_ticket(ticket_id)
        if ticket is None:
            return request.not_found()
        return self._isp_post_message(ticket, message, 'images')

    def _isp_post_message(self, ticket, message, images_field=None):
        """Post the customer's message as the customer, after the checks
        of the ticket (the customer's own, open, within the limits)."""
        partner = request.env.user.partner_id
        try:
            images = _uploaded_images(
                images_field, ticket.sudo().company_id) \
                if images_field else []
            ticket.sudo()._isp_portal_post_message(partner, message, images)
        except AccessError:
            return request.not_found()
        except UserError as error:
            return self._isp_render_ticket(ticket, error.name, status=400,
                                           message=message)
        return redirect('/my/ticket/%d#discussion' % ticket.id, code=303)


class IspHelpdeskTicketController(HelpdeskTicketController):

    @http.route('/ticket/close', type='http', auth='user',
                methods=['POST'])
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        ticket = _readable_ticket(ticket_id)
        if ticket is None:
            return request.not_found()
        try:
            stage_id = int(stage_id) if stage_id else None
        except ValueError:
            stage_id = None
        try:
            ticket.sudo()._isp_portal_close(
                request.env.user.partner_id, stage_id)
        except AccessError:
            return request.not_found()
        except UserError as error:
            return IspHelpdeskCustomerPortal()._isp_render_ticket(
                ticket, error.name, status=400)
        return redirect('/my/ticket/%d' % ticket.id, code=303)

    def _isp_new_ticket_values(self, form=None, **kw):
        env = request.env
        partner = env.user.partner_id
        company = partner.company_id or env.user.company_id
        Ticket = env[TICKET_MODEL].sudo()
        values = CustomerPortal()._prepare_portal_layout_values()
        values.update({
            'page_name': 'ticket',
            'categories': env['helpdesk.ticket.category'].sudo()
            ._isp_portal_categories(company),
            'limit_reached': Ticket._isp_portal_limit_reached(partner),
            'daily_limit': company.isp_helpdesk_daily_limit,
            'image_max_mb': company.isp_helpdesk_image_max_mb,
            'image_max_count': company.isp_helpdesk_image_max_count,
            'category_id': kw.get('category'),
            'description': kw.get('description', ''),
            'error': kw.get('error'),
        })
        values.update(Ticket._isp_portal_form_values(partner, form or {}))
        return values

    @http.route('/new/ticket', type='http', auth='user', website=True)
    def create_new_ticket(self, **kw):
        return request.render('isp_helpdesk.portal_new_ticket',
                              self._isp_new_ticket_values())

    @http.route('/submitted/ticket', type='http', auth='user',
                methods=['POST'], website=True, csrf=True)
    def submit_ticket(self, category=None, description='', **kw):
        partner = request.env.user.partner_id
        Ticket = request.env[TICKET_MODEL].sudo()
        company = partner.company_id or request.env.user.company_id
        try:
            ticket = Ticket._isp_portal_create_ticket(
                partner, category, description,
                _uploaded_images('images', company),
                form=request.httprequest.form)
        except UserError as error:
            status = 429 if Ticket._isp_portal_limit_reached(partner) \
                else 400
            return request.render(
                'isp_helpdesk.portal_new_ticket',
                self._isp_new_ticket_values(
                    form=request.httprequest.form,
                    category=category, description=description,
                    error=error.name),
                status=status)
        if _readable_ticket(ticket.id) is None:
            return redirect('/my/tickets', code=303)
        return redirect('/my/ticket/%d' % ticket.id, code=303)


class IspHelpdeskPortalChatter(PortalChatter):
    """The generic chatter routes, for tickets: only the customer posts,
    only text, as themselves (the other form fields are dropped: Odoo
    passed them to message_post, sender and type included), and only
    readers of the ticket fetch its (public) messages."""

    @http.route(['/mail/chatter_post'], type='http', methods=['POST'],
                auth='public', website=True)
    def portal_chatter_post(self, res_model, res_id, message, **kw):
        if res_model == TICKET_MODEL:
            ticket = _readable_ticket(res_id)
            if ticket is None or request.env.user._is_public():
                raise NotFound()
            return IspHelpdeskCustomerPortal()._isp_post_message(
                ticket, message)
        return super(IspHelpdeskPortalChatter, self).portal_chatter_post(
            res_model, res_id, message, **kw)

    @http.route('/mail/chatter_fetch', type='json', auth='public',
                website=True)
    def portal_message_fetch(self, res_model, res_id, domain=False,
                             limit=10, offset=0, **kw):
        if res_model == TICKET_MODEL:
            if _readable_ticket(res_id) is None:
                raise NotFound()
            kw.pop('token', None)
        return super(IspHelpdeskPortalChatter, self).portal_message_fetch(
            res_model, res_id, domain=domain, limit=limit, offset=offset,
            **kw)
