"""Reference data: the manual's prompts, for pages and integrations to show beside the record.

The text is the manual's: REFOCUS manual, 2nd edition, Rethink Mental Illness (2014),
Appendices 1, 3 and 4, reproduced free of charge with the source cited, as its licence asks.
"""

from __future__ import annotations

from interfaces.http.responses import problems
from interfaces.http.routing import Router
from interfaces.http.schemas import VtpAreasPublic, WorksheetDomainsPublic
from projections.reference import vtp_areas, worksheet_domains

router = Router(prefix="/api/v1/reference", tags=["reference"])

_VTP_AREAS = VtpAreasPublic.model_validate(vtp_areas())
_WORKSHEET_DOMAINS = WorksheetDomainsPublic.model_validate(worksheet_domains())


@router.get("/vtp-areas", response_model=VtpAreasPublic, responses=problems(401))
def vtp_area_prompts() -> VtpAreasPublic:
    """The Values and Treatment Preferences interview guide (the manual's Appendix 1): for each of
    the ten VTP areas, its heading, questions and prompts, and what to ask in every area.
    Any signed-in caller; the answer cites its source."""
    return _VTP_AREAS


@router.get("/worksheet-domains", response_model=WorksheetDomainsPublic, responses=problems(401))
def worksheet_domain_prompts() -> WorksheetDomainsPublic:
    """The Strengths Worksheet's prompts: its three columns with their questions (the manual's
    Appendix 3) and, for each row, the worksheet's example questions and the checklist's prompts
    per column (Appendix 4). Any signed-in caller; the answer cites its source."""
    return _WORKSHEET_DOMAINS
