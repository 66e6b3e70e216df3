"""Write model Tables as a published PDF (reportlab) or a spreadsheet's CSV export, laid out as
the printed forms are (``writers.layout``: merged 一级/二级指标 cells, header and funding blocks).

The PDF is a real text PDF: reportlab's built-in CJK font STSong-Light (a CID font every PDF
reader knows, so nothing is embedded or downloaded), a ruled table with merged cells spanning
rows and columns, long cells wrapped, tables split over pages.
"""
from __future__ import annotations

import csv
import io
from typing import Sequence
from xml.sax.saxutils import escape

from linter.model.table import Table
from writers import layout

FONT = "STSong-Light"
MAX_COLUMN_WEIGHT = 24  # characters: a column's share of the page grows with its text up to this
MARGIN = 28


def write_pdf(tables: Sequence[Table], path, ruled: bool = True, password: str = "") -> None:
    """Each table from a new page: title and year as paragraphs, then the ruled table, continued
    over as many pages as it needs (a merged cell that runs past a page is cut there, as word
    processors print it)."""
    from reportlab.lib import pdfencrypt
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
    title = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=20, alignment=1)
    year = ParagraphStyle("year", fontName=FONT, fontSize=9, leading=14, alignment=1)
    page_width, page_height = landscape(A4)
    frame_width, frame_height = page_width - 2 * MARGIN - 12, page_height - 2 * MARGIN - 12
    story = []
    for table in tables:
        grid = layout(table)
        if story:
            story.append(PageBreak())
        heading = [Paragraph(escape(text), style) for text, style in ((grid.title, title), (grid.year, year)) if text]
        story += heading
        widths = _widths(grid, frame_width)
        cells = [[Paragraph(escape(text), cell) if text else "" for text in row] for row in grid.rows]
        room = frame_height - sum(p.wrap(frame_width, frame_height)[1] for p in heading)
        for n, (first, end) in enumerate(_pages(grid, cells, widths, room, frame_height)):
            if n:
                story.append(PageBreak())
            story.append(PdfTable(cells[first:end], colWidths=widths, style=_style(grid, first, end, ruled)))
    encrypt = pdfencrypt.StandardEncryption(password, ownerPassword=password + "-owner") if password else None
    SimpleDocTemplate(str(path), pagesize=(page_width, page_height), leftMargin=MARGIN, rightMargin=MARGIN,
                      topMargin=MARGIN, bottomMargin=MARGIN, encrypt=encrypt, title="绩效目标表",
                      invariant=True).build(story)


def _widths(grid, width: float) -> list:
    spanned = {(r, c1) for r1, c1, r2, c2 in grid.merges if c2 > c1 for r in range(r1, r2 + 1)}
    weights = []
    for column in range(grid.width):
        lengths = [len(row[column]) for r, row in enumerate(grid.rows) if (r, column) not in spanned]
        weights.append(min(max(lengths, default=4), MAX_COLUMN_WEIGHT) + 4)
    return [width * w / sum(weights) for w in weights]


def _pages(grid, cells, widths, room: float, page: float):
    """Row ranges [first, end) that fit the rest of this page, then whole pages. Each row is
    measured as a table of its own, with its merges across columns."""
    from reportlab.platypus import Table as PdfTable

    first, used = 0, 0.0
    for r, row in enumerate(cells):
        alone = [(c1, r, c2, r) for r1, c1, r2, c2 in grid.merges if r1 == r2 == r and c2 > c1]
        height = PdfTable([row], colWidths=widths, style=[("SPAN", *pair) for pair in _corners(alone)]).wrap(
            sum(widths), page)[1]
        if used + height > room and r > first:
            yield first, r
            first, used, room = r, 0.0, page
        used += height
    yield first, len(cells)


def _corners(merges):
    return [((c1, 0), (c2, 0)) for c1, _, c2, _ in merges]


def _style(grid, first: int, end: int, ruled: bool):
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for r1, c1, r2, c2 in grid.merges:
        top, bottom = max(r1, first), min(r2, end - 1)
        if top <= bottom and (top, c1) != (bottom, c2):
            commands.append(("SPAN", (c1, top - first), (c2, bottom - first)))
    return TableStyle(commands)


def write_scanned_pdf(path) -> None:
    """A page that is only a picture of a table, as a scanner makes: no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (600, 300), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 300, 40):
        draw.line((20, y, 580, y), fill=0, width=2)
    for x in (20, 150, 280, 430, 580):
        draw.line((x, 20, x, 260), fill=0, width=2)
    page = canvas.Canvas(str(path), pagesize=A4)
    page.drawImage(ImageReader(image), 40, 400, width=500, height=250)
    page.save()


def csv_text(table: Table, delimiter: str = ",") -> str:
    """The table as a spreadsheet saves it to CSV: one record per row, merged cells' text in the
    first cell only, every record as wide as the sheet."""
    grid = layout(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for line in (grid.title, grid.year):
        if line:
            writer.writerow([line] + [""] * (grid.width - 1))
    writer.writerows(grid.rows)
    return buffer.getvalue()


def write_csv(tables: Sequence[Table], path, encoding: str = "utf-8-sig", delimiter: str = ",") -> None:
    blank = "\r\n"
    path.write_bytes(blank.join(csv_text(t, delimiter) for t in tables).encode(encoding))
