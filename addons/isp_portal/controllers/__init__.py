from . import main
from . import portal_access
