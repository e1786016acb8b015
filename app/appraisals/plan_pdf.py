"""The personal development plan (POP) as a PDF (issue 18, toelichting Art. 4).

Pure, like the archive copy (``app.appraisals.pdf``), whose layout and helpers it shares:
``render(plan)`` does no I/O and reads no clock.
"""

from __future__ import annotations

from datetime import datetime, time

from fpdf import FPDF, FPDF_VERSION

from app.appraisals.pdf import (
    ACCENT,
    AMSTERDAM,
    CYCLE_KINDS,
    FONT,
    MUTED,
    REGULATION,
    Page,
    finish,
    heading,
    long_date,
    paragraph,
    printable,
    table,
)
from app.appraisals.plan import Plan

TITLE = "Persoonlijk ontwikkelingsplan (POP)"
ABOUT = (
    "De ontwikkel- en loopbaanafspraken uit de gesprekscyclus vervangen samen het persoonlijk "
    "ontwikkelingsplan (POP) als bedoeld in artikel 17:4 AGM (toelichting bij artikel 4)."
)
METHODS = {
    "training": "opleiding of training",
    "coaching": "coaching",
    "assignment": "opdracht of werkervaring",
    "other": "anders",
}
CAREER_TYPES = {
    "career-step": "loopbaanstap",
    "mobility": "mobiliteit",
    "approaching-retirement": "naderend pensioen",
    "work-care-balance": "balans werk en zorg",
    "other": "anders",
}
STATES = {
    "shared": "concept gedeeld",
    "signed": "ondertekend",
    "objected": "bedenkingen ingediend",
    "heard": "bedenkingen besproken",
    "final": "vastgesteld",
}


def _title(pdf: FPDF, plan: Plan) -> None:
    pdf.set_font(FONT, "B", 19)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 10, printable(TITLE), new_x="LMARGIN", new_y="NEXT")
    paragraph(pdf, ABOUT, color=MUTED, size=8.5)
    table(
        pdf,
        (1.2, 2.4),
        [
            ("Medewerker", f"{plan.employee_name} ({plan.personnel_number})"),
            ("Functie", plan.function_title),
            ("Cyclus", CYCLE_KINDS.get(plan.cycle_kind, plan.cycle_kind)),
            ("Periode", f"{long_date(plan.cycle_start)} t/m {long_date(plan.cycle_end)}"),
            ("Beoordeling", _appraisal(plan)),
        ],
        key_column=True,
    )


def _appraisal(plan: Plan) -> str:
    if plan.appraisal is None:
        return "nog niet beoordeeld: de evaluaties volgen in het beoordelingsgesprek"
    state = STATES.get(plan.appraisal.state, plan.appraisal.state)
    held = plan.appraisal.held_on
    return f"{state}" + (f", gesprek van {long_date(held)}" if held else "")


def _sections(pdf: FPDF, plan: Plan) -> None:
    heading(pdf, 1, "Ontwikkelafspraken")
    if plan.development:
        table(
            pdf,
            (3, 2, 2.2, 1.4, 3),
            [
                (
                    a.description,
                    a.concerns_name or "-",
                    METHODS.get(a.method or "", "-")
                    + (f": {a.method_detail}" if a.method_detail else ""),
                    long_date(a.due_date) if a.due_date else "-",
                    a.evaluation or "-",
                )
                for a in plan.development
            ],
            headings=("Afspraak", "Betreft", "Hoe", "Gereed", "Evaluatie"),
        )
    else:
        paragraph(pdf, "Er zijn geen ontwikkelafspraken.")
    heading(pdf, 2, "Loopbaan- en levensfaseafspraken")
    if plan.career:
        table(
            pdf,
            (4, 2, 4),
            [
                (a.description, CAREER_TYPES.get(a.career_type or "", "-"), a.evaluation or "-")
                for a in plan.career
            ],
            headings=("Afspraak", "Soort", "Evaluatie"),
        )
    else:
        paragraph(pdf, "Er zijn geen loopbaanafspraken.")
    heading(pdf, 3, "Voorwaarden")
    if plan.conditions:
        table(pdf, (10,), [(a.description,) for a in plan.conditions], headings=("Voorwaarde",))
    else:
        paragraph(pdf, "Er zijn geen voorwaarden afgesproken.")


def render(plan: Plan) -> bytes:
    """The plan as PDF bytes: A4, the employee and the print date on every page."""
    pdf = Page(
        f"{plan.employee_name} ({plan.personnel_number})",
        f"Afgedrukt op {long_date(plan.generated_on)}",
        f"{REGULATION} - {TITLE}, vertrouwelijk",
    )
    pdf.set_title(printable(f"{TITLE}: {plan.employee_name}"))
    pdf.set_author("E-module gesprekscyclus")
    pdf.set_creator("goedgesprek")
    pdf.set_producer(f"fpdf2 {FPDF_VERSION}")
    pdf.set_lang("nl-NL")
    pdf.set_creation_date(datetime.combine(plan.generated_on, time(0, 0), tzinfo=AMSTERDAM))
    pdf.alias_nb_pages()
    pdf.add_page()
    _title(pdf, plan)
    _sections(pdf, plan)
    return finish(pdf)
