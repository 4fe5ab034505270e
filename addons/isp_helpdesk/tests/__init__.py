from . import test_isp_helpdesk_security
from . import test_sla_rules
from . import test_ticket_input_rules
from . import test_image_upload_rules
from . import test_helpdesk_ticket
from . import test_notifications
from . import test_portal_http
from . import test_portal_browser
