"""Text of office documents (DOCX, ODT, RTF, old DOC) through LibreOffice headless.

LibreOffice is optional (Debian package libreoffice-writer-nogui); without it such files get
`text_method = none` with a reason that says so.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

SUFFIX = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/rtf": ".rtf",
    "application/msword": ".doc",
}
SECONDS = 120  # a conversion that takes longer is stopped
UNZIPPED_CAP = 256 * 1024 * 1024  # DOCX and ODT are ZIP archives: what their members may expand to
MEMORY_CAP = 2 * 1024 * 1024 * 1024  # address space of the LibreOffice process


def zip_problem(content: bytes) -> str | None:
    """Why a ZIP-based office file is refused before LibreOffice opens it, or None."""
    if not content.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            declared = sum(info.file_size for info in archive.infolist())
            if declared > UNZIPPED_CAP:
                return f"its ZIP members expand to {declared // 2**20} MB, over the cap of {UNZIPPED_CAP // 2**20} MB"
            # The declared sizes may lie: inflate each member up to the cap and count.
            total = 0
            for info in archive.infolist():
                with archive.open(info) as member:
                    while chunk := member.read(1 << 20):
                        total += len(chunk)
                        if total > UNZIPPED_CAP:
                            return f"its ZIP members expand beyond {UNZIPPED_CAP // 2**20} MB (decompression bomb)"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        return f"damaged ZIP container ({exc.__class__.__name__})"
    return None




def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_text(content: bytes, mime_type: str) -> tuple[str | None, str | None]:
    """(text, None) or (None, reason)."""
    program = soffice()
    if program is None:
        return None, "office document; LibreOffice is not installed (Debian package libreoffice-writer-nogui)"
    if problem := zip_problem(content):
        return None, f"office document refused: {problem}"
    with tempfile.TemporaryDirectory(prefix="ratsinfo-office-") as folder:
        source = Path(folder) / f"document{SUFFIX[mime_type]}"
        source.write_bytes(content)
        # A private profile per call: parallel conversions must not share LibreOffice's lock.
        # The shell caps LibreOffice's address space (no preexec_fn: the ingest process has threads).
        command = ["sh", "-c", 'ulimit -v "$0" && exec "$@"', str(MEMORY_CAP // 1024),
                   program, "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                   "--convert-to", "txt:Text (encoded):UTF8", "--outdir", folder, str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=SECONDS, check=False)
        except subprocess.TimeoutExpired:
            return None, f"LibreOffice did not finish within {SECONDS} s"
        target = source.with_suffix(".txt")
        if not target.exists():
            return None, "LibreOffice could not convert the document (damaged or not a text document)"
        return target.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff"), None
