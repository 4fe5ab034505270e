# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One timeline of every request a customer made: the portal requests of
every type, the helpdesk tickets not opened by one of them, and the
information requests (CRM leads); each with its date, type, status and
the last answer the staff wrote to the customer on it.

The portal page (/my/requests) and the staff's tab on the customer read it
through the same private method, in a fixed number of queries whatever the
number of requests: one query lists a page of the three kinds, one read per
kind loads the page's records, one query their last answers."""
from odoo import _, api, fields, models
from odoo.tools import html2plaintext

from .isp_portal_request import REQUEST_TYPES

TYPE_TICKET = 'ticket'
TYPE_INFORMATION = 'information'
# statuses of the timeline, common to the three kinds
STATUS_OPEN = 'open'
STATUS_WAITING = 'waiting'
STATUS_DONE = 'done'
STATUS_REFUSED = 'refused'
STATUSES = (STATUS_OPEN, STATUS_WAITING, STATUS_DONE, STATUS_REFUSED)
# how many requests the staff's tab shows (the newest)
STAFF_LIMIT = 80
# characters of the last answer shown in the list
ANSWER_CHARS = 400

_TIMELINE_SQL = """
    WITH items AS (
        SELECT 'isp.portal.request' AS model, r.id, r.create_date AS date,
               r.request_type AS kind,
               CASE r.state WHEN 'waiting' THEN 'waiting'
                            WHEN 'pending' THEN 'open'
                            WHEN 'done' THEN 'done'
                            ELSE 'refused' END AS status
          FROM isp_portal_request r
         WHERE r.partner_id = %(partner)s
        UNION ALL
        SELECT 'helpdesk.ticket', t.id, t.create_date, 'ticket',
               CASE WHEN s.closed THEN 'done' ELSE 'open' END
          FROM helpdesk_ticket t
          JOIN res_partner p ON p.id = t.partner_id
          LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
         WHERE p.commercial_partner_id = %(partner)s
           AND NOT EXISTS (SELECT 1 FROM isp_portal_request q
                            WHERE q.ticket_id = t.id)
        UNION ALL
        SELECT 'crm.lead', l.id, l.create_date, 'information',
               CASE WHEN NOT l.active THEN 'refused'
                    WHEN l.probability >= 100 THEN 'done'
                    ELSE 'open' END
          FROM crm_lead l
          JOIN res_partner p ON p.id = l.partner_id
         WHERE p.commercial_partner_id = %(partner)s
           AND l.medium_id = %(medium)s
    )
    SELECT model, id, date, kind, status, count(*) OVER () AS total
      FROM items
     WHERE (%(kind)s IS NULL OR kind = %(kind)s)
       AND (%(status)s IS NULL OR status = %(status)s)
     ORDER BY date DESC, model, id DESC
     LIMIT %(limit)s OFFSET %(offset)s
"""

# the last message of each record that a staff member (a user who is not
# a portal or public user) wrote to the customer (not an internal note)
_ANSWERS_SQL = """
    SELECT DISTINCT ON (m.model, m.res_id)
           m.model, m.res_id, m.body, m.date, a.name
      FROM mail_message m
      JOIN res_partner a ON a.id = m.author_id
     WHERE m.message_type IN ('comment', 'email')
       AND m.subtype_id = %(subtype)s
       AND (m.model, m.res_id) IN (
           SELECT * FROM unnest(%(models)s::varchar[], %(ids)s::int[]))
       AND EXISTS (SELECT 1 FROM res_users u
                    WHERE u.partner_id = m.author_id AND NOT u.share)
     ORDER BY m.model, m.res_id, m.date DESC, m.id DESC
"""


class ResPartner(models.Model):
    # the timeline keeps its own file (its SQL, its field)
    _inherit = 'res.partner'  # pylint: disable=R8180

    isp_request_timeline_html = fields.Html(
        string='Requests', compute='_compute_isp_request_timeline_html',
        sanitize=False, groups='isp_crm.group_isp_user',
        help='Every request of the customer, as the customer sees it in '
             'the portal: portal requests, tickets and information '
             'requests, newest first.')

    @api.multi
    def _compute_isp_request_timeline_html(self):
        QWeb = self.env['ir.qweb']
        for partner in self:
            if not partner.id:
                partner.isp_request_timeline_html = False
                continue
            timeline = partner._isp_request_timeline(limit=STAFF_LIMIT)
            partner.isp_request_timeline_html = QWeb.render(
                'isp_portal.res_partner_request_timeline', {
                    'timeline': timeline,
                    'limit': STAFF_LIMIT,
                }).decode('utf-8')

    # the timeline ------------------------------------------------------

    @api.model
    def _isp_request_timeline_types(self):
        """[(key, label)] of the types a timeline item may have."""
        labels = dict(self.env['isp.portal.request']._fields[
            'request_type']._description_selection(self.env))
        types = [(key, labels.get(key, key)) for key, _label in
                 REQUEST_TYPES]
        return types + [(TYPE_TICKET, _('Ticket')),
                        (TYPE_INFORMATION, _('Information request'))]

    @api.model
    def _isp_request_timeline_statuses(self):
        """[(key, label)] of the timeline's statuses (its filter)."""
        return [(STATUS_OPEN, _('In progress')),
                (STATUS_WAITING, _('Waiting for you')),
                (STATUS_DONE, _('Done')),
                (STATUS_REFUSED, _('Refused or closed'))]

    @api.multi
    def _isp_request_timeline(self, limit=None, offset=0, filters=None):
        """The requests of this customer (its commercial entity), newest
        first: ``{'total': n, 'items': [dict, ...]}`` with ``limit`` items
        from ``offset``, filtered by ``filters`` ({'type': key,
        'status': key}, unknown keys ignored).

        Each item: model, id, date, type, type_label, name, reference,
        status, status_label, answer (plain text or False), answer_date,
        answer_author, ticket_id (a ticket the customer may open).
        Read as superuser: callers restrict ``self`` to the customer they
        show (the logged-in customer in the portal)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        filters = filters or {}
        types = self._isp_request_timeline_types()
        kind = filters.get('type')
        status = filters.get('status')
        self.env.cr.execute(_TIMELINE_SQL, {
            'partner': partner.id,
            # the information requests the customer sent, not the
            # opportunities the sales staff name for themselves
            'medium': self.env.ref('isp_portal.utm_medium_portal').id,
            'kind': kind if kind in dict(types) else None,
            'status': status if status in STATUSES else None,
            'limit': limit,
            'offset': max(offset or 0, 0),
        })
        rows = self.env.cr.dictfetchall()
        if rows:
            total = rows[0]['total']
        elif offset:
            # past the last page: count the items without a page
            total = self.sudo()._isp_request_timeline(
                limit=None, offset=0, filters=filters)['total']
        else:
            total = 0
        return {'total': total,
                'items': self._isp_timeline_items(rows, dict(types))}

    @api.model
    def _isp_timeline_items(self, rows, type_labels):
        """The timeline's dicts of ``rows`` (model, id, date, kind,
        status), read in one query per model and one for the answers."""
        ids = {'isp.portal.request': [], 'helpdesk.ticket': [],
               'crm.lead': []}
        for row in rows:
            ids[row['model']].append(row['id'])
        Request = self.env['isp.portal.request'].sudo()
        requests = {
            values['id']: values for values in Request.browse(
                ids['isp.portal.request']).read(
                    ['name', 'state', 'ticket_id'], load='_classic_write')}
        tickets = {
            values['id']: values for values in self.env[
                'helpdesk.ticket'].sudo().browse(
                    ids['helpdesk.ticket']).read(['number', 'name',
                                                  'stage_id'])}
        leads = {
            values['id']: values for values in self.env['crm.lead'].sudo(
            ).with_context(active_test=False).browse(
                ids['crm.lead']).read(['name'])}
        request_tickets = [values['ticket_id'] for values in
                           requests.values() if values['ticket_id']]
        answers = self._isp_timeline_answers({
            'isp.portal.request': ids['isp.portal.request'],
            'helpdesk.ticket': ids['helpdesk.ticket'] + request_tickets,
            'crm.lead': ids['crm.lead'],
        })
        state_labels = dict(Request._fields['state']._description_selection(
            self.env))
        status_labels = dict(self._isp_request_timeline_statuses())
        items = []
        for row in rows:
            model, record_id = row['model'], row['id']
            item = {
                'model': model, 'id': record_id, 'date': row['date'],
                'type': row['kind'],
                'type_label': type_labels.get(row['kind'], row['kind']),
                'status': row['status'],
                'status_label': status_labels[row['status']],
                'reference': False, 'ticket_id': False,
            }
            answer = answers.get((model, record_id))
            if model == 'isp.portal.request':
                values = requests[record_id]
                item.update(name=values['name'],
                            status_label=state_labels.get(values['state']),
                            ticket_id=values['ticket_id'])
                # the staff may answer on the ticket the request opened
                on_ticket = answers.get(('helpdesk.ticket',
                                         values['ticket_id']))
                if on_ticket and (not answer or
                                  on_ticket['date'] > answer['date']):
                    answer = on_ticket
            elif model == 'helpdesk.ticket':
                values = tickets[record_id]
                item.update(name=values['name'], reference=values['number'],
                            ticket_id=record_id)
                if values['stage_id']:
                    item['status_label'] = values['stage_id'][1]
            else:
                item.update(name=leads[record_id]['name'], status_label={
                    STATUS_OPEN: _('Received'),
                    STATUS_DONE: _('Answered'),
                    STATUS_REFUSED: _('Closed'),
                }.get(row['status'], item['status_label']))
            item.update({
                'answer': answer['text'] if answer else False,
                'answer_date': answer['date'] if answer else False,
                'answer_author': answer['author'] if answer else False,
            })
            items.append(item)
        return items

    @api.model
    def _isp_timeline_answers(self, ids_by_model):
        """{(model, id): {text, date, author}}: the last message a staff
        member wrote to the customer on each record, in one query."""
        models_, ids = [], []
        for model, record_ids in ids_by_model.items():
            models_ += [model] * len(record_ids)
            ids += record_ids
        if not ids:
            return {}
        self.env.cr.execute(_ANSWERS_SQL, {
            'subtype': self.env.ref('mail.mt_comment').id,
            'models': models_, 'ids': ids})
        answers = {}
        for model, res_id, body, date, author in self.env.cr.fetchall():
            text = html2plaintext(body or '').strip()
            if len(text) > ANSWER_CHARS:
                text = text[:ANSWER_CHARS].rstrip() + '…'
            answers[(model, res_id)] = {
                'text': text, 'date': date, 'author': author}
        return answers
