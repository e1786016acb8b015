"""The archive copy of a finalised appraisal (R6.12): a PDF for the personnel file, for the
appraisal's readers only, of a finalised appraisal only, audited; and the text its embedded
fonts can show."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from app.appraisals.archive import (
    ArchiveAgreement,
    ArchiveData,
    ArchiveInformant,
    ArchiveItem,
    ArchiveSignature,
)
from app.appraisals.pdf import printable, render
from app.models import AuditEvent
from app.models.cycles import Cycle
from tests.appraisals import agreed_and_held, appraisal_url, rate, read, sign, step
from tests.cycles import talk_of
from tests.pdf_text import pdf_text
from tests.sql_counter import count_statements

NOTES_PNG = Path("/work/notes/archive-page1.png")
# Motivations with characters outside latin-1, as people type them.
MOTIVATIONS = {
    "work": "Nota op tijd opgeleverd – met ‘draagvlak’ bij het college…",
    "knowledge": "Kennis op niveau; ½ jaar cursus “Omgevingswet” afgerond",
    "career": "Doorgroeien besproken: opleiding in 2027",
    "development": "Cursus gevolgd; de analyses zijn scherper geworden",
}


@pytest.fixture
async def cycle(client, org, manager, employee) -> dict:
    return await agreed_and_held(client, manager, employee)


def archive_url(cycle: dict) -> str:
    return appraisal_url(cycle, "appraisal/archive-copy")


def _ratings(draft: dict) -> dict:
    """Every item rated 4 with a motivation of its own (the PDF must show each one)."""
    body: dict = {"work": [], "competencies": [], "development": [], "career": []}
    for item in draft["items"]:
        if item["item"] == "work":
            body["work"].append(
                {"agreementId": item["ref"], "score": 4, "motivation": MOTIVATIONS["work"]}
            )
        elif item["item"] == "competency":
            motivation = f"Gedrag bij {item['title'].lower()} is zichtbaar en stabiel"
            body["competencies"].append({"code": item["ref"], "score": 4, "motivation": motivation})
        elif item["item"] == "knowledge":
            body["knowledge"] = {"score": 4, "motivation": MOTIVATIONS["knowledge"]}
        elif item["item"] == "development":
            body["development"].append(
                {"agreementId": item["ref"], "evaluation": MOTIVATIONS["development"]}
            )
        else:
            body["career"].append({"agreementId": item["ref"], "evaluation": MOTIVATIONS["career"]})
    body["final"] = {"motivation": "Goede bijdrage aan het team"}
    return body


async def finalised(client, cycle, manager, employee, hr, auth) -> dict:
    """Input from a colleague, a draft shared on 29 November and held on 6 December, the
    manager's signature, the employee's "seen", objections on 20 December, the hearing on
    8 January and a finalisation on 10 January 2027 with an explanation."""
    colleague = auth(role="employee", sub="100004")
    question = {
        "informant": {
            "personnelNumber": "100004",
            "relationship": "colleague",
            "relationshipNote": "Werkt in hetzelfde team",
        },
        "question": "Hoe gaat het samenwerken?",
    }
    asked = await step(client, cycle, "informant-requests", manager, question)
    assert asked.status_code == 201, asked.text
    answered = await client.post(
        f"/v1/informant-requests/{asked.json()['id']}/responses",
        json={"answer": "Altijd bereid om mee te denken"},
        headers=colleague,
    )
    assert answered.status_code == 201, answered.text
    draft = (await read(client, cycle, manager)).json()
    assert (await rate(client, cycle, manager, _ratings(draft))).status_code == 200
    assert (await step(client, cycle, "draft-shares", manager)).status_code == 201
    await client.put("/v1/clock", json={"today": "2026-12-06"}, headers=hr)
    talk = talk_of(cycle, "appraisal")["id"]
    held = await client.post(
        f"/v1/talks/{talk}/completions", json={"heldOn": "2026-12-06"}, headers=manager
    )
    assert held.status_code == 201, held.text
    assert (await sign(client, cycle, manager)).status_code == 201
    assert (await sign(client, cycle, employee, kind="seen")).status_code == 201
    await client.put("/v1/clock", json={"today": "2026-12-20"}, headers=hr)
    objected = await step(
        client, cycle, "objections", employee, {"text": "Mijn inzet voor het project telt niet mee"}
    )
    assert objected.status_code == 201, objected.text
    await client.put("/v1/clock", json={"today": "2027-01-10"}, headers=hr)
    heard = await step(client, cycle, "objection-hearings", manager, {"heldOn": "2027-01-08"})
    assert heard.status_code == 201, heard.text
    final = await step(
        client,
        cycle,
        "finalisations",
        manager,
        {"response": "explained", "explanation": "Het project is meegewogen in werkafspraak 1"},
    )
    assert final.status_code == 201, final.text
    await client.put("/v1/clock", json={"today": "2027-01-12"}, headers=hr)
    return final.json()


def _flat(text: str) -> str:
    return " ".join(printable(text).split())


async def test_r6_12_no_archive_copy_before_finalisation(client, cycle, manager, hr, employee):
    # Nothing drafted yet, then a draft: not final, so no archive copy (and nothing audited).
    for _ in range(2):
        refused = await client.get(archive_url(cycle), headers=manager)
        assert refused.status_code == 409, refused.text
        assert (refused.json()["code"], refused.json()["rule"]) == (
            "appraisal-not-finalised",
            "R6.12",
        )
        draft = (await read(client, cycle, manager)).json()
        await rate(client, cycle, manager, _ratings(draft))
    assert (await client.get(archive_url(cycle), headers=hr)).status_code == 409


async def test_r6_3_the_employee_gets_a_404_before_the_draft_is_shared(
    client, cycle, manager, employee
):
    draft = (await read(client, cycle, manager)).json()
    await rate(client, cycle, manager, _ratings(draft))
    hidden = await client.get(archive_url(cycle), headers=employee)
    assert hidden.status_code == 404 and hidden.json()["code"] == "appraisal-not-found"
    await step(client, cycle, "draft-shares", manager)
    shared = await client.get(archive_url(cycle), headers=employee)
    assert shared.status_code == 409 and shared.json()["rule"] == "R6.12"


async def test_r6_12_the_archive_copy_holds_the_whole_finalised_appraisal(
    client, cycle, manager, employee, hr, auth, session
):
    appraisal = await finalised(client, cycle, manager, employee, hr, auth)
    response = await client.get(archive_url(cycle), headers=hr)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="beoordeling-100001-2027-01-10.pdf"'
    )
    assert response.headers["cache-control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    guide = await session.scalar(select(Cycle.guide_version_id).where(Cycle.id == cycle["id"]))
    expected = [
        "Beoordeling — archiefexemplaar",
        "Regeling gesprekscyclus het goede gesprek",
        "Medewerker Mo",
        "100001",
        "Beleidsmedewerker D",
        "Team A",
        "Eindkwalificatie 4 - goed",
        "Goede bijdrage aan het team",
        "Collega Cas",
        "collega: Werkt in hetzelfde team",  # Art. 1.k (issue 18)
        # R4.1 a (issue 18): the main task the work agreement comes from.
        "(hoofdtaak: Ontwikkelt beleid)",
        # Art. 4.1 b (issue 18): the knowledge level it was rated against.
        "volgens het functieprofiel: HBO werk",  # a cell may wrap after the hyphen
        "en denkniveau; kennis van de Omgevingswet",
        "Altijd bereid om mee te denken",
        "voor gezien getekend (niet akkoord)",
        "Mijn inzet voor het project telt niet mee",
        "8 januari 2027",  # the hearing
        "Het project is meegewogen in werkafspraak 1",
        "Vastgesteld op 10 januari 2027",
        f"versie {guide}",
        "pagina 1 van",
    ]
    expected += [_flat(item["motivation"]) for item in appraisal["items"]]
    missing = [snippet for snippet in expected if _flat(snippet) not in text]
    assert not missing, missing
    # The employee reads it too, and every download is recorded with its reader.
    assert (await client.get(archive_url(cycle), headers=employee)).status_code == 200
    events = (
        await session.execute(
            select(AuditEvent.actor_id, AuditEvent.after).where(
                AuditEvent.action == "read",
                AuditEvent.resource_type == "appraisal-archive-copy",
                AuditEvent.resource_id == appraisal["id"],
            )
        )
    ).all()
    assert sorted((actor, after["relation"]) for actor, after in events) == [
        ("100001", "self"),
        ("100003", "hr"),
    ]


async def test_r6_12_the_archive_copy_is_for_the_appraisals_readers_only(
    client, cycle, manager, employee, hr, auth, engine
):
    await finalised(client, cycle, manager, employee, hr, auth)
    with count_statements(engine) as reading:
        assert (await read(client, cycle, manager)).status_code == 200
    with count_statements(engine) as copying:
        assert (await client.get(archive_url(cycle), headers=manager)).status_code == 200
    # What the appraisal read takes, and three more (the employee's unit and function, the
    # informants, the signers' names): never a statement per item, informant or signature.
    assert copying.count <= reading.count + 3, copying.statements
    # The HR information system reads outcomes, never the content: with cycles:read it sees
    # the cycle (403), without it not even that (404, as for the appraisal itself).
    payroll = auth(client="payroll", scopes=["outcomes:read", "cycles:read"])
    refused = await client.get(archive_url(cycle), headers=payroll)
    assert refused.status_code == 403 and refused.json()["code"] == "appraisal-not-shared"
    outcomes_only = auth(client="payroll", scopes=["outcomes:read"])
    assert (await client.get(archive_url(cycle), headers=outcomes_only)).status_code == 404
    stranger = auth(role="employee", sub="200001")
    assert (await client.get(archive_url(cycle), headers=stranger)).status_code == 404
    assert (await client.get(archive_url(cycle))).status_code == 401


async def test_r6_12_the_first_page_renders_as_a_document(
    client, cycle, manager, employee, hr, auth, tmp_path
):
    await finalised(client, cycle, manager, employee, hr, auth)
    response = await client.get(archive_url(cycle), headers=manager)
    document = pdfium.PdfDocument(response.content)
    try:
        assert len(document) >= 2
        width, height = document[0].get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        image = document[0].render(scale=1.5).to_pil()
    finally:
        document.close()
    image.save(tmp_path / "archive-page1.png")
    if NOTES_PNG.parent.is_dir():  # for a person to look at once
        image.save(NOTES_PNG)
    histogram = image.convert("L").histogram()
    dark = sum(histogram[:128])
    assert dark > 2000, "page 1 is blank"
    assert dark < 0.2 * image.width * image.height, "page 1 is mostly ink"


# --- the rendering, without a database ---------------------------------------------------------


def sample(**changes) -> ArchiveData:
    data = ArchiveData(
        appraisal_id=uuid.UUID(int=1),
        employee_name="Medewerker Mo",
        personnel_number="100001",
        org_unit="Team A",
        function_code="P22",
        function_title="Beleidsmedewerker D",
        function_scale=10,
        salary_scale=10,
        cycle_kind="regular",
        cycle_start=date(2026, 1, 1),
        cycle_end=date(2027, 12, 31),
        guide_version="2014",
        guide_title="Competentiegids",
        talk_held_on=date(2026, 12, 6),
        shared_on=date(2026, 11, 29),
        content_version=1,
        items=(
            ArchiveItem("work", "Nota", 4, "goed", "Behaald", 100.0),
            ArchiveItem("competency", "Integriteit", 1, "onvoldoende", "Nee", crucial=True),
            ArchiveItem("knowledge", "Kennisniveau", 4, "goed", "Op niveau"),
        ),
        other_agreements=(),
        work_part=4.0,
        competency_part=2.5,
        work_share_percent=50,
        final_computed=3,
        final_rating=1,
        final_label="onvoldoende",
        final_motivation="Zie integriteit",
        override=True,
        override_motivation="Integriteit is cruciaal",
        informants=(
            ArchiveInformant("Ria Ketenpartner", True, "Hoe?", "Goed 👍", date(2026, 11, 27), True),
        ),
        signatures=(
            ArchiveSignature(
                "manager", "signed", "Manager Mila (100002)", date(2026, 12, 6), 1, False
            ),
            ArchiveSignature(
                "employee", "agree", "Medewerker Mo (100001)", date(2026, 12, 6), 1, False
            ),
        ),
        objections=None,
        objections_on=None,
        hearing_on=None,
        response=None,
        response_text=None,
        finalised_on=date(2026, 12, 6),
        finalised_by="Manager Mila (100002)",
        reward=None,
        appeal_reference="BZ-2027-001",
        generated_on=date(2026, 12, 7),
    )
    return dataclasses.replace(data, **changes)


def test_the_same_data_gives_the_same_bytes_dated_the_day_it_was_generated():
    first = render(sample())
    assert render(sample()) == first
    # PDF/A-2b keeps the dates in its XMP metadata: the day the copy was generated (Amsterdam).
    assert b'xmp:CreateDate="2026-12-06T23:00:00+00:00"' in first
    assert b'xmp:ModifyDate="2026-12-06T23:00:00+00:00"' in first
    assert "Beoordeling — archiefexemplaar: Medewerker Mo".encode() in first
    assert render(sample(generated_on=date(2026, 12, 8))) != first


def test_an_override_an_external_informant_and_no_objections_are_shown_as_such():
    data = sample()
    earlier = ArchiveSignature("manager", "signed", "Manager Mila", date(2026, 12, 1), 0, True)
    text = pdf_text(render(dataclasses.replace(data, signatures=(earlier, *data.signatures))))
    for snippet in (
        "een cruciale competentie is als onvoldoende beoordeeld",
        "Integriteit is cruciaal",
        "Ria Ketenpartner (extern)",
        "Goed ?",
        "Vastgelegd door de leidinggevende namens de informant",
        "De medewerker heeft geen bedenkingen ingediend",
        "BZ-2027-001",
        "akkoord",
        "versie 0 (vervallen: daarna gewijzigd)",
    ):
        assert snippet in text, snippet


def test_a_motivation_longer_than_a_page_continues_in_the_next_rows():
    long = "Uitgebreide motivering met veel woorden. " * 400
    data = sample(items=(ArchiveItem("work", "Nota", 4, "goed", long, 100.0),))
    text = pdf_text(render(data))
    assert "(vervolg)" in text and text.count("Uitgebreide motivering") == 400


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("Beoordeling — archiefexemplaar", "Beoordeling — archiefexemplaar"),
        ("2026–2027", "2026–2027"),
        ("‘zo’ en “zo”", "‘zo’ en “zo”"),
        ("en verder…", "en verder…"),
        ("één café, coördinator, Müller", "één café, coördinator, Müller"),
        ("e\u0301e\u0301n", "één"),  # combining accents are composed first
        ("Dvořák, Łódź, Łukasz Gök, Ödön Ő", "Dvořák, Łódź, Łukasz Gök, Ödön Ő"),  # issue 19
        ("10 ㎏, ①", "10 kg, 1"),  # what the font lacks is folded
        ("prijs: €12", "prijs: €12"),
        ("a → b", "a -> b"),
        ("top 👍🏽!", "top ??!"),
        ("漢字", "??"),
        ("a\u200bb\ufeffc", "abc"),  # zero-width characters vanish
        ("a\tb\r\nc\u2028d", "a b\nc\nd"),
        ("x\u00a0y", "x\u00a0y"),
        ("", ""),
    ],
)
def test_printable_keeps_text_as_written_where_the_embedded_font_can(given, shown):
    assert printable(given) == shown


def test_printable_of_nothing_is_empty():
    assert printable(None) == ""


def test_the_archive_copy_prints_names_exactly_and_is_pdf_a_2b():
    """Issue 19: the font is embedded (Source Sans Pro, shipped by a package), so a name outside
    Latin-1 is printed as stored; the document declares PDF/A-2b."""
    data = dataclasses.replace(sample(), employee_name="Łukasz Gök", finalised_by="Ödön Ő")
    content = render(data)
    text = pdf_text(content)
    assert "Łukasz Gök" in text and "Ödön Ő" in text
    assert b"<pdfaid:part>2</pdfaid:part>" in content or b"pdfaid:part>2<" in content
    assert b"/OutputIntents" in content
    assert b"/FontFile2" in content  # embedded TrueType
    assert b"/Helvetica" not in content


def test_r6_4_b_the_copy_shows_each_development_agreements_evaluation_and_the_conditions():
    """Every agreement is on the record: a development agreement with what it concerns and its
    evaluation (Art. 6.4 b, issue 18), a condition without one."""
    base = sample()
    data = dataclasses.replace(
        base,
        items=(
            *base.items,
            ArchiveItem(
                "development",
                "Training integriteit volgen",
                None,
                None,
                "Training gevolgd en besproken",
                concerns="Integriteit",
            ),
        ),
        other_agreements=(ArchiveAgreement("condition", "Een rustige werkplek", None),),
    )
    text = pdf_text(render(data))
    for expected in (
        "Ontwikkelafspraak",
        "Training integriteit volgen",
        "Integriteit",
        "Training gevolgd en besproken",
        "Voorwaarde",
        "Een rustige werkplek",
    ):
        assert expected in text
    assert "Ontwikkelafspraken" not in pdf_text(render(sample()))  # nothing to list, no table


def test_r6_12_a_declined_hearing_is_shown_as_offered_and_declined():
    data = dataclasses.replace(
        sample(),
        objections="Te streng",
        objections_on=date(2026, 12, 20),
        hearing_on=date(2026, 12, 22),
        hearing_declined=True,
    )
    text = pdf_text(render(data))
    assert "aangeboden, door de medewerker afgezien op 22 december 2026" in text
