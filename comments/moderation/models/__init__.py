"""The moderation tables of the comments app (app label `comments`), split by topic:

moderation.py  reports, the audit log, sanctions, notes, word lists and settings
holds.py       what the posting path records: surges, hold explanations, refused comments
dsa.py         the Digital Services Act records: statements, notices, complaints, flaggers
desk.py        the desk's section claims
assistant.py   the moderation assistant: trained models, per-comment scores, settings

comments/models.py imports this package, which is what registers the models with Django.
The package is the one import path for them (`from comments.moderation.models import Notice`).
"""

from comments.moderation.models.assistant import (
    AssistantEvent,
    AssistantScore,
    AssistantSettings,
    AssistantVersion,
    SectionAssistant,
)
from comments.moderation.models.desk import (
    SectionClaim,
)
from comments.moderation.models.dsa import (
    ACCOUNT_SUSPENDED,
    ACCOUNT_TERMINATED,
    ANONYMOUS_GROUNDS,
    APPEAL_DAYS,
    CATEGORY_PRIVACY,
    CATEGORY_PUBLIC_SECURITY,
    CATEGORY_SCAMS,
    CATEGORY_SCOPE,
    CATEGORY_SPEECH,
    CATEGORY_VIOLENCE,
    CONTENT_TYPE_TEXT,
    GROUND_ILLEGAL,
    GROUND_INCOMPATIBLE,
    LEGACY_CATEGORIES,
    LEGAL_GROUND_CATEGORY,
    NETIQUETTE_CATEGORY,
    PROVISION_PARTIAL_SUSPENSION,
    VISIBILITY_DISABLED,
    VISIBILITY_REMOVED,
    Appeal,
    AutomatedDecision,
    LegalGround,
    Notice,
    NotifierSuspension,
    SourceType,
    Statement,
    TrustedFlagger,
    new_reference,
)
from comments.moderation.models.holds import (
    REFUSING_RULES,
    ArticleSurge,
    HoldExplanation,
    HoldRule,
    RefusedComment,
)
from comments.moderation.models.moderation import (
    ArticleDiscussionSettings,
    DiscussionRules,
    HideReason,
    ModerationAction,
    ModerationSettings,
    PreModeration,
    Report,
    Sanction,
    SingletonModel,
    UserModeration,
    UserNote,
    WordRule,
    hide_reason_label,
)

__all__ = [
    "ACCOUNT_SUSPENDED",
    "ACCOUNT_TERMINATED",
    "ANONYMOUS_GROUNDS",
    "Appeal",
    "AssistantEvent",
    "AssistantScore",
    "AssistantSettings",
    "AssistantVersion",
    "APPEAL_DAYS",
    "ArticleDiscussionSettings",
    "ArticleSurge",
    "AutomatedDecision",
    "CATEGORY_PRIVACY",
    "CATEGORY_PUBLIC_SECURITY",
    "CATEGORY_SCAMS",
    "CATEGORY_SCOPE",
    "LEGACY_CATEGORIES",
    "CATEGORY_SPEECH",
    "CATEGORY_VIOLENCE",
    "CONTENT_TYPE_TEXT",
    "DiscussionRules",
    "GROUND_ILLEGAL",
    "GROUND_INCOMPATIBLE",
    "hide_reason_label",
    "HideReason",
    "HoldExplanation",
    "HoldRule",
    "LEGAL_GROUND_CATEGORY",
    "LegalGround",
    "ModerationAction",
    "ModerationSettings",
    "NETIQUETTE_CATEGORY",
    "new_reference",
    "Notice",
    "NotifierSuspension",
    "PreModeration",
    "PROVISION_PARTIAL_SUSPENSION",
    "RefusedComment",
    "REFUSING_RULES",
    "Report",
    "Sanction",
    "SectionAssistant",
    "SectionClaim",
    "SingletonModel",
    "SourceType",
    "Statement",
    "TrustedFlagger",
    "UserModeration",
    "UserNote",
    "VISIBILITY_DISABLED",
    "VISIBILITY_REMOVED",
    "WordRule",
]
