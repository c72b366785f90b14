"""Triage: from what a mark looks like to likely conditions, urgency, advice and site rest.

Pure: stdlib and PyYAML only, reading sitecare's packaged data. The public API:

* :func:`assess` -- a case (``case.schema.json``) in, an assessment dict out;
* :func:`match_rules` -- the rule matches behind an assessment (for tests and tools);
* :func:`load_rulebase`, :func:`validate_rulebase` -- the rules as data and their lint;
* :func:`red_flag_findings` / :func:`load_red_flags` -- findings that alone are emergencies;
* :mod:`sitecare.domain.triage.questionnaire` -- the guided questions as pure logic;
* :func:`score_vitals` -- SIRS, qSOFA, NEWS2 and NICE criteria from vital signs.
"""

from __future__ import annotations

from sitecare.domain.triage.engine import (
    DEFAULT_EMERGENCY_NUMBER,
    DOCUMENTED_EMERGENCY_NUMBERS,
    assess,
    check_emergency_number,
    match_rules,
)
from sitecare.domain.triage.loader import RuleBase, RuleLoadError, load_rulebase
from sitecare.domain.triage.model import Rule, RuleMatch
from sitecare.domain.triage.redflags import RedFlag, RedFlags, load_red_flags, red_flag_findings
from sitecare.domain.triage.validators import Issue, validate_rulebase
from sitecare.domain.triage.vitals import VitalsResult, score_vitals
from sitecare.domain.triage.vocab import (
    LEVEL_RANK,
    LEVELS,
    LevelLook,
    Vocabulary,
    level_looks,
    load_vocabulary,
)

__all__ = [
    "DEFAULT_EMERGENCY_NUMBER",
    "DOCUMENTED_EMERGENCY_NUMBERS",
    "LEVELS",
    "LEVEL_RANK",
    "Issue",
    "LevelLook",
    "RedFlag",
    "RedFlags",
    "Rule",
    "RuleBase",
    "RuleLoadError",
    "RuleMatch",
    "Vocabulary",
    "VitalsResult",
    "assess",
    "check_emergency_number",
    "level_looks",
    "load_red_flags",
    "load_rulebase",
    "load_vocabulary",
    "match_rules",
    "red_flag_findings",
    "score_vitals",
    "validate_rulebase",
]
