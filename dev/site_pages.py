"""ALLRIS classic and responsive pages, city web pages and PDFs, written for the demo and the test sample.

`dev.demo_site` (the demo's re-creation of public documents) and `dev.sample_site` (invented sample
data the crawl tests run on) give the content; this module gives the page shapes.
"""

from __future__ import annotations

import html
import zlib
from pathlib import Path

from dev.samplepdf import make_pdf, paginate


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


def classic_paper(mark: str, p: dict) -> str:
    """An ALLRIS classic vo020 page."""
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
        HEAD.format(title="Vorlage", page="vo020", mark=mark)
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


def modern_paper(mark: str, p: dict) -> str:
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
    if p.get("collected", True):  # the sample links a collected document it does not have (a failed file)
        docs += f'<span><a href="do027.asp?DOLFDNR={p["id"]}9&amp;options=64&amp;typ=130" class="doclink pdf">Vorlage-Sammeldokument</a></span>'
    body = "".join(f"<p>{esc(t)}</p>" for t in p["text"])
    return (
        HEAD.replace('id="allriscontainer" class="{page}"', 'id="allris" class="{page} normal"').format(
            title="ALLRIS - Vorlage", page="vo020", mark=mark
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


def paper_list(mark: str, papers: list[dict]) -> str:
    """The vo040 paper list."""
    rows = "".join(
        f"""<tr class="zl12"><td><form action="vo020.asp" method="post"><input type="hidden" name="VOLFDNR" value="{p["id"]}" /></form></td>
<td><a href="vo020.asp?VOLFDNR={p["id"]}">{esc(p["ref"])}&nbsp;{esc(p["title"])}</a></td><td>&nbsp;</td>
<td class="text2">{p["bf"][0][2]}</td><td class="text2">{esc(p["type"])}</td></tr>"""
        for p in papers
    )
    return (
        HEAD.format(title="Vorlagen", page="vo040", mark=mark)
        + f"""
<div id="risname"><h1>Vorlagen-Übersicht</h1></div>
<div id="rismain"><table class="tl1"><tbody>{rows}</tbody></table></div>"""
        + FOOT
    )


def calendar(mark: str, meetings: list[tuple], month: int | None, year: int | None) -> str:
    """One si010_e calendar month (all months with None)."""
    rows = []
    for meeting in meetings:
        mid, name, _org, day, time, _items = meeting[:6]
        d, m, y = day.split(", ")[1].split(".")
        if month is not None and (int(m), int(y)) != (month, year):
            continue
        rows.append(f"""<tr class="zl11" valign="top"><td class="text2">{day[:2]}</td><td class="text2">&nbsp;&nbsp;{int(d)}</td>
<td class="text2">{time}&nbsp;</td><td><form action="to010.asp" method="post"><input type="hidden" name="SILFDNR" value="{mid}" /></form></td>
<td><a href="to010.asp?SILFDNR={mid}">{esc(name)}</a></td><td class="text4">{esc(room(meeting))}</td></tr>""")
    return (
        HEAD.format(title="Sitzungskalender", page="si010_e", mark=mark)
        + f"""
<div id="risname"><h1>Sitzungskalender</h1></div>
<div id="rismain"><table class="tl1"><tr class="zw1"><th colspan="2">Datum</th><th>Uhrzeit</th><th>&nbsp;</th><th>Sitzung</th><th>Raum</th></tr>
{"".join(rows)}</table></div>"""
        + FOOT
    )


def room(meeting: tuple) -> str:
    """A meeting's room: its seventh field if given (the demo gives none where the record names none)."""
    return meeting[6] if len(meeting) > 6 else "Ratssaal"


def agenda(mark: str, meeting: tuple, papers: dict[int, dict], framing: bool = True) -> str:
    """A to010 agenda; framing adds the opening item and a closed personnel item around the papers."""
    mid, name, org, day, time, items = meeting[:6]
    rows = [] if not framing else [
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
    if framing:
        rows.append(f"""<tr class="zl12"><td class="text4" nowrap="nowrap">N&nbsp;{len(items) + 2}</td><td>&nbsp;</td><td>&nbsp;</td>
<td>Personalangelegenheiten</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>""")
    return (
        HEAD.format(title="Tagesordnung", page="to010", mark=mark)
        + f"""
<div id="risname"><h1>Tagesordnung - {esc(name)}&nbsp;&nbsp;</h1></div>
<div id="rismain"><table class="tk1"><tr><td class="ko1" valign="top"><table class="tk1">
<tr valign="top"><td class="kb1">Bezeichnung:</td><td class="text1" colspan="3">{esc(name)}</td></tr>
<tr valign="top"><td class="kb1">Gremium:</td><td class="text1" colspan="3"><a href="au020.asp?AULFDNR={zlib.crc32(org.encode()) % 900 + 100}">{esc(org)}</a></td></tr>
<tr valign="top"><td class="kb1">Datum:</td><td class="text2" nowrap="nowrap">{day}</td><td class="kb1">Status:</td><td class="text3">öffentlich/nichtöffentlich</td></tr>
<tr valign="top"><td class="kb1">Zeit:</td><td class="text2" nowrap="nowrap">{time}</td><td class="kb1">Anlass:</td><td class="text4">Sitzung</td></tr>
<tr valign="top"><td class="kb1">Raum:</td><td colspan="3" class="text2">{esc(room(meeting))}</td></tr>
</table></td><td class="ko2"></td><td class="me1">
<form action="do027.asp" method="post"><input type="hidden" name="DOLFDNR" value="{mid}0" /><input type="submit" class="il2_p" value="Einladung" /></form>
</td></tr></table>
<hr /><table class="tl1"><tr class="zk1"><th>TOP</th><th colspan="2">&nbsp;</th><th colspan="2">Betreff</th><th colspan="3">Vorlage</th></tr>
{"".join(rows)}</table></div>"""
        + FOOT
    )


# ---------------------------------------------------------------- documents


def concept_pdf(mark: str, concept: tuple[str, list[tuple[str, str]]]) -> bytes:
    """A concept as a PDF: title, mark, then heading and text per section."""
    title, sections = concept
    paragraphs = [title, mark]
    for heading, text in sections:
        paragraphs += [heading, text] if heading else [text]  # no heading: a list item of the section before
    return make_pdf(paginate(paragraphs), title=title)


def paper_pdf(mark: str, p: dict, name: str) -> bytes:
    """A paper's own PDF (or an attachment that repeats its head)."""
    lines = [f"Vorlage Nr. {p['ref']}", mark, p["type"], f"Betreff: {p['title']}", "Beratungsfolge:"]
    lines += [f"{org} {role} {day}" for org, role, day, _, _ in p["bf"]]
    lines += ["\f"] + p["text"] if name != "Vorlage" else p["text"]
    return make_pdf(paginate(lines), title=f"{p['ref']} {name}")


def html_page(mark: str, title: str, paragraphs: list[str | list[str]]) -> str:
    """A city CMS page: navigation, cookie banner, paragraphs (a list of strings is a bulleted list)."""
    body = "".join(f"<p>{esc(p)}</p>" if isinstance(p, str) else "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in p) + "</ul>"
                   for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{esc(title)}</title></head>
<body><header><nav><a href="/">Startseite</a> | <a href="/rathaus">Rathaus</a></nav></header>
<div class="cookie-banner">Diese Seite verwendet Cookies.</div>
<main><h1>{esc(title)}</h1><p><strong>{esc(mark)}</strong></p>{body}</main>
<footer>Impressum | Datenschutz</footer></body></html>
"""


def agenda_item_page(mark: str, meeting: tuple, number: int, paper: dict) -> str:
    """The to020 page of one agenda item: result and resolution text."""
    mid, name, org, day, _time, _items = meeting[:6]
    result = next((r for _o, _r, _d, m, r in paper["bf"] if m == mid), "")
    resolution = (f"{'Die' if org.startswith(('Bürgerschaft', 'Stadtverordnetenversammlung')) else 'Der'} {org} fasst zu Vorlage {paper['ref']} folgenden Beschluss: "
                  + (paper.get("resolution") or (paper["text"][-1] if paper["text"] else paper["title"])))
    return HEAD.format(title="Auszug", page="to020", mark=mark) + f"""
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


def build_allris(mark: str, root: Path, papers: list[dict], meetings: list[tuple], paper_page, concepts: dict,
                 framing: bool = True) -> None:
    """Write an ALLRIS site: paper list, calendar months, agendas, items, papers and their files."""
    by_id = {p["id"]: p for p in papers}
    # Any filter on the list (e.g. ?VO040FIL4=01.01.2025-) gets the whole sample list.
    write(root / "vo040.asp__default.html", paper_list(mark, papers), "iso-8859-1")
    write(root / "si010_e.asp__default.html", calendar(mark, [], None, None), "iso-8859-1")
    months = sorted({tuple(int(x) for x in m[3].split(", ")[1].split(".")[1:]) for m in meetings})
    for month, year in months:
        write(root / f"si010_e.asp__MM={month}__YY={year}.html", calendar(mark, meetings, month, year), "iso-8859-1")
    for meeting in meetings:
        write(root / f"to010.asp__SILFDNR={meeting[0]}.html", agenda(mark, meeting, by_id, framing), "iso-8859-1")
        for n, pid in enumerate(meeting[5], start=2):
            write(root / f"to020.asp__TOLFDNR={meeting[0]}{n:02d}.html", agenda_item_page(mark, meeting, n, by_id[pid]),
                  "iso-8859-1")
        when = f"{meeting[3]}, {meeting[4]} Uhr" if meeting[4] else meeting[3]
        invitation = make_pdf(paginate([f"Einladung: {meeting[1]}", mark, f"Termin: {when}"]))
        write(root / f"do027.asp__DOLFDNR={meeting[0]}0__options=64.pdf", invitation)
    for p in papers:
        write(root / f"vo020.asp__VOLFDNR={p['id']}.html", paper_page(mark, p), "iso-8859-1")
        for fid, name, kind in p["files"]:
            pdf = concept_pdf(mark, concepts[kind]) if kind in concepts else paper_pdf(mark, p, name)
            write(root / f"do027.asp__DOLFDNR={fid}__options=64.pdf", pdf)
