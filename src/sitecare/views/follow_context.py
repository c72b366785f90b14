"""What the pages show of following a site: the re-checks due, and a site's healing course.

Pure, like ``views.context`` (which adds these to the home and site pages, so pocket shows the
same): ``sc`` is the web app's service facade or pocket's in-memory one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sitecare.domain.follow import due_rechecks, site_course
from sitecare.domain.messages import N_
from sitecare.domain.wording import when_words

#: words for the page, in English; the templates translate them (``_(level_words)``)
LEVEL_WORDS = {
    "emergency": N_("Emergency"),
    "urgent": N_("Get care today"),
    "soon": N_("See a clinician in 1 to 2 days"),
    "self_care": N_("Care at home"),
    "routine": N_("Ordinary mark"),
}
CASE_WORDS = {
    "better": N_("Better"),
    "same": N_("About the same"),
    "worse": N_("Worse"),
    "much_worse": N_("Much worse"),
    "healed": N_("Healed"),
}


def due_list(sc: Any, current: datetime) -> list[dict[str, Any]]:
    """The sites due for a re-check now, soonest first, with words for the page."""
    labels = {r.id: r.label for r in sc.atlas}
    items = due_rechecks(sc.triage.list_checks(now=current), current, labels)
    return [
        d.to_dict()
        | {
            "since_words": when_words(d.due_at, current, clock=True),
            "checked_words": when_words(d.checked_at, current),
            "level_words": LEVEL_WORDS.get(d.level or "", ""),
        }
        for d in items
    ]


def course_view(sc: Any, region: str, current: datetime) -> dict[str, Any]:
    """A site's healing course for its page: the timeline (newest first) and what to expect."""
    course = site_course(sc.triage.list_checks(region=region, now=current), current)
    measured = getattr(sc, "measurements", None)  # pocket keeps no photos
    if measured is not None:  # the measured photos' sizes, where both checks have one
        course = dict(measured.measured_course(course, now=current))
    entries = [
        e
        | {
            "at_dt": datetime.fromisoformat(e["at"]),
            "level_words": LEVEL_WORDS.get(e["level"] or "", ""),
            "case_words": CASE_WORDS.get(e["case"] or "", ""),
        }
        for e in course["entries"]
    ]
    nxt = course["next_recheck"]
    if nxt is not None:
        at = datetime.fromisoformat(nxt["at"])
        nxt = nxt | {"at_words": when_words(at, current, clock=True), "due": at <= current}
    return course | {"entries": list(reversed(entries)), "next_recheck": nxt}


def recheck_words(assessment: dict[str, Any], observation: Any) -> str | None:
    """``tomorrow at 09:00`` for a stored check's re-check (None when it has none)."""
    recheck = assessment.get("recheck")
    if observation is None or not isinstance(recheck, dict) or not recheck.get("at"):
        return None
    at = datetime.fromisoformat(str(recheck["at"]))
    return when_words(at, observation.at, clock=True)


#: how many sites' courses a worker's client page shows (the ones checked most recently)
CLIENT_COURSES = 3


def client_follow(sc: Any, client_id: int, current: datetime) -> dict[str, Any]:
    """A worker's client page: the client's re-checks due, and the course of each site being
    followed (not healed), most recently checked first."""
    latest: dict[str, datetime] = {}
    for obs in sc.triage.list_checks(now=current):
        if obs.region:
            latest[obs.region] = obs.at
    courses = []
    for region in sorted(latest, key=lambda r: latest[r], reverse=True):
        course = course_view(sc, region, current)
        if not course["healed"]:
            courses.append({"region": sc.atlas.region(region), "course": course})
        if len(courses) == CLIENT_COURSES:
            break
    return {
        "due": due_list(sc, current),
        "check_href": f"/clients/{client_id}/check?region=",
        "courses": courses,
    }
