from . import isp_subscription
from . import helpdesk_ticket
from . import ir_http
from . import res_company
from . import isp_portal_attempt
from . import isp_portal_request
from . import isp_portal_contact
from . import res_partner
