"""A small synthetic competency guide for rule and loader tests (the real one is bundled)."""

from __future__ import annotations

from datetime import date

from app.reference.document import GuideDocument

CORE = ["samenwerken", "klantgericht-werken", "integriteit"]
OTHERS = [f"extra-{n}" for n in range(1, 11)]


def _competency(code: str, cluster: str) -> dict:
    return {
        "code": code,
        "name": code.replace("-", " ").capitalize(),
        "cluster": cluster,
        "definition": f"Je doet {code}.",
        "levels": [
            {"level": level, "behaviours": [f"Gedrag {code} {level}."], "tips": [f"Tip {level}."]}
            for level in (1, 2, 3)
        ],
    }


# R3.5: a version is in force only once adopted; the synthetic guides are, unless asked not.
ADOPTION = {
    "collegeDecisionDate": "2026-01-15",
    "collegeDecisionReference": "B&W 2026/3",
    "worksCouncilConsentDate": "2026-01-10",
}


def synthetic_guide(
    version: str = "test-1", effective: date = date(2030, 1, 1), *, adopted: bool = True
) -> GuideDocument:
    clusters = ["connect", "choose", "learn"]
    return GuideDocument.model_validate(
        {
            "version": version,
            "title": f"Testgids {version}",
            "effectiveDate": effective.isoformat(),
            "source": "tests/guides.py",
            "levelBands": [
                {"level": 1, "minScale": 3, "maxScale": 7},
                {"level": 2, "minScale": 8, "maxScale": 10},
                {"level": 3, "minScale": 11, "maxScale": 18},
            ],
            "competencies": [_competency(code, "core") for code in CORE]
            + [_competency(code, clusters[i % 3]) for i, code in enumerate(OTHERS)],
            "profiles": [
                {
                    "code": "normaal",
                    "name": "Normaal",
                    "steering": False,
                    "specificCompetencies": OTHERS[:4],
                    "freeChoices": 2,
                },
                {
                    "code": "sturend",
                    "name": "Sturend",
                    "steering": True,
                    "specificCompetencies": OTHERS[:6],
                    "freeChoices": 0,
                },
                {
                    "code": "vakspecialist",
                    "name": "Vakspecialist",
                    "steering": False,
                    "specificCompetencies": [],
                    "freeChoices": 6,
                },
            ],
            "preparationTips": ["Bereid je voor."],
            "ratingScale": [
                {"score": s, "label": label, "meaning": f"betekenis {s}"}
                for s, label in enumerate(
                    ["onvoldoende", "enigszins onvoldoende", "normaal", "goed", "uitstekend"],
                    start=1,
                )
            ],
            **({"adoption": ADOPTION} if adopted else {}),
        }
    )
