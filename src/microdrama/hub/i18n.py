"""Compiling the English translation catalogue (.po → .mo) with Babel.

Source strings are Simplified Chinese, the default UI language; English catalogues translate them.
Each centre's app keeps its own catalogue (`<app>/locale/en/LC_MESSAGES/django.po`, for the strings in
that app's files) so that teams working on different centres never edit the same file; the package
catalogue (`microdrama/locale`) covers the hub, accounts and everything else. The binary .mo files are
built from the committed .po on start-up and before tests, so no gettext tools are needed.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_messages(package_dir: Path | None = None) -> list[Path]:
    """Compile every stale .po in the package; returns the .mo files written."""
    written = []
    for po_path in sorted((package_dir or LOCALE_DIR.parent).glob("**/locale/*/LC_MESSAGES/*.po")):
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
APPS_WITH_CATALOGUES = ["filing", "rights", "monitoring", "enforcement", "studio", "locations", "talent"]
KEYWORDS = {
    "_": None, "gettext": None, "gettext_lazy": None, "gettext_noop": None,
    "ngettext": (1, 2), "ngettext_lazy": (1, 2), "pgettext": ((1, "c"), 2), "pgettext_lazy": ((1, "c"), 2),
}


def catalogue_dirs(package_dir: Path = PACKAGE_DIR) -> dict[Path, list[Path]]:
    """Each catalogue's root (where its `locale/` lives) and the source folders it covers."""
    apps = [package_dir / name for name in APPS_WITH_CATALOGUES]
    rest = [p for p in package_dir.iterdir() if p.is_dir() and p not in apps and p.name != "locale"]
    rest += [p for p in package_dir.glob("*.py")]
    return {package_dir: rest, **{app: [app] for app in apps}}


def extract_messages(package_dir: Path = PACKAGE_DIR, sources: list[Path] | None = None) -> dict[str, list[str]]:
    """Every translatable msgid in the package's Python code and templates, with where it occurs.

    Templates go through Django's own `templatize` (what `makemessages` uses) and then Babel's
    Python extractor, so `{% translate %}` and `{% blocktranslate %}` are read exactly as Django
    will look them up.
    """
    import io

    from babel.messages.extract import extract
    from django.utils.translation.template import templatize

    found: dict[str, list[str]] = {}
    paths = []
    for src in sources or [package_dir]:
        paths += [src] if src.is_file() else sorted(src.rglob("*"))
    for path in paths:
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
            found.setdefault(key, []).append(f"{path.relative_to(PACKAGE_DIR)}:{lineno}")
    return found


def sync_catalog(language: str = "en", package_dir: Path = PACKAGE_DIR) -> tuple[list[str], list[str]]:
    """Bring every catalogue of `language` up to date: add new msgids (untranslated), drop unused ones.

    Returns (added, removed) over all catalogues. Existing translations are kept.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    added_all: list[str] = []
    removed_all: list[str] = []
    for root, sources in catalogue_dirs(package_dir).items():
        used = extract_messages(package_dir, sources)
        po_path = root / "locale" / language / "LC_MESSAGES" / "django.po"
        if not used and not po_path.exists():
            continue
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            with po_path.open("rb") as fh:
                catalog = read_po(fh, locale=language)
        else:
            catalog = Catalog(locale=language, project="microdrama", charset="utf-8")
        catalog.fuzzy = False  # a fuzzy header would be skipped at compile time, losing the charset
        existing = {m.id for m in catalog if m.id}
        added = [m for m in used if m not in existing]
        removed = [m for m in existing if m not in used]
        for msgid in removed:
            del catalog[msgid]
        for msgid in added:
            catalog.add(msgid, string="", locations=[(loc, None) for loc in used[msgid][:1]])
        with po_path.open("wb") as fh:
            write_po(fh, catalog, width=0, omit_header=False, sort_output=True, include_lineno=False)
        added_all += added
        removed_all += removed
    return added_all, removed_all


def missing_translations(language: str = "en", package_dir: Path = PACKAGE_DIR) -> list[str]:
    """msgids used in the code that their catalogue does not translate, as "catalogue: msgid"."""
    missing = []
    for root, sources in catalogue_dirs(package_dir).items():
        po_path = root / "locale" / language / "LC_MESSAGES" / "django.po"
        translated: set[str] = set()
        if po_path.exists():
            with po_path.open("rb") as fh:
                translated = {m.id for m in read_po(fh, locale=language) if m.id and m.string}
        name = root.name if root != package_dir else "microdrama"
        missing += [f"{name}: {m}" for m in sorted(extract_messages(package_dir, sources)) if m not in translated]
    return missing
