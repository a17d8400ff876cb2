from . import portal
from . import vendor_documents
