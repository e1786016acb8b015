"""The agreements and the competency set (Articles 4 and 5: R4.1–R4.7, R5.2–R5.4; T2.1 for a
bridging cycle; R6.3 for the views on a draft appraisal brought in to its talk)."""

TEXTS: dict[str, tuple[str, str]] = {
    "agreements-not-shared": (
        "Agreements are for the employee, their manager and HR only.",
        "Afspraken zijn alleen voor de medewerker, de leidinggevende en HR.",
    ),
    "forbidden.not-a-party": (
        "Only the employee and their manager (or delegated coordinator) take part.",
        "Alleen de medewerker en de leidinggevende (of de gedelegeerde coördinator) nemen deel.",
    ),
    "cycle-ended": (
        "The cycle is {status} (it ran until {end}): its agreements can no longer change "
        "(R4.1), unless a hardship decision of the Board sets that aside (R7).",
        "De gesprekscyclus is {status} (hij liep tot en met {end}): de afspraken ervan kunnen "
        "niet meer veranderen (R4.1), tenzij het College op grond van de hardheidsclausule "
        "anders beslist (R7).",
    ),
    "agreements-carried-over": (
        "A bridging cycle carries the probation cycle's agreements over (T2.1): its competency "
        "set and weights are not changed here; the agreements are adjusted only in a progress "
        "talk of the bridging cycle (Art. 5.2).",
        "Een overbruggingscyclus neemt de afspraken van de proeftijdcyclus over (T2.1): de "
        "competentieset en de weging veranderen hier niet; de afspraken worden alleen in een "
        "voortgangsgesprek van de overbruggingscyclus bijgesteld (Art. 5.2).",
    ),
    "agreements-carried-over.no-progress-talk": (
        "The carried-over agreements are adjusted in a progress talk of the bridging cycle: "
        "add one (R2.5) to adjust them (Art. 5.2, T2.1).",
        "De overgenomen afspraken worden bijgesteld in een voortgangsgesprek van de "
        "overbruggingscyclus: voeg er een toe (R2.5) om ze bij te stellen (Art. 5.2, T2.1).",
    ),
    "no-agreement-talk": (
        "No planning or progress talk of this cycle is open: agreements are made in the "
        "planning talk and adjusted in a progress talk, up to the appraisal (R4.1, R5.2).",
        "Er staat geen planningsgesprek of voortgangsgesprek van deze gesprekscyclus open: "
        "afspraken worden gemaakt in het planningsgesprek en bijgesteld in een "
        "voortgangsgesprek, tot aan de beoordeling (R4.1, R5.2).",
    ),
    "competency-set-not-found": (
        "The competency set of this cycle is not composed yet (R3.2).",
        "De competentieset van deze gesprekscyclus is nog niet samengesteld (R3.2).",
    ),
    "cycle-without-guide": (
        "The cycle has no guide version: load the competency guide first (R3.5).",
        "De gesprekscyclus heeft geen versie van de competentiegids: laad eerst de "
        "competentiegids (R3.5).",
    ),
    "development-agreement-outside-set": (
        "Development agreements {agreements} are on competencies the new set leaves out: "
        "adjust or end them first (R4.1).",
        "Ontwikkelafspraken {agreements} gaan over competenties die niet meer in de nieuwe "
        "competentieset zitten: stel ze eerst bij of beëindig ze (R4.1).",
    ),
    "agreement-ended": (
        "The agreement was ended; it can no longer change.",
        "De afspraak is beëindigd; ze kan niet meer veranderen.",
    ),
    "agreement-ended.already": (
        "The agreement was ended already.",
        "De afspraak is al beëindigd.",
    ),
    "invalid-input.kind-changed": (
        "A {kind} agreement stays one; record a new agreement instead.",
        "Een {kind} blijft een {kind}; leg in plaats daarvan een nieuwe afspraak vast.",
    ),
    # What keeps the set from being agreed (R4.6): the blockers, each a sentence.
    "competency-set-missing": (
        "The competency set is not composed yet.",
        "De competentieset is nog niet samengesteld.",
    ),
    "no-work-agreement": (
        "The set has no active work agreement.",
        "De afsprakenset heeft geen lopende werkafspraak.",
    ),
    "weights-incomplete": (
        "The custom weights do not cover every work agreement or do not add up to 100.",
        "De afwijkende weging geldt niet voor elke werkafspraak of telt niet op tot 100.",
    ),
    "due-date-outside-cycle": (
        "Agreements {agreements} are due outside the cycle's dates.",
        "De einddatum van afspraken {agreements} ligt buiten de gesprekscyclus.",
    ),
    "set-blocked.agreeing": (
        "The set cannot be agreed yet: {blockers}",
        "Over de afsprakenset kan nog geen akkoord worden gegeven: {blockers}",
    ),
    "set-blocked.holding": (
        "The agreed set cannot be held as it is: {blockers}",
        "Het gesprek kan met deze geaccordeerde afsprakenset niet worden gehouden: {blockers}",
    ),
    # Agreeing on the set in a talk (R4.6, R4.7, R5.2, R5.4).
    "not-an-agreement-talk": (
        "Agreements are agreed in a planning or progress talk; an appraisal is signed.",
        "Afspraken worden geaccordeerd in een planningsgesprek of voortgangsgesprek; een "
        "beoordeling wordt ondertekend.",
    ),
    "agreements-final": (
        "The cycle's appraisals are held: its agreements are final and no talk agrees on them "
        "any more (R5.2).",
        "De beoordelingsgesprekken van de gesprekscyclus zijn gehouden: de afspraken liggen "
        "vast en worden in geen enkel gesprek meer geaccordeerd (R5.2).",
    ),
    "not-the-agreement-talk": (
        "The agreements are being agreed in another talk of this cycle now (the {kind} talk {id}).",
        "Over de afspraken wordt nu in een ander gesprek van deze gesprekscyclus akkoord "
        "gegeven (het {kind} {id}).",
    ),
    "set-version-changed": (
        "The set is at version {version}, not {read}: read it again and approve what you have "
        "read ({rule}).",
        "De afsprakenset staat op versie {version}, niet op {read}: lees die opnieuw en "
        "accordeer wat er gelezen is ({rule}).",
    ),
    "approval-for-someone-else": (
        "You approve as the {party}; an approval for someone else is not possible ({rule}).",
        "Akkoord geven gebeurt als {party}; akkoord geven namens een ander is niet mogelijk "
        "({rule}).",
    ),
    "decided": (
        "The manager decided on this version already.",
        "De leidinggevende heeft over deze versie al beslist.",
    ),
    "approved-already": (
        "The {party} approved this version already.",
        "De {party} heeft deze versie al geaccordeerd.",
    ),
    "approved": (
        "Both approved this version: there is nothing to decide.",
        "Beiden hebben deze versie geaccordeerd: er valt niets te beslissen.",
    ),
    "disagreement-not-on-record": (
        "The manager decides only when manager and employee disagree: the employee's view "
        "must be on record first, as their own view on this talk (POST …/contributions, kind "
        "view) or as stated in the talk (employeeView).",
        "De leidinggevende beslist alleen als leidinggevende en medewerker het niet eens "
        "worden: de opvatting van de medewerker moet eerst zijn vastgelegd, als eigen "
        "inbreng bij dit gesprek (POST …/contributions, kind view) of zoals verwoord in het "
        "gesprek (employeeView).",
    ),
    "agreements-not-agreed": (
        "The {kind} talk is held only once the agreement set (version {version}) is approved "
        "by both ({rule}) or decided by the manager ({decided}); it is {outcome}.",
        "Het {kind} wordt pas gehouden als de afsprakenset (versie {version}) door beiden is "
        "geaccordeerd ({rule}) of als de leidinggevende heeft beslist ({decided}); de "
        "afsprakenset is nu {outcome}.",
    ),
    # Topics and views brought in to a talk (R4.4, R5.3, R6.3).
    "views-are-the-employees": (
        "On an appraisal talk the employee brings in their views on the draft; the manager's "
        "view is the draft itself (R6.3).",
        "Bij een beoordelingsgesprek brengt de medewerker de eigen opvattingen over de "
        "conceptbeoordeling in; de opvatting van de leidinggevende is de conceptbeoordeling "
        "zelf (R6.3).",
    ),
    "draft-not-shared.views": (
        "Views on the appraisal are brought in once the draft is shared (R6.3).",
        "Opvattingen over de beoordeling worden ingebracht zodra de conceptbeoordeling is "
        "gedeeld (R6.3).",
    ),
    "talk-closed.contributions": (
        "Topics and views are brought in before or during the talk; it is {status}.",
        "Onderwerpen en opvattingen worden vóór of tijdens het gesprek ingebracht; het gesprek "
        "is {status}.",
    ),
}
