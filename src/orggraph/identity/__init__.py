"""Person identity across a corpus: which mentions of a name are one person.

``context`` turns facts records into mentions with their context, ``resolve`` applies the
rules, ``curated`` reads the curated decisions file and ``review`` lays out merges and
near-misses for a reviewer; the graph records are written by :mod:`orggraph.rdf.identity`.
"""

from orggraph.identity.context import Mention, MentionId
from orggraph.identity.curated import CuratedError, load_decisions, parse_decisions
from orggraph.identity.resolve import (
    APART_RULES,
    MERGE_RULES,
    Decision,
    IdentityError,
    NearMiss,
    Person,
    Resolution,
    resolve,
)

__all__ = ["APART_RULES", "MERGE_RULES", "CuratedError", "Decision", "IdentityError",
           "Mention", "MentionId", "NearMiss", "Person", "Resolution", "load_decisions",
           "parse_decisions", "resolve"]
