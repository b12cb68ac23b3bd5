"""Text of office documents (DOCX, ODT, RTF, old DOC) through LibreOffice headless.

LibreOffice is optional (Debian package libreoffice-writer-nogui); without it such files get
`text_method = none` with a reason that says so.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

SUFFIX = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/rtf": ".rtf",
    "application/msword": ".doc",
}
SECONDS = 120  # a conversion that takes longer is stopped


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_text(content: bytes, mime_type: str) -> tuple[str | None, str | None]:
    """(text, None) or (None, reason)."""
    program = soffice()
    if program is None:
        return None, "office document; LibreOffice is not installed (Debian package libreoffice-writer-nogui)"
    with tempfile.TemporaryDirectory(prefix="ratsinfo-office-") as folder:
        source = Path(folder) / f"document{SUFFIX[mime_type]}"
        source.write_bytes(content)
        # A private profile per call: parallel conversions must not share LibreOffice's lock.
        command = [program, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                   "--convert-to", "txt:Text (encoded):UTF8", "--outdir", folder, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=SECONDS, check=False)
        except subprocess.TimeoutExpired:
            return None, f"LibreOffice did not finish within {SECONDS} s"
        target = source.with_suffix(".txt")
        if not target.exists():
            return None, "LibreOffice could not convert the document (damaged or not a text document)"
        return target.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff"), None
