"""``Location`` on every 201 Created (issue 19, RFC 9110 § 10.2.2): where the created
resource, or the resource the request created something in, is read.

One table, by operation: a template whose ``{names}`` come from the request's path parameters,
then from the response body's fields; the first template whose names are all known is used. A
thing without a read of its own (a signature, an approval, an import) is read where it is
listed: its appraisal, its talk's approvals, the employees."""

from __future__ import annotations

import json
import re
from typing import Any

from app.config import API_PREFIX

APPRAISAL = ("/talks/{talkId}/appraisal",)
LOCATIONS: dict[str, tuple[str, ...]] = {
    "putOrgUnit": ("/org-units/{key}",),
    "putFunctionProfile": ("/function-profiles/{code}",),
    "putEmployee": ("/employees/{personnelNumber}",),
    "createCoordinatorDelegation": ("/coordinator-delegations",),
    "endCoordinatorDelegation": ("/coordinator-delegations",),
    "createEmployeeImport": ("/employees",),
    "createOrgUnitImport": ("/org-units",),
    "createTalk": ("/talks/{id}",),
    "createTalkRequest": ("/cycles/{cycleId}",),
    "createTalkRequestAnswer": ("/talks/{talkId}", "/cycles/{cycleId}"),
    "createTalkCompletion": ("/talks/{talkId}",),
    "createTalkAttendee": ("/talks/{talkId}",),
    "createTalkAttendeeConsent": ("/talks/{talkId}",),
    "createCycleDecision": ("/employees/{personnelNumber}/cycle-decisions",),
    "createHardshipDecision": ("/hardship-decisions",),
    "createPeriodOpening": ("/periods",),
    "createAgreement": ("/cycles/{cycleId}/agreements/{id}",),
    "createAgreementEnding": ("/cycles/{cycleId}/agreements/{agreementId}",),
    "createTalkApproval": ("/talks/{talkId}/approvals",),
    "createTalkManagerDecision": ("/talks/{talkId}",),
    "createTalkContribution": ("/talks/{talkId}/contributions",),
    "createAppraisalDraftShare": APPRAISAL,
    "createAppraisalSignature": APPRAISAL,
    "createAppraisalObjection": APPRAISAL,
    "createAppraisalObjectionHearing": APPRAISAL,
    "createAppraisalFinalisation": APPRAISAL,
    "createAppraisalReward": APPRAISAL,
    "createAppraisalAppealReference": APPRAISAL,
    "createAppraisalAppealDecision": ("/talks/{talkId}/appeal-decisions",),
    "createInformantRequest": ("/talks/{talkId}/informant-requests",),
    "createInformantResponse": ("/informant-requests",),
    "createInformantSuggestion": ("/talks/{talkId}/informant-suggestions",),
    "createInformantSuggestionAnswer": ("/talks/{talkId}/informant-suggestions",),
    "createClockAdvance": ("/clock",),
    "adoptGuideVersion": ("/guide-versions",),
    "createWebhookSubscription": ("/webhook-subscriptions/{id}",),
    "rotateWebhookSecret": ("/webhook-subscriptions/{subscriptionId}",),
}
_NAME = re.compile(r"\{(\w+)\}")


def location(operation_id: str, path_params: dict[str, Any], body: bytes) -> str | None:
    """The Location of a 201 answered by ``operation_id``, or None when it has no entry."""
    templates = LOCATIONS.get(operation_id)
    if not templates:
        return None
    known: dict[str, Any] = {}
    if any(_NAME.search(t) for t in templates) and body:
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            known.update({k: v for k, v in parsed.items() if isinstance(v, str | int)})
    known.update(path_params)
    for template in templates:
        names = _NAME.findall(template)
        if all(known.get(name) not in (None, "") for name in names):
            return API_PREFIX + _NAME.sub(lambda m: str(known[m.group(1)]), template)
    return None
