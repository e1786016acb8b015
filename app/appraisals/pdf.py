"""The archive copy of a finalised appraisal as a PDF for the personnel file (R6.12).

Pure: ``render(data)`` does no I/O beyond the embedded font's files and reads no clock, so the
same data gives the same bytes (the creation date is the day the copy was generated,
``data.generated_on``). The font is embedded and the document is PDF/A-2b; every text goes
through :func:`printable` first.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from fpdf import FPDF, FPDF_VERSION, FontFace
from fpdf.enums import TableBordersLayout

from app.appraisals.archive import ArchiveData, ArchiveDecision, ArchiveItem
from app.appraisals.rules import SCALE

TITLE = "Beoordeling — archiefexemplaar"
REGULATION = "Regeling gesprekscyclus het goede gesprek"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# The font, embedded (issue 19): Source Sans Pro, shipped by the `font-source-sans-pro` package
# (SIL Open Font License), so names are printed exactly as stored (Łukasz Gök, Ödön) and the
# document can be PDF/A-2b (which forbids fonts that are not embedded). Nothing is downloaded.
FONT = "SourceSans"
_FACES = {"": "SourceSansPro", "B": "SourceSansProBold", "I": "SourceSansProIt"}

# Typography the font lacks, spelled plainly. Anything else it lacks is folded by compatibility
# decomposition (ﬁ → fi, ⅓ → 1/3) or becomes "?" (emoji, scripts it does not cover).
_SPELLED = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2192": "->",
    "\u2190": "<-",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2028": "\n",
    "\u2029": "\n",
}


@lru_cache(maxsize=1)
def _font_files() -> dict[str, str]:
    import font_source_sans_pro

    return {style: font_source_sans_pro.font_files_ttf[name] for style, name in _FACES.items()}


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """The code points every face of the font has a glyph for."""
    from fontTools.ttLib import TTFont

    faces = [set(TTFont(path).getBestCmap()) for path in _font_files().values()]
    return frozenset(set.intersection(*faces))


@lru_cache(maxsize=4096)
def _printable_char(char: str) -> str:
    if char == "\n":
        return char
    if char in _SPELLED:
        return _SPELLED[char]
    category = unicodedata.category(char)
    if category in ("Cf", "Mn", "Me"):  # zero-width and joining marks, variation selectors
        return ""
    if category == "Cc" or category.startswith("Z"):  # tabs, C1 controls, odd spaces
        return " " if char != "\u00a0" else char
    if ord(char) in _covered():
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed != char:
        return "".join(_printable_char(c) for c in decomposed) or "?"
    return "?"


def printable(text: str | None) -> str:
    """``text`` as the PDF shows it: exactly as written wherever the embedded font has the
    glyphs (every Latin letter with its accents, curly quotes, dashes, €); line breaks
    normalised, zero-width characters dropped, and what the font cannot show folded or "?"."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(_printable_char(char) for char in text)


# --- Dutch wording -----------------------------------------------------------------------------

MONTHS = [
    *("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"),
    *("september", "oktober", "november", "december"),
]
CYCLE_KINDS = {
    "regular": "reguliere cyclus",
    "joining": "eerste cyclus na indiensttreding",
    "probation": "proeftijd (aanstelling bij wijze van proef)",
    "bridging": "overbruggingscyclus na de proeftijd",
    "entry-scale": "cyclus in de aanloopschaal",
    "one-year": "eenjarige cyclus",
}
PARTIES = {"manager": "Leidinggevende", "employee": "Medewerker"}
SIGNATURE_KINDS = {
    "signed": "ondertekend",
    "agree": "akkoord",
    "seen": "voor gezien getekend (niet akkoord)",
}
RESPONSES = {
    "met-fully": "De bedenkingen zijn volledig gehonoreerd; de beoordeling is aangepast.",
    "partly-met": "De bedenkingen zijn gedeeltelijk gehonoreerd; de beoordeling is aangepast "
    "en de leidinggevende heeft schriftelijk toegelicht wat niet is gewijzigd en waarom.",
    "explained": "De beoordeling is niet gewijzigd; de leidinggevende heeft dit schriftelijk "
    "toegelicht.",
}
SCALE_LEGEND = (
    "Beoordelingsschaal: 1 onvoldoende, 2 enigszins onvoldoende, 3 normaal, 4 goed, 5 uitstekend."
)


def long_date(day: date | None) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else "-"


def _number(value: float | None, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",") if value is not None else "-"


def _percent(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}%" if float(value).is_integer() else f"{_number(value, 1)}%"


def _rating(score: int | None, label: str | None) -> str:
    return f"{score} - {label}" if score else "-"


# --- layout ------------------------------------------------------------------------------------

INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (31, 56, 100)
RULE = (180, 186, 194)
SHADE = (236, 240, 245)
BODY_SIZE = 9
LINE = 4.4  # mm per line of body text
PADDING = (1.4, 1.8)  # top/bottom, left/right, mm
# A taller cell continues in a next row "(vervolg)": a table row never outgrows a page (fpdf2
# refuses such a row), and a long motivation does not leave half a page blank before it.
MAX_ROW_LINES = 15


class Page(FPDF):
    """A4 with a header (who, left; a date, right) and a footer with the page count: the
    layout of every PDF the service makes."""

    def __init__(self, left: str, right: str, footer: str) -> None:
        # PDF/A-2b: for the personnel file's long term (fonts embedded, an sRGB output intent).
        super().__init__(orientation="P", unit="mm", format="A4", enforce_compliance="PDFA_2B")
        for style, path in _font_files().items():
            self.add_font(FONT, style, path)
        self.left_text, self.right_text, self.footer_text = left, right, footer
        self.set_margins(left=20, top=24, right=20)
        self.set_auto_page_break(auto=True, margin=20)

    def header(self) -> None:
        self.set_y(11)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, printable(self.left_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, printable(self.right_text), align="R")
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, 16.5, self.w - self.r_margin, 16.5)
        self.set_y(self.t_margin)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.line(self.l_margin, self.y - 1.5, self.w - self.r_margin, self.y - 1.5)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, printable(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(*INK)


def finish(pdf: FPDF) -> bytes:
    """The document's bytes. PDF/A keeps its dates in XMP metadata, where fpdf2 stamps the
    modification date with the wall clock; here it is the creation date (the data's day), so the
    same data still gives the same bytes."""
    from fpdf.output import OutputProducer

    xmp = OutputProducer(pdf)._build_xmp_from_info()
    created = re.search(r'xmp:CreateDate="([^"]*)"', xmp)
    if created is not None:
        for name in ("ModifyDate", "MetadataDate"):
            xmp = re.sub(rf'xmp:{name}="[^"]*"', f'xmp:{name}="{created.group(1)}"', xmp)
    pdf.xmp_metadata = xmp
    return bytes(pdf.output())


def _body(pdf: FPDF, style: str = "", size: float = BODY_SIZE) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*INK)


def _keep_room(pdf: FPDF, height: float) -> None:
    """A heading never ends a page on its own: start a new page when less than ``height``
    is left below it."""
    if pdf.y + height > pdf.page_break_trigger:
        pdf.add_page()


def heading(pdf: FPDF, number: int, text: str) -> None:
    _keep_room(pdf, 30)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 11.5)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 6, printable(f"{number}. {text}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.35)
    pdf.line(pdf.l_margin, pdf.y + 0.6, pdf.w - pdf.r_margin, pdf.y + 0.6)
    pdf.ln(2.6)
    _body(pdf)


def _subheading(pdf: FPDF, text: str) -> None:
    _keep_room(pdf, 22)
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 9.5)
    pdf.set_text_color(*INK)
    pdf.cell(0, 5.5, printable(text), new_x="LMARGIN", new_y="NEXT")
    _body(pdf)


def paragraph(pdf: FPDF, text: str, *, style: str = "", color=INK, size=BODY_SIZE) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, LINE, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
    _body(pdf)


def _quote(pdf: FPDF, text: str) -> None:
    """A text written by the employee or the manager, kept as written: indented, shaded."""
    _body(pdf)
    pdf.set_fill_color(*SHADE)
    pdf.set_x(pdf.l_margin + 2)
    pdf.multi_cell(
        pdf.epw - 2,
        LINE,
        printable(text),
        fill=True,
        align="L",
        padding=(1.6, 2.4),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_fill_color(255)
    pdf.ln(1.5)


def _split(pdf: FPDF, width: float, text: str) -> list[str]:
    """``text`` in chunks of at most MAX_ROW_LINES lines of a column ``width`` mm wide."""
    inner = width - 2 * PADDING[1] + 2 * pdf.c_margin
    lines = pdf.multi_cell(inner, LINE, text, dry_run=True, output="LINES") if text else [""]
    return [
        "\n".join(lines[i : i + MAX_ROW_LINES]) for i in range(0, len(lines), MAX_ROW_LINES)
    ] or [""]


def table(
    pdf: FPDF,
    widths: tuple[float, ...],
    rows: list[tuple[str, ...]],
    *,
    headings: tuple[str, ...] | None = None,
    key_column: bool = False,
) -> None:
    """A table over the full text width; ``widths`` are fractions. With ``key_column`` the
    first column names what the second holds (no heading row)."""
    _body(pdf)
    pdf.set_fill_color(255)
    total = sum(widths)
    columns = [pdf.epw * w / total for w in widths]
    body: list[tuple[str, ...]] = []
    for row in rows:
        chunks = [_split(pdf, columns[i], printable(cell)) for i, cell in enumerate(row)]
        for part in range(max(len(c) for c in chunks)):
            cells = [c[part] if part < len(c) else "" for c in chunks]
            if part and not cells[0]:
                cells[0] = "(vervolg)"
            body.append(tuple(cells))
    key_style = FontFace(emphasis="BOLD", color=INK, fill_color=SHADE)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        first_row_as_headings=headings is not None,
        headings_style=FontFace(emphasis="BOLD", color=ACCENT, fill_color=SHADE, size_pt=8.5),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES
        if not key_column
        else TableBordersLayout.ALL,
        line_height=LINE,
        padding=PADDING,
        text_align="LEFT",
        v_align="TOP",
        repeat_headings=1,
    ) as table:
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        if headings is not None:
            heading = table.row()
            for text in headings:
                heading.cell(printable(text))
        for cells in body:
            row = table.row()
            for i, text in enumerate(cells):
                row.cell(text, style=key_style if key_column and i == 0 else None)
    pdf.ln(2)


# --- the sections ------------------------------------------------------------------------------


def _title_block(pdf: FPDF, data: ArchiveData) -> None:
    pdf.set_font(FONT, "B", 19)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 10, printable(TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.set_text_color(*INK)
    pdf.cell(0, 6, printable(REGULATION), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(
        0,
        5,
        printable(
            f"Beoordelingsgesprek (artikel 6) van {data.employee_name}, vastgesteld op "
            f"{long_date(data.finalised_on)}"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(1)


def _employee(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 1, "Medewerker en functie")
    table(
        pdf,
        (1.2, 2.4),
        [
            ("Naam", data.employee_name),
            ("Personeelsnummer", data.personnel_number),
            ("Organisatie-eenheid", data.org_unit),
            ("Functie", f"{data.function_title} (functieprofiel {data.function_code})"),
            ("Functieschaal", str(data.function_scale)),
            ("Salarisschaal", str(data.salary_scale)),
        ],
        key_column=True,
    )


def _cycle(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 2, "Gesprekscyclus en beoordelingsgesprek")
    guide = data.guide_version or "-"
    if data.guide_title:
        guide = f"{data.guide_title} (versie {data.guide_version})"
    table(
        pdf,
        (1.2, 2.4),
        [
            ("Soort cyclus", CYCLE_KINDS.get(data.cycle_kind, data.cycle_kind)),
            ("Periode", f"{long_date(data.cycle_start)} t/m {long_date(data.cycle_end)}"),
            ("Concept gedeeld op", long_date(data.shared_on)),
            ("Gesprek gehouden op", long_date(data.talk_held_on)),
            ("Competentiegids", guide),
        ],
        key_column=True,
    )


def _items(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 3, "Beoordeling per afspraak en competentie")
    paragraph(pdf, SCALE_LEGEND, color=MUTED, size=8.5)
    pdf.ln(1)
    by_kind: dict[str, list[ArchiveItem]] = {}
    for item in data.items:
        by_kind.setdefault(item.kind, []).append(item)
    work = by_kind.get("work", [])
    _subheading(pdf, "Werkafspraken (deel a)")
    if work:
        table(
            pdf,
            (3.2, 1, 1.6, 4.2),
            [
                (
                    i.title + (f" (hoofdtaak: {i.criterion})" if i.criterion else ""),
                    _percent(i.weight),
                    _rating(i.score, i.label),
                    i.motivation or "-",
                )
                for i in work
            ],
            headings=("Werkafspraak", "Gewicht", "Oordeel", "Motivering"),
        )
    else:
        paragraph(pdf, "Er waren geen werkafspraken.")
    rated = by_kind.get("competency", []) + by_kind.get("knowledge", [])
    _subheading(pdf, "Competenties en kennisniveau (deel b)")
    table(
        pdf,
        (3.2, 1.6, 5.2),
        [
            (
                i.title
                + (" (cruciaal)" if i.crucial else "")
                # Art. 4.1 b: the knowledge level as the function profile records it.
                + (f" (volgens het functieprofiel: {i.criterion})" if i.criterion else ""),
                _rating(i.score, i.label),
                i.motivation or "-",
            )
            for i in rated
        ],
        headings=("Competentie", "Oordeel", "Motivering"),
    )
    development = by_kind.get("development", [])
    if development:  # Art. 6.4 b: evaluated, not scored
        _subheading(pdf, "Ontwikkelafspraken (geëvalueerd, tellen niet mee in de eindkwalificatie)")
        table(
            pdf,
            (3.2, 2.2, 4.6),
            [(i.title, i.concerns or "-", i.motivation or "-") for i in development],
            headings=("Ontwikkelafspraak", "Betreft", "Evaluatie"),
        )
    if data.other_agreements:
        _subheading(pdf, "Voorwaarden")
        table(
            pdf,
            (10,),
            [(a.description,) for a in data.other_agreements],
            headings=("Voorwaarde",),
        )
    career = by_kind.get("career", [])
    if career:
        _subheading(pdf, "Loopbaanafspraken (geëvalueerd, tellen niet mee in de eindkwalificatie)")
        table(
            pdf,
            (3.2, 6.8),
            [(i.title, i.motivation or "-") for i in career],
            headings=("Loopbaanafspraak", "Evaluatie"),
        )


def _final(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 4, "Eindkwalificatie")
    share = data.work_share_percent
    rows = [
        ("Deel a: werkafspraken", f"{_number(data.work_part)} (weegt {share}%)"),
        (
            "Deel b: competenties en kennis",
            f"{_number(data.competency_part)} (weegt {100 - share}%)",
        ),
        (
            "Berekende eindkwalificatie",
            _rating(data.final_computed, _label(data.final_computed)),
        ),
    ]
    if data.override:
        rows.append(
            (
                "Afwijking",
                "Eindkwalificatie onvoldoende: een cruciale competentie is als onvoldoende "
                f"beoordeeld (artikel 6.7). {data.override_motivation or ''}".strip(),
            )
        )
    rows += [
        ("Eindkwalificatie", _rating(data.final_rating, data.final_label)),
        ("Motivering", data.final_motivation or "-"),
    ]
    table(pdf, (1.2, 2.4), rows, key_column=True)


def _label(score: int | None) -> str | None:
    return SCALE.get(score) if score else None


RELATIONSHIPS = {  # Art. 1.k: "een relevante functionele werkrelatie"
    "colleague": "collega",
    "client": "klant",
    "chain-partner": "ketenpartner",
    "other-manager": "andere leidinggevende",
    "external": "extern",
}


def _informants(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 5, "Informanten")
    if not data.informants:
        paragraph(pdf, "Er is geen informatie bij informanten ingewonnen.")
        return
    rows = []
    for i in data.informants:
        who = i.informant + (" (extern)" if i.external else "")
        if i.relationship is not None:
            who += f"\n{RELATIONSHIPS.get(i.relationship, i.relationship)}"
            who += f": {i.relationship_note}" if i.relationship_note else ""
        answer = i.answer if i.answer is not None else "Geen antwoord ontvangen."
        if i.answer is not None and i.on_behalf:
            answer += "\n(Vastgelegd door de leidinggevende namens de informant.)"
        rows.append((who, i.question, answer, long_date(i.received_on) if i.answer else "-"))
    table(
        pdf,
        (1.8, 2.4, 4.0, 1.9),
        rows,
        headings=("Informant", "Vraag", "Inbreng", "Ontvangen op"),
    )


def _signatures(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 6, "Ondertekening")
    if not data.signatures:
        paragraph(pdf, "De beoordeling is niet ondertekend.")
        return
    table(
        pdf,
        (1.7, 2.5, 2.4, 1.9, 1.5),
        [
            (
                PARTIES.get(s.party, s.party),
                SIGNATURE_KINDS.get(s.kind, s.kind),
                s.signed_by,
                long_date(s.signed_on),
                f"versie {s.content_version}"
                + (" (vervallen: daarna gewijzigd)" if s.void else ""),
            )
            for s in data.signatures
        ],
        headings=("Partij", "Ondertekening", "Door", "Datum", "Inhoudsversie"),
    )
    note = f"De vastgestelde beoordeling is inhoudsversie {data.content_version}."
    if any(s.void for s in data.signatures):
        note += (
            " Een handtekening bij een eerdere versie is vervallen doordat de beoordeling "
            "daarna is gewijzigd (artikel 6.11)."
        )
    paragraph(pdf, note, color=MUTED, size=8.5)


def _objections(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 7, "Bedenkingen en bedenkingengesprek")
    if data.objections is None:
        paragraph(pdf, "De medewerker heeft geen bedenkingen ingediend.")
        return
    paragraph(pdf, f"Bedenkingen van de medewerker, ingediend op {long_date(data.objections_on)}:")
    pdf.ln(1)
    _quote(pdf, data.objections)
    table(
        pdf,
        (1.2, 2.4),
        [
            (
                "Bedenkingengesprek",
                f"aangeboden, door de medewerker afgezien op {long_date(data.hearing_on)}"
                if data.hearing_declined
                else long_date(data.hearing_on),
            ),
            ("Reactie leidinggevende", RESPONSES.get(data.response or "", "-")),
        ],
        key_column=True,
    )
    if data.response_text:
        paragraph(pdf, "Toelichting van de leidinggevende:")
        pdf.ln(1)
        _quote(pdf, data.response_text)


PROCEDURES = {"objection": "bezwaar", "appeal": "beroep"}
OUTCOMES = {
    "upheld": "gegrond",
    "partly-upheld": "gedeeltelijk gegrond",
    "rejected": "ongegrond",
    "withdrawn": "ingetrokken",
}


def _decision(d: ArchiveDecision) -> str:
    text = f"{OUTCOMES[d.outcome]}, {long_date(d.decided_on)} (kenmerk {d.reference})"
    if d.outcome in ("upheld", "partly-upheld"):
        text += "; vervangen door een nieuwe beoordeling"
    return text


def _finalisation(pdf: FPDF, data: ArchiveData) -> None:
    heading(pdf, 8, "Vaststelling")
    table(
        pdf,
        (1.2, 2.4),
        [
            ("Vastgesteld op", long_date(data.finalised_on)),
            ("Vastgesteld door", data.finalised_by),
            ("Extra beloning", data.reward or "Geen toegekend."),
            ("Bezwaar en beroep", data.appeal_reference or "Geen kenmerk geregistreerd."),
            *(
                (f"Uitspraak {PROCEDURES[d.procedure]}", _decision(d))
                for d in data.appeal_decisions
            ),
        ],
        key_column=True,
    )
    if data.supersedes is not None:  # R6.12: a superseding appraisal says what it replaces
        d = data.supersedes
        pdf.ln(1)
        paragraph(
            pdf,
            f"Deze beoordeling vervangt de beoordeling die op {long_date(d.finalised_on)} is "
            f"vastgesteld: {PROCEDURES[d.procedure]} {OUTCOMES[d.outcome]} verklaard op "
            f"{long_date(d.decided_on)} (kenmerk {d.reference}).",
        )
    pdf.ln(2)
    paragraph(
        pdf,
        f"Dit archiefexemplaar is op {long_date(data.generated_on)} samengesteld uit de "
        "E-module en geeft de beoordeling weer zoals die is vastgesteld. Kenmerk van de "
        f"beoordeling: {data.appraisal_id}.",
        color=MUTED,
        size=8,
    )


def render(data: ArchiveData) -> bytes:
    """The archive copy as PDF bytes: A4, a header with the employee and the finalisation
    date and a footer "pagina X van Y" on every page."""
    pdf = Page(
        f"{data.employee_name} ({data.personnel_number})",
        f"Vastgesteld op {long_date(data.finalised_on)}",
        f"{REGULATION} - archiefexemplaar, vertrouwelijk",
    )
    pdf.set_title(printable(f"{TITLE}: {data.employee_name}"))
    pdf.set_subject(
        printable(
            f"{REGULATION}: beoordeling van {data.employee_name} ({data.personnel_number}), "
            f"vastgesteld op {data.finalised_on.isoformat()}"
        )
    )
    pdf.set_author("E-module gesprekscyclus")
    pdf.set_creator("goedgesprek")
    pdf.set_producer(f"fpdf2 {FPDF_VERSION}")
    pdf.set_keywords("beoordeling archiefexemplaar personeelsdossier")
    pdf.set_lang("nl-NL")
    pdf.set_creation_date(datetime.combine(data.generated_on, time(0, 0), tzinfo=AMSTERDAM))
    pdf.alias_nb_pages()
    pdf.add_page()
    _title_block(pdf, data)
    for section in (
        _employee,
        _cycle,
        _items,
        _final,
        _informants,
        _signatures,
        _objections,
        _finalisation,
    ):
        section(pdf, data)
    return finish(pdf)
