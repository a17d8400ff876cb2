from . import test_audit
from . import test_dropship_state
from . import test_pair_link
from . import test_settings
