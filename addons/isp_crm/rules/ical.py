# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""iCalendar (RFC 5545) invitations for CRM activities.

Plain Python, no Odoo import: the caller passes every value explicitly
(naive datetimes are taken as UTC, as Odoo stores them) and gets the bytes
of a ``text/calendar`` object back.

- :func:`build_request` gives ``METHOD:REQUEST``: a new invitation or, with
  the same ``uid`` and a higher ``sequence``, an update of it;
- :func:`build_cancel` gives ``METHOD:CANCEL`` with ``STATUS:CANCELLED``:
  the calendar clients remove the event of that ``uid``.
"""
from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = '-//ISP Suite for Odoo//isp_crm//EN'
METHOD_REQUEST = 'REQUEST'
METHOD_CANCEL = 'CANCEL'
DEFAULT_DURATION = timedelta(hours=1)


def to_utc(value):
    """Return ``value`` as an aware UTC datetime (naive means UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _address(email, name=None, **params):
    address = vCalAddress('mailto:%s' % email)
    if name:
        address.params['CN'] = vText(name)
    for key, value in params.items():
        address.params[key.replace('_', '-').upper()] = vText(value)
    return address


def _build(method, uid, sequence, dtstart, summary, organizer_email,
           attendee_email, dtstamp, duration=None, description=None,
           organizer_name=None, attendee_name=None, location=None,
           url=None):
    if not uid:
        raise ValueError('An invitation needs a UID.')
    if not organizer_email or not attendee_email:
        raise ValueError('An invitation needs an organizer and an attendee '
                         'with an e-mail address.')
    if sequence < 0:
        raise ValueError('The SEQUENCE of an invitation cannot be negative.')
    start = to_utc(dtstart)
    duration = DEFAULT_DURATION if duration is None else duration
    if duration <= timedelta(0):
        duration = DEFAULT_DURATION
    cancelled = method == METHOD_CANCEL

    calendar = Calendar()
    calendar.add('prodid', PRODID)
    calendar.add('version', '2.0')
    calendar.add('calscale', 'GREGORIAN')
    calendar.add('method', method)

    event = Event()
    event.add('uid', uid)
    event.add('sequence', sequence)
    event.add('dtstamp', to_utc(dtstamp))
    event.add('dtstart', start)
    event.add('dtend', start + duration)
    event.add('summary', summary or '')
    if description:
        event.add('description', description)
    if location:
        event.add('location', location)
    if url:
        event.add('url', url)
    event.add('organizer', _address(organizer_email, organizer_name))
    event.add('attendee', _address(
        attendee_email, attendee_name,
        cutype='INDIVIDUAL',
        role='REQ-PARTICIPANT',
        partstat='NEEDS-ACTION',
        rsvp='FALSE' if cancelled else 'TRUE',
    ))
    event.add('status', 'CANCELLED' if cancelled else 'CONFIRMED')
    event.add('transp', 'TRANSPARENT' if cancelled else 'OPAQUE')
    calendar.add_component(event)
    return calendar.to_ical()


def build_request(uid, sequence, dtstart, summary, organizer_email,
                  attendee_email, dtstamp=None, **optional):
    """Bytes of a ``METHOD:REQUEST`` invitation.

    ``optional``: ``duration`` (timedelta, default one hour),
    ``description``, ``organizer_name``, ``attendee_name``, ``location``,
    ``url``.
    """
    return _build(METHOD_REQUEST, uid, sequence, dtstart, summary,
                  organizer_email, attendee_email,
                  dtstamp or datetime.now(timezone.utc), **optional)


def build_cancel(uid, sequence, dtstart, summary, organizer_email,
                 attendee_email, dtstamp=None, **optional):
    """Bytes of a ``METHOD:CANCEL`` message (``STATUS:CANCELLED``).

    Pass the ``uid`` of the invitation and a ``sequence`` higher than
    the last one sent.
    """
    return _build(METHOD_CANCEL, uid, sequence, dtstart, summary,
                  organizer_email, attendee_email,
                  dtstamp or datetime.now(timezone.utc), **optional)
