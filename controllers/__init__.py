from . import portal
from . import portal_scorecard
from . import vendor_documents
