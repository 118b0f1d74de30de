"""Compiling the English translation catalogue (.po → .mo) with Babel.

Source strings are Simplified Chinese, the default UI language; `locale/en` translates them. The
binary .mo is built from the committed .po on start-up and before tests, so no gettext tools are
needed on the machine.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_messages(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every stale .po under `locale_dir`; returns the .mo files written."""
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written


PACKAGE_DIR = LOCALE_DIR.parent
KEYWORDS = {
    "_": None, "gettext": None, "gettext_lazy": None, "gettext_noop": None,
    "ngettext": (1, 2), "ngettext_lazy": (1, 2), "pgettext": ((1, "c"), 2), "pgettext_lazy": ((1, "c"), 2),
}


def extract_messages(package_dir: Path = PACKAGE_DIR) -> dict[str, list[str]]:
    """Every translatable msgid in the package's Python code and templates, with where it occurs.

    Templates go through Django's own `templatize` (what `makemessages` uses) and then Babel's
    Python extractor, so `{% translate %}` and `{% blocktranslate %}` are read exactly as Django
    will look them up.
    """
    import io

    from babel.messages.extract import extract
    from django.utils.translation.template import templatize

    found: dict[str, list[str]] = {}
    for path in sorted(package_dir.rglob("*")):
        if "migrations" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            source = path.read_text(encoding="utf-8")
        elif path.suffix in {".html", ".txt"} and "templates" in path.parts:
            # templatize keeps template indentation, which Python's tokenizer rejects; line
            # numbers survive the strip.
            pseudo = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            source = "\n".join(line.strip() for line in pseudo.splitlines())
        else:
            continue
        stream = io.BytesIO(source.encode("utf-8"))
        for lineno, message, _comments, context in extract("python", stream, keywords=KEYWORDS):
            msgid = message[0] if isinstance(message, tuple) else message
            if not msgid:
                continue
            key = f"{context}\x04{msgid}" if context else msgid
            found.setdefault(key, []).append(f"{path.relative_to(package_dir)}:{lineno}")
    return found


def sync_catalog(language: str = "en", package_dir: Path = PACKAGE_DIR) -> tuple[list[str], list[str]]:
    """Add new msgids to the language's .po (untranslated) and drop ones no longer used.

    Returns (added, removed). Translations of existing entries are kept.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    po_path = package_dir / "locale" / language / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True, exist_ok=True)
    if po_path.exists():
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
    else:
        catalog = Catalog(locale=language, project="microdrama", charset="utf-8")
    catalog.fuzzy = False  # a fuzzy header would be skipped at compile time, losing the charset
    used = extract_messages(package_dir)
    existing = {m.id for m in catalog if m.id}
    added = [m for m in used if m not in existing]
    removed = [m for m in existing if m not in used]
    for msgid in removed:
        del catalog[msgid]
    for msgid in added:
        catalog.add(msgid, string="", locations=[(loc, None) for loc in used[msgid][:1]])
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=0, omit_header=False, sort_output=True, include_lineno=False)
    return added, removed


def missing_translations(language: str = "en", package_dir: Path = PACKAGE_DIR) -> list[str]:
    """msgids used in the code that the language's catalogue does not translate."""
    po_path = package_dir / "locale" / language / "LC_MESSAGES" / "django.po"
    translated: set[str] = set()
    if po_path.exists():
        with po_path.open("rb") as fh:
            translated = {m.id for m in read_po(fh, locale=language) if m.id and m.string}
    return sorted(m for m in extract_messages(package_dir) if m not in translated)
