"""The OpenAPI document's examples: one for every JSON request body and 2xx JSON response.

They are built from the component schemas, property by property, out of one story: Emre
Adviseur (E0002) of Team Jeugd, whose manager is Tim Teammanager (T0001), in the cycle of
2027, as in the demo (``goedgesprek demo``). A value is looked up, most specific first, in
``BY_SCHEMA`` (a property of one schema), ``VALUES`` (a property name wherever it appears), and
else derived from the schema (its enumeration, format or bounds). A text with no value here is
an error, so that no example shows ``"string"``. ``tests/test_openapi_examples.py`` validates
every example against its schema and the request bodies against the service's own models, and
sends them in the main flows.
"""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

# The story's identifiers: one id per thing, wherever it is referred to.
_NS = uuid.UUID("6f1c7e2a-3d52-4c1e-9b7a-0c5b2f0e1d00")


def _id(name: str) -> str:
    return str(uuid.uuid5(_NS, name))


CYCLE_ID = _id("cycle")
TALK_ID = _id("talk")
AGREEMENT_ID = _id("agreement")
APPRAISAL_ID = _id("appraisal")
REQUEST_ID = _id("informant-request")
SUGGESTION_ID = _id("informant-suggestion")
DELEGATION_ID = _id("delegation")
SUBSCRIPTION_ID = _id("subscription")
DELIVERY_ID = _id("delivery")
EVENT_ID = _id("event")
ATTENDEE_ID = _id("attendee")
TALK_REQUEST_ID = _id("talk-request")
GUIDE_VERSION_ID = _id("guide-version")

EMPLOYEE, EMPLOYEE_NAME = "E0002", "Emre Adviseur"
MANAGER, MANAGER_NAME = "T0001", "Tim Teammanager"
HR = "H0001"
TODAY = "2027-03-15"
MOMENT = "2027-03-15T10:30:00+01:00"

TEXT_AGREEMENT = (
    "Stelt het beleidsplan Jeugdhulp 2027–2030 op en legt het ter besluitvorming voor aan het "
    "college."
)

VALUES: dict[str, Any] = {
    # people and organisation
    "personnelNumber": EMPLOYEE,
    "employeePersonnelNumber": EMPLOYEE,
    "employeeName": EMPLOYEE_NAME,
    "managerPersonnelNumber": MANAGER,
    "coordinatorPersonnelNumber": "E0001",
    "name": EMPLOYEE_NAME,
    "email": "e.adviseur@maastricht.nl",
    "orgUnitKey": "jeugd",
    "orgUnit": "jeugd",
    "orgUnitName": "Team Jeugd",
    "parentKey": "sociaal",
    "key": "jeugd",
    "functionProfileCode": "P30",
    "functionTitle": "Adviseur",
    "title": "Adviseur",
    "functionGroup": "adviseur",
    "competencyProfile": "adviseur",
    "salaryScale": 11,
    "scale": 11,
    "functionScale": 11,
    "inFunctionScale": True,
    "probation": False,
    "entryDate": "2019-09-01",
    "functionScaleDate": None,
    "probationDecisionDate": None,
    "leavingDate": None,
    "managerFrom": "2023-01-01",
    "purpose": "Adviseert over het jeugdbeleid van de gemeente en zet het mede uit.",
    "mainTasks": [
        "adviseren van de teammanager over beleidsontwikkelingen in het jeugddomein;",
        "opstellen en onderbouwen van beleidsstukken en rapportages;",
    ],
    "mainTask": "opstellen en onderbouwen van beleidsstukken en rapportages;",
    "knowledgeLevel": "HBO werk- en denkniveau; kennis van de Jeugdwet",
    "criterion": "HBO werk- en denkniveau; kennis van de Jeugdwet",
    "versionDate": "2024-07-01",
    "roles": ["employee"],
    "scopes": [],
    "actorType": "person",
    # cycles and talks
    "cycleId": CYCLE_ID,
    "talkId": TALK_ID,
    "agreementId": AGREEMENT_ID,
    "appraisalId": APPRAISAL_ID,
    "requestId": REQUEST_ID,
    "suggestionId": SUGGESTION_ID,
    "attendeeIds": [ATTENDEE_ID],
    "supersedes": None,
    "supersededBy": None,
    "supersedingTalkId": None,
    "carriedOverFrom": None,
    "startDate": "2027-01-01",
    "endDate": "2027-12-31",
    "cycleStart": "2027-01-01",
    "cycleEnd": "2027-12-31",
    "start": "2027-01-01",
    "end": "2027-12-31",
    "validFrom": "2027-01-01",
    "validTo": "2027-12-31",
    "effectiveDate": "2027-01-01",
    "period": "2027",
    "fromYear": 2027,
    "dueDate": "2027-03-31",
    "due": "2027-03-31",
    "nextDueDate": "2027-09-30",
    "windowStart": "2027-01-01",
    "dueRule": "R2.3",
    "rule": "R2.3",
    "sequence": 1,
    "startsAt": "2027-03-22T10:00:00+01:00",
    "endsAt": "2027-03-22T11:00:00+01:00",
    "location": "Stadhuis, Markt 78, kamer 2.14",
    "videoUrl": None,
    "heldOn": "2027-03-22",
    "cancelledReason": None,
    "reason": "Emre vraagt een extra gesprek over zijn werkdruk sinds de reorganisatie.",
    "today": TODAY,
    "realToday": TODAY,
    "asOf": TODAY,
    "offsetDays": 0,
    "days": 7,
    "overdue": False,
    "late": 0,
    "early": False,
    "actions": ["appointment", "completion"],
    "role": "manager",
    # agreements
    "description": TEXT_AGREEMENT,
    "measure": "Het plan ligt vóór 1 oktober 2027 bij het college.",
    "competencyCode": "analyseren",
    "competencyName": "Analyseren",
    "competency": "analyseren",
    "methodDetail": "Leergang 'Analyseren voor beleidsadviseurs', vier dagdelen.",
    "explanation": None,
    "setVersion": 3,
    "version": 3,
    "ratedSetVersion": 3,
    "ratedVersion": 3,
    "revision": 1,
    "contentVersion": 1,
    "competencySetRevision": 1,
    "asOfVersion": None,
    "weight": 50,
    "effectiveWeight": 50.0,
    "percent": 50,
    "chosen": ["luisteren", "presentatie"],
    "crucial": ["analyseren", "oordeelsvorming"],
    "freeChoices": 2,
    "core": True,
    "adjustable": True,
    "employeeView": None,
    "motivation": "De werkafspraken zijn haalbaar en sluiten aan op het teamplan.",
    "overrideMotivation": None,
    "override": False,
    "text": "Ik wil graag bespreken hoe ik meer kan bijdragen aan het nieuwe jeugdbeleid.",
    "question": "Hoe heeft u de samenwerking met Emre bij het project Jeugdhulp ervaren?",
    "answer": "Emre werkte nauwgezet en hield alle partners goed op de hoogte.",
    "answerReason": None,
    "relationshipNote": "Projectleider Jeugdhulp",
    "approvedBy": MANAGER,
    "approvedAt": MOMENT,
    "changedBy": MANAGER,
    "changedAt": MOMENT,
    "composedBy": MANAGER,
    "composedAt": MOMENT,
    "recordedBy": MANAGER,
    "recordedAt": MOMENT,
    "decidedBy": MANAGER,
    "decidedAt": MOMENT,
    "requestedBy": MANAGER,
    "requestedAt": MOMENT,
    "answeredBy": None,
    "answeredAt": None,
    "suggestedBy": EMPLOYEE,
    "signedBy": EMPLOYEE,
    "signedOn": TODAY,
    "openedBy": HR,
    "openedAt": MOMENT,
    "author": MANAGER,
    "by": MANAGER,
    "owner": MANAGER,
    "createdAt": MOMENT,
    "updatedAt": MOMENT,
    "loadedAt": MOMENT,
    "occurredAt": MOMENT,
    "time": MOMENT,
    "at": MOMENT,
    # appraisals
    "score": 4,
    "rating": 4,
    "finalRating": 4,
    "finalLabel": "goed",
    "label": "goed",
    "meaning": "stijgt regelmatig uit boven de gestelde eisen en verwachtingen",
    "evaluation": "De ontwikkelafspraak is nagekomen: de leergang is afgerond.",
    "sharedOn": "2027-03-15",
    "finalisedOn": None,
    "hearingOn": None,
    "receivedOn": None,
    "submittedOn": TODAY,
    "decidedOn": TODAY,
    "metOn": None,
    "reward": None,
    "appealReference": None,
    "reference": "BZW-2027-014",
    "decisionReference": "BZW-2027-014",
    "collegeDecisionReference": "Collegebesluit 2027/0112",
    "collegeDecisionDate": "2027-01-10",
    "worksCouncilConsentDate": "2026-12-15",
    "hearingDeclined": False,
    "recordedOnBehalf": False,
    "contentWithheld": False,
    "withheldFields": [],
    "onBehalfOf": None,
    "concerns": None,
    "concernsName": None,
    "responseText": None,
    "definition": (
        "Je onderscheidt hoofd- en bijzaken, legt verbanden en komt tot onderbouwde conclusies."
    ),
    "developability": "goed te ontwikkelen",
    "behaviours": ["Je brengt de kern van een vraagstuk snel in beeld."],
    "tips": ["Kies ter voorbereiding een of twee competenties die je wilt ontwikkelen."],
    "level": 3,
    "competencyLevel": 3,
    "minScale": 11,
    "maxScale": 18,
    "guideVersion": "2014",
    "inForce": True,
    "steering": False,
    "required": True,
    "manual": False,
    "oneYear": True,
    "missed": False,
    "declined": False,
    "admitted": True,
    "current": True,
    "void": False,
    "external": False,
    "suppressed": False,
    "enabled": True,
    "reminders": True,
    "active": True,
    # reports
    "people": 24,
    "employees": 24,
    "total": 24,
    "held": 20,
    "notHeld": 1,
    "notYetDue": 3,
    "onTime": 18,
    "daysOverdue": 6,
    "percentHeld": 83.3,
    "rated": 20,
    "rating1": 0,
    "rating2": 1,
    "rating3": 9,
    "rating4": 8,
    "rating5": 2,
    "meanScore": 3.6,
    "objected": 2,
    "objectionRate": 10.0,
    "rewards": 1,
    "finalised": 18,
    "inObjection": 1,
    "windowOpen": 2,
    "finalisationDue": 1,
    "hearingOverdue": 0,
    "responseOverdue": 0,
    "sharedInTime": 19,
    "sharedLate": 1,
    "meanDaysToFinalise": 12.5,
    "medianDaysToFinalise": 10.0,
    "maxDaysToFinalise": 31,
    "metFully": 1,
    "partlyMet": 1,
    "explained": 0,
    "agreements": 3,
    "managerChanges": 1,
    "workSharePercent": 60,
    "cyclesCreated": 24,
    "created": 1,
    "updated": 0,
    "unchanged": 23,
    "missing": ["planning"],
    "openSuggestions": 0,
    "received": 1,
    # pages
    "page": 1,
    "pageSize": 20,
    "totalItems": 1,
    "totalPages": 1,
    # health, clock, events, webhooks
    "schemaRevision": "0030_row_tally",
    "source": "https://goedgesprek.maastricht.nl",
    "specversion": "1.0",
    "datacontenttype": "application/json",
    "eventType": "nl.goedgesprek.talk.held",
    "eventTypes": ["nl.goedgesprek.talk.held"],
    "resourceType": "talk",
    "resourceId": TALK_ID,
    "lastSequence": 1,
    "url": "https://hr.maastricht.nl/hooks/goedgesprek",
    "secret": "whsec_5gT2o9r1pQk7vX3mL8nB4cZ6",
    "previousSecretValidUntil": "2027-03-16T10:30:00+01:00",
    "attempts": 1,
    "attemptedAt": MOMENT,
    "deliveredAt": MOMENT,
    "nextAttemptAt": None,
    "statusCode": 204,
    "lastStatusCode": 204,
    "latencyMs": 84,
    "error": None,
    "lastError": None,
    "disabledAt": None,
    "disabledReason": None,
    "transport": "email",
    "sentAt": MOMENT,
    "body": "Het concept van uw beoordeling is gedeeld; het gesprek is op 22 maart 2027.",
    "link": "/v1/talks/" + TALK_ID + "/appraisal",
    "detail": "De competentieset is nog niet samengesteld.",
    "instance": None,
    "contentHash": "sha256:9b1c0f0c5e7d3a4b2f1e8d7c6b5a49382716f5e4d3c2b1a09f8e7d6c5b4a3928",
    "subject": EMPLOYEE,
    "action": "update",
    "actorId": MANAGER,
    "before": None,
    "after": {"status": "held", "heldOn": "2027-03-22"},
    "data": {"talkId": TALK_ID, "kind": "planning"},
    "next": "/v1/events?after=1",
}

# A property that means something else in one schema than elsewhere.
_WORK_AGREEMENT = {
    "number": 1,
    "kind": "work",
    "version": 2,
    "status": "active",
    "description": TEXT_AGREEMENT,
    "measure": "Het plan ligt vóór 1 oktober 2027 ter besluitvorming bij het college.",
    "dueDate": "2027-10-01",
    "mainTask": "opstellen en onderbouwen van beleidsstukken en rapportages;",
    "weight": 60,
    "effectiveWeight": 60.0,
    "subject": None,
    "competencyCode": None,
    "method": None,
    "methodDetail": None,
    "careerType": None,
    "change": "created",
    "reason": None,
    "setVersion": 2,
}
_DEVELOPMENT = "Emre ontwikkelt zijn analytisch vermogen tot niveau 3."
_MANAGER_REF = {"personnelNumber": MANAGER, "name": MANAGER_NAME}
_AS_EMPLOYEE = {"party": "employee", "author": EMPLOYEE}

BY_SCHEMA: dict[str, dict[str, Any]] = {
    "ActorOut": {"kind": "person", "subject": EMPLOYEE},
    "EmployeeOut": {"manager": _MANAGER_REF},
    "OrgUnitOut": {"name": "Team Jeugd"},
    "OrgUnitRef": {"name": "Team Jeugd"},
    "AgreedTalk": {"kind": "planning", "status": "held", "outcome": "approved"},
    "Blocker": {
        "rule": "R3.2",
        "code": "competency-set-missing",
        "detail": "The competency set is not composed yet.",
    },
    "CareerRow": {"careerType": "mobility", "agreements": 2, "active": 2, "people": 2},
    "CloudEvent": {
        "id": EVENT_ID,
        "source": "urn:nld:oin:00000001003214345000:systeem:goedgesprek",
        "type": "nl.goedgesprek.talk.held",
        "subject": TALK_ID,
        "sequence": "00000000000000000001",
        "data": {"kind": "planning", "dueDate": "2027-03-31", "heldOn": "2027-03-22"},
    },
    "CompetencyRatingIn": {"code": "analyseren"},
    "CompetencyMember": {
        "code": "analyseren",
        "name": "Analyseren",
        "cluster": "learn",
        "source": "profile",
        "crucial": True,
    },
    "CompetencyOut": {"code": "analyseren", "name": "Analyseren", "cluster": "learn"},
    "ProfileCompetencyOut": {
        "code": "analyseren",
        "name": "Analyseren",
        "cluster": "learn",
        "core": False,
    },
    "CompetencyProfileOut": {"code": "adviseur", "name": "Adviseur"},
    "CoverageRow": {"kind": "planning", "orgUnit": "jeugd"},
    "FunctionProfileOut": {"code": "P30"},
    "FunctionProfileRef": {"code": "P30"},
    "CurrentTalk": {"kind": "planning", "status": "scheduled", "outcome": "approved-by-manager"},
    "CycleOut": {
        "id": CYCLE_ID,
        "startDate": "2026-01-01",
        "status": "open",
        "endReason": None,
        "rule": "R2.1",
        "nextDueDate": "2027-03-31",
    },
    "CycleDetail": {
        "id": CYCLE_ID,
        "startDate": "2026-01-01",
        "status": "open",
        "endReason": None,
        "rule": "R2.1",
        "nextDueDate": "2027-03-31",
        "actions": ["request-talk"],
    },
    "TalkOut": {
        "id": TALK_ID,
        "status": "scheduled",
        "reason": None,
        "heldOn": None,
        "dueRule": "R2.1",
        "actions": ["propose-attendee"],
    },
    "AttendeeOut": {
        "id": ATTENDEE_ID,
        "employeeConsent": {"by": EMPLOYEE, "at": MOMENT},
    },
    "TalkRequestOut": {
        "id": TALK_REQUEST_ID,
        "requestedBy": EMPLOYEE,
        "status": "open",
        "talkId": None,
    },
    "CycleDecisionOut": {"decidedBy": HR},
    "HardshipOut": {"recordedBy": HR},
    "PeriodOut": {
        "id": "2027-2028",
        "startDate": "2027-09-01",
        "endDate": "2028-08-31",
        "openedAt": MOMENT,
    },
    "PeriodOpeningOut": {
        "period": "2027-2028",
        "startDate": "2027-09-01",
        "endDate": "2028-08-31",
        "cyclesCreated": 412,
    },
    "CompetencySetOut": {"level": 2, "functionScale": 11},
    "AgreementOut": {"id": AGREEMENT_ID, **_WORK_AGREEMENT},
    "SetAgreementOut": {"id": AGREEMENT_ID, **_WORK_AGREEMENT},
    "ApprovalOut": {"party": "manager"},
    "DecisionOut": {"rule": "R4.7"},
    "ContributionOut": {**_AS_EMPLOYEE, "agreementId": None},
    "AppraisalOut": {
        "id": APPRAISAL_ID,
        "state": "held",
        "ratedSetVersion": 2,
        "contentVersion": 2,
        "objections": None,
        "response": None,
        "responseText": None,
        "nextActor": "employee",
        "actions": [],
        "openSuggestions": 0,
    },
    "RatedItem": {
        "item": "work",
        "ref": AGREEMENT_ID,
        "title": TEXT_AGREEMENT,
        "weight": 60.0,
        "crucial": False,
        "criterion": "opstellen en onderbouwen van beleidsstukken en rapportages;",
        "concerns": None,
    },
    "Part": {"score": 4.0, "items": 2},
    "FinalOut": {"computed": 4, "missing": []},
    "SignatureOut": {"party": "manager", "kind": "signed", "signedBy": MANAGER},
    "DeadlineOut": {
        "name": "sign",
        "due": "2027-04-05",
        "rule": "R6.11",
        "actor": "employee",
        "missed": False,
        "metOn": None,
    },
    "PlanDevelopmentOut": {
        "description": _DEVELOPMENT,
        "concerns": "analyseren",
        "concernsName": "Analyseren",
        "dueDate": "2027-11-30",
    },
    "PlanCareerOut": {
        "description": "Emre oriënteert zich op een rol als senior adviseur binnen de sector.",
        "evaluation": "Emre heeft twee oriënterende gesprekken gevoerd.",
    },
    "InformantRequestOut": {"id": REQUEST_ID, "informant": "Eva Beleidsmedewerker"},
    "InformantSuggestionOut": {
        "id": SUGGESTION_ID,
        "status": "open",
        "answerReason": None,
        "requestId": None,
    },
    "AuditEventOut": {
        "id": 1842,
        "actorId": MANAGER,
        "requestId": "0f6c2d7e9b1a4c3d",
        "contentWithheld": False,
    },
    "GuideVersionOut": {
        "id": GUIDE_VERSION_ID,
        "title": "Competentiegids gemeente Maastricht",
        "effectiveDate": "2014-01-01",
        "source": "seed/000_eb75be18cb468ead.txt",
        "status": "adopted",
    },
    "AdoptionOut": {"recordedBy": HR},
    "RatingValueOut": {"score": 4},
    "PreparationTipOut": {
        "number": 1,
        "text": "Kies ter voorbereiding op het gesprek een of twee competenties die je wilt "
        "ontwikkelen en die van belang zijn voor het bereiken van een goed resultaat.",
    },
    "Health": {"status": "ok", "version": "1.0.0"},
    "MissingRow": {"manager": MANAGER_NAME},
    "NotificationOut": {
        "kind": "draft-shared",
        "subject": "Het concept van uw beoordeling staat klaar",
        "rule": "R6.3",
        "dueDate": "2027-03-22",
        "transport": "smtp",
    },
    "OverduePage": {"kind": "planning"},
    "OverdueRow": {"manager": MANAGER_NAME},
    "DeliveryOut": {"id": DELIVERY_ID, "status": "delivered", "eventId": EVENT_ID},
    "SubscriptionOut": {"id": SUBSCRIPTION_ID, "owner": "hris"},
    "SubscriptionCreated": {"id": SUBSCRIPTION_ID, "owner": "hris"},
    "DelegationOut": {"id": DELEGATION_ID, "recordedBy": HR},
    "TaskOut": {
        "kind": "share-draft",
        "action": "Deel het concept van de beoordeling uiterlijk een week voor het gesprek.",
        "actor": MANAGER,
        "role": "manager",
        "rule": "R6.3",
        "talkKind": "appraisal",
        "url": "/v1/talks/" + TALK_ID + "/appraisal",
        "link": "https://e-module.maastricht.nl/gesprekken/" + TALK_ID,
    },
}

SIBLINGS = {"AgreementOut": "WorkAgreementIn", "SubscriptionCreated": "SubscriptionIn"}
"""A response whose fields repeat a request's (``XOut`` and ``XIn`` are paired by name)."""

# A schema whose example is written out whole (cross-field rules the walk cannot know).
WHOLE: dict[str, Any] = {
    "OrgUnitIn": {
        "name": "Team Jeugd",
        "parentKey": "sociaal",
        "managerPersonnelNumber": MANAGER,
    },
    "OrgUnitImportIn": {
        "orgUnits": [
            {"key": "sociaal", "name": "Sector Sociaal Domein", "parentKey": None},
            {
                "key": "jeugd",
                "name": "Team Jeugd",
                "parentKey": "sociaal",
                "managerPersonnelNumber": MANAGER,
            },
        ]
    },
    "OrgUnitImportOut": {"received": 2, "created": 0, "updated": 1, "unchanged": 1},
    "DelegationIn": {
        "coordinatorPersonnelNumber": "E0001",
        "employeePersonnelNumber": EMPLOYEE,
        "decisionReference": "Besluit teammanager Jeugd 2027-03",
        "decidedBy": MANAGER,
        "motivation": "Eva coördineert het project Jeugdhulp waarin Emre het hele jaar werkt.",
        "validFrom": "2027-01-01",
        "validTo": "2028-01-01",
    },
    "DelegationEndIn": {"validTo": "2027-07-01"},
    "ExtraTalkIn": {
        "kind": "progress",
        "dueDate": "2027-06-30",
        "reason": "Extra voortgangsgesprek: de werkdruk in het project Jeugdhulp is hoog.",
        "early": False,
    },
    "TalkRequestIn": {
        "kind": "progress",
        "reason": "Ik wil graag een extra voortgangsgesprek over mijn werkdruk.",
    },
    "TalkRequestAnswerIn": {
        "decision": "schedule",
        "dueDate": "2027-06-30",
        "reason": "Goed idee; we plannen het gesprek voor eind juni.",
    },
    "AttendeeIn": {"name": "Hanna HR-adviseur", "role": "HR-adviseur"},
    "CycleDecisionIn": {
        "fromYear": 2028,
        "oneYear": True,
        "reason": "Vanaf 2028 valt de cyclus van Emre samen met het kalenderjaar (R2.2).",
    },
    "HardshipIn": {
        "reference": "Collegebesluit 2027/0231",
        "reason": "Langdurige ziekte: het planningsgesprek kon niet binnen de termijn worden "
        "gevoerd.",
        "rule": "R2.3",
        "cycleId": CYCLE_ID,
        "talkId": TALK_ID,
    },
    "PeriodOpeningIn": {"period": "2027-2028"},
    "WeightsIn": {
        "weighting": "custom",
        "weights": [
            {"agreementId": AGREEMENT_ID, "percent": 60},
            {"agreementId": _id("agreement-2"), "percent": 40},
        ],
    },
    "WorkAgreementIn": {
        "kind": "work",
        "description": TEXT_AGREEMENT,
        "measure": "Het plan ligt vóór 1 oktober 2027 ter besluitvorming bij het college.",
        "dueDate": "2027-10-01",
        "mainTask": "opstellen en onderbouwen van beleidsstukken en rapportages;",
    },
    "DevelopmentAgreementIn": {
        "kind": "development",
        "description": "Emre ontwikkelt zijn analytisch vermogen tot niveau 3.",
        "subject": "competency",
        "competencyCode": "analyseren",
        "method": "training",
        "methodDetail": "Leergang 'Analyseren voor beleidsadviseurs', vier dagdelen.",
        "dueDate": "2027-11-30",
    },
    "CareerAgreementIn": {
        "kind": "career",
        "description": "Emre oriënteert zich op een rol als senior adviseur binnen de sector.",
        "careerType": "career-step",
    },
    "ConditionIn": {
        "kind": "condition",
        "description": "Emre werkt twee dagen per week op het stadskantoor bij het team Jeugdhulp.",
    },
    "WorkAgreementChange": {
        "kind": "work",
        "change": "adjusted",
        "reason": "Het college heeft de besluitvorming naar november verschoven.",
        "description": TEXT_AGREEMENT,
        "measure": "Het plan ligt vóór 1 november 2027 ter besluitvorming bij het college.",
        "dueDate": "2027-11-01",
        "mainTask": "opstellen en onderbouwen van beleidsstukken en rapportages;",
    },
    "DevelopmentAgreementChange": {
        "kind": "development",
        "change": "refined",
        "reason": None,
        "description": "Emre ontwikkelt zijn analytisch vermogen tot niveau 3.",
        "subject": "competency",
        "competencyCode": "analyseren",
        "method": "coaching",
        "methodDetail": "Vier coachingsgesprekken met een senior adviseur.",
        "dueDate": "2027-11-30",
    },
    "CareerAgreementChange": {
        "kind": "career",
        "change": "refined",
        "reason": None,
        "description": "Emre loopt een maand mee met een senior adviseur van Sociaal Domein.",
        "careerType": "mobility",
    },
    "ConditionChange": {
        "kind": "condition",
        "change": "refined",
        "reason": None,
        "description": "Emre werkt drie dagen per week op het stadskantoor bij het team Jeugdhulp.",
    },
    "EndingIn": {"reason": "Het project Jeugdhulp is door het college stopgezet."},
    "DecisionIn": {
        "setVersion": 3,
        "reason": "De werkafspraken volgen uit het teamplan 2027; Emre vond de termijn te krap, "
        "die is met een maand verruimd.",
        "employeeView": "Ik vind de termijn voor het beleidsplan te krap.",
    },
    "ContributionIn": {
        "kind": "topic",
        "text": "Ik wil graag bespreken hoe ik meer kan bijdragen aan het nieuwe jeugdbeleid.",
        "agreementId": None,
    },
    "ObjectionsIn": {
        "text": "Ik ben het niet eens met de score voor samenwerken: in het project Jeugdhulp heb "
        "ik alle ketenpartners bij elkaar gebracht.",
    },
    "HearingIn": {"heldOn": "2027-04-05", "declined": False},
    "FinalisationIn": {
        "response": "partly-met",
        "explanation": "De score voor samenwerken is naar 4 verhoogd; de score voor "
        "resultaatgerichtheid blijft staan, omdat de planning twee keer is overschreden.",
    },
    "RewardIn": {"description": "Eenmalige uitkering van 3% van het jaarsalaris (R6.9)."},
    "AppealIn": {"reference": "Bezwaar BZW-2027-014"},
    "AppealDecisionIn": {
        "procedure": "objection",
        "outcome": "partly-upheld",
        "decidedOn": "2027-06-10",
        "reference": "Beslissing op bezwaar BZW-2027-014",
    },
    "InformantSuggestionIn": {
        "name": "Eva Beleidsmedewerker",
        "reason": "Eva was projectleider van Jeugdhulp en heeft mijn werk het hele jaar gezien.",
    },
    "InformantResponseIn": {
        "answer": "Emre werkte nauwgezet en hield alle partners goed op de hoogte.",
        "receivedOn": None,
    },
    "SignatureIn": {"contentVersion": 2, "party": "employee", "kind": "agree"},
    "ClockIn": {"today": "2027-03-15"},
    "ClockAdvanceIn": {"days": 7},
    "SubscriptionIn": {
        "url": "https://hr.maastricht.nl/hooks/goedgesprek",
        "eventTypes": ["nl.goedgesprek.appraisal.finalised"],
        "description": "Het HR-systeem leest vastgestelde beoordelingen in.",
        "enabled": True,
    },
}


_PYTHON: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
    "null": type(None),
}


_FORMATS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "date-time": re.compile(r"^\d{4}-\d{2}-\d{2}T"),
    "uuid": re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
}


class _Walk:
    def __init__(self, schemas: dict[str, Any]) -> None:
        self.schemas = schemas
        self.cache: dict[str, tuple[Any, list[str]]] = {}
        self.stack: list[str] = []
        self.missing: list[str] = []

    def named(self, name: str) -> Any:
        if name in WHOLE:
            return copy.deepcopy(WHOLE[name])
        if name not in self.cache:
            if name in self.stack:  # a recursive schema: stop at an empty list/null
                return None
            self.stack.append(name)
            known = len(self.missing)
            try:
                value = self.value(self.schemas[name], name, None)
            finally:
                self.stack.pop()
            self.cache[name] = (value, self.missing[known:])
            return copy.deepcopy(value)
        value, missing = self.cache[name]
        self.missing += missing  # every use of an incomplete schema is incomplete
        return copy.deepcopy(value)

    def value(self, schema: dict[str, Any], owner: str, prop: str | None) -> Any:
        if "$ref" in schema:
            return self.named(schema["$ref"].rsplit("/", 1)[-1])
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [o for o in schema[key] if o.get("type") != "null"]
                return self.value(options[0], owner, prop)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next(k for k in kind if k != "null")
        if kind == "object" or "properties" in schema:
            return {
                name: self.property(owner, name, sub)
                for name, sub in schema.get("properties", {}).items()
            }
        if kind == "array":
            item = self.value(schema.get("items", {}), owner, prop)
            return [] if item is None else [item]
        if kind == "boolean":
            return False
        if kind == "integer":
            return int(schema.get("minimum", 1))
        if kind == "number":
            return float(schema.get("minimum", 1))
        fmt = schema.get("format")
        if fmt == "date":
            return TODAY
        if fmt == "date-time":
            return MOMENT
        if fmt == "uuid":
            return _id(f"{owner}.{prop}")
        self.missing.append(f"{owner}.{prop}")
        return "…"

    def property(self, owner: str, name: str, schema: dict[str, Any]) -> Any:
        if name in BY_SCHEMA.get(owner, {}):
            return copy.deepcopy(BY_SCHEMA[owner][name])
        sibling = WHOLE.get(SIBLINGS.get(owner, owner.removesuffix("Out") + "In"), {})
        if name in sibling:  # what was sent comes back
            return copy.deepcopy(sibling[name])
        if name in VALUES and self.fits(VALUES[name], schema):
            return copy.deepcopy(VALUES[name])
        return self.value(schema, owner, name)

    def fits(self, value: Any, schema: dict[str, Any]) -> bool:
        """Whether a value of ``VALUES`` is of the property's kind (the same name is a count
        in one schema and a list in another)."""
        if "$ref" in schema:
            return self.fits(value, self.schemas[schema["$ref"].rsplit("/", 1)[-1]])
        if "enum" in schema or "const" in schema:
            return value in schema.get("enum", [schema.get("const")])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return any(self.fits(value, option) for option in schema[key])
        kinds = schema.get("type")
        if kinds is None:
            return True
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if isinstance(value, str) and schema.get("format") in _FORMATS:
            return bool(_FORMATS[schema["format"]].match(value))
        if isinstance(value, list) and "items" in schema:
            return "array" in kinds and all(self.fits(item, schema["items"]) for item in value)
        return any(isinstance(value, _PYTHON[kind]) for kind in kinds) and not (
            isinstance(value, bool) and "boolean" not in kinds
        )


def attach(document: dict[str, Any]) -> list[str]:
    """Every JSON request body and 2xx JSON response of the document gets its example, kept
    once in ``components/examples`` under its schema's name and referred to; a body that is one
    of several kinds (``oneOf``) gets one example per kind. A schema with a text that has no
    value here gets none; the properties at fault are returned (the tests require none for the
    service's own document)."""
    walk = _Walk(document["components"]["schemas"])
    found: dict[str, Any] = {}
    for item in document["paths"].values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            contents = [operation.get("requestBody", {}).get("content", {})]
            contents += [
                response.get("content", {})
                for status, response in operation.get("responses", {}).items()
                if status.startswith("2")
            ]
            for content in contents:
                media = content.get("application/json")
                if media is not None and "$ref" in media.get("schema", {}):
                    refs = [media["schema"]]
                elif media is not None and "oneOf" in media.get("schema", {}):
                    refs = media["schema"]["oneOf"]
                else:
                    continue
                _attach_one(walk, media, refs, found)
    if found:
        document["components"]["examples"] = dict(sorted(found.items()))
    return sorted(set(walk.missing))


def _attach_one(walk: _Walk, media: dict[str, Any], refs: list[dict], found: dict) -> None:
    known = len(walk.missing)
    names = [ref["$ref"].rsplit("/", 1)[-1] for ref in refs if "$ref" in ref]
    if len(names) != len(refs):
        return
    values = {name: walk.named(name) for name in names}
    if len(walk.missing) != known:
        return
    for name, value in values.items():
        found[name] = {"value": value}
    media["examples"] = {name: {"$ref": f"#/components/examples/{name}"} for name in names}
