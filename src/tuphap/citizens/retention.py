"""How long citizens' personal data is kept (docs/privacy.md), each period with its basis (pure
module: no Django import; a deployment overrides a period with the Django setting it names).

The rule behind every period: personal data is kept only for as long as its purpose needs, unless
a law sets a period (Decree 13/2023/NĐ-CP, Art. 3(7); the Personal Data Protection Law, Law
91/2025/QH15, in force 1 January 2026, lists "the purpose is achieved" and "the storage period has
ended" among the cases where data is deleted, Art. 14(1), as read in a secondary source). No text
sets a figure for these data: the figures below are the department's choice, for its data-protection
officer to confirm (``confirmed=False``).

A citizen's account is not the dossier: dossiers are the agency's records, kept under the archive
rules (Law on Archives 2024) and never deleted here; the account, its codes and its drafts serve
the citizen's use of the portal and go once that use has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

STORAGE_LIMITATION: Final = "Nghị định 13/2023/NĐ-CP, Điều 3 khoản 7 (lưu trữ trong thời gian phù hợp với mục đích)"


@dataclass(frozen=True)
class Period:
    """One retention period: its length in days, the setting that overrides it, and why."""

    days: int
    setting: str
    purpose: str
    basis: str
    confirmed: bool = False


#: one-time code rows, counted from their expiry (a code proves nothing once expired; a day to look
#: into abuse of the sign-up form)
CODES: Final = Period(
    1,
    "TUPHAP_CITIZEN_CODE_KEEP_DAYS",
    "prove the account holds its phone or email (10 minutes)",
    STORAGE_LIMITATION,
)

#: local accounts whose phone or email was never verified, counted from the sign-up: the contact was
#: taken only to create the account; 30 days leave room to ask for new codes (a sign-up with the same
#: contact reuses the account)
UNVERIFIED_ACCOUNTS: Final = Period(
    30,
    "TUPHAP_CITIZEN_UNVERIFIED_DAYS",
    "create a local account once its contact is verified",
    STORAGE_LIMITATION,
)

#: citizens' accounts not used (no sign-in, no API token used) for so long, counted from the last use,
#: and none of whose online dossiers is open or within the contact retention after its close
#: (``dossiers.retention``): the account's purpose, following its dossiers and applying again, has ended
INACTIVE_ACCOUNTS: Final = Period(
    3 * 365,
    "TUPHAP_CITIZEN_INACTIVE_DAYS",
    "follow one's dossiers and apply again",
    STORAGE_LIMITATION,
)

#: drafts of online applications no one touched for so long, counted from the last save
DRAFTS: Final = Period(
    30,
    "TUPHAP_ONLINE_DRAFT_DAYS",
    "keep an application the citizen is still writing",
    STORAGE_LIMITATION,
)

PERIODS: Final = (CODES, UNVERIFIED_ACCOUNTS, INACTIVE_ACCOUNTS, DRAFTS)
