from . import test_portal_services
from . import test_helpdesk_ticket_bridge
from . import test_rpc_surface
from . import test_portal_access_matrix
from . import test_portal_ticket_service
from . import test_first_day_menus
from . import test_web_client_buttons
from . import test_contract_life_browser
