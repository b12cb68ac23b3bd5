"""Write the crawl tests' sample site: INVENTED sample data in the shapes of the four cities' systems.

Nothing here is what any council decided: the pages exist so that the crawl, store and publishing
tests have papers of every outcome, meetings, agenda items and documents to run on. Run
`python -m dev.sample_site` to rebuild tests/crawl/fixtures/sample_site/ (its city list is
tests/crawl/fixtures/sample_cities.toml). The offline demo is `dev.demo_site`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from dev.site_pages import build_allris, classic_paper, concept_pdf, html_page, modern_paper, write

SITE = Path(__file__).resolve().parent.parent / "tests" / "crawl" / "fixtures" / "sample_site"
MARK = "BEISPIELDATEN – von ratsinfo-pipeline für die Offline-Demo erzeugt, keine echten Ratsdaten."

HERNE_PAPERS = [
    {
        "id": 2001,
        "ref": "2025/0112",
        "type": "Beschlussvorlage",
        "office": "Fachbereich Soziales",
        "title": "Integrationskonzept der Stadt Herne – Fortschreibung 2025",
        "bf": [
            ("Integrationsrat", "Vorberatung", "11.03.2025", 5001, "einstimmig beschlossen"),
            (
                "Ausschuss für Soziales, Gesundheit und Integration",
                "Vorberatung",
                "18.03.2025",
                5002,
                "ungeändert beschlossen",
            ),
            ("Rat der Stadt", "Entscheidung", "01.04.2025", 5003, "geändert beschlossen"),
        ],
        "text": [
            "Sachverhalt:",
            "Das Integrationskonzept aus dem Jahr 2012 wird fortgeschrieben. Das Kommunale "
            "Integrationszentrum hat im Herbst 2024 mit dem Integrationsrat, der Caritas, der "
            "Arbeiterwohlfahrt (AWO) und der Volkshochschule sechs Werkstätten durchgeführt.",
            "Beschlussvorschlag:",
            "Der Rat der Stadt beschließt die Fortschreibung des Integrationskonzepts "
            "(Anlage 1) mit den Handlungsfeldern Sprache, Bildung, Arbeit und Wohnen. "
            "Die Vorlage 2019/0931 wird damit fortgeführt.",
        ],
        "files": [(3001, "Vorlage", "vorlage"), (3002, "Anlage 1 Integrationskonzept 2025", "konzept")],
    },
    {
        "id": 2002,
        "ref": "2025/0140",
        "type": "Antrag",
        "office": "Fachbereich Kinder, Jugend und Familie",
        "title": "Sprachförderung in Kindertageseinrichtungen ausbauen – Antrag der Fraktion im Rat",
        "bf": [
            ("Ausschuss für Kinder, Jugend und Familie", "Vorberatung", "18.03.2025", 5002, "vertagt"),
            ("Ausschuss für Kinder, Jugend und Familie", "Vorberatung", "01.04.2025", 5003, "abgelehnt"),
        ],
        "text": [
            "Sachverhalt:",
            "Die Fraktion beantragt, die alltagsintegrierte Sprachförderung in allen Kitas bis "
            "Ende 2026 auszubauen und dafür 250.000 Euro bereitzustellen.",
            "Beschlussvorschlag:",
            "Die Verwaltung wird beauftragt, ein Konzept zur Sprachförderung vorzulegen.",
        ],
        "files": [(3003, "Antrag", "antrag")],
    },
    {
        "id": 2003,
        "ref": "2025/0151",
        "type": "Mitteilungsvorlage",
        "office": "Kommunales Integrationszentrum",
        "title": "Bericht des Kommunalen Integrationszentrums 2024",
        "bf": [("Integrationsrat", "Kenntnisnahme", "11.03.2025", 5001, "zur Kenntnis genommen")],
        "text": [
            "Sachverhalt:",
            "Im Jahr 2024 haben 1.240 Menschen an Integrationskursen teilgenommen. Das Jobcenter "
            "und die Agentur für Arbeit berichten über 310 Vermittlungen in Arbeit.",
        ],
        "files": [(3004, "Bericht KI 2024", "bericht")],
    },
]

HERNE_MEETINGS = [
    (5001, "Sitzung des Integrationsrates", "Integrationsrat", "Di, 11.03.2025", "17:00 - 19:00", [2001, 2003]),
    (
        5002,
        "Sitzung des Ausschusses für Soziales, Gesundheit und Integration",
        "Ausschuss für Soziales, Gesundheit und Integration",
        "Di, 18.03.2025",
        "16:00 - 18:30",
        [2001, 2002],
    ),
    (5003, "Sitzung des Rates der Stadt", "Rat der Stadt", "Di, 01.04.2025", "15:00 - 20:00", [2001, 2002]),
]

ROSTOCK_PAPERS = [
    {
        "id": 7001,
        "ref": "2025/BV/0815",
        "type": "Beschlussvorlage",
        "office": "Amt für Jugend, Soziales und Asyl",
        "title": "Leitlinien zur Integration von Migrantinnen und Migranten in der Hanse- und Universitätsstadt Rostock",
        "bf": [
            ("Migrantenbeirat", "Vorberatung", "06.05.2025", 8001, "empfohlen"),
            ("Sozialausschuss", "Vorberatung", "13.05.2025", 8002, "ungeändert beschlossen"),
            ("Bürgerschaft", "Entscheidung", "04.06.2025", 8003, "beschlossen"),
        ],
        "text": [
            "Beschlussvorschlag:",
            "Die Bürgerschaft beschließt die Leitlinien zur Integration (Anlage). Die Leitlinien "
            "gliedern sich in die Handlungsfelder Sprache, Bildung, Arbeit, Wohnen und Teilhabe.",
            "Sachverhalt:",
            "Die Leitlinien ersetzen das Integrationskonzept vom 12. Mai 2010. Sie wurden mit dem "
            "Migrantenbeirat, der Diakonie und dem Deutschen Roten Kreuz erarbeitet.",
        ],
        "files": [(9001, "Vorlage", "vorlage"), (9002, "Anlage Leitlinien Integration", "leitlinien")],
    },
    {
        "id": 7002,
        "ref": "2025/AN/0903",
        "type": "Antrag",
        "office": "Büro der Bürgerschaft",
        "title": "Mehrsprachige Beratung im Bürgerbüro",
        "bf": [
            ("Sozialausschuss", "Vorberatung", "13.05.2025", 8002, "überwiesen"),
            ("Bürgerschaft", "Entscheidung", "04.06.2025", 8003, "zurückgezogen"),
        ],
        "text": [
            "Beschlussvorschlag:",
            "Der Oberbürgermeister wird beauftragt, im Bürgerbüro ab Januar 2026 Beratung in "
            "Englisch, Arabisch, Ukrainisch und Russisch anzubieten.",
        ],
        "files": [(9003, "Antrag", "antrag")],
    },
]

ROSTOCK_MEETINGS = [
    (8001, "Sitzung des Migrantenbeirates", "Migrantenbeirat", "Di, 06.05.2025", "17:00 - 19:00", [7001]),
    (8002, "Sitzung des Sozialausschusses", "Sozialausschuss", "Di, 13.05.2025", "16:00 - 18:00", [7001, 7002]),
    (8003, "Sitzung der Bürgerschaft", "Bürgerschaft", "Mi, 04.06.2025", "16:00 - 22:00", [7001, 7002]),
]

CONCEPTS = {
    "konzept": (
        "Integrationskonzept der Stadt Herne 2025",
        [
            (
                "1. Einleitung",
                "Herne ist eine Stadt der Vielfalt. Rund ein Drittel der Einwohnerinnen und Einwohner "
                "hat eine Einwanderungsgeschichte. Der Rat der Stadt hat am 01.04.2025 dieses Konzept beschlossen.",
            ),
            (
                "Handlungsfeld Sprache",
                "Sprachförderung beginnt in der Kita. Integrationskurse und Deutschkurse der "
                "Volkshochschule werden bis Ende 2026 um 20 Kurse erweitert.",
            ),
            (
                "Handlungsfeld Bildung",
                "Schulen erhalten Unterstützung bei der Elternarbeit. Die Bildungsberatung "
                "des Kommunalen Integrationszentrums berät neu zugewanderte Familien.",
            ),
            (
                "Handlungsfeld Arbeit",
                "Mit dem Jobcenter werden Angebote zur Anerkennung ausländischer Abschlüsse "
                "ausgebaut. Ziel ist die Beschäftigung von 500 weiteren Menschen bis 2027.",
            ),
            (
                "Handlungsfeld Wohnen",
                "Die Unterbringung Geflüchteter erfolgt dezentral in Wohnungen. "
                "Quartiersbüros stärken die Nachbarschaft.",
            ),
        ],
    ),
    "leitlinien": (
        "Leitlinien zur Integration – Hanse- und Universitätsstadt Rostock",
        [
            (
                "Präambel",
                "Rostock versteht Integration als Aufgabe der ganzen Stadtgesellschaft. Die Leitlinien "
                "wurden im März 2025 mit dem Migrantenbeirat erarbeitet.",
            ),
            ("Handlungsfeld Sprache", "Sprachkurse und Sprachmittlung in Behörden werden ausgebaut."),
            ("Handlungsfeld Bildung", "Kitas und Schulen fördern Mehrsprachigkeit."),
            ("Handlungsfeld Arbeit", "Das Jobcenter und die Agentur für Arbeit beraten gemeinsam."),
            (
                "Handlungsfeld Teilhabe",
                "Der Migrantenbeirat wird an allen Entscheidungen beteiligt, die "
                "Zugewanderte betreffen. Ehrenamtliches Engagement wird gefördert.",
            ),
        ],
    ),
    "herdecke": (
        "Integrationskonzept der Stadt Herdecke",
        [
            (
                "Einleitung",
                "Das Integrationskonzept wurde im Oktober 2019 vom Rat der Stadt Herdecke beschlossen "
                "und 2023 überprüft.",
            ),
            ("Handlungsfeld Sprache", "Sprachcafés und Deutschkurse in Zusammenarbeit mit der Volkshochschule."),
            ("Handlungsfeld Wohnen", "Wohnraum für Geflüchtete wird in allen Stadtteilen gesucht."),
            ("Handlungsfeld Gesundheit", "Das Gesundheitsamt des Kreises bietet Sprechstunden mit Dolmetschern an."),
        ],
    ),
    "herten": (
        "Leitlinien für Vielfalt und Integration der Stadt Herten",
        [
            (
                "Einleitung",
                "Die Leitlinien gelten seit dem 15. Juni 2021. Der Integrationsrat begleitet die Umsetzung.",
            ),
            ("Handlungsfeld Bildung", "Bildungspatenschaften mit der Caritas und der Diakonie."),
            ("Handlungsfeld Arbeit", "Ausbildungsplätze für junge Zugewanderte in Kooperation mit dem Jobcenter."),
            (
                "Handlungsfeld Antidiskriminierung",
                "Eine Beschwerdestelle gegen Diskriminierung und Rassismus wird eingerichtet.",
            ),
        ],
    ),
}

def main() -> None:
    """Write the sample site afresh."""
    if SITE.exists():
        shutil.rmtree(SITE)
    write(SITE / "robots.txt", "User-agent: *\nAllow: /\n")
    build_allris(MARK, SITE / "herne" / "allris", HERNE_PAPERS, HERNE_MEETINGS, classic_paper, CONCEPTS)
    build_allris(MARK, SITE / "rostock" / "bi", ROSTOCK_PAPERS, ROSTOCK_MEETINGS, modern_paper, CONCEPTS)
    write(SITE / "herdecke" / "integrationskonzept.pdf", concept_pdf(MARK, CONCEPTS["herdecke"]))
    write(
        SITE / "herdecke" / "integration.html",
        html_page(
            MARK,
            "Integration in Herdecke",
            [
                "Die Stadt Herdecke unterstützt Zugewanderte mit Sprachcafés, Beratung und einem Netzwerk von "
                "Ehrenamtlichen. Ansprechpartner ist der Fachbereich Bildung, Soziales und Sport.",
                "Das Integrationskonzept wurde am 24.10.2019 beschlossen.",
            ],
        ),
    )
    write(SITE / "herten" / "leitlinien-integration.pdf", concept_pdf(MARK, CONCEPTS["herten"]))
    write(
        SITE / "herten" / "integrationsrat.html",
        html_page(
            MARK,
            "Integrationsrat der Stadt Herten",
            [
                "Der Integrationsrat berät den Rat der Stadt in allen Fragen der Integration. Er tagt viermal im Jahr.",
                "In seiner Sitzung am 12.03.2025 hat der Integrationsrat die Fortschreibung der Leitlinien empfohlen.",
            ],
        ),
    )


if __name__ == "__main__":
    main()
