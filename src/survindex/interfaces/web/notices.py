"""The fixed messages of the review pages, for the codes their URLs carry (?done=, ?error=).

After a form is posted the browser is sent back to /review with a code saying what happened. The
page used to print the text of that URL, so any link could make SurvIndex say anything ("your
token expired, mail it to ..."); now it understands these codes only and ignores anything else.
The claim id comes along as a number, so it cannot carry words either.
"""

from __future__ import annotations

#: What was done: the decisions of survindex.review.workflow, and signing out.
DONE = {
    "accept": "accepted {claim}",
    "reject": "rejected {claim}",
    "edit": "edited {claim}",
    "retract": "retracted {claim} from live; its edition keeps it",
    "restore": "restored {claim} to live",
    "signed-out": "signed out",
}

#: What went wrong: sign-in problems and every ReviewError code (survindex.review.workflow).
ERRORS = {
    "sign-in-failed": "That reviewer name and token do not match.",
    "login-expired": "The sign-in form had expired or was not ours; please sign in again.",
    "refused": "That decision was not recorded.",
    "no-claim": "There is no such claim ({claim}).",
    "fixed-edition": (
        "{claim} belongs to a fixed (Carnegie) edition, which never changes: to take it out of "
        "live, retract it instead; its edition keeps it."
    ),
    "already-decided": "{claim} already has that status; nothing was recorded.",
    "reviewer-required": "A reviewer name is required; nothing was recorded.",
    "reason-required": "A reason is required for every decision; nothing was recorded.",
    "not-fixed-edition": "{claim} belongs to no fixed edition: accept or reject it instead.",
    "already-retracted": "{claim} is already retracted from live.",
    "not-retracted": "{claim} is not retracted, so there is nothing to restore.",
    "unknown-field": "Only the fields of the edit form can be changed; nothing was changed.",
    "no-change": "The edit gave no new value; nothing was changed.",
    "bad-value": (
        "A new value for {claim} was not accepted (a country, vendor, technology, status or "
        "financing type SurvIndex does not know, or a number that is not one); nothing was "
        "changed."
    ),
    "changed": (
        "Someone else changed {claim} meanwhile; nothing was recorded. Look at it again below "
        "and decide once more."
    ),
    "no-candidate": "There is no such vendor candidate; nothing was recorded.",
    "unknown-vendor": "There is no such vendor to merge into; nothing was recorded.",
    "vendor-exists": (
        "That vendor already exists: merge the candidate into it, or give another slug; "
        "nothing was recorded."
    ),
}

#: The vendor-candidate page (/review/vendors): what was done, and its own wording of refusals.
VENDOR_DONE = {
    "confirm": "confirmed the candidate as a new vendor and linked its claims",
    "merge": "merged the candidate into the vendor and linked its claims",
    "reject": "rejected the candidate and its pending claims",
}
VENDOR_ERRORS = {
    **ERRORS,
    "already-decided": "That vendor candidate is already decided; nothing was recorded.",
    "bad-value": (
        "A slug (lowercase letters, digits, hyphens) or home country was not accepted; "
        "nothing was recorded."
    ),
}

#: Shown with status 429 instead of the sign-in form's answer; seconds filled in by the server.
TOO_MANY_FAILURES = "Too many failed sign-ins; try again in {seconds} seconds."


def notice(table: dict[str, str], code: str | None, claim: int | None) -> str | None:
    """The message for ``code``, or None for no code or one that is not in ``table``."""
    template = table.get(code or "")
    if template is None:
        return None
    text = template.format(claim=f"claim {claim}" if claim is not None else "the claim")
    return text[:1].upper() + text[1:]
