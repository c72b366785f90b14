"""Following a site until it heals: re-check times, comparing a re-check with the check before,
and the healing course (pure: no storage, no clock; "now" is a parameter).

* :func:`review` -- a check being stored, compared with the site's earlier checks: ``course``
  (better, same, worse, much worse, healed), a raised level when it is worse, and ``recheck``;
* :func:`due_rechecks` -- the sites whose re-check time has come;
* :func:`site_course` -- a site's checks in order, its expected course and whether healing is
  slower than expected.

The times and courses are data with sources: ``data/follow/rechecks.yaml`` and
``data/follow/courses.yaml``; how a size measured on both checks' photos counts (it beats the
typed sizes and never lowers a level) is ``data/follow/measured.yaml``.
"""

from __future__ import annotations

from sitecare.domain.follow.compare import CASES, Change, Course, compare
from sitecare.domain.follow.course import current_course, site_course, slower_than_expected
from sitecare.domain.follow.data import load_follow
from sitecare.domain.follow.due import Due, due_rechecks
from sitecare.domain.follow.look import Look
from sitecare.domain.follow.review import earlier_checks, review
from sitecare.domain.follow.schedule import Recheck, recheck_for

__all__ = [
    "CASES",
    "Change",
    "Course",
    "Due",
    "Look",
    "Recheck",
    "compare",
    "current_course",
    "due_rechecks",
    "earlier_checks",
    "load_follow",
    "recheck_for",
    "review",
    "site_course",
    "slower_than_expected",
]
