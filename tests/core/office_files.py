"""Word and OpenDocument files built in memory, with and without macros (issue 16, item 9)."""

from __future__ import annotations

import io
import re
import zipfile

ODT = "application/vnd.oasis.opendocument.text"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MS_RELS = "http://schemas.microsoft.com/office/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def docx(
    *,
    content_types: str = "",
    main_type: str = "",
    document_rels: str = "",
    settings_rels: str = "",
    parts: dict[str, bytes] | None = None,
) -> bytes:
    """A Word document made by python-docx, with extra declarations: ``content_types``
    (``<Default>``/``<Override>`` elements), ``main_type`` (the main part's content
    type instead of the plain document's), relationships of the main part and of
    its settings, and extra ``parts``."""
    import docx as python_docx

    made = io.BytesIO()
    document = python_docx.Document()
    document.add_paragraph("Quyết định ban hành Quy định")
    document.save(made)
    out = io.BytesIO()
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                text = data.decode()
                if main_type:
                    text = re.sub(r'(PartName="/word/document.xml" ContentType=")[^"]+"', rf'\g<1>{main_type}"', text)
                data = text.replace("</Types>", content_types + "</Types>").encode()
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.decode().replace("</Relationships>", document_rels + "</Relationships>").encode()
            target.writestr(info, data)
        if settings_rels:
            target.writestr(
                "word/_rels/settings.xml.rels",
                f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">{settings_rels}</Relationships>',
            )
        for name, data in (parts or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def docx_with_renamed_vba() -> bytes:
    """A VBA project under another name than word/vbaProject.bin, declared and related."""
    return docx(
        content_types=(
            '<Override PartName="/word/media/image9.dat" ContentType="application/vnd.ms-office.vbaProject"/>'
        ),
        document_rels=f'<Relationship Id="rId99" Type="{MS_RELS}/vbaProject" Target="media/image9.dat"/>',
        parts={"word/media/image9.dat": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200},
    )


def docx_related_vba_only() -> bytes:
    """A VBA project related from the main part, its type declared by an extension default."""
    return docx(
        content_types='<Default Extension="png2" ContentType="application/vnd.ms-office.vbaproject"/>',
        document_rels=f'<Relationship Id="rId98" Type="{MS_RELS}/vbaProject" Target="logo.png2"/>',
        parts={"word/logo.png2": b"\x00" * 64},
    )


def docx_relationship_only() -> bytes:
    """Only a relationship names the VBA project (no content type, an innocent name)."""
    return docx(
        document_rels=f'<Relationship Id="rId97" Type="{MS_RELS}/vbaProject" Target="theme/theme9.xml"/>',
        parts={"word/theme/theme9.xml": b"<a/>"},
    )


def docm_as_docx() -> bytes:
    """The main part says macro-enabled (a .docm renamed), even without a VBA part."""
    return docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml")


def docx_with_activex() -> bytes:
    return docx(
        content_types='<Override PartName="/word/ctl/c1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>',
        document_rels=f'<Relationship Id="rId96" Type="{DOC_RELS}/control" Target="ctl/c1.xml"/>',
        parts={"word/ctl/c1.xml": b"<ax/>"},
    )


def docx_with_remote_template() -> bytes:
    return docx(
        settings_rels=(
            f'<Relationship Id="rId1" Type="{DOC_RELS}/attachedTemplate" '
            'Target="https://example.invalid/mau.dotm" TargetMode="External"/>'
        )
    )


def docx_billion_laughs() -> bytes:
    laughs = '<!DOCTYPE Types [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    plain = docx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.decode().replace("<Types", laughs + "<Types", 1).encode()
            target.writestr(info, data)
    return out.getvalue()


MANIFEST_ENTRY = '<manifest:file-entry manifest:full-path="{path}" manifest:media-type="{media}"/>'


def odt(
    *, entries: tuple[tuple[str, str], ...] = (), parts: dict[str, bytes] | None = None, content: str = ""
) -> bytes:
    """An OpenDocument text: ``mimetype`` first and stored, a manifest listing
    ``entries`` (path, media type) beside the usual ones, and extra ``parts``."""
    listed = (("/", ODT), ("content.xml", "text/xml"), ("styles.xml", "text/xml"), *entries)
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        + "".join(MANIFEST_ENTRY.format(path=p, media=m) for p, m in listed)
        + "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">' + content + "</office:document-content>",
            zipfile.ZIP_DEFLATED,
        )
        archive.writestr("styles.xml", '<?xml version="1.0"?><office:document-styles/>', zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        for name, data in (parts or {}).items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt_with_basic() -> bytes:
    """A Basic macro library, listed in the manifest (what LibreOffice writes)."""
    return odt(
        entries=(
            ("Basic/", ""),
            ("Basic/Standard/Module1.xml", "text/xml"),
            ("Basic/Standard/script-lb.xml", "text/xml"),
        ),
        parts={
            "Basic/Standard/Module1.xml": (
                b'<script:module script:name="Module1">Sub Main\nShell("calc")\nEnd Sub</script:module>'
            ),
            "Basic/Standard/script-lb.xml": b"<library/>",
        },
    )


def odt_with_unlisted_scripts() -> bytes:
    """A Python script in the archive, not listed in the manifest."""
    return odt(parts={"Scripts/python/run.py": b"import os\nos.system('calc')\n"})


def odt_with_listed_basic_only() -> bytes:
    """The manifest lists a Basic library (its files elsewhere or missing)."""
    return odt(entries=(("Basic/Standard/", "application/binary"),))


def odt_with_script_media_type() -> bytes:
    return odt(entries=(("macros/run.bsh", "application/x-beanshell"),), parts={"macros/run.bsh": b"exec()"})


def odt_with_event_binding() -> bytes:
    """The document binds its opening to a macro."""
    return odt(
        content=(
            '<office:scripts><office:event-listeners><script:event-listener script:event-name="dom:load" '
            'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
            "</office:event-listeners></office:scripts>"
        )
    )


def odt_plain_with_pictures() -> bytes:
    """An ordinary document with pictures, thumbnails and an EPS figure: accepted."""
    return odt(
        entries=(
            ("Pictures/logo.png", "image/png"),
            ("Pictures/hinh.eps", "application/postscript"),
            ("Thumbnails/thumbnail.png", "image/png"),
            ("meta.xml", "text/xml"),
        ),
        parts={
            "Pictures/logo.png": b"\x89PNG\r\n\x1a\n",
            "Pictures/hinh.eps": b"%!PS",
            "Thumbnails/thumbnail.png": b"x",
        },
    )


WITH_MACROS = {
    "docx-vba-renamed": docx_with_renamed_vba,
    "docx-vba-by-extension": docx_related_vba_only,
    "docx-vba-relationship-only": docx_relationship_only,
    "docm-renamed-docx": docm_as_docx,
    "docx-activex": docx_with_activex,
    "docx-remote-template": docx_with_remote_template,
    "odt-basic-library": odt_with_basic,
    "odt-unlisted-scripts": odt_with_unlisted_scripts,
    "odt-manifest-basic": odt_with_listed_basic_only,
    "odt-script-media-type": odt_with_script_media_type,
    "odt-event-binding": odt_with_event_binding,
}
