"""Every write on legal documents, drafts, appraisals and reviews, one module per
part of the domain, as ``lawdocs/models/``: the registry (``documents``), the
documents' files (``files``), drafting and appraisal (``drafting``), review
(``review``).

Each function: keyword-only arguments, the acting user first (None: the
command line, an import or the demo, run by an operator), a permission check,
one transaction, an audit event. The search index is updated in the same
transaction as the document.
"""

from tuphap.lawdocs.services.documents import (
    DOCUMENT_FIELDS,
    document_delete,
    document_save,
    relation_add,
)
from tuphap.lawdocs.services.drafting import (
    appraisal_receive,
    appraisal_report_issue,
    appraisal_return_incomplete,
    appraisals_retime,
    draft_create,
    draft_update,
)
from tuphap.lawdocs.services.files import (
    document_file_add,
    document_file_remove,
    max_file_bytes,
)
from tuphap.lawdocs.services.review import (
    follow_up_complete,
    review_finding_record,
    review_run_close,
    review_run_start,
)

__all__ = [
    "DOCUMENT_FIELDS",
    "appraisal_receive",
    "appraisal_report_issue",
    "appraisal_return_incomplete",
    "appraisals_retime",
    "document_delete",
    "document_file_add",
    "document_file_remove",
    "document_save",
    "draft_create",
    "draft_update",
    "follow_up_complete",
    "max_file_bytes",
    "relation_add",
    "review_finding_record",
    "review_run_close",
    "review_run_start",
]
