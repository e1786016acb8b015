"""The bundled competency guide (app/reference/data/guide-2014.json) against its source.

No database: these tests read the JSON document, and the seed text where it is present
(``seed/`` in the repository).
How the data was read from the source is described in docs/guide-data.md.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.reference.document import BUNDLED_GUIDES, Cluster, GuideDocument, read_document, slug

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "app" / "reference" / "data" / "guide-2014.json"
SCRIPT = ROOT / "scripts" / "extract_guide.py"
SOURCE = Path(__file__).resolve().parents[2] / "seed" / "000_eb75be18cb468ead.txt"

needs_source = pytest.mark.skipif(not SOURCE.exists(), reason=f"source text absent: {SOURCE}")

# The guide's order: core, then the clusters as printed in the guide body (and in the overview).
EXPECTED_COMPETENCIES = {
    Cluster.core: ["Samenwerken", "Klantgericht werken", "Integriteit"],
    Cluster.connect: [
        "Gevoel voor bestuurlijke verhouding",
        "Motiveren",
        "Inlevingsvermogen",
        "Integraal werken",
        "Werken in netwerken",
        "Presentatie",
        "Visie ontwikkelen",
        "Ondernemend handelen",
    ],
    Cluster.choose: [
        "Besluitvaardigheid",
        "Flexibel zijn",
        "Plannen en organiseren",
        "Resultaatgerichtheid",
        "Verantwoordelijkheid",
        "Overtuigingskracht",
        "Vasthoudendheid",
    ],
    Cluster.learn: [
        "Luisteren",
        "Analyseren",
        "Lerend vermogen",
        "Initiatief",
        "Vernieuwen",
        "Omgevingsbewust",
        "Oordeelsvorming",
        "Accuraat werken",
        "Onderhandelen",
    ],
}

GEVOEL = "gevoel-voor-bestuurlijke-verhouding"
# The "Competentieprofielen" tables as printed, read by eye: the specific competencies in order.
EXPECTED_PROFILES = {
    "assistent-uitvoering": [
        "flexibel-zijn",
        "resultaatgerichtheid",
        "initiatief",
        "accuraat-werken",
    ],
    "technisch-uitvoerend-medewerker": [
        "flexibel-zijn",
        "resultaatgerichtheid",
        "initiatief",
        "accuraat-werken",
    ],
    "administratief-medewerker": [
        "plannen-en-organiseren",
        "resultaatgerichtheid",
        "initiatief",
        "accuraat-werken",
    ],
    "medewerker-frontoffice": [
        "inlevingsvermogen",
        "flexibel-zijn",
        "luisteren",
        "accuraat-werken",
    ],
    "secretarieel-medewerker": [
        "plannen-en-organiseren",
        "resultaatgerichtheid",
        "initiatief",
        "accuraat-werken",
    ],
    "vakspecialist": [],
    "adviseur": ["overtuigingskracht", "analyseren", "omgevingsbewust", "oordeelsvorming"],
    "beleidsondersteuner": [
        "integraal-werken",
        "plannen-en-organiseren",
        "resultaatgerichtheid",
        "initiatief",
    ],
    "beleidsmedewerker": [
        GEVOEL,
        "werken-in-netwerken",
        "visie-ontwikkelen",
        "resultaatgerichtheid",
    ],
    "projectmedewerker": [
        "presentatie",
        "plannen-en-organiseren",
        "resultaatgerichtheid",
        "accuraat-werken",
    ],
    "projectleider": ["motiveren", "presentatie", "plannen-en-organiseren", "resultaatgerichtheid"],
    "teammanager": [
        "motiveren",
        "inlevingsvermogen",
        "ondernemend-handelen",
        "besluitvaardigheid",
        "resultaatgerichtheid",
        "verantwoordelijkheid",
    ],
    "manager-bedrijfsvoering": [
        GEVOEL,
        "integraal-werken",
        "ondernemend-handelen",
        "besluitvaardigheid",
        "plannen-en-organiseren",
        "verantwoordelijkheid",
    ],
    "manager-beleid-of-bedrijf": [
        GEVOEL,
        "werken-in-netwerken",
        "visie-ontwikkelen",
        "ondernemend-handelen",
        "besluitvaardigheid",
        "vernieuwen",
    ],
    "directieleden": [
        GEVOEL,
        "motiveren",
        "werken-in-netwerken",
        "visie-ontwikkelen",
        "ondernemend-handelen",
        "besluitvaardigheid",
    ],
    "programma-manager": [
        GEVOEL,
        "motiveren",
        "werken-in-netwerken",
        "presentatie",
        "resultaatgerichtheid",
        "vasthoudendheid",
    ],
}
STEERING = {
    "teammanager",
    "manager-bedrijfsvoering",
    "manager-beleid-of-bedrijf",
    "directieleden",
    "programma-manager",
}


@pytest.fixture(scope="module")
def guide() -> GuideDocument:
    return read_document(DATA)


def competency(guide: GuideDocument, code: str):
    return next(c for c in guide.competencies if c.code == code)


def texts(guide: GuideDocument) -> Iterator[tuple[str, str]]:
    """Every text of the document with where it is, for the checks on all of them."""
    for c in guide.competencies:
        yield f"{c.code} name", c.name
        yield f"{c.code} definition", c.definition
        for level in c.levels:
            for n, text in enumerate(level.behaviours):
                yield f"{c.code} level {level.level} behaviour {n}", text
            for n, text in enumerate(level.tips):
                yield f"{c.code} level {level.level} tip {n}", text
    for p in guide.profiles:
        yield f"profile {p.code}", p.name
    for n, text in enumerate(guide.preparation_tips):
        yield f"preparation tip {n}", text
    for value in guide.rating_scale:
        yield f"rating {value.score} label", value.label
        yield f"rating {value.score} meaning", value.meaning
    for fp in guide.sample_function_profiles:
        for field in ("code", "name", "function_type", "positioning", "purpose"):
            yield f"{fp.code} {field}", getattr(fp, field)
        for n, text in enumerate(fp.responsibilities):
            yield f"{fp.code} responsibility {n}", text
        for n, text in enumerate(fp.main_tasks):
            yield f"{fp.code} main task {n}", text


# --- the document on its own ------------------------------------------------------------------


def test_bundled_guide_is_this_file_and_validates():
    assert BUNDLED_GUIDES[0] == DATA
    document = read_document(BUNDLED_GUIDES[0])
    assert document.version == "2014"
    assert document.title == "Competentiegids gemeente Maastricht"
    assert document.effective_date.isoformat() == "2014-01-01"
    assert document.source == "seed/000_eb75be18cb468ead.txt"


def test_json_uses_camel_case_keys_and_canonical_formatting():
    raw = DATA.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert raw == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert set(data) == {
        "version",
        "title",
        "effectiveDate",
        "source",
        "levelBands",
        "competencies",
        "profiles",
        "preparationTips",
        "ratingScale",
        "sampleFunctionProfiles",
        "adoption",
    }
    assert "specificCompetencies" in data["profiles"][0]
    assert set(data["adoption"]) == {
        "collegeDecisionDate",
        "collegeDecisionReference",
        "worksCouncilConsentDate",
    }


def test_level_bands_are_scales_3_to_7_8_to_10_and_11_to_18(guide):
    bands = [(b.level, b.min_scale, b.max_scale) for b in guide.level_bands]
    assert bands == [(1, 3, 7), (2, 8, 10), (3, 11, 18)]


def test_27_competencies_core_3_connect_8_choose_7_learn_9_in_guide_order(guide):
    assert len(guide.competencies) == 27
    expected = [
        (name, cluster) for cluster, names in EXPECTED_COMPETENCIES.items() for name in names
    ]
    assert [(c.name, c.cluster) for c in guide.competencies] == expected
    counts = {cluster: sum(c.cluster is cluster for c in guide.competencies) for cluster in Cluster}
    assert counts == {Cluster.core: 3, Cluster.connect: 8, Cluster.choose: 7, Cluster.learn: 9}


def test_competency_and_profile_codes_are_slugs_of_their_printed_names(guide):
    for item in [*guide.competencies, *guide.profiles]:
        assert item.code == slug(item.name)
    assert competency(guide, GEVOEL).name == "Gevoel voor bestuurlijke verhouding"
    assert competency(guide, "klantgericht-werken").name == "Klantgericht werken"


def test_every_competency_has_levels_1_2_3_each_with_behaviours_and_tips(guide):
    for c in guide.competencies:
        assert [level.level for level in c.levels] == [1, 2, 3], c.code
        for level in c.levels:
            assert level.behaviours and level.tips, (c.code, level.level)


def test_every_level_starts_with_a_je_behaviour_and_no_tip_is_a_behaviour(guide):
    # The structure the extraction relies on where the level headings were lost.
    for c in guide.competencies:
        for level in c.levels:
            assert level.behaviours[0].startswith("Je "), (c.code, level.level)
            assert not any(tip.startswith("Je ") for tip in level.tips), (c.code, level.level)


def test_every_definition_is_a_je_sentence(guide):
    for c in guide.competencies:
        assert c.definition.startswith("Je "), c.code
        assert c.definition.endswith("."), c.code


def test_developability_is_null_for_every_competency(guide):
    assert {c.developability for c in guide.competencies} == {None}
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert all(c["developability"] is None for c in data["competencies"])


def test_16_profiles_in_the_printed_order_with_their_specific_competencies(guide):
    assert len(guide.profiles) == 16
    assert {p.code: p.specific_competencies for p in guide.profiles} == EXPECTED_PROFILES
    assert [p.code for p in guide.profiles] == list(EXPECTED_PROFILES)
    names = [p.name for p in guide.profiles]
    assert names[0] == "Assistent Uitvoering" and names[-1] == "Programma Manager"
    assert "Manager Beleid of Bedrijf" in names


def test_normal_profiles_have_4_specific_competencies_and_2_free_choices(guide):
    normal = [p for p in guide.profiles if p.code not in STEERING | {"vakspecialist"}]
    assert len(normal) == 10
    for p in normal:
        assert not p.steering, p.code
        assert len(p.specific_competencies) == 4, p.code
        assert p.free_choices == 2, p.code


def test_steering_profiles_have_6_specific_competencies_and_no_free_choices(guide):
    steering = [p for p in guide.profiles if p.steering]
    assert {p.code for p in steering} == STEERING
    for p in steering:
        assert len(p.specific_competencies) == 6, p.code
        assert p.free_choices == 0, p.code


def test_vakspecialist_has_no_specific_competencies_and_6_free_choices(guide):
    vakspecialist = next(p for p in guide.profiles if p.code == "vakspecialist")
    assert not vakspecialist.steering
    assert vakspecialist.specific_competencies == []
    assert vakspecialist.free_choices == 6


def test_profiles_list_no_core_competency(guide):
    core = {c.code for c in guide.competencies if c.cluster is Cluster.core}
    for p in guide.profiles:
        assert not core & set(p.specific_competencies), p.code


def test_8_preparation_tips_without_their_numbers(guide):
    assert len(guide.preparation_tips) == 8
    assert guide.preparation_tips[0].startswith("Kies ter voorbereiding op het gesprek")
    assert guide.preparation_tips[-1] == (
        "En, last but not least, vergeet niet om jezelf en anderen af en toe een complimentje "
        "te maken!"
    )
    assert not any(re.match(r"\d", tip) for tip in guide.preparation_tips)


def test_rating_scale_has_the_five_dutch_qualifications_of_the_regulation(guide):
    assert [(v.score, v.label) for v in guide.rating_scale] == [
        (1, "onvoldoende"),
        (2, "enigszins onvoldoende"),
        (3, "normaal"),
        (4, "goed"),
        (5, "uitstekend"),
    ]
    assert guide.rating_scale[0].meaning == (
        "voldoet in het geheel niet aan de gestelde eisen en verwachtingen"
    )
    assert guide.rating_scale[4].meaning == (
        "stijgt voortdurend uit boven de gestelde eisen en verwachtingen"
    )


def test_sample_function_profile_p22_beleidsmedewerker_d(guide):
    assert len(guide.sample_function_profiles) == 1
    p22 = guide.sample_function_profiles[0]
    assert (p22.code, p22.name, p22.scale, p22.function_type) == (
        "P22",
        "Beleidsmedewerker D",
        10,
        "Beleid",
    )
    assert p22.version_date.isoformat() == "2008-07-01"
    assert p22.positioning == (
        "De Beleidsmedewerker D is gepositioneerd binnen een sector en legt verantwoording af en "
        "rapporteert aan de hiërarchisch leidinggevende (teammanager of sectormanager)."
    )
    assert p22.purpose.startswith("De Beleidsmedewerker D richt zich op het ontwikkelen en")
    assert p22.purpose.endswith("rekeninhoudend met de noodzakelijke integraliteit.")
    assert p22.responsibilities == [
        "De kwaliteit en de kwantiteit van de te realiseren beleidsdoelen. Deze worden jaarlijks "
        "vastgelegd in de (domein)begroting, het domeinplan en het daarvan afgeleide sectorplan;",
        "De kwaliteit van zijn adviezen;",
    ]
    assert len(p22.main_tasks) == 6
    assert p22.main_tasks[0] == (
        "adviseren van de hiërarchisch leidinggevende (teammanager of sectormanager) ten aanzien "
        "van specifieke (beleids)ontwikkelingen en –uitvoering;"
    )
    assert p22.main_tasks[-1] == (
        "zorgen voor kennisoverdracht vanuit het specialisme op het werkterrein."
    )


# --- nothing of the conversion left -----------------------------------------------------------


def test_no_empty_strings_and_no_surrounding_blanks(guide):
    for where, text in texts(guide):
        assert text, where
        assert text == text.strip(), where


def test_no_page_furniture_or_headings_left(guide):
    forbidden = re.compile(
        r"PAGINA|Pagina|collegenota|Kenmerkend werkgedrag|Tips om deze|Tips om het gesprek"
        r"|Competentieprofiel|Verantwoordelijkheid nemen|Bekwaamheid|Blz\.",
        re.IGNORECASE,
    )
    for where, text in texts(guide):
        found = forbidden.search(text)
        # "pagina’s" (newspaper pages) is a word of a tip, not a page number.
        assert not found or text[found.start() : found.end() + 2] == "pagina’s", (where, text)


def test_no_bullets_tabs_newlines_or_double_spaces(guide):
    for where, text in texts(guide):
        for bad in ("•", "\t", "\n", "\r", "\xa0", "  "):
            assert bad not in text, (where, repr(bad), text)


def test_no_stray_level_labels(guide):
    # The headings 3–7, 8–10 and 11–18 came out as "3", "–7", "8", "–1", "0", "11", "–1 8".
    for where, text in texts(guide):
        tokens = text.split()
        assert not any(re.fullmatch(r"[–-]\d+[.,]?", t) for t in tokens), (where, text)
        assert "0" not in tokens, (where, text)
        assert not re.fullmatch(r"\d+", tokens[0]) and not re.fullmatch(r"\d+", tokens[-1]), where
        for n, token in enumerate(tokens):
            if re.fullmatch(r"\d+[.,]?", token):
                # The only bare numbers of the guide's texts: "stap 1", "stap 2",
                # "elke 3 maanden", "de laatste 2 tot 3 jaar".
                assert n > 0 and tokens[n - 1] in {"stap", "elke", "laatste", "tot"}, (where, text)


def test_no_hyphen_and_space_inside_a_word(guide):
    # "bestuur- lijke" would be a line-end hyphen left in; "voor- en nadelen" is Dutch.
    for where, text in texts(guide):
        for match in re.finditer(r"\w- (\S+)", text):
            assert match.group(1) in {"en", "of", "als", "en/of"}, (where, text)
        assert not re.search(r"\w -\w", text.replace("en -resultaten", "")), (where, text)


def test_line_breaks_inside_words_are_repaired(guide):
    everything = "\n".join(text for _, text in texts(guide))
    # Soft hyphens the conversion dropped: the halves are one word again.
    for word in [
        "verbetermogelijkheden",
        "voorrangsbehandeling",
        "collegeprogramma",
        "vaardigheden zij toepassen",
        "tegenslagen overwinnen",
        "moderne communicatiemiddelen",
        "andere belevingswereld",
        "samenwerkingspartners",
        "dwarsverbanden om zo",
        "verschillende alternatieven wilt toetsen",
        "probleemoplossend",
    ]:
        assert word in everything, word
    # Hyphens at a line end: a word break, except in a compound written so in the source.
    for word in [
        "politiek-bestuurlijke belangen",
        "(politiek-bestuurlijke)",
        "meerjarenperspectief",
    ]:
        assert word in everything, word
    for broken in ["politiek-bestuur-", "bestuur- lijke", "college programma", "college-programma"]:
        assert broken not in everything, broken
    # Breaks after "/" and "(team)" that belong to the next word.
    for word in [
        "(werk)afspraken",
        "(team)manager op welke",
        "(in)formeel",
        "kansen en/of",
        "kan/mag",
    ]:
        assert word in everything, word


def test_typos_of_the_source_are_kept_as_printed(guide):
    everything = "\n".join(text for _, text in texts(guide))
    for typo in [
        "Of stap een naar een collega",
        "Je denk na over wat dit",
        "Je bet proactief",
        "negatieve gevolgen kunt bepreken",
        "Je ziet en benoemd een noodzaak",
        "ook voor naderen zichtbaar",
        "Je toont inzicht in eigen je competenties",
        "nieuwe ontwikkelen of trends",
        "operationeelniveau",
        "rekeninhoudend",
    ]:
        assert typo in everything, typo


# --- spot checks: exact texts read from the source by eye ---------------------------------------

SPOT_CHECKS = [
    ("samenwerken", 1, "behaviours", 0, "Je maakt duidelijke afspraken en komt die ook na."),
    # a blank line inside the bullet in the source
    ("samenwerken", 1, "behaviours", 4, "Je maakt anderen succesvol door hen te helpen en te "
     "ondersteunen."),
    # level 3 heading left as " –1 / 8   Kenmerkend werkgedrag"
    ("samenwerken", 3, "behaviours", 0, "Je bent gericht op een gemeenschappelijk resultaat en je "
     "sluit daarbij compromissen. Je draagt het uiteindelijke resultaat vervolgens op een "
     "positieve manier uit."),
    ("klantgericht-werken", 3, "tips", 1, "Informeer proactief bij politici wat ze van de "
     "dienstverlening vinden en waar ze verbetermogelijkheden zien."),
    ("integriteit", 1, "tips", 5, "Durf openlijk stelling te nemen tegen een "
     "voorrangsbehandeling voor jezelf of anderen."),
    # the last tip of Integriteit has no full stop in the source
    ("integriteit", 3, "tips", 2, "Durf te laten zien dat je een voorbeeld bent door moeilijke "
     "situaties die wellicht ook grote gevolgen hebben bespreekbaar te maken. En door mogelijk "
     "moeilijke beslissingen te nemen"),
    (GEVOEL, 2, "tips", 0, "Inventariseer de motieven en de politiek-bestuurlijke belangen van "
     "alle partijen. Zorg dat je alle partijen en coalitieverhoudingen binnen het college en de "
     "raad kent."),
    (GEVOEL, 3, "behaviours", 0, "Je lobbyt, en brengt belangrijke onderwerpen bij de juiste "
     "personen/bestuurders/partijen onder de aandacht."),
    ("motiveren", 3, "behaviours", 1, "Je kunt medewerkers zover krijgen dat ze teleurstellingen "
     "of tegenslagen overwinnen met behoud van hun motivatie."),
    # level 3 after the page footer "Pagina  22"
    ("inlevingsvermogen", 3, "behaviours", 0, "Je neemt het initiatief om aan anderen te vragen "
     "met welke problemen en vraagstukken zij zitten als je het gevoel hebt dat er iets aan de "
     "hand is. Je toont begrip en biedt hulp."),
    # level 2 without "Kenmerkend werkgedrag", level 3 without any heading
    ("integraal-werken", 2, "behaviours", 0, "Je gaat actief op zoek naar ontwikkelingen en "
     "trends op jouw vakgebied. Je kunt deze trends concreet vertalen naar beleid en/of "
     "praktische uitvoering waarbij je verschillende vakgebieden kunt verbinden"),
    ("integraal-werken", 3, "behaviours", 0, "Je bent een voortrekker in het volgen, delen en "
     "verankeren van nieuwe ontwikkelingen en trends die meerdere vakgebieden raken. Je kunt "
     "daarbij goed inzichtelijk maken in hoeverre deze binnen de organisatie aan elkaar "
     "gerelateerd zijn en/of verbonden kunnen worden"),
    ("presentatie", 2, "behaviours", 0, "Je kunt een duidelijke structuur aanbrengen in je "
     "boodschap en de vorm waarin je die naar voren brengt (bijvoorbeeld in presentaties)."),
    ("presentatie", 3, "tips", 2, "Observeer een excellente presentator. Bepaal waarom hij zo "
     "goed is. Beschrijf welk gedrag je je graag eigen willen maken. Bespreek met je "
     "(team)manager op welke manier je dit zou kunnen leren."),
    ("visie-ontwikkelen", 1, "behaviours", 1, "Je kunt de ontwikkelingen en trends plaatsen in "
     "een breed meerjarenperspectief."),
    ("plannen-en-organiseren", 3, "behaviours", 2, "Je houdt op elk moment zicht op de voortgang "
     "van alle werkzaamheden die bijdragen aan het afgesproken resultaat. ."),
    # the navigation list "5 Resultaatgerichtheid … 8 Vasthoudendheid" follows this tip
    ("overtuigingskracht", 2, "tips", 3, "Houd je bij de feiten en schets vooral de voordelen."),
    ("overtuigingskracht", 3, "tips", 0, "Breng, wanneer je iets gedaan wilt krijgen, het "
     "krachtenveld in kaart. Maak inzichtelijk wie er (in)formeel invloed kan uitoefenen. "
     "Analyseer deze informatie en formuleer voor jezelf een strategie."),
    ("verantwoordelijkheid", 1, "behaviours", 0, "Je draagt verantwoordelijkheid voor je eigen "
     "werkzaamheden en resultaten en je bent hierop aanspreekbaar."),
    ("analyseren", 3, "behaviours", 3, "Je kunt de consequenties en (politiek-bestuurlijke) "
     "gevolgen van oplossingen of voorstellen overzien."),
    ("accuraat-werken", 1, "tips", 2, "Stel, eventueel samen met een collega, een checklist op ter "
     "controle van je eigen werk. Welke zaken moet je allemaal hebben afgehandeld voordat je "
     "werk helemaal af is. Maak een ‘ontwerp’ voor hoe je zaken handig kunt documenteren. "
     "Bespreek je ontwerp met een collega of je (team)manager. Documenteer bestanden en/of "
     "documenten vervolgens binnen deze structuur."),
    ("onderhandelen", 3, "behaviours", 1, "Je zoekt tijdens de onderhandelingen naar "
     "mogelijkheden om argumenten en voor- en nadelen uit te ruilen."),
    ("onderhandelen", 3, "tips", -1, "Wees je ervan bewust dat de onderhandelaar die je "
     "tegenover je hebt, niet alleen vertegenwoordiger is van zijn organisatiebelang, maar ook "
     "een persoonlijk belang heeft."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "level", "kind", "index", "expected"),
    SPOT_CHECKS,
    ids=[f"{c}-{lvl}-{k}-{i}" for c, lvl, k, i, _ in SPOT_CHECKS],
)
def test_spot_check_exact_text(guide, code, level, kind, index, expected):
    assert getattr(competency(guide, code).levels[level - 1], kind)[index] == expected


def test_spot_check_definitions(guide):
    # Presentatie: "communicatie / middelen" over two lines without a hyphen.
    assert competency(guide, "presentatie").definition == (
        "Je maakt ideeën en feiten in begrijpelijke taal aan anderen duidelijk (mondeling en "
        "schriftelijk) waarbij je waar nodig moderne communicatiemiddelen gebruikt."
    )
    # Verantwoordelijkheid: no level label and no blank line before "Kenmerkend werkgedrag".
    assert competency(guide, "verantwoordelijkheid").definition == (
        "Je aanvaardt de gevolgen van gemaakte afspraken. Als je afspraken niet nakomt geef je "
        "niet anderen of de omstandigheden de schuld. Je bent aanspreekbaar op je eigen gedrag "
        "en je leert van fouten."
    )
    # Visie ontwikkelen: the longest definition, six lines.
    assert competency(guide, "visie-ontwikkelen").definition == (
        "Je kunt een toekomstbeeld ontwikkelen op basis van ervaring en inzicht in relevante "
        "ontwikkelingen waarbij je ook rekening houdt met de praktische uitvoering. Je kunt de "
        "visie op een duidelijke en wervende manier uitdragen in de organisatie zodat deze door "
        "anderen wordt gedeeld en gedragen."
    )


def test_spot_check_run_together_tip_kept_as_one_bullet(guide):
    # The source has one bullet here, with no full stop between the two sentences.
    tip = competency(guide, "vasthoudendheid").levels[2].tips[1]
    assert "breng het in de praktijk Plan periodiek (bijvoorbeeld elke 3 maanden) tijd in" in tip


def test_spot_check_preparation_tip_6(guide):
    assert guide.preparation_tips[5] == (
        "Heb het met je gesprekspartners (collega’s, (team)manager, klanten, opdrachtgevers) over "
        "wederzijdse verwachtingen. Dat draagt zeker bij tot het behalen van een succes. Praat "
        "samen over de stappen die je wil gaan zetten en bekijk of die haalbaar zijn."
    )


# --- against the source ----------------------------------------------------------------------

FURNITURE = re.compile(
    r"^(?:[–-]?\d{1,2}|(?:[–-]?\d{1,2}\s+)?Kenmerkend werkgedrag"
    r"|Tips om deze competentie te ontwikkelen|Pagina\s+\d+|PAGINA.*"
    # the navigation list beside a page: "5 Resultaatgerichtheid", "6 Verantwoordelijkheid nemen"
    r"|\d{1,2} [A-Z][a-z]+(?: [a-z]+)?)$"
)


def project(text: str) -> str:
    """Letters and digits only: repaired hyphen breaks and spacing do not matter, words do."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@pytest.fixture(scope="module")
def source() -> str:
    """The source, projected, without level labels, headings and page furniture."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    kept = [line for line in lines if not FURNITURE.match(" ".join(line.split()))]
    return project("\n".join(kept))


def in_order(source: str, items: list[str], start: int = 0) -> int:
    position = start
    for item in items:
        found = source.find(project(item), position)
        assert found >= 0, f"not in the source (in this order): {item!r}"
        position = found + len(project(item))
    return position


@needs_source
def test_every_competency_text_occurs_in_the_source_in_order(guide, source):
    previous = 0
    for c in guide.competencies:
        # The heading and definition; the last occurrence, not the example page of the intro.
        start = source.rfind(project(c.name + c.definition))
        assert start >= previous, c.code
        items = [c.name, c.definition]
        for level in c.levels:
            items += level.behaviours + level.tips
        previous = in_order(source, items, start)


@needs_source
def test_preparation_tips_rating_scale_and_p22_occur_in_the_source(guide, source):
    in_order(source, ["Tips om het gesprek voor te bereiden", *guide.preparation_tips])
    in_order(source, [f"{v.label} {v.meaning}" for v in guide.rating_scale])
    p22 = guide.sample_function_profiles[0]
    in_order(
        source,
        [
            f"{p22.code} {p22.name} OIK {p22.scale}",
            f"Type functie {p22.function_type}",
            "ORGANOGRAM/ORGANISATORISCHE INBEDDING",
            p22.positioning,
            "DOEL VAN DE FUNCTIE",
            p22.purpose,
            "Is verantwoordelijk voor",
            *p22.responsibilities,
            "HOOFDTAKEN",
            *p22.main_tasks,
        ],
    )


@needs_source
def test_example_page_of_the_intro_matches_levels_1_and_2_of_its_competency(guide, source):
    gevoel = competency(guide, GEVOEL)
    items = [gevoel.name, gevoel.definition]
    for level in gevoel.levels[:2]:
        items += level.behaviours + level.tips
    end = in_order(source, items, source.find(project("P22 Beleidsmedewerker D")))
    assert end < source.find(project("Tips om het gesprek voor te bereiden"))


@needs_source
def test_profiles_occur_in_the_source_tables_with_their_clusters(guide, source):
    tables = source[source.rfind(project("Competentieprofielen")) :]
    dutch = {Cluster.connect: "Verbinden", Cluster.choose: "Kiezen", Cluster.learn: "Leren"}
    by_code = {c.code: c for c in guide.competencies}
    position = 0
    for p in guide.profiles:
        core = ["Samenwerken", "Klantgericht werken", "Integriteit"]
        rows = [f"{p.name} Competentie", *core]
        for code in p.specific_competencies:
            rows.append(f"{by_code[code].name} {dutch[by_code[code].cluster]}")
        rows += ["Eigen keuze"] * p.free_choices
        position = in_order(tables, rows, position)
    assert tables.count(project("Eigen keuze")) == sum(p.free_choices for p in guide.profiles)


@needs_source
def test_extraction_script_reproduces_the_committed_json_byte_for_byte(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("extract_guide", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    output = tmp_path / "guide.json"
    assert module.main([str(SOURCE), str(output)]) == 0
    assert output.read_bytes() == DATA.read_bytes()


@needs_source
def test_no_bullet_of_the_guide_is_dropped_or_doubled(guide):
    """Every bullet between "Kerncompetenties" and "Competentieprofielen" is one behaviour or
    tip: the in-order check alone would not notice a bullet that was left out."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    end = next(i for i, line in enumerate(lines) if line.strip() == "Competentieprofielen")
    # The last "Kerncompetenties" before the profiles opens the guide's body (the first ones are
    # in the overview and the introduction).
    start = max(i for i, line in enumerate(lines[:end]) if line.strip() == "Kerncompetenties")
    bullets = sum(line.count("•") for line in lines[start:end])
    items = sum(len(lvl.behaviours) + len(lvl.tips) for c in guide.competencies for lvl in c.levels)
    assert bullets == items == 651


def test_the_sample_function_profile_belongs_to_its_competency_profile(guide):
    (p22,) = guide.sample_function_profiles
    assert (p22.code, p22.competency_profile, p22.scale) == ("P22", "beleidsmedewerker", 10)
