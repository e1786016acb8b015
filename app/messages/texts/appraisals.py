"""The appraisal (Article 6: R6.3–R6.12): the draft, the talk, signatures, objections, the
hearing, finalisation, the reward, informants, and formal objection and appeal."""

TEXTS: dict[str, tuple[str, str]] = {
    "appraisal-not-shared": (
        "Appraisals are for the employee, their manager and HR; the HR information system "
        "reads outcomes only.",
        "Beoordelingen zijn voor de medewerker, de leidinggevende en HR; het "
        "personeelsinformatiesysteem leest alleen de uitkomsten.",
    ),
    "plan-not-shared": (
        "The personal development plan is for the employee, their manager and HR.",
        "Het persoonlijk ontwikkelplan is voor de medewerker, de leidinggevende en HR.",
    ),
    "forbidden.outcomes": (
        "Appraisal outcomes are for HR and for clients with scope outcomes:read.",
        "De uitkomsten van beoordelingen zijn voor HR en voor clients met de scope outcomes:read.",
    ),
    "nothing-agreed": (
        "The cycle's agreements were never agreed: there is nothing to appraise yet (R6.4).",
        "Over de afspraken van de gesprekscyclus is nooit akkoord gegeven: er valt nog niets "
        "te beoordelen (R6.4).",
    ),
    "talk-closed.appraisal": (
        "The talk is {status} in a {cycle} cycle: its appraisal can no longer change.",
        "Het gesprek is {status} en de gesprekscyclus is {cycle}: de beoordeling kan niet meer "
        "veranderen.",
    ),
    "appraisal-state": (
        "The appraisal is {state}: this is not possible now.",
        "De beoordeling heeft de status ‘{state}’: dit is nu niet mogelijk.",
    ),
    "appraisal-state.event": (
        "The appraisal is {state}: it cannot be {done} now.",
        "De beoordeling heeft de status ‘{state}’: ze kan nu niet worden {done}.",
    ),
    # Rating and sharing the draft (R6.3–R6.8).
    "override-without-crucial-onvoldoende": (
        "The final rating can be set to onvoldoende instead only when a competency marked "
        "crucial is rated onvoldoende (R6.7).",
        "De eindkwalificatie kan alleen in afwijking daarvan op onvoldoende worden gezet als "
        "een als cruciaal aangemerkte competentie onvoldoende scoort (R6.7).",
    ),
    "draft-incomplete": (
        "The draft is not complete: {count} item(s) to rate or motivate (R6.8).",
        "De conceptbeoordeling is niet volledig: nog te beoordelen of te motiveren onderdelen: "
        "{count} (R6.8).",
    ),
    "draft-incomplete.shared": (
        "The appraisal was shared: it stays complete ({count} item(s) to rate or motivate, R6.8).",
        "De beoordeling is gedeeld: ze blijft volledig (nog te beoordelen of te motiveren "
        "onderdelen: {count}, R6.8).",
    ),
    "draft-incomplete.finalising": (
        "The appraisal is not complete: {count} item(s) (R6.8).",
        "De beoordeling is niet volledig: onvolledige onderdelen: {count} (R6.8).",
    ),
    "draft-not-shared": (
        "The draft appraisal is not shared yet.",
        "De conceptbeoordeling is nog niet gedeeld.",
    ),
    "too-soon-after-sharing": (
        "The draft was shared on {shared}: the talk is held no earlier than {earliest} "
        "(7 days later).",
        "De conceptbeoordeling is gedeeld op {shared}: het beoordelingsgesprek vindt niet "
        "eerder plaats dan op {earliest} (7 dagen later).",
    ),
    # Signing, objections, the hearing and finalising (R6.11, R6.12).
    "signature-for-someone-else": (
        "Each signs for themselves: the manager as manager, the employee as employee (R6.11).",
        "Ieder tekent voor zichzelf: de leidinggevende als leidinggevende, de medewerker als "
        "medewerker (R6.11).",
    ),
    "content-version-changed": (
        "The appraisal is at content version {version}, not {read}: read it again and sign "
        "what you have read (R6.11).",
        "De beoordeling staat op inhoudsversie {version}, niet op {read}: lees haar opnieuw "
        "en onderteken wat er gelezen is (R6.11).",
    ),
    "signed-already": (
        "The {party} signed this version already.",
        "De {party} heeft deze versie al ondertekend.",
    ),
    "signed-already.in-agreement": (
        "The employee signed this version already in agreement, which stands (R6.11).",
        "De medewerker heeft deze versie al voor akkoord ondertekend, en dat blijft zo (R6.11).",
    ),
    "forbidden.objections": (
        "Only the employee submits objections (R6.11).",
        "Alleen de medewerker kan bedenkingen indienen (R6.11).",
    ),
    "signed-in-agreement": (
        "The employee signed in agreement: there is nothing to object to.",
        "De medewerker heeft voor akkoord getekend: er is niets om bedenkingen tegen in te dienen.",
    ),
    "objection-window-closed": (
        "Objections are submitted within 14 days after the talk ({talk}): the last day was {last}.",
        "Bedenkingen worden binnen twee weken na het beoordelingsgesprek ({talk}) ingediend: "
        "de laatste dag was {last}.",
    ),
    "manager-signature-missing": (
        "The manager signs first.",
        "De leidinggevende tekent eerst.",
    ),
    "objection-window-open": (
        "The employee may still object until {last} (14 days after the talk); finalise after "
        "that, or once they sign in agreement.",
        "De medewerker kan tot en met {last} nog bedenkingen indienen (twee weken na het "
        "beoordelingsgesprek); stel de beoordeling daarna vast, of zodra de medewerker voor "
        "akkoord tekent.",
    ),
    "suggestions-open": (
        "{count} suggestion(s) of the employee to ask an informant wait for an answer: ask "
        "them or decline with a reason, then finalise.",
        "Voorstellen van de medewerker om een informant te raadplegen wachten op antwoord "
        "({count}): vraag de informant of wijs het voorstel met redenen af, en stel de "
        "beoordeling daarna vast.",
    ),
    "objections-not-met": (
        "The appraisal is unchanged since the objections: change it to meet them (fully or "
        "partly), or finalise with a written explanation (R6.12).",
        "De beoordeling is sinds de bedenkingen niet gewijzigd: wijzig haar om (geheel of "
        "gedeeltelijk) aan de bedenkingen tegemoet te komen, of stel haar vast met een "
        "schriftelijke motivering (R6.12).",
    ),
    "appraisal-changed": (
        "The appraisal changed after the objections: an explanation is for an unchanged "
        "appraisal; finalise as met fully (R6.12).",
        "De beoordeling is na de bedenkingen gewijzigd: een motivering hoort bij een "
        "ongewijzigde beoordeling; stel haar vast als geheel tegemoetgekomen (R6.12).",
    ),
    # The reward (R6.9).
    "reward-needs-goed": (
        "An extra reward goes only with a final rating goed or uitstekend, not {rating} (R6.9).",
        "Een extra beloning hoort alleen bij de eindkwalificatie goed of uitstekend, niet bij "
        "{rating} (R6.9).",
    ),
    "reward-recorded": (
        "A reward was recorded already: once (R6.9).",
        "Er is al een beloning vastgelegd: dat gebeurt één keer (R6.9).",
    ),
    # Informants (R6.10).
    "talk-closed.informants": (
        "The talk is closed: nothing more is asked, answered or suggested.",
        "Het gesprek is afgesloten: er wordt niets meer gevraagd, beantwoord of voorgesteld.",
    ),
    "appraisal-finalised": ("The appraisal is finalised.", "De beoordeling is vastgesteld."),
    "forbidden.external-informant": (
        "The manager records an external informant's input (R6.10).",
        "De leidinggevende legt de inlichtingen van een externe informant vast (R6.10).",
    ),
    "forbidden.internal-informant": (
        "An informant from the organisation answers with their own login (R6.10).",
        "Een informant uit de organisatie antwoordt zelf, aangemeld met het eigen account (R6.10).",
    ),
    "answered-already": (
        "The informant answered already: once (R6.10).",
        "De informant heeft al geantwoord: dat gebeurt één keer (R6.10).",
    ),
    "forbidden.suggest-informants": (
        "The employee suggests informants; the manager asks them (R6.10).",
        "De medewerker stelt informanten voor; de leidinggevende vraagt hen om inlichtingen "
        "(R6.10).",
    ),
    "forbidden.suggestions": (
        "Suggestions are for the employee, their manager and HR.",
        "Voorstellen zijn voor de medewerker, de leidinggevende en HR.",
    ),
    "answered": (
        "The suggestion was answered already ({status}) (R6.10).",
        "Op het voorstel is al gereageerd ({status}) (R6.10).",
    ),
    # The archive copy, and formal objection and appeal (bezwaar en beroep, R6.12).
    "appraisal-not-finalised": (
        "The appraisal is {state}: the archive copy is of a finalised appraisal only (R6.12).",
        "De beoordeling heeft de status ‘{state}’: een archiefexemplaar bestaat alleen van een "
        "vastgestelde beoordeling (R6.12).",
    ),
    "appraisal-not-finalised.appeal": (
        "A formal objection or appeal is against a finalised appraisal (R6.12).",
        "Bezwaar en beroep richten zich tegen een vastgestelde beoordeling (R6.12).",
    ),
    "appeal-not-as-hr": (
        "HR records the outcome of someone else's objection or appeal, not of their own or "
        "their team's (R6.12).",
        "HR legt de uitkomst van het bezwaar of beroep van een ander vast, niet van het eigen "
        "bezwaar of beroep of dat van het eigen team (R6.12).",
    ),
    "appeal-not-as-hr.reference": (
        "HR records the appeal reference of someone else's appraisal, not of their own or "
        "their team's (R6.12).",
        "HR legt het kenmerk van bezwaar of beroep vast bij de beoordeling van een ander, niet "
        "bij de eigen beoordeling of die van het eigen team (R6.12).",
    ),
    "appeal-decided": (
        "The outcome of the {procedure} was recorded already: once (R6.12).",
        "De uitkomst van het {procedure} is al vastgelegd: dat gebeurt één keer (R6.12).",
    ),
    "appeal-recorded": (
        "An appeal reference was recorded already: once (R6.12).",
        "Er is al een kenmerk van bezwaar of beroep vastgelegd: dat gebeurt één keer (R6.12).",
    ),
    "appraisal-superseded": (
        "This appraisal is superseded already: record the objection or appeal against the "
        "superseding appraisal (R6.12).",
        "Deze beoordeling is al vervangen: leg het bezwaar of beroep vast bij de beoordeling "
        "die haar vervangt (R6.12).",
    ),
}
