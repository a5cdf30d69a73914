"""Uploaded files checked by their content, for every app that takes files.

- ``sniff(head, table)``: the content type from a file's first bytes, by a
  table ``content type -> (extensions, magic prefixes)`` (``SCANS``: the
  dossiers' PDF/JPEG/PNG; ``DOCUMENTS``: PDF, DOC, DOCX, ODT);
- ``file_type(upload, table)``: the same, and a ZIP archive or an OLE2 file
  opened to tell what it really is: a DOCX (content types and main part of a
  Word document), an ODT (its ``mimetype``), a DOC (a ``WordDocument``
  stream), each without macros (``macros_in``), else None;
- ``check_size(upload, max_bytes=…)``: not empty, not too large.

Macros are judged by what the package declares, not by one file name
(issue 16, item 9): for OOXML, a macro-enabled main document, a VBA project,
VBA data or an ActiveX control in ``[Content_Types].xml``, a relationship
(any ``*.rels``) to one of those or to a macro-enabled or remote template,
or a part named like one; for ODF, ``Basic/`` or ``Scripts/`` entries in
``META-INF/manifest.xml`` or in the archive, script media types, or event
bindings to macros in the content. The XML is read with the standard
parser (no external entities are fetched), after a size bound and a refusal
of any entity declaration (no "billion laughs").
"""

from __future__ import annotations

import posixpath
import zipfile
from typing import IO, Any
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Table = dict[str, tuple[tuple[str, ...], tuple[bytes, ...]]]

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
DOC = "application/msword"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: scans of a dossier's papers
SCANS: Table = {
    PDF: ((".pdf",), (b"%PDF-",)),
    JPEG: ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    PNG: ((".png",), (b"\x89PNG\r\n\x1a\n",)),
}
#: documents (legal documents' files): a ZIP archive may be a DOCX or an ODT, an OLE2 file a DOC
DOCUMENTS: Table = {
    PDF: ((".pdf",), (b"%PDF-",)),
    DOCX: ((".docx",), (ZIP_MAGIC,)),
    ODT: ((".odt",), (ZIP_MAGIC,)),
    DOC: ((".doc",), (OLE2_MAGIC,)),
}
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx", ODT: ".odt", DOC: ".doc"}

MAX_XML_BYTES = 2 * 1024 * 1024  # a package's declarations are a few kilobytes
MAX_MEMBERS = 5000
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the main stream of a Word 97–2003 file, named in its directory

# OOXML: what makes a package run code, in content types and relationship types (lower case)
_MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "activex", "ms-office.vbaproject")
_MACRO_RELATIONSHIPS = ("vbaproject", "wordvbadata", "activexcontrol", "activexcontrolbinary", "keymapcustomizations")
_MACRO_PART_NAMES = ("vbaproject.bin", "vbadata.xml", "vbaprojectsignature.bin", "attachedtoolbars.bin")
_MACRO_TEMPLATE_SUFFIXES = (".dotm", ".docm", ".xlsm", ".xltm", ".pptm", ".potm")
# ODF: folders of macro libraries and scripts, and how content binds events to macros
_ODF_SCRIPT_FOLDERS = ("basic/", "scripts/")
_ODF_MACRO_URLS = (b"vnd.sun.star.script:", b"macro://", b"vnd.sun.star.basic:")
_ODF_SCRIPT_MEDIA = ("starbasic", "vnd.sun.star.script", "javascript", "python", "beanshell", "x-basic", "x-sh")


class UnsafeXML(ValueError):
    """A package part that is too large, declares entities or does not parse."""


def sniff(head: bytes, allowed: Table = SCANS) -> str | None:
    """The content type of a file from its first bytes (None: not allowed)."""
    for content_type, (_exts, magics) in allowed.items():
        if any(head.startswith(m) for m in magics):
            return content_type
    return None


def check_size(upload: Any, *, max_bytes: int) -> int:
    """The upload's size; a ValidationError on ``file`` when it is empty or larger than ``max_bytes``."""
    size = int(upload.size or 0)
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > max_bytes:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB); at most %(limit)s MB.")
                % {
                    "size": f"{size / 1048576:.1f}".replace(".", ","),
                    "limit": f"{max_bytes / 1048576:g}".replace(".", ","),
                }
            }
        )
    return size


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise UnsafeXML(name)
    data = archive.read(info)
    if b"<!ENTITY" in data:
        raise UnsafeXML(name)
    try:
        return ElementTree.fromstring(data)  # noqa: S314 - bounded, no entity declarations; expat fetches nothing
    except ElementTree.ParseError as exc:
        raise UnsafeXML(name) from exc


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _ooxml_macros(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    lowered = [name.lower() for name in names]
    for name in lowered:
        if posixpath.basename(name) in _MACRO_PART_NAMES or "/activex/" in f"/{name}":
            return f"part {name}"
    for element in _xml(archive, "[Content_Types].xml").iter():
        content_type = (element.get("ContentType") or "").lower()
        if any(word in content_type for word in _MACRO_CONTENT_TYPES):
            return f"content type {content_type}"
    for name in names:
        if not name.lower().endswith(".rels"):
            continue
        for element in _xml(archive, name).iter():
            if _local(element.tag) != "Relationship":
                continue
            kind = (element.get("Type") or "").lower().rstrip("/").rpartition("/")[2]
            target = (element.get("Target") or "").lower().split("?")[0].split("#")[0]
            if kind in _MACRO_RELATIONSHIPS:
                return f"relationship {kind} in {name}"
            if kind == "attachedtemplate" and (
                (element.get("TargetMode") or "").lower() == "external" or target.endswith(_MACRO_TEMPLATE_SUFFIXES)
            ):
                return f"template {target} in {name}"
    return None


def _odf_macros(archive: zipfile.ZipFile, names: list[str]) -> str | None:
    for name in names:
        if name.lower().startswith(_ODF_SCRIPT_FOLDERS):
            return f"part {name}"
    if "META-INF/manifest.xml" in names:
        for element in _xml(archive, "META-INF/manifest.xml").iter():
            if _local(element.tag) != "file-entry":
                continue
            attributes = {_local(key): value for key, value in element.attrib.items()}
            path = attributes.get("full-path", "").lower().lstrip("/")
            media = attributes.get("media-type", "").lower()
            if path.startswith(_ODF_SCRIPT_FOLDERS) or any(word in media for word in _ODF_SCRIPT_MEDIA):
                return f"manifest entry {path} ({media})"
    for name in ("content.xml", "styles.xml", "settings.xml"):
        if name in names:
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1024 * 1024):
                    if any(url in tail + chunk for url in _ODF_MACRO_URLS):
                        return f"macro binding in {name}"
                    tail = chunk[-32:]
    return None


def macros_in(archive: zipfile.ZipFile) -> str | None:
    """Why an OOXML or ODF package can run code (a short reason), or None.

    Raises UnsafeXML when a declaration is too large or unsafe to read."""
    names = archive.namelist()
    if "mimetype" in names:
        return _odf_macros(archive, names)
    return _ooxml_macros(archive, names)


def _package_type(upload: IO[bytes]) -> str | None:
    """DOCX, ODT or None for a ZIP archive: None when it is neither, or holds macros."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if len(names) > MAX_MEMBERS:
                return None
            if "mimetype" in names:
                if archive.getinfo("mimetype").file_size >= 100 or archive.read("mimetype").strip() != ODT.encode():
                    return None
                kind = ODT
            elif {"[Content_Types].xml", "word/document.xml"} <= set(names):
                kind = DOCX
            else:
                return None
            return None if macros_in(archive) is not None else kind
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, UnsafeXML, EOFError):
        return None


def _is_word_97(upload: Any) -> bool:
    """An OLE2 file is also an Excel sheet, a PowerPoint or an MSI installer: a DOC names its WordDocument stream."""
    tail = b""
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        if _WORD_STREAM in tail + chunk:
            return True
        tail = chunk[-len(_WORD_STREAM) :]
    return False


def file_type(upload: Any, allowed: Table = SCANS) -> str | None:
    """The content type of an uploaded file judged by its content (None: not
    one of ``allowed``, or a document with macros). Leaves the file at its start."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, allowed)
    if kind in (DOCX, ODT):
        kind = _package_type(upload)
        kind = kind if kind in allowed else None
    elif kind == DOC:
        kind = DOC if _is_word_97(upload) else None
    upload.seek(0)
    return kind
