"""Write the offline demo site: the four cities' integration policy, re-created from their public documents.

The facts (numbers, dates, bodies, outcomes, the declared action fields, the steps of each process)
follow the cities' public record as summarised in issue 15; every sentence is the project's own
wording, and every page says so. What the public record does not tell (meeting times, rooms, the
text of an attachment's list) is left out rather than invented. Run `python -m dev.demo_site` to
rebuild data/demo/site/; `data/demo/cities.toml` points the demo's four cities at it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dev.site_pages import build_allris, classic_paper, concept_pdf, html_page, modern_paper, write

SITE = Path(__file__).resolve().parent.parent / "data" / "demo" / "site"
MARK = ("NACHBILDUNG – von ratsinfo-pipeline aus öffentlichen Dokumenten der Stadt nachgestellt, in eigenen Worten; "
        "nicht das Original.")

# ---------------------------------------------------------------- Herne (ALLRIS classic)

HERNE_PAPERS = [
    {
        "id": 189,
        "ref": "2007/0189",
        "type": "öffentliche Beschlussvorlage",
        "office": "Büro Dezernat III",
        "title": "Leitlinien für die Integrationsarbeit in Herne",
        "bf": [
            ("Integrationsrat", "Vorberatung", "15.03.2007", 7101, "beschlossen"),
            ("Haupt- und Finanzausschuss", "Vorberatung", "20.03.2007", 7102, "beschlossen"),
            ("Rat der Stadt", "Entscheidung", "27.03.2007", 7103, "beschlossen"),
        ],
        "text": [
            "Sachverhalt:",
            "Die Leitlinien (Anlage 1) setzen die Herner Integrationsoffensive fort, die der Rat der Stadt im "
            "Juni 2003 beschlossen hat. Sie legen fest, in welchen Handlungsfeldern die Stadt ihre "
            "Integrationsarbeit vorrangig ausrichtet, und sehen erste Ergebnisse zu Sprache und zur "
            "interkulturellen Öffnung der Verwaltung bis Ende 2007 vor.",
            "Anlage 2 gibt eine Übersicht über die Maßnahmen, mit denen sich die Verwaltung bereits "
            "interkulturell öffnet.",
            "Beschlussvorschlag:",
            "Der Rat der Stadt beschließt die Leitlinien für die Integrationsarbeit in Herne (Anlage 1).",
        ],
        "files": [
            (1891, "Vorlage", "vorlage"),
            (1892, "Anlage 1 Leitlinien für die Integrationsarbeit", "leitlinien"),
            (1893, "Anlage 2 Maßnahmen zur interkulturellen Öffnung", "massnahmen"),
        ],
    },
]

HERNE_MEETINGS = [
    (7101, "Sitzung des Integrationsrates", "Integrationsrat", "Do, 15.03.2007", "", [189], ""),
    (7102, "Sitzung des Haupt- und Finanzausschusses", "Haupt- und Finanzausschuss", "Di, 20.03.2007", "", [189], ""),
    (7103, "Sitzung des Rates der Stadt", "Rat der Stadt", "Di, 27.03.2007", "", [189], ""),
]

# ---------------------------------------------------------------- Rostock (ALLRIS, responsive layout)

ROSTOCK_PAPERS = [
    {
        "id": 2285,
        "ref": "2011/BV/2285",
        "type": "Beschlussvorlage",
        "office": "",
        "title": "Erarbeitung eines Integrationskonzeptes für die Hansestadt Rostock",
        "bf": [
            ("Ausschuss für Soziales, Gesundheit und Migration", "Vorberatung", "15.06.2011", 8101,
             "ungeändert beschlossen"),
            ("Bürgerschaft", "Entscheidung", "29.06.2011", 8102, "ungeändert beschlossen"),
        ],
        "text": [
            "Beschlussvorschlag:",
            "Die Verwaltung wird beauftragt, ein Integrationskonzept für die Hansestadt Rostock zu erarbeiten.",
            "Rechtsgrundlage: § 22 Abs. 2 KV M-V.",
            "Finanzielle Auswirkungen: keine zusätzlichen Kosten.",
            "Sachverhalt:",
            "Am 31.12.2010 lebten 7.321 Einwohnerinnen und Einwohner mit ausländischer Staatsangehörigkeit in "
            "Rostock. Das Konzept knüpft an die Leitlinien zur Stadtentwicklung vom August 2010 an. "
            "Die Stadt hat einen Migrantenrat.",
        ],
        "files": [(22851, "Vorlage", "vorlage")],
        "collected": False,
        "resolution": ("Die Verwaltung wird beauftragt, ein Integrationskonzept für die Hansestadt Rostock zu "
                       "erarbeiten."),
    },
]

ROSTOCK_MEETINGS = [
    (8101, "Sitzung des Ausschusses für Soziales, Gesundheit und Migration",
     "Ausschuss für Soziales, Gesundheit und Migration", "Mi, 15.06.2011", "", [2285], ""),
    (8102, "Sitzung der Bürgerschaft", "Bürgerschaft", "Mi, 29.06.2011", "", [2285], ""),
]

CONCEPTS = {
    "leitlinien": (
        "Leitlinien für die Integrationsarbeit in Herne",
        [
            (
                "Ausgangslage",
                "Im Juni 2003 hat der Rat der Stadt Herne die Herner Integrationsoffensive beschlossen. "
                "Diese Leitlinien führen sie fort und geben der Integrationsarbeit der Stadt eine Richtung.",
            ),
            ("Vorrangige Handlungsfelder", "Die Stadt Herne richtet ihre Integrationsarbeit vorrangig auf diese "
                                           "Handlungsfelder aus:"),
            ("", "- Sprache"),
            ("", "- Bildung"),
            ("", "- Interkulturelle Öffnung der Verwaltung"),
            ("", "- Stadtteilorientierte Förderung der Integration"),
            ("", "- Arbeitspolitik"),
            ("", "- Wohnungspolitik"),
            ("", "- Stadtentwicklung und -planung"),
            (
                "Zeitplan",
                "Erste Ergebnisse zur Sprache und zur interkulturellen Öffnung der Verwaltung sollen bis Ende "
                "2007 vorliegen.",
            ),
        ],
    ),
    "massnahmen": (
        "Bestehende Maßnahmen zur interkulturellen Öffnung der Verwaltung",
        [
            (
                "Hinweis",
                "Die Anlage des Originals listet die Maßnahmen auf, mit denen die Stadtverwaltung Herne sich "
                "bereits interkulturell öffnet. Diese Nachbildung gibt die Liste nicht wieder.",
            ),
        ],
    ),
    "herdecke": (
        "Integrationskonzept der Stadt Herdecke: so ist es entstanden (Wettbewerbsbeitrag)",
        [
            (
                "Der Auftrag",
                "Der Rat der Stadt Herdecke hat in seiner Sitzung am 08.12.2016 beschlossen, die Verwaltung mit "
                "der Erarbeitung eines Integrationskonzeptes zu beauftragen, und stellte dafür Mittel bereit.",
            ),
            (
                "Die Steuerungsgruppe",
                "Am 08.03.2017 befasste sich der Ausschuss für Soziales mit dem Thema und bildete eine "
                "Steuerungsgruppe. In ihrer Sitzung am 29.03.2017 beschloss die Steuerungsgruppe, ein externes "
                "Institut zu beauftragen. Den Auftrag erhielt das Ibis Institut (Institut für interdisziplinäre "
                "Beratung und interkulturelle Seminare) aus Duisburg.",
            ),
            (
                "Beteiligung",
                "Am 31.05.2017 fand eine Multiplikatorenrunde statt. Das erste Bürgerforum, ein World Café, "
                "folgte am 05.07.2017.",
            ),
            (
                "Handlungsfelder",
                "In Fachworkshops am 04.10.2017 und am 10.10.2017 wurden die vier Handlungsfelder des Konzepts "
                "bearbeitet:",
            ),
            ("", "- Ausbildung und Arbeit"),
            ("", "- Sprache und Bildung"),
            ("", "- Wohnen und Quartier"),
            ("", "- Teilhabe und Engagement"),
            (
                "Ausblick",
                "Der Rat soll das Integrationskonzept im Frühjahr 2018 verabschieden.",
            ),
            (
                "Unterstützung",
                "Die Bürgerstiftung und die Werner Richard - Dr. Carl Dörken Stiftung unterstützen die Arbeit.",
            ),
        ],
    ),
}

HERTEN_PAGE = [
    "Der Rat der Stadt Herten hat im September 2006 das Rahmenkonzept zur Integration in Herten 2006 - 2009 "
    "verabschiedet. Seit 2005 hatten Träger, Migrantenorganisationen, der Integrationsrat und Frauengruppen "
    "darüber beraten.",
    "Arbeitsschwerpunkte der Integrationsarbeit in Herten sind die Themen:",
    [
        "Sprachförderung",
        "Bildung / Erziehung",
        "Ausbildung / Arbeit",
        "Soziale Arbeit",
        "Wohnen / Quartiersmanagement",
        "Gesellschaftliche Integration / Interreligiöser Dialog",
    ],
    "Das Integrationsbüro koordiniert die Integrationsarbeit und ist die Geschäftsstelle des Integrationsrates.",
]


def main() -> None:
    """Write the demo site afresh."""
    if SITE.exists():
        shutil.rmtree(SITE)
    write(SITE / "robots.txt", "User-agent: *\nAllow: /\n")
    build_allris(MARK, SITE / "herne" / "allris", HERNE_PAPERS, HERNE_MEETINGS, classic_paper, CONCEPTS,
                 framing=False)
    build_allris(MARK, SITE / "rostock" / "bi", ROSTOCK_PAPERS, ROSTOCK_MEETINGS, modern_paper, CONCEPTS,
                 framing=False)
    write(SITE / "herdecke" / "integrationskonzept.pdf", concept_pdf(MARK, CONCEPTS["herdecke"]))
    write(SITE / "herten" / "integration.html", html_page(MARK, "Integration in Herten", HERTEN_PAGE))


if __name__ == "__main__":
    main()
