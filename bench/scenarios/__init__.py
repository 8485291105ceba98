"""The scenarios P1-P8, each measured side by side with its baseline in one run.

One module per family: ``commands`` (P1), ``rebuild`` (P2), ``reads`` (P3 and P5, read
through the same server), ``freshness`` (P4), ``pages`` (P6), ``audit`` (P7), ``backup`` (P8,
export and import); ``journeys`` writes the stores they read.
"""

from bench.scenarios.audit import AUDIT_PEOPLE, audit_team, p7_audit
from bench.scenarios.backup import p8_backup
from bench.scenarios.commands import p1_commands
from bench.scenarios.encryption import encryption_cost
from bench.scenarios.freshness import p4_freshness
from bench.scenarios.journeys import build_journey, long_journey, populate
from bench.scenarios.pages import CASELOAD_PEOPLE, CASELOAD_TEAM, PagesStore, p6_pages
from bench.scenarios.reads import HISTORY_READS, ReadStore, p3_reads
from bench.scenarios.rebuild import p2_rebuild, raw_read_decode

__all__ = [
    "AUDIT_PEOPLE",
    "CASELOAD_PEOPLE",
    "CASELOAD_TEAM",
    "HISTORY_READS",
    "PagesStore",
    "ReadStore",
    "audit_team",
    "build_journey",
    "encryption_cost",
    "long_journey",
    "p1_commands",
    "p2_rebuild",
    "p3_reads",
    "p4_freshness",
    "p6_pages",
    "p7_audit",
    "p8_backup",
    "populate",
    "raw_read_decode",
]
