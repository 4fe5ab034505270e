from . import main
from . import portal_access
from . import portal_money
from . import portal_tickets_switch
from . import portal_profile
from . import portal_direct_debit
from . import portal_delivery
