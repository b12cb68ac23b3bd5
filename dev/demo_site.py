"""Write the offline demo site: SAMPLE DATA in the shapes of the four cities' systems.

Everything here is invented by the ratsinfo-pipeline project for the offline demo; it is not
what any council decided. Run `python -m dev.demo_site` to rebuild data/demo/site/.
"""

from __future__ import annotations

import html
import shutil
import zlib
from pathlib import Path

from dev.samplepdf import make_pdf, paginate

SITE = Path(__file__).resolve().parent.parent / "data" / "demo" / "site"  # the demo site the package ships
MARK = "BEISPIELDATEN – von ratsinfo-pipeline für die Offline-Demo erzeugt, keine echten Ratsdaten."

# ---------------------------------------------------------------- content

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

# ---------------------------------------------------------------- ALLRIS classic pages

HEAD = """<?xml version="1.0" encoding="iso-8859-1"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="de"><head>
<meta http-equiv="content-type" content="text/html; charset=iso-8859-1" />
<title>{title}</title>
<meta name="description" content="ALLRIS net Version 3.9.5 (Demo)" />
</head><body><div id="allriscontainer" class="{page}">
<div id="rismenu"><ul><li><a href="vo040.asp">Vorlagen</a></li><li><a href="si010_e.asp">Kalender</a></li></ul></div>
<p class="demo-hinweis"><strong>{mark}</strong></p>
"""
FOOT = "</div></body></html>\n"


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def classic_paper(city: str, p: dict) -> str:
    rows = []
    for org, role, day, meeting, result in p["bf"]:
        rows.append(f"""<tr valign="top" class="zl12"><td bgcolor="#ffffff" title="Erledigt"></td>
<td class="text1" colspan="3">{esc(org)}</td><td class="text1" colspan="3" nowrap="nowrap">{esc(role)}</td></tr>
<tr valign="top" class="zl11"><td bgcolor="#ffffff" title="Erledigt"></td><td class="text2">{day}&nbsp;</td>
<td><form action="to010.asp?topSelected=1" method="post"><input type="hidden" name="SILFDNR" value="{meeting}" /></form></td>
<td><a href="to010.asp?SILFDNR={meeting}">Sitzung</a></td><td class="text3">{esc(result)}</td><td>&nbsp;</td><td>&nbsp;</td></tr>""")
    forms = "".join(
        f"""<form action="do027.asp" method="post" target="_blank"><input type="hidden" name="DOLFDNR" value="{fid}" />
<input type="hidden" name="options" value="64" /><input type="submit" class="il2_p" value="{esc(name)}" /></form>"""
        for fid, name, _ in p["files"]
    )
    body = "".join(f"<p><span>{esc(t)}</span></p>" for t in p["text"])
    return (
        HEAD.format(title="Vorlage", page="vo020", mark=MARK)
        + f"""
<div id="risname"><h1>Vorlage - {esc(p["ref"])}&nbsp;&nbsp;</h1></div>
<div id="rismain"><table class="tk1"><tr><td class="ko1" valign="top"><table class="tk1">
<tr><td class="kb1">Betreff:</td><td class="text1" colspan="3">{esc(p["title"])}</td></tr>
<tr><td class="kb1">Status:</td><td class="text3">öffentlich</td><td class="kb1">Vorlage-Art:</td><td class="text4">{esc(p["type"])}</td></tr>
<tr><td class="kb1">Federführend:</td><td class="text4">{esc(p["office"])}</td><td class="kb1">&nbsp;</td><td class="text4">&nbsp;</td></tr>
<tr><td class="kb1" colspan="4">Beratungsfolge:</td></tr>
<tr><td valign="top" colspan="4"><table cellspacing="0" cellpadding="3" border="0">
<tr><td></td><td colspan="6"></td></tr>
{"".join(rows)}
</table></td></tr></table></td><td class="ko2"></td><td class="me1">{forms}</td></tr></table>
<hr />
<a name="allrisSV"></a><div>{body}</div>
</div>"""
        + FOOT
    )


def modern_paper(city: str, p: dict) -> str:
    """ALLRIS 3.9 'r' / ALLRIS 4 style: header spans with ids and a bfTable Beratungsfolge."""
    rows = []
    for org, role, day, meeting, result in p["bf"]:
        rows.append(f"""<tr class="even"><td class="colorCol"><div aria-label="Erledigt"> </div></td><td><div> </div></td>
<td><div>{esc(org)}</div></td><td><div>{esc(role)}</div></td><td class="toLink"><div> </div></td></tr>
<tr class="odd"><td><div> </div></td><td class="date"><div>{day}</div></td>
<td><div><a href="to010.asp?SILFDNR={meeting}">Sitzung</a></div></td><td><div>{esc(result)}</div></td><td class="toLink"><div></div></td></tr>""")
    docs = "".join(
        f'<span><a href="do027.asp?DOLFDNR={fid}&amp;options=64" class="doclink pdf">{esc(name)}</a></span>'
        for fid, name, _ in p["files"]
    )
    docs += f'<span><a href="do027.asp?DOLFDNR={p["id"]}9&amp;options=64&amp;typ=130" class="doclink pdf">Vorlage-Sammeldokument</a></span>'
    body = "".join(f"<p>{esc(t)}</p>" for t in p["text"])
    return (
        HEAD.replace('id="allriscontainer" class="{page}"', 'id="allris" class="{page} normal"').format(
            title="ALLRIS - Vorlage", page="vo020", mark=MARK
        )
        + f"""
<h1 class="title">{esc(p["ref"])} - {esc(p["type"])}</h1>
<div id="head"><div id="headLeft">
<div class="row"><div class="label">Betreff:</div><div class="colEntry"><span class="text4" id="vobetreff">{esc(p["title"])}</span></div></div>
<div class="row"><div class="label">Status:</div><div class="colEntry"><span class="text4" id="vostatus">öffentlich</span></div></div>
<div class="row"><div class="label">Vorlage-Art:</div><div class="colEntry"><span class="text4" id="voart">{esc(p["type"])}</span></div></div>
<div class="row"><div class="label">Federführend:</div><div class="colEntry"><span class="text4" id="voamt">{esc(p["office"])}</span></div></div>
</div><div id="headRight"><aside class="documents">{docs}</aside></div></div>
<div id="mainContent"><div id="bfTable"><table class="dataTable bfTable"><caption>Beratungsfolge</caption>
<thead><tr class="headers"><th class="colorCol">Status</th><th>Datum</th><th>Gremium</th><th>Beschluss</th><th class="toLink">NA</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></div>
<div id="allrisBV"><a name="allrisBV"></a><div class="docPart">{body}</div></div></div>"""
        + FOOT
    )


def paper_list(papers: list[dict]) -> str:
    rows = "".join(
        f"""<tr class="zl12"><td><form action="vo020.asp" method="post"><input type="hidden" name="VOLFDNR" value="{p["id"]}" /></form></td>
<td><a href="vo020.asp?VOLFDNR={p["id"]}">{esc(p["ref"])}&nbsp;{esc(p["title"])}</a></td><td>&nbsp;</td>
<td class="text2">{p["bf"][0][2]}</td><td class="text2">{esc(p["type"])}</td></tr>"""
        for p in papers
    )
    return (
        HEAD.format(title="Vorlagen", page="vo040", mark=MARK)
        + f"""
<div id="risname"><h1>Vorlagen-Übersicht</h1></div>
<div id="rismain"><table class="tl1"><tbody>{rows}</tbody></table></div>"""
        + FOOT
    )


def calendar(meetings: list[tuple], month: int | None, year: int | None) -> str:
    rows = []
    for mid, name, _org, day, time, _items in meetings:
        d, m, y = day.split(", ")[1].split(".")
        if month is not None and (int(m), int(y)) != (month, year):
            continue
        rows.append(f"""<tr class="zl11" valign="top"><td class="text2">{day[:2]}</td><td class="text2">&nbsp;&nbsp;{int(d)}</td>
<td class="text2">{time}&nbsp;</td><td><form action="to010.asp" method="post"><input type="hidden" name="SILFDNR" value="{mid}" /></form></td>
<td><a href="to010.asp?SILFDNR={mid}">{esc(name)}</a></td><td class="text4">Ratssaal</td></tr>""")
    return (
        HEAD.format(title="Sitzungskalender", page="si010_e", mark=MARK)
        + f"""
<div id="risname"><h1>Sitzungskalender</h1></div>
<div id="rismain"><table class="tl1"><tr class="zw1"><th colspan="2">Datum</th><th>Uhrzeit</th><th>&nbsp;</th><th>Sitzung</th><th>Raum</th></tr>
{"".join(rows)}</table></div>"""
        + FOOT
    )


def agenda(meeting: tuple, papers: dict[int, dict]) -> str:
    mid, name, org, day, time, items = meeting
    rows = [
        f"""<tr class="zl12"><td class="text4" nowrap="nowrap"><a href="to010.asp?SILFDNR={mid}">Ö&nbsp;1</a></td><td>&nbsp;</td><td>&nbsp;</td>
<td>Eröffnung der Sitzung und Feststellung der Tagesordnung</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>"""
    ]
    for n, pid in enumerate(items, start=2):
        p = papers[pid]
        result = next((r for o, _, _, m, r in p["bf"] if m == mid), "")
        rows.append(f"""<tr class="zl11"><td class="text4" nowrap="nowrap"><a href="to010.asp?SILFDNR={mid}">Ö&nbsp;{n}</a></td><td>&nbsp;</td>
<td><form action="to020.asp" method="post"><input type="hidden" name="TOLFDNR" value="{mid}{n:02d}" /><input type="submit" class="il1_naz" value="PA" title="{esc(result)}" /></form></td>
<td><a href="to020.asp?TOLFDNR={mid}{n:02d}">{esc(p["title"])}</a></td><td>&nbsp;</td>
<td><form action="vo020.asp" method="post"><input type="hidden" name="VOLFDNR" value="{pid}" /></form></td>
<td nowrap="nowrap"><a href="vo020.asp?VOLFDNR={pid}">{esc(p["ref"])}</a></td><td>&nbsp;</td></tr>""")
    rows.append(f"""<tr class="zl12"><td class="text4" nowrap="nowrap">N&nbsp;{len(items) + 2}</td><td>&nbsp;</td><td>&nbsp;</td>
<td>Personalangelegenheiten</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>""")
    return (
        HEAD.format(title="Tagesordnung", page="to010", mark=MARK)
        + f"""
<div id="risname"><h1>Tagesordnung - {esc(name)}&nbsp;&nbsp;</h1></div>
<div id="rismain"><table class="tk1"><tr><td class="ko1" valign="top"><table class="tk1">
<tr valign="top"><td class="kb1">Bezeichnung:</td><td class="text1" colspan="3">{esc(name)}</td></tr>
<tr valign="top"><td class="kb1">Gremium:</td><td class="text1" colspan="3"><a href="au020.asp?AULFDNR={zlib.crc32(org.encode()) % 900 + 100}">{esc(org)}</a></td></tr>
<tr valign="top"><td class="kb1">Datum:</td><td class="text2" nowrap="nowrap">{day}</td><td class="kb1">Status:</td><td class="text3">öffentlich/nichtöffentlich</td></tr>
<tr valign="top"><td class="kb1">Zeit:</td><td class="text2" nowrap="nowrap">{time}</td><td class="kb1">Anlass:</td><td class="text4">Sitzung</td></tr>
<tr valign="top"><td class="kb1">Raum:</td><td colspan="3" class="text2">Ratssaal</td></tr>
</table></td><td class="ko2"></td><td class="me1">
<form action="do027.asp" method="post"><input type="hidden" name="DOLFDNR" value="{mid}0" /><input type="submit" class="il2_p" value="Einladung" /></form>
</td></tr></table>
<hr /><table class="tl1"><tr class="zk1"><th>TOP</th><th colspan="2">&nbsp;</th><th colspan="2">Betreff</th><th colspan="3">Vorlage</th></tr>
{"".join(rows)}</table></div>"""
        + FOOT
    )


# ---------------------------------------------------------------- documents


def concept_pdf(key: str) -> bytes:
    title, sections = CONCEPTS[key]
    paragraphs = [title, MARK]
    for heading, text in sections:
        paragraphs += [heading, text]
    return make_pdf(paginate(paragraphs), title=title)


def paper_pdf(p: dict, name: str) -> bytes:
    lines = [f"Vorlage Nr. {p['ref']}", MARK, p["type"], f"Betreff: {p['title']}", "Beratungsfolge:"]
    lines += [f"{org} {role} {day}" for org, role, day, _, _ in p["bf"]]
    lines += ["\f"] + p["text"] if name != "Vorlage" else p["text"]
    return make_pdf(paginate(lines), title=f"{p['ref']} {name}")


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body><header><nav><a href="/">Startseite</a> | <a href="/rathaus">Rathaus</a></nav></header>
<div class="cookie-banner">Diese Seite verwendet Cookies.</div>
<main><h1>{esc(title)}</h1><p><strong>{esc(MARK)}</strong></p>{body}</main>
<footer>Impressum | Datenschutz</footer></body></html>
"""


def agenda_item_page(meeting: tuple, number: int, paper: dict) -> str:
    """The to020 page of one agenda item: result and resolution text."""
    mid, name, org, day, _time, _items = meeting
    result = next((r for _o, _r, _d, m, r in paper["bf"] if m == mid), "")
    resolution = (f"Der {org} fasst zu Vorlage {paper['ref']} folgenden Beschluss: "
                  + (paper["text"][-1] if paper["text"] else paper["title"]))
    return HEAD.format(title="Auszug", page="to020", mark=MARK) + f"""
<div id="risname"><h1>Auszug - {esc(paper['title'])}&nbsp;&nbsp;</h1></div>
<div id="rismain"><table class="tk1">
<tr><td class="kb1">Sitzung:</td><td class="text1"><a href="to010.asp?SILFDNR={mid}">{esc(name)}</a></td></tr>
<tr><td class="kb1">TOP:</td><td class="text2">Ö&nbsp;{number}</td></tr>
<tr><td class="kb1">Gremium:</td><td class="text1">{esc(org)}</td></tr>
<tr><td class="kb1">Beschlussart:</td><td class="text2">{esc(result)}</td></tr>
<tr><td class="kb1">Datum:</td><td class="text2">{day}</td></tr>
<tr><td class="kb1">Vorlage:</td><td class="text2"><a href="vo020.asp?VOLFDNR={paper['id']}">{esc(paper['ref'])}</a></td></tr>
</table>
<a name="allrisBS"></a><div><p>{esc(resolution)}</p></div>
</div>""" + FOOT


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding, errors="xmlcharrefreplace")
    path.write_bytes(content)


def build_allris(root: Path, papers: list[dict], meetings: list[tuple], paper_page) -> None:
    by_id = {p["id"]: p for p in papers}
    # Any filter on the list (e.g. ?VO040FIL4=01.01.2025-) gets the whole sample list.
    write(root / "vo040.asp__default.html", paper_list(papers), "iso-8859-1")
    write(root / "si010_e.asp__default.html", calendar([], None, None), "iso-8859-1")
    months = sorted({tuple(int(x) for x in m[3].split(", ")[1].split(".")[1:]) for m in meetings})
    for month, year in months:
        write(root / f"si010_e.asp__MM={month}__YY={year}.html", calendar(meetings, month, year), "iso-8859-1")
    for meeting in meetings:
        write(root / f"to010.asp__SILFDNR={meeting[0]}.html", agenda(meeting, by_id), "iso-8859-1")
        for n, pid in enumerate(meeting[5], start=2):
            write(root / f"to020.asp__TOLFDNR={meeting[0]}{n:02d}.html", agenda_item_page(meeting, n, by_id[pid]),
                  "iso-8859-1")
        invitation = make_pdf(paginate([f"Einladung: {meeting[1]}", MARK, f"Termin: {meeting[3]}, {meeting[4]} Uhr"]))
        write(root / f"do027.asp__DOLFDNR={meeting[0]}0__options=64.pdf", invitation)
    for p in papers:
        write(root / f"vo020.asp__VOLFDNR={p['id']}.html", paper_page("", p), "iso-8859-1")
        for fid, name, kind in p["files"]:
            pdf = concept_pdf(kind) if kind in CONCEPTS else paper_pdf(p, name)
            write(root / f"do027.asp__DOLFDNR={fid}__options=64.pdf", pdf)


def main() -> None:
    if SITE.exists():
        shutil.rmtree(SITE)
    write(SITE / "robots.txt", "User-agent: *\nAllow: /\n")
    build_allris(SITE / "herne" / "allris", HERNE_PAPERS, HERNE_MEETINGS, classic_paper)
    build_allris(SITE / "rostock" / "bi", ROSTOCK_PAPERS, ROSTOCK_MEETINGS, modern_paper)
    write(SITE / "herdecke" / "integrationskonzept.pdf", concept_pdf("herdecke"))
    write(
        SITE / "herdecke" / "integration.html",
        html_page(
            "Integration in Herdecke",
            [
                "Die Stadt Herdecke unterstützt Zugewanderte mit Sprachcafés, Beratung und einem Netzwerk von "
                "Ehrenamtlichen. Ansprechpartner ist der Fachbereich Bildung, Soziales und Sport.",
                "Das Integrationskonzept wurde am 24.10.2019 beschlossen.",
            ],
        ),
    )
    write(SITE / "herten" / "leitlinien-integration.pdf", concept_pdf("herten"))
    write(
        SITE / "herten" / "integrationsrat.html",
        html_page(
            "Integrationsrat der Stadt Herten",
            [
                "Der Integrationsrat berät den Rat der Stadt in allen Fragen der Integration. Er tagt viermal im Jahr.",
                "In seiner Sitzung am 12.03.2025 hat der Integrationsrat die Fortschreibung der Leitlinien empfohlen.",
            ],
        ),
    )


if __name__ == "__main__":
    main()
