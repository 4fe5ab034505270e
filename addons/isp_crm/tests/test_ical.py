# Copyright 2026 ISP Suite for Odoo
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import unittest
from datetime import datetime, timedelta, timezone

from icalendar import Calendar

from ..rules import ical

UTC = timezone.utc
EVENT = {
    'uid': 'isp-crm-activity-7@0123-abcd',
    'dtstart': datetime(2031, 3, 14, 9, 30),
    'summary': 'Install the router, floor 2; ring twice',
    'organizer_email': 'boss@isp.example.com',
    'organizer_name': 'Back Office',
    'attendee_email': 'tech@isp.example.com',
    'attendee_name': 'Tech Nician',
    'dtstamp': datetime(2031, 3, 1, 8, 0),
}


def parse(data):
    """The calendar and its only event, read back with icalendar."""
    calendar = Calendar.from_ical(data)
    events = calendar.walk('VEVENT')
    assert len(events) == 1, events
    return calendar, events[0]


class TestIcalRequest(unittest.TestCase):

    def test_request_has_every_field_of_an_invitation(self):
        data = ical.build_request(
            sequence=0, description='Customer: Ana\nBring a ladder',
            location='Calle Mayor 1, Madrid', url='https://isp/web#id=7',
            **EVENT)
        self.assertIsInstance(data, bytes)
        calendar, event = parse(data)
        self.assertEqual(str(calendar['VERSION']), '2.0')
        self.assertEqual(str(calendar['PRODID']), ical.PRODID)
        self.assertEqual(str(calendar['METHOD']), 'REQUEST')
        self.assertEqual(str(event['UID']), EVENT['uid'])
        self.assertEqual(event['SEQUENCE'], 0)
        self.assertEqual(event['DTSTAMP'].dt,
                         datetime(2031, 3, 1, 8, 0, tzinfo=UTC))
        self.assertEqual(event['DTSTART'].dt,
                         datetime(2031, 3, 14, 9, 30, tzinfo=UTC))
        self.assertEqual(event['DTEND'].dt,
                         datetime(2031, 3, 14, 10, 30, tzinfo=UTC))
        self.assertEqual(str(event['SUMMARY']), EVENT['summary'])
        self.assertEqual(str(event['DESCRIPTION']),
                         'Customer: Ana\nBring a ladder')
        self.assertEqual(str(event['LOCATION']), 'Calle Mayor 1, Madrid')
        self.assertEqual(str(event['URL']), 'https://isp/web#id=7')
        self.assertEqual(str(event['STATUS']), 'CONFIRMED')
        organizer = event['ORGANIZER']
        self.assertEqual(str(organizer), 'mailto:boss@isp.example.com')
        self.assertEqual(organizer.params['CN'], 'Back Office')
        attendee = event['ATTENDEE']
        self.assertEqual(str(attendee), 'mailto:tech@isp.example.com')
        self.assertEqual(attendee.params['CN'], 'Tech Nician')
        self.assertEqual(attendee.params['ROLE'], 'REQ-PARTICIPANT')
        self.assertEqual(attendee.params['PARTSTAT'], 'NEEDS-ACTION')
        self.assertEqual(attendee.params['RSVP'], 'TRUE')

    def test_request_dates_are_written_in_utc(self):
        data = ical.build_request(sequence=0, **EVENT)
        self.assertIn(b'DTSTART:20310314T093000Z', data)
        self.assertIn(b'DTEND:20310314T103000Z', data)

    def test_aware_deadline_is_converted_to_utc(self):
        madrid_winter = timezone(timedelta(hours=1))
        values = dict(EVENT, dtstart=datetime(2031, 3, 14, 10, 30,
                                              tzinfo=madrid_winter))
        _calendar, event = parse(ical.build_request(sequence=0, **values))
        self.assertEqual(event['DTSTART'].dt,
                         datetime(2031, 3, 14, 9, 30, tzinfo=UTC))

    def test_duration_sets_the_end(self):
        _calendar, event = parse(ical.build_request(
            sequence=0, duration=timedelta(minutes=45), **EVENT))
        self.assertEqual(event['DTEND'].dt - event['DTSTART'].dt,
                         timedelta(minutes=45))

    def test_empty_duration_falls_back_to_one_hour(self):
        _calendar, event = parse(ical.build_request(
            sequence=0, duration=timedelta(0), **EVENT))
        self.assertEqual(event['DTEND'].dt - event['DTSTART'].dt,
                         timedelta(hours=1))

    def test_update_keeps_uid_and_raises_sequence(self):
        first = parse(ical.build_request(sequence=0, **EVENT))[1]
        moved = dict(EVENT, dtstart=datetime(2031, 3, 15, 16, 0))
        calendar, update = parse(ical.build_request(sequence=1, **moved))
        self.assertEqual(str(calendar['METHOD']), 'REQUEST')
        self.assertEqual(str(update['UID']), str(first['UID']))
        self.assertGreater(update['SEQUENCE'], first['SEQUENCE'])
        self.assertEqual(update['DTSTART'].dt,
                         datetime(2031, 3, 15, 16, 0, tzinfo=UTC))

    def test_missing_uid_or_address_is_refused(self):
        cases = [
            dict(EVENT, uid=''),
            dict(EVENT, organizer_email=''),
            dict(EVENT, attendee_email=None),
        ]
        for values in cases:
            with self.assertRaises(ValueError):
                ical.build_request(sequence=0, **values)
        with self.assertRaises(ValueError):
            ical.build_request(sequence=-1, **EVENT)


class TestIcalCancel(unittest.TestCase):

    def test_cancel_has_method_cancel_and_status_cancelled(self):
        calendar, event = parse(ical.build_cancel(sequence=2, **EVENT))
        self.assertEqual(str(calendar['METHOD']), 'CANCEL')
        self.assertEqual(str(event['STATUS']), 'CANCELLED')
        self.assertEqual(str(event['UID']), EVENT['uid'])
        self.assertEqual(event['SEQUENCE'], 2)
        self.assertEqual(event['DTSTART'].dt,
                         datetime(2031, 3, 14, 9, 30, tzinfo=UTC))
        self.assertEqual(str(event['ORGANIZER']),
                         'mailto:boss@isp.example.com')
        self.assertEqual(str(event['ATTENDEE']),
                         'mailto:tech@isp.example.com')
        self.assertEqual(event['ATTENDEE'].params['RSVP'], 'FALSE')

    def test_default_dtstamp_is_now_in_utc(self):
        values = dict(EVENT)
        del values['dtstamp']
        before = datetime.now(UTC).replace(microsecond=0)
        _calendar, event = parse(ical.build_cancel(sequence=1, **values))
        self.assertGreaterEqual(event['DTSTAMP'].dt, before)
        self.assertLessEqual(event['DTSTAMP'].dt - before,
                             timedelta(minutes=1))
