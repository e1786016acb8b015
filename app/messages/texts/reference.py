"""The competency guide and the composition of a competency set (Article 3: R3.2–R3.5, T3.2)."""

TEXTS: dict[str, tuple[str, str]] = {
    "guide-version-exists": (
        "Guide version {version} is already loaded with other content; a changed guide needs a "
        "new version id.",
        "Versie {version} van de competentiegids is al geladen met een andere inhoud; een "
        "gewijzigde gids krijgt een nieuw versienummer.",
    ),
    "guide-effective-date-taken": (
        "Guide version {version} already takes effect on {date}.",
        "Versie {version} van de competentiegids treedt al in werking op {date}.",
    ),
    "guide-version-not-found": (
        "There is no guide version {version!r}.",
        "Er is geen versie {version!r} van de competentiegids.",
    ),
    "guide-version-adopted": (
        "Guide version {version} is already adopted; an adoption is recorded once.",
        "Versie {version} van de competentiegids is al vastgesteld; een vaststelling wordt één "
        "keer vastgelegd.",
    ),
    "no-guide-in-force": (
        "No guide version is in force on {date}.",
        "Op {date} is geen versie van de competentiegids van kracht.",
    ),
    "competency-not-found": (
        "Guide version {version} has no competency {code!r}.",
        "Versie {version} van de competentiegids heeft geen competentie {code!r}.",
    ),
    "competency-profile-not-found": (
        "Guide version {version} has no competency profile {code!r}.",
        "Versie {version} van de competentiegids heeft geen competentieprofiel {code!r}.",
    ),
    "scale-out-of-range": (
        "Function scale {scale} is outside 3–18: the guide has no level for it.",
        "Functieschaal {scale} ligt buiten 3–18: de competentiegids heeft er geen niveau voor.",
    ),
    "profile-not-in-guide-version": (
        "Profile {profile} is not part of guide version {version}.",
        "Profiel {profile} hoort niet bij versie {version} van de competentiegids.",
    ),
    "profile-not-in-guide-version.cycle": (
        "Guide version {version} has no competency profile {group!r} for function profile "
        "{function} (R3.5).",
        "Versie {version} van de competentiegids heeft geen competentieprofiel {group!r} voor "
        "functieprofiel {function} (R3.5).",
    ),
    "steering-profile-is-complete": (
        "{profile} is a steering profile: no competencies can be added.",
        "{profile} is een sturend profiel: er kunnen geen competenties worden toegevoegd.",
    ),
    "competency-not-in-guide": (
        "Not competencies of guide version {version}: {codes}.",
        "Geen competenties van versie {version} van de competentiegids: {codes}.",
    ),
    "competency-chosen-twice": (
        "A competency is chosen twice.",
        "Een competentie is twee keer gekozen.",
    ),
    "competency-already-in-profile": (
        "Already in the set through the profile: {codes}.",
        "Zit al via het competentieprofiel in de competentieset: {codes}.",
    ),
    "function-specific-picks-missing": (
        "{profile} lists no function-specific competencies: choose four (got {got}).",
        "{profile} noemt geen functiespecifieke competenties: kies er vier (gekozen: {got}).",
    ),
    "too-many-choices": (
        "{profile} allows {allowed} choices in all (got {got}).",
        "{profile} staat in totaal {allowed} keuzes toe (gekozen: {got}).",
    ),
    "too-many-additions": (
        "At most {allowed} competencies can be added to {profile} (got {got}).",
        "Aan {profile} kunnen hoogstens {allowed} competenties worden toegevoegd "
        "(toegevoegd: {got}).",
    ),
    "too-many-competencies": (
        "At most {allowed} competencies in all (got {got}).",
        "Hoogstens {allowed} competenties in totaal (gekozen: {got}).",
    ),
}
