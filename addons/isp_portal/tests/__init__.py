from . import test_portal_services
