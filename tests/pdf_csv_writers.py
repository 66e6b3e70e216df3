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

from linter.model import Table
from writers import layout

FONT = "STSong-Light"
MAX_COLUMN_WEIGHT = 24  # characters: a column's share of the page grows with its text up to this


def write_pdf(tables: Sequence[Table], path, ruled: bool = True, password: str = "") -> None:
    """Each table on its own pages: title and year as paragraphs, then one table."""
    from reportlab.lib import colors, pdfencrypt
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table as PdfTable, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7, leading=9, wordWrap="CJK")
    title = ParagraphStyle("title", fontName=FONT, fontSize=14, leading=20, alignment=1)
    year = ParagraphStyle("year", fontName=FONT, fontSize=9, leading=14, alignment=1)
    page = landscape(A4)
    width = page[0] - 56
    story = []
    for table in tables:
        grid = layout(table)
        if story:
            story.append(PageBreak())
        story += [Paragraph(escape(text), style) for text, style in ((grid.title, title), (grid.year, year)) if text]
        style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        style += [("SPAN", (c1, r1), (c2, r2)) for r1, c1, r2, c2 in grid.merges]
        data = [[Paragraph(escape(text), cell) if text else "" for text in row] for row in grid.rows]
        story.append(PdfTable(data, colWidths=_widths(grid, width), style=TableStyle(style), splitInRow=1))
    encrypt = pdfencrypt.StandardEncryption(password, ownerPassword=password + "-owner") if password else None
    SimpleDocTemplate(str(path), pagesize=page, leftMargin=28, rightMargin=28, topMargin=28, bottomMargin=28,
                      encrypt=encrypt, title="绩效目标表").build(story)


def _widths(grid, width: float) -> list:
    spanned = {(r, c1) for r1, c1, r2, c2 in grid.merges if c2 > c1 for r in range(r1, r2 + 1)}
    weights = []
    for column in range(grid.width):
        lengths = [len(row[column]) for r, row in enumerate(grid.rows) if (r, column) not in spanned]
        weights.append(min(max(lengths, default=4), MAX_COLUMN_WEIGHT) + 4)
    return [width * w / sum(weights) for w in weights]


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
