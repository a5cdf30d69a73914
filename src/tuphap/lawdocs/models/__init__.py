"""Models of legal normative documents: the registry, drafting and appraisal, review."""

from tuphap.lawdocs.models.documents import (
    DocumentFile,
    DocumentRelation,
    DocumentType,
    IssuingLevel,
    LegalDocument,
    RelationKind,
    SearchEntry,
)
from tuphap.lawdocs.models.drafting import (
    AppraisalReport,
    AppraisalRequest,
    AppraisalRule,
    Conclusion,
    Draft,
    DraftKind,
    DraftStage,
    RuleAnchor,
)
from tuphap.lawdocs.models.review import FollowUp, Outcome, ReviewFinding, ReviewKind, ReviewRun

__all__ = [
    "AppraisalReport",
    "AppraisalRequest",
    "AppraisalRule",
    "Conclusion",
    "DocumentFile",
    "DocumentRelation",
    "DocumentType",
    "Draft",
    "DraftKind",
    "DraftStage",
    "FollowUp",
    "IssuingLevel",
    "LegalDocument",
    "Outcome",
    "RelationKind",
    "ReviewFinding",
    "ReviewKind",
    "ReviewRun",
    "RuleAnchor",
    "SearchEntry",
]
