"""Vital-sign scores for triage: SIRS, qSOFA, NEWS2 (partial) and NICE sepsis risk criteria.

Thresholds (clinical brief, section 1 and 8.1):

* fever is a temperature of 38.0 C or more (brief 7.4); low is under 36.0 C (SIRS, NICE);
* SIRS (F1.10): temperature >=38 or <36, heart rate >90, breathing rate >20,
  white cells >12 or <4 x10^9/L -- two or more criteria count; one alone never does
  (F1.11, F11.18). A reported fever, racing heart or fast breathing stands in for the
  measurement when it was not taken (the lay words for the same signs);
* qSOFA (F1.12): breathing rate >=22, systolic <=100, altered mental state -- >=2 flags risk;
* NEWS2 (F1.15-F1.16): bands per parameter; 5+ or any single 3 -> urgent review, 7+ ->
  emergency. Computed from whatever is available and marked partial otherwise;
* NICE NG51 (F1.18): high risk = altered mental state, breathing rate >=25, needs oxygen to
  keep SpO2 >=92 (we use SpO2 <92 as the lay proxy), heart rate >130, systolic <=90;
  moderate = breathing rate 21-24, heart rate 91-130, systolic 91-100, temperature <36.

Every flag needs an abnormal value: normal vital signs never set a flag, so they can never
raise a triage level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

_FIELDS = (
    "temperature_c",
    "heart_rate",
    "respiratory_rate",
    "systolic_bp",
    "white_cell_count",
    "spo2",
    "altered_mental_status",
)

#: plain words for each flag; ``{v}`` is replaced by the measured value
FLAG_REASONS: Mapping[str, str] = {
    "temp_high": "a temperature of {temperature_c} C (38 C or more is a fever)",
    "temp_very_high": "a temperature of {temperature_c} C (39.1 C or more)",
    "temp_low": "a low temperature of {temperature_c} C (under 36 C)",
    "temp_very_low": "a very low temperature of {temperature_c} C",
    "hr_gt90": "a heart rate of {heart_rate} a minute (over 90)",
    "hr_gt130": "a very fast heart rate of {heart_rate} a minute (over 130)",
    "hr_le40": "a very slow heart rate of {heart_rate} a minute",
    "rr_gt20": "breathing {respiratory_rate} times a minute (over 20)",
    "rr_ge22": "breathing {respiratory_rate} times a minute (22 or more)",
    "rr_ge25": "breathing very fast: {respiratory_rate} times a minute (25 or more)",
    "rr_le8": "breathing very slowly: {respiratory_rate} times a minute",
    "rr_lt10": "breathing slowly: {respiratory_rate} times a minute (under 10)",
    "sbp_le100": "a low blood pressure of {systolic_bp} (100 or under)",
    "sbp_le90": "a very low blood pressure of {systolic_bp} (90 or under)",
    "sbp_ge220": "a very high blood pressure of {systolic_bp}",
    "wbc_abnormal": "a white cell count of {white_cell_count} (over 12 or under 4)",
    "spo2_le91": "oxygen level {spo2}% (91% or under)",
    "altered_mental": "new confusion or drowsiness noted by whoever checked",
    "sirs_ge2": "{sirs} of the 4 SIRS signs of a whole-body reaction",
    "qsofa_ge2": "a qSOFA score of {qsofa} (2 or more means higher risk)",
    "news2_ge5": "a NEWS2 score of {news2} (5 or more needs urgent review)",
    "news2_ge7": "a NEWS2 score of {news2} (7 or more is an emergency)",
    "news2_single3": "one vital sign in the most abnormal NEWS2 band",
    "news2_single3_other": "one vital sign in the most abnormal NEWS2 band",
    "temp_raised": "a temperature of {temperature_c} C, a little raised (38 C or more is a fever)",
    "nice_high_risk": "a vital sign in the NICE high-risk range for sepsis",
    "nice_moderate_risk": "a vital sign in the NICE moderate-risk range for sepsis",
}


@dataclass(frozen=True)
class VitalsResult:
    """Flags for the rules, their plain reasons, and the scores for the assessment."""

    flags: frozenset[str] = frozenset()
    reasons: Mapping[str, str] = field(default_factory=dict)
    #: the values the reasons were filled with (:func:`flag_reason` says them in a language)
    values: Mapping[str, Any] = field(default_factory=dict)
    scores: Mapping[str, Any] = field(default_factory=dict)


def _number(vitals: Mapping[str, Any], key: str) -> float | None:
    value = vitals.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _band(value: float | None, bands: tuple[tuple[float, int], ...], top: int) -> int | None:
    """Points for ``value``: the first band whose upper limit (inclusive) it does not pass."""
    if value is None:
        return None
    for upper, points in bands:
        if value <= upper:
            return points
    return top


def news2(vitals: Mapping[str, Any]) -> tuple[int, dict[str, int], list[str]]:
    """NEWS2 points from the available parameters: (total, points by parameter, missing)."""
    parts: dict[str, int | None] = {
        "respiratory_rate": _band(
            _number(vitals, "respiratory_rate"), ((8, 3), (11, 1), (20, 0), (24, 2)), 3
        ),
        "spo2": _band(_number(vitals, "spo2"), ((91, 3), (93, 2), (95, 1)), 0),
        "systolic_bp": _band(
            _number(vitals, "systolic_bp"), ((90, 3), (100, 2), (110, 1), (219, 0)), 3
        ),
        "heart_rate": _band(
            _number(vitals, "heart_rate"), ((40, 3), (50, 1), (90, 0), (110, 1), (130, 2)), 3
        ),
        "temperature_c": _band(
            _number(vitals, "temperature_c"), ((35.0, 3), (36.0, 1), (38.0, 0), (39.0, 1)), 2
        ),
    }
    ams = vitals.get("altered_mental_status")
    parts["consciousness"] = None if not isinstance(ams, bool) else (3 if ams else 0)
    points = {k: v for k, v in parts.items() if v is not None}
    missing = [k for k, v in parts.items() if v is None]
    return sum(points.values()), points, missing


def score_vitals(
    vitals: Mapping[str, Any] | None,
    *,
    fever_reported: bool = False,
    fast_heart_reported: bool = False,
    fast_breathing_reported: bool = False,
) -> VitalsResult:
    """Derive flags and scores from ``vitals``; an empty or missing mapping gives no scores.

    ``fever_reported``, ``fast_heart_reported`` and ``fast_breathing_reported`` (the
    ``fever``, ``fast_heartbeat`` and ``rapid_breathing`` findings) count as the SIRS
    temperature, heart-rate and breathing criteria when that sign was not measured, so two
    reported signs set ``sirs_ge2`` even without vital signs; one never does.
    """
    if not vitals or not any(k in vitals for k in _FIELDS):
        lay = [fever_reported, fast_heart_reported, fast_breathing_reported]
        if sum(lay) >= 2:
            return VitalsResult(
                flags=frozenset({"sirs_ge2"}),
                reasons={"sirs_ge2": FLAG_REASONS["sirs_ge2"].format(sirs=sum(lay))},
                values={"sirs": sum(lay)},
            )
        return VitalsResult()
    r = _Readings.of(vitals)
    flags = _threshold_flags(r)
    reported = (fever_reported, fast_heart_reported, fast_breathing_reported)
    sirs_criteria, qsofa_criteria = _sirs(r, flags, reported), _qsofa(r, flags)
    total, points, missing = news2(vitals)
    high, moderate = _nice(r, flags)
    flags |= _score_flags(r, len(sirs_criteria), len(qsofa_criteria), total, points)
    if high:
        flags.add("nice_high_risk")
    if moderate:
        flags.add("nice_moderate_risk")
    raw = {k: vitals.get(k) for k in _FIELDS}
    raw.update(sirs=len(sirs_criteria), qsofa=len(qsofa_criteria), news2=total)
    values = {k: _fmt(v) for k, v in raw.items()}
    reasons = {name: FLAG_REASONS[name].format(**values) for name in flags}
    scores: dict[str, Any] = {
        "sirs": {"count": len(sirs_criteria), "criteria_met": sirs_criteria},
        "qsofa": {"score": len(qsofa_criteria), "criteria_met": qsofa_criteria},
        "news2": {"score": total, "points": points, "missing": missing, "partial": bool(missing)},
        "nice": {"high_risk": high, "moderate_risk": moderate},
    }
    return VitalsResult(flags=frozenset(flags), reasons=reasons, scores=scores, values=raw)


@dataclass(frozen=True)
class _Readings:
    """The measured signs (None when not measured)."""

    t: float | None
    hr: float | None
    rr: float | None
    sbp: float | None
    wbc: float | None
    spo2: float | None
    ams: bool

    @classmethod
    def of(cls, vitals: Mapping[str, Any]) -> _Readings:
        return cls(
            t=_number(vitals, "temperature_c"),
            hr=_number(vitals, "heart_rate"),
            rr=_number(vitals, "respiratory_rate"),
            sbp=_number(vitals, "systolic_bp"),
            wbc=_number(vitals, "white_cell_count"),
            spo2=_number(vitals, "spo2"),
            ams=vitals.get("altered_mental_status") is True,
        )


def _threshold_flags(r: _Readings) -> set[str]:
    """The flags each measured sign sets on its own."""
    t, hr, rr, sbp, wbc, spo2 = r.t, r.hr, r.rr, r.sbp, r.wbc, r.spo2
    checks = {
        "temp_high": t is not None and t >= 38.0,
        "temp_raised": t is not None and 37.5 <= t < 38.0,
        "temp_very_high": t is not None and t >= 39.1,
        "temp_low": t is not None and t < 36.0,
        "temp_very_low": t is not None and t <= 35.0,
        "hr_gt90": hr is not None and hr > 90,
        "hr_gt130": hr is not None and hr > 130,
        "hr_le40": hr is not None and hr <= 40,
        "rr_gt20": rr is not None and rr > 20,
        "rr_ge22": rr is not None and rr >= 22,
        "rr_ge25": rr is not None and rr >= 25,
        "rr_le8": rr is not None and rr <= 8,
        # the vocabulary's slow breathing: under about 10 a minute (F11.1, F11.4)
        "rr_lt10": rr is not None and rr < 10,
        "sbp_le100": sbp is not None and sbp <= 100,
        "sbp_le90": sbp is not None and sbp <= 90,
        "sbp_ge220": sbp is not None and sbp >= 220,
        "wbc_abnormal": wbc is not None and (wbc > 12 or wbc < 4),
        "spo2_le91": spo2 is not None and spo2 <= 91,
        "altered_mental": r.ams,
    }
    return {name for name, hit in checks.items() if hit}


def _met(criteria: Sequence[tuple[str, bool]]) -> list[str]:
    return [name for name, hit in criteria if hit]


def _sirs(r: _Readings, flags: set[str], reported: tuple[bool, bool, bool]) -> list[str]:
    """The SIRS criteria met. A sign the person reports counts even when a measurement looks
    normal: a measurement can add a sign, never take one away (a fever brought down by
    paracetamol or ibuprofen still reads normal on the thermometer; safety first: adding a
    measurement never lowers the level, tests/triage/test_properties.py)."""
    fever, fast_heart, fast_breathing = reported
    return _met(
        (
            ("temperature", "temp_high" in flags or "temp_low" in flags or fever),
            ("heart_rate", "hr_gt90" in flags or fast_heart),
            ("respiratory_rate", "rr_gt20" in flags or fast_breathing),
            ("white_cell_count", "wbc_abnormal" in flags),
        )
    )


def _qsofa(r: _Readings, flags: set[str]) -> list[str]:
    return _met(
        (
            ("respiratory_rate", "rr_ge22" in flags),
            ("systolic_bp", "sbp_le100" in flags),
            ("mental_status", r.ams),
        )
    )


def _nice(r: _Readings, flags: set[str]) -> tuple[list[str], list[str]]:
    """NICE's high-risk and moderate-to-high-risk criteria met."""
    rr, hr, sbp = r.rr, r.hr, r.sbp
    high = _met(
        (
            ("altered_mental_status", r.ams),
            ("respiratory_rate_25_or_more", "rr_ge25" in flags),
            ("spo2_under_92", r.spo2 is not None and r.spo2 < 92),
            ("heart_rate_over_130", "hr_gt130" in flags),
            ("systolic_90_or_under", "sbp_le90" in flags),
        )
    )
    moderate = _met(
        (
            ("respiratory_rate_21_to_24", rr is not None and 21 <= rr < 25),
            ("heart_rate_91_to_130", hr is not None and 90 < hr <= 130),
            ("systolic_91_to_100", sbp is not None and 90 < sbp <= 100),
            ("temperature_under_36", "temp_low" in flags),
        )
    )
    return high, moderate


def _score_flags(
    r: _Readings, sirs: int, qsofa: int, total: int, points: Mapping[str, int]
) -> set[str]:
    """The flags the scores set (SIRS, qSOFA, NEWS2)."""
    flags = set()
    if sirs >= 2:
        flags.add("sirs_ge2")
    if qsofa >= 2:
        flags.add("qsofa_ge2")
    if total >= 5:
        flags.add("news2_ge5")
    if total >= 7:
        flags.add("news2_ge7")
    if any(p == 3 for p in points.values()):
        flags.add("news2_single3")
    # the same without a slow breathing rate, which is an overdose sign (F11.4), not sepsis
    slow = r.rr is not None and r.rr <= 8
    if any(p == 3 for k, p in points.items() if not (k == "respiratory_rate" and slow)):
        flags.add("news2_single3_other")
    return flags


def _fmt(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
