from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "training_site" / "locale"


@pytest.mark.parametrize("language", ["fr", "ar", "es", "pt"])
def test_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    missing = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert missing == []
    compiled = {entry.msgid: entry.msgstr for entry in mo}
    stale = [e.msgid for e in po.translated_entries() if compiled.get(e.msgid) != e.msgstr]
    assert stale == [], "run `make messages` to recompile the .mo file"
