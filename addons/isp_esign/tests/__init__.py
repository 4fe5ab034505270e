from . import test_isp_esign_request
from . import test_esign_page
from . import test_evidence_rules
from . import test_esign_flow
from . import test_esign_page_browser
from . import test_esign_security
from . import test_back_office
