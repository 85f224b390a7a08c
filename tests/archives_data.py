"""Invented articles and builders of news-archive exports (Nexis, Factiva, PDF, DOCX, RTF, WARC).

Every text here is made up for the tests; no publisher's text is used. The
builders write each format with the same libraries the readers use (python-docx,
warcio) or by hand (RTF, a minimal PDF).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Story:
    title: str
    source: str
    date: dt.date
    byline: str
    section: str
    words: int
    paragraphs: tuple[str, ...]

    @property
    def long_date(self) -> str:  # "May 28, 2024 Tuesday"
        return f"{self.date:%B} {self.date.day}, {self.date.year} {self.date:%A}"

    @property
    def factiva_date(self) -> str:  # "28 May 2024"
        return f"{self.date.day} {self.date:%B %Y}"


STORIES: tuple[Story, ...] = (
    Story("Ministers back grid upgrade", "The Harbour Courier", dt.date(2024, 5, 28), "Ana Lind",
          "News; Pg. 3", 61,
          ("The energy minister said the grid upgrade would go ahead this year.",
           "\"We will not wait for another winter,\" Minister Paula Ortiz told reporters.")),
    Story("Port strike enters second week", "Valley Evening Post", dt.date(2024, 5, 29), "Tom Reyes",
          "Business", 48,
          ("Dock workers said on Wednesday that the strike would continue.",
           "The union leader, Marta Quinn, said talks had stalled.")),
    Story("Council delays vote on tram line", "The Harbour Courier", dt.date(2024, 6, 2), "Ana Lind",
          "Local", 52,
          ("The city council postponed its vote on the tram line until July.",
           "Councillor Ben Ahmed said the costs were still unclear.")),
    Story("Farmers warn of dry summer", "Northern Ledger", dt.date(2024, 6, 5), "Ruth Okafor",
          "Regional; Pg. 12", 57,
          ("Farmers' groups warned that a dry summer could cut yields.",
           "\"The reservoirs are already low,\" said Ivan Petrov of the growers' union.")),
    Story("University opens climate institute", "Valley Evening Post", dt.date(2024, 6, 9), "Lena Vogt",
          "Education", 44,
          ("The university opened a new climate institute on Sunday.",
           "Its director, Sara Mills, said the institute would advise the government.")),
)


# --- Nexis -----------------------------------------------------------------

def nexis_uni_lines(stories=STORIES, *, cover: bool = True, broken_after: int | None = None) -> list[str]:
    """Paragraphs of a Nexis Uni export (as in its DOCX), with a cover page.

    ``broken_after`` inserts, after that many stories, an item with no header.
    """
    lines: list[str] = []
    if cover:
        lines += ["User Name: = test", "Date and Time: = 2024-06-10", "Job Number: = 1",
                  f"Documents ({len(stories)})"]
        lines += [f"{number}. {story.title}" for number, story in enumerate(stories, start=1)]
        lines += ["Client/Matter: -None-", "Search Terms: grid OR strike", "Search Type: Terms and Connectors"]
    for number, story in enumerate(stories, start=1):
        lines += [story.title, story.source, story.long_date,
                  f"Copyright 2024 {story.source}. All Rights Reserved",
                  f"Section:\u00a0{story.section}", f"Length:\u00a0{story.words} words",
                  f"Byline:\u00a0{story.byline}", "Body", *story.paragraphs,
                  "Classification", "Language:\u00a0ENGLISH", "Publication-Type:\u00a0Newspaper",
                  f"Load-Date:\u00a0{story.long_date}", "End of Document"]
        if broken_after is not None and number == broken_after:
            lines += ["An item the export could not render", "There is no header here.", "End of Document"]
    return lines


def nexis_academic_txt(stories=STORIES) -> str:
    """A LexisNexis Academic TXT export: cover, ``N of M DOCUMENTS``, header keys in capitals."""
    parts = ["Download Request: Selected Items: 1-5", "Time Of Request: Monday, June 10, 2024",
             "Terms: grid or strike", "", ""]
    for number, story in enumerate(stories, start=1):
        parts += [f"                               {number} of {len(stories)} DOCUMENTS", "", "",
                  f"                             {story.source}", "",
                  f"                          {story.long_date}", "                            Final Edition", "",
                  story.title, "", f"BYLINE: {story.byline}", "", f"SECTION: {story.section}", "",
                  f"LENGTH: {story.words} words", "", ""]
        for paragraph in story.paragraphs:
            parts += [paragraph, ""]
        parts += [f"LOAD-DATE: {story.long_date}", "", "LANGUAGE: ENGLISH", "", "",
                  f"                    Copyright 2024 {story.source}", "                    All Rights Reserved", ""]
    return "\n".join(parts) + "\n"


def write_docx(path: Path, paragraphs: list[str], *, title: str | None = None) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if title:
        document.core_properties.title = title
    document.save(str(path))
    return path


def _rtf_escape(text: str) -> str:
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) > 127:
            out.append(f"\\u{ord(char)}?")
        else:
            out.append(char)
    return "".join(out)


def write_rtf(path: Path, paragraphs: list[str]) -> Path:
    body = "".join(f"{_rtf_escape(p)}\\par\n" for p in paragraphs)
    path.write_text("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24\n" + body + "}\n",
                    encoding="ascii")
    return path


def _pdf_escape(text: str) -> str:
    text = text.replace("\u00a0", " ")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode(
        "latin-1", errors="replace").decode("latin-1")


def write_pdf(path: Path, lines: list[str], *, per_page: int = 45, title: str | None = None) -> Path:
    """A minimal PDF with ``lines`` of Helvetica text (no library needed)."""
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    objects: list[bytes] = []
    kids = []
    font_id = 3
    next_id = 4
    page_objects: list[tuple[int, bytes]] = []
    for page in pages:
        ops = ["BT", "/F1 10 Tf", "14 TL", "50 800 Td"]
        for line in page:
            ops.append(f"({_pdf_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        content_id, page_id = next_id, next_id + 1
        next_id += 2
        page_objects.append((content_id, b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"))
        page_objects.append((page_id, (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                                       f"/Resources << /Font << /F1 {font_id} 0 R >> >> "
                                       f"/Contents {content_id} 0 R >>").encode()))
        kids.append(f"{page_id} 0 R")
    info_id = next_id
    objects = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (2, f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()),
        (3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
        *page_objects,
        (info_id, f"<< /Title ({_pdf_escape(title or '')}) >>".encode("latin-1")),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number, body in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (info_id + 1))
    for number in range(1, info_id + 1):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (info_id + 1, info_id, xref))
    path.write_bytes(out.getvalue())
    return path


# --- Factiva ---------------------------------------------------------------

def factiva_lines(stories=STORIES, *, broken_after: int | None = None) -> list[str]:
    """The lines of a Factiva RTF export (Article Format)."""
    lines: list[str] = []
    for number, story in enumerate(stories, start=1):
        lines += [story.title, f"By {story.byline}", f"{story.words} words", story.factiva_date,
                  story.source, "HBRC", "English", f"Copyright 2024 {story.source}. All rights reserved.",
                  *story.paragraphs, f"Document HBRC0000202406{number:02d}ek6a0000{number}"]
        if broken_after is not None and number == broken_after:
            lines += ["A page the export mangled", "Document HBRC00002024069999ek6a00099"]
    lines += ["Search Summary", "Text: grid or strike", "Date: In the last month"]
    return lines


def factiva_html(stories=STORIES) -> str:
    from html import escape

    parts = ["<html><head><meta charset='utf-8'><title>Factiva</title></head><body>",
             "<div id='contentWrapper'>"]
    for number, story in enumerate(stories, start=1):
        an = f"HBRC0000202406{number:02d}ek6a0000{number}"
        parts.append(f'<div id="article-{an}" class="article"><div class="article enArticle"><p></p>')
        parts.append(f"<div>{escape(story.section)}</div>")
        parts.append(f'<div id="hd"><span class="enHeadline">{escape(story.title)}</span></div>')
        parts.append(f'<div class="author">By {escape(story.byline)}</div>')
        for line in (f"{story.words} words", story.factiva_date, story.source, "HBRC", "English",
                     f"Copyright 2024 {story.source}."):
            parts.append(f"<div>{escape(line)}</div>")
        for paragraph in story.paragraphs:
            parts.append(f'<p class="articleParagraph enarticleParagraph">{escape(paragraph)}</p>')
        parts.append(f"<p>Document {an}</p></div></div>")
    parts.append("</div></body></html>")
    return "\n".join(parts)


# --- WARC ------------------------------------------------------------------

def page_html(story: Story) -> str:
    from html import escape

    body = "".join(f"<p>{escape(p)} {escape(p)}</p>" for p in story.paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{escape(story.title)}</title>"
            f'<meta property="og:title" content="{escape(story.title)}">'
            f'<meta property="og:site_name" content="{escape(story.source)}">'
            f'<meta name="author" content="{escape(story.byline)}">'
            f'<meta property="article:published_time" content="{story.date.isoformat()}T08:00:00Z">'
            f"</head><body><nav>Home | World</nav><article><h1>{escape(story.title)}</h1>{body}"
            f"</article><footer>Contact us</footer></body></html>")


def write_warc(path: Path, stories=STORIES, *, empty_page_after: int | None = 2) -> Path:
    """A gzipped WARC: per story a request and an HTML response, plus an image and a redirect."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))

        def response(url: str, payload: bytes, content_type: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                               http_headers=headers,
                                               warc_headers_dict={"WARC-Date": "2024-06-11T10:00:00Z"})
            writer.write_record(record)

        for number, story in enumerate(stories, start=1):
            url = f"https://news.example.org/2024/{number}"
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET /2024/{number} HTTP/1.1", [("Host", "news.example.org")],
                                              is_http_request=True))
            writer.write_record(request)
            response(url, page_html(story).encode("utf-8"), "text/html; charset=utf-8")
            if number == empty_page_after:
                response("https://news.example.org/empty",
                         b"<html><head><script>var x = 1;</script></head><body></body></html>", "text/html")
                response("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
                response("https://news.example.org/old", b"", "text/html", status="301 Moved Permanently")
    return path
