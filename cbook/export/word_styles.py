"""A Word reference document: pandoc's own, plus a paragraph style per callout kind.

Pandoc gives each paragraph of a callout the style named by the Div's ``custom-style``
("Callout Barrier"...). Defined here with a coloured left rule and shading, they make the
typed blocks stand out in Word as they do on the web, and a writer can restyle them all at
once in Word's style pane.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from cbook.pandoc.ast_out import CALLOUT_NAMES
from cbook.pandoc.run import ConversionFailed, pandoc_path

# kind -> (rule colour, shading), as in the EPUB stylesheet.
CALLOUT_COLOURS = {"barrier": ("B3261E", "FBEAEA"), "enabler": ("1E7B34", "E9F6EC"),
                   "tool": ("1F5FA8", "E8F0FA"), "story": ("7A4EA3", "F2ECF8"),
                   "example": ("A8661F", "FBF1E6"), "reflection": ("3D6E70", "E8F3F3")}


def _style(kind: str) -> str:
    name = f"Callout {CALLOUT_NAMES[kind]}"
    rule, fill = CALLOUT_COLOURS[kind]
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{name.replace(" ", "")}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="BodyText"/><w:qFormat/>'
        '<w:pPr><w:pBdr>'
        f'<w:left w:val="single" w:sz="24" w:space="8" w:color="{rule}"/></w:pBdr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        '<w:spacing w:before="60" w:after="60"/><w:ind w:left="284" w:right="142"/>'
        '</w:pPr></w:style>'
    )


NOTICE_STYLE = "Untranslated Notice"  # the box over a section shown in its source language


def _notice_style() -> str:
    name = NOTICE_STYLE
    border = "".join(f'<w:{side} w:val="single" w:sz="8" w:space="4" w:color="6E6E6E"/>'
                     for side in ("top", "left", "bottom", "right"))
    return (
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{name.replace(" ", "")}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="BodyText"/><w:qFormat/>'
        f'<w:pPr><w:pBdr>{border}</w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="F6F6F6"/>'
        '<w:spacing w:before="120" w:after="120"/></w:pPr></w:style>'
    )


def reference_docx(folder: Path) -> Path:
    """Write the reference document into ``folder`` and return its path."""
    target = folder / "reference.docx"
    default = subprocess.run(  # noqa: S603 - a fixed binary, no shell
        [pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True, timeout=60, check=False)
    if default.returncode != 0:
        raise ConversionFailed("pandoc could not provide its Word reference document")
    source = folder / "default-reference.docx"
    source.write_bytes(default.stdout)
    styles = "".join(_style(kind) for kind in CALLOUT_NAMES) + _notice_style()
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as patched:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            patched.writestr(item, data)
    return target
