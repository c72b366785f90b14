"""The lines the composition writes itself (not from a rule): the help services, the
"nothing found" and rest lines, the headline's "Most likely". Each is translated through
``data/triage/i18n/<lang>.yaml`` like the rules' lines (:data:`PHRASES` lists them)."""

from __future__ import annotations

HELP_HARM_REDUCTION = {
    "name": "Harm-reduction or syringe service program",
    "contact": "your local service",
    "what": "Many offer free wound care, sterile supplies, naloxone and testing, "
    "with no judgement.",
}
HELP_TREATMENT = {
    "name": "SAMHSA National Helpline (US)",
    "contact": "1-800-662-4357",
    "what": "Free and confidential, any time of day: information and support, "
    "and help finding services if and when you want them.",
}
HELP_PRESCRIBER = {
    "name": "Your prescriber, clinic or pharmacist",
    "contact": "the number on your prescription or clinic letter",
    "what": "They know your medicine: they can look at the site, check how it is injected, "
    "and say when to take the next dose.",
}

NOTHING_FOUND = "Nothing you described needs care right now."
NOTHING_FOUND_CARE = (
    "If the site turns red, hot, swollen or more painful, or you get a fever, do this check again."
)
REST_NULL = (
    "Do not inject into or near this site until a doctor or nurse has checked it. "
    "Use a different area well away from it."
)
REST_DAYS = "Let this spot rest for at least {days} days before using it again."
NO_SIGNS = "no warning signs were reported"
MOST_LIKELY = ". Most likely: "
WHILE_YOU_WAIT = "While you wait"
#: the English texts this module writes itself (each needs a translation in every catalog)
PHRASES = (
    NOTHING_FOUND,
    NOTHING_FOUND_CARE,
    REST_NULL,
    REST_DAYS,
    NO_SIGNS,
    MOST_LIKELY,
    WHILE_YOU_WAIT,
    *(
        v
        for h in (HELP_HARM_REDUCTION, HELP_TREATMENT, HELP_PRESCRIBER)
        for v in h.values()
        if any(c.isalpha() for c in v)
    ),
)
