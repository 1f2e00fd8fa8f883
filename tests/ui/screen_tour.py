"""What tests/ui/test_english_screens.py checks on every screen: nothing left in German, nothing cut off, the window
inside 1280×800; and a PNG of each (into $TRESEN_SCREENSHOTS, else the test's tmp_path).

German is found on the texts the associate sees (labels, buttons, window titles, placeholders, headers, list and
table cells, combo items, menus, tooltips, chart labels, spin box suffixes), after the data of the demo store
(product, brand, store, associate and customer names, addresses, file paths: German on purpose) is masked:

* a German source text of resources/i18n/tresen_en.ts inside the text, unless its English translation is the same
  (e.g. "OK", "PIN"): either not translated yet in the .ts ("untranslated"), or translated there but shown in German
  all the same ("translated": a tr() context that does not match the .ts, an exception shown with str() instead of
  describe(), German put into a translated text's placeholder, a .qm not made anew);
* German outside any .ts text ("not in .ts": never passed through tr()/translate(), or the .ts is older than the
  code): umlauts, German function words, "Strg", and the app's own German words (those of the .ts sources that no
  English translation uses).

Cut off: a label's, button's, check box's, group box's text wider (or a wrapped label's taller) than the widget; a
placeholder Qt elides; a combo box's choice, a header section's, a chart's labels elided; controls squeezed below
their least size or lying over each other; a widget reaching out of its window; a window larger than 1280×800 (a
dialog: less a title bar).

`TRESEN_PSEUDO=1` runs the tour with a made-up translation (the literal parts of every .ts text as ⟪text⟫, compiled
with pyside6-lrelease): German left outside the marks is a text whose translation lookup never finds the .ts,
whatever has been translated so far (see `pseudo_translator`); cut-offs are not judged then.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QRect, Qt, QTimer, QTranslator
from PySide6.QtGui import QFontMetrics, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt  # Qt.mightBeRichText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractScrollArea, QAbstractSpinBox, QApplication, QCheckBox, QComboBox,
    QDialog, QGroupBox, QHeaderView, QLabel, QLineEdit, QMenu, QProgressBar, QPushButton,
    QRadioButton, QStyle, QStyleOptionButton, QStyleOptionComboBox, QStyleOptionFrame, QTabBar, QWidget,
)

from app.ui.i18n import I18N_DIR

TS_FILE = I18N_DIR / "tresen_en.ts"
SCREEN = (1280, 800)
TITLE_BAR = 30  # a dialog is a window of its own: the window manager's title bar comes on top (none offscreen)
PSEUDO = os.environ.get("TRESEN_PSEUDO", "") not in ("", "0")
OPEN, CLOSE = "⟪", "⟫"  # the pseudo translation's marks

# -- the .ts -----------------------------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[0-9a-zA-Z%]")  # {0}, {code}; %v, %m, %p of a progress bar
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_WORDS = re.compile(r"[^\W\d_]+")


@dataclass
class Source:
    text: str
    contexts: list[str] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)  # finished, non-empty
    pattern: re.Pattern | None = None
    key: str = ""  # its longest literal piece: a quick test before the regex

    @property
    def status(self) -> str:
        return "translated" if self.translations else "untranslated"


def _pattern(text: str) -> tuple[re.Pattern, str] | None:
    """A regex finding `text` with anything in its placeholders; None if its literal part has no word."""
    pieces = [p for p in _PLACEHOLDER.split(text)]
    while pieces and not pieces[0].strip():
        pieces.pop(0)
    while pieces and not pieces[-1].strip():
        pieces.pop()
    if pieces:
        pieces[0], pieces[-1] = pieces[0].lstrip(), pieces[-1].rstrip()
    if not any(_LETTERS.search(p) for p in pieces):
        return None
    body = "(?:.*?)".join(re.escape(p) for p in pieces)
    start = r"(?<![^\W_])" if pieces[0][:1].isalnum() else ""
    end = r"(?![^\W_])" if pieces[-1][-1:].isalnum() else ""
    return re.compile(start + body + end, re.S), max(pieces, key=len)


class Catalog:
    """The German source texts of the .ts whose English is not the same text."""

    def __init__(self, path: Path = TS_FILE):
        sources: dict[str, Source] = {}
        for context in ET.parse(path).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                text = message.findtext("source") or ""
                src = sources.setdefault(text, Source(text))
                src.contexts.append(name)
                tr = message.find("translation")
                if tr is not None and tr.text and tr.get("type") not in ("unfinished", "vanished", "obsolete"):
                    src.translations.append(tr.text)
        self.all = sources
        # The app's German words: those of its source texts that no English translation uses ("Verbindung",
        # "eingeschaltet"; not "Status", "Online", "TSE"). A text with one of them, outside the .ts texts it
        # contains, is German that never went through a translation.
        english = {w for src in sources.values() for t in src.translations for w in _WORDS.findall(t)}
        german = {w for src in sources.values() for w in _WORDS.findall(_PLACEHOLDER.sub(" ", src.text))
                  if len(w) >= 4 and w not in english and w.lower() not in english and not w.isupper()}
        self.german = re.compile(GERMAN.pattern + r"|(?<![^\W_])(?:" + "|".join(
            map(re.escape, sorted(german, key=len, reverse=True))) + r")(?![^\W_])") if german else GERMAN
        self.sources = []
        for src in sources.values():
            if text_is_english(src.text) or src.text in src.translations:
                continue  # the same in English ("OK", "PIN", "Click & Collect")
            if not src.translations and not self.german.search(src.text):
                continue  # not translated yet, but nothing German about it either ("online", "Status")
            made = _pattern(src.text)
            if made is not None:
                src.pattern, src.key = made
                self.sources.append(src)
        # longest literal first; of equal ones the text without placeholders ("Kasse" before "Kasse {0}")
        self.sources.sort(key=lambda s: (-len(_PLACEHOLDER.sub("", s.text).strip()), len(_PLACEHOLDER.findall(s.text))))

    def find(self, text: str) -> list[tuple[list[Source], str]]:
        """The .ts texts inside `text`: per place, the sources that match there (the longest first; several when
        the same words are in several texts or contexts) and what matched. Places inside a longer match are
        left out."""
        matches = []
        for src in self.sources:
            if src.key in text:
                matches += [(m.start(), m.end(), src, m.group(0)) for m in src.pattern.finditer(text)]
        matches.sort(key=lambda m: (m[0] - m[1], m[0]))  # longest first
        places: list[tuple[int, int, list[Source], str]] = []
        for a, b, src, matched in matches:
            place = next((p for p in places if p[0] <= a and b <= p[1]), None)
            if place is None:
                places.append((a, b, [src], matched))
            elif (a, b) == place[:2] or matched.strip() == place[3].strip():
                place[2].append(src)
        return [(srcs, matched) for _a, _b, srcs, matched in places]


def text_is_english(text: str) -> bool:
    """Texts that are the same in both languages: names of the product, marks, codes."""
    return text.strip() in {"OK", "PIN", "TSE", "IT", "Tresen", "Click & Collect", "%", "€", "DSFinV-K", "Demo %v/%m",
                            "Status", "Region", "Details", "Online", "Coupon", "Start"}


def pseudo_translator(folder: Path) -> QTranslator:
    """A translator with every text of the .ts as ⟪text⟫ (compiled with pyside6-lrelease): installed after the
    real one, whatever reaches the screen without the marks never went through a translation lookup that
    matches the .ts."""
    tree = ET.parse(TS_FILE)
    for message in tree.getroot().iter("message"):
        tr = message.find("translation")
        if tr is None:
            tr = ET.SubElement(message, "translation")
        tr.attrib.clear()
        # only the literal parts marked: what fills a placeholder (a name, a payment kind) is still judged
        pieces = re.split(f"({_PLACEHOLDER.pattern})", message.findtext("source") or "")
        tr.text = "".join(p if _PLACEHOLDER.fullmatch(p) or not p else f"{OPEN}{p}{CLOSE}" for p in pieces)
    folder.mkdir(parents=True, exist_ok=True)
    ts, qm = folder / "pseudo.ts", folder / "pseudo.qm"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease) if lrelease.exists() else shutil.which("pyside6-lrelease") or "pyside6-lrelease",
                    "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator(QApplication.instance())
    translator.setObjectName("pseudo-translation")
    assert translator.load(str(qm)), qm
    return translator


# -- the demo store's data: German on purpose ------------------------------------------------------------------------

_PATHS = re.compile(r"(?<![^\s⟪⟫])(?:/|[A-Za-z]:\\|file:)[^\s⟪⟫]+")
_MAILS = re.compile(r"[^\s⟪⟫]+@[^\s⟪⟫]+\.\w+")


class Mask:
    """Masks names and addresses from the demo data (and what a test typed) in a text before it is judged."""

    def __init__(self, strings):
        self.strings: set[str] = set()
        self.add(*strings)

    def add(self, *strings: str) -> None:
        self.strings.update(s.strip() for s in strings if s and len(s.strip()) >= 3)
        self._regex = None

    def __call__(self, text: str) -> str:
        if self._regex is None:
            alternatives = "|".join(re.escape(s) for s in sorted(self.strings, key=len, reverse=True))
            self._regex = re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])")
        text = _PATHS.sub("‹path›", _MAILS.sub("‹mail›", text))
        return self._regex.sub("‹data›", text) if self.strings else text


def demo_strings(engine) -> list[str]:
    """Product names, brands, categories, stores and their addresses, associates: what the store's data says."""
    from app.demo.history import CUSTOMERS
    from sync.common import demo_data

    out = [*CUSTOMERS, *(name for _, name, _, _ in demo_data.DEMO_ASSOCIATES), demo_data.DONATION[0],
           "Bons/labels",  # the folder of receipts and labels on disk is named "Bons" (RegisterConfig.pdf_dir)
           "Deutsch"]  # the login's language button: each language in its own words
    for row in demo_data.LOCATIONS:
        out += [row[1], row[3], row[4], row[5]]
    out += [c for c, *_ in demo_data.CATALOG] + [b for brands in demo_data.BRANDS.values() for b in brands]
    out += [base for *_, items in demo_data.CATALOG for base, *_ in items]
    if engine is not None:
        with engine.connect() as c:
            for sql in ("SELECT name FROM product", "SELECT brand FROM product", "SELECT category FROM product",
                        "SELECT name FROM location", "SELECT street FROM location", "SELECT city FROM location",
                        "SELECT region FROM location", "SELECT name FROM associate"):
                out += [r[0] for r in c.exec_driver_sql(sql) if r[0]]
    return out


# -- German ----------------------------------------------------------------------------------------------------------

_GERMAN_WORDS = (
    "und oder der die das dem den des ein eine einen einem einer eines mit für nicht bitte Bitte ist sind auf vom "
    "von zur zum im kein keine keinen noch nur wird werden bei nach über aus gibt wurde hier jetzt erst "
    "Der Die Das Ein Eine Kein Keine Nicht Nur Noch Mit Für Im Zum Zur Bei Nach Über Aus Erst Hier "
    "Strg Kasse Kunde Kundin Bon Bons Artikel Menge Preis Betrag Summe Rabatt Schließen Abbrechen Speichern Zurück "
    "Suchen Suche gesperrt geöffnet offen heute gestern Uhr Tage Tag Stk Zentrale Markt Filiale Bestand Bestellung "
    "Abholung Lieferung Rückgabe Gutschein Geschenkkarte Schublade Marktleitung Anmelden Abmelden Einstellungen "
    "Drucken Karte bar Bar Fertig Weiter Zeit Datum Grund Notiz Fehler Schulung Ausgefallen AUSGEFALLEN "
    "SUMME BEZAHLEN LIEFERUNG Kassenbeleg Rückgeld Bezahlt Erstattet Mitteilungen Konflikte gelöst erledigt "
    "vor seit bis gilt wurden kann muss neu neue alle jeder wie Stand Uhrzeit "
    "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März Juni Juli Oktober Dezember"
).split()
GERMAN = re.compile(r"[äöüÄÖÜß]|(?<![^\W_])(?:" + "|".join(map(re.escape, _GERMAN_WORDS)) + r")(?![^\W_])")


@dataclass
class German:
    where: str
    text: str
    what: str  # the German found: a .ts source, or the heuristic's hit
    kind: str  # "untranslated" | "translated" (in the .ts, but shown German) | "runtime" | "not in .ts"
    contexts: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f" ({', '.join(sorted(set(self.contexts)))})" if self.contexts else ""
        why = {"untranslated": f"in .ts{where}, not translated yet",
               "translated": f"in .ts{where} and translated there, but shown in German",
               "runtime": f"in .ts{where}, but no translation lookup finds it (pseudo translation missing)",
               "not in .ts": "not in .ts: no tr()/translate()"}[self.kind]
        return f"{self.where}: {self.text!r} — {self.what!r} [{why}]"


def _strip_marked(text: str) -> str:
    """Pseudo mode: what a translation lookup produced (⟪…⟫, nested too) is English."""
    pattern = re.compile(re.escape(OPEN) + "[^" + OPEN + CLOSE + "]*" + re.escape(CLOSE))
    while True:
        stripped = pattern.sub("‹en›", text)
        if stripped == text:
            return text
        text = stripped


def german_in(where: str, text: str, catalog: Catalog, mask: Mask) -> list[German]:
    """The German in `text`: the .ts texts it contains, and German outside them. When German is left outside
    the .ts texts, the text as a whole never went through tr() (the .ts words inside it are then only named)."""
    shown = mask(text)
    if PSEUDO:
        shown = _strip_marked(shown)
    found = catalog.find(shown)
    rest = shown
    for _srcs, matched in found:
        rest = rest.replace(matched, "‹›")
    left = catalog.german.search(rest)
    if left is not None:
        inside = f" (with .ts text {', '.join(repr(srcs[0].text) for srcs, _ in found)})" if found else ""
        return [German(where, text, left.group(0) + inside, "not in .ts")]
    out = []
    for srcs, _matched in found:
        if PSEUDO:
            kind = "runtime"
        else:
            kind = "untranslated" if any(not s.translations for s in srcs) else "translated"
        what = " | ".join(f"{s.text!r} ({', '.join(sorted(set(s.contexts)))}"
                          f"{'' if s.translations else ': untranslated'})" for s in srcs[:4])
        out.append(German(where, text, what, kind))
    return out


# -- what is on a screen -----------------------------------------------------------------------------------------


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.RichText or (label.textFormat() == Qt.AutoText and GuiQt.mightBeRichText(text)):
        return QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _button_text(button: QAbstractButton) -> str:
    return button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def _name(w: QWidget) -> str:
    return f"{type(w).__name__}{'#' + w.objectName() if w.objectName() else ''}"


def visible(root: QWidget) -> list[QWidget]:
    """The widgets shown in `root`'s window (not those of a dialog that is its child: a window of its own)."""
    return [w for w in [root, *root.findChildren(QWidget)] if w.isVisible() and w.window() is root]


def texts(root: QWidget, *, tooltips: bool = True, max_rows: int = 60) -> list[tuple[str, str]]:
    """(where, text) of everything readable in `root`'s window that is on the screen now."""
    out = [("window title", root.windowTitle())]
    for w in visible(root):
        name = _name(w)
        if isinstance(w, QLabel) and w.pixmap().isNull():
            out.append((name, _plain(w)))
        elif isinstance(w, QAbstractButton):
            out.append((name, _button_text(w)))
            if isinstance(w, QPushButton) and w.menu() is not None:
                out += [(f"{name} menu", a.text()) for a in w.menu().actions()]
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QLineEdit) and not w.text():
            out.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox):
            out += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
            if w.currentIndex() < 0:
                out.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QTabBar):
            out += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QProgressBar):
            out.append((name, w.text()))
        elif isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a list's model (QListWidget): one column, its columnCount() not callable
                columns = 1
            rows = model.rowCount(QModelIndex())
            for orientation, count, header in ((Qt.Horizontal, columns, getattr(w, "horizontalHeader", None)),
                                               (Qt.Vertical, rows, getattr(w, "verticalHeader", None))):
                if header is not None and header().isVisible():
                    out += [(f"{name} header", str(model.headerData(i, orientation, Qt.DisplayRole) or ""))
                            for i in range(count) if not header().isSectionHidden(i)]
            for r in range(min(rows, max_rows)):
                for c in range(columns):
                    value = model.data(model.index(r, c), Qt.DisplayRole)
                    if isinstance(value, str):
                        out.append((f"{name} cell", value))
        if isinstance(w, QAbstractSpinBox) and hasattr(w, "suffix"):
            out += [(f"{name} suffix", w.suffix()), (f"{name} prefix", w.prefix()),
                    (f"{name} special", w.specialValueText())]
        if type(w).__name__ == "QChartView" and w.chart() is not None:
            out += [(f"{name} chart", t) for t in chart_texts(w.chart())]
        if tooltips and w.toolTip():
            out.append((f"{name} tooltip", QTextDocumentFragment.fromHtml(w.toolTip()).toPlainText()))
    if isinstance(root, QMenu):
        out += [(f"{_name(root)} action", a.text().replace("&", "")) for a in root.actions()]
    return [(where, t) for where, t in out if t and t.strip()]


def chart_texts(chart) -> list[str]:
    out = [chart.title()]
    for axis in chart.axes():
        out.append(axis.titleText())
        if hasattr(axis, "categories"):
            out += list(axis.categories())
    for series in chart.series():
        out.append(series.name())
        if hasattr(series, "barSets"):
            out += [s.label() for s in series.barSets()]
        if hasattr(series, "slices"):
            out += [s.label() for s in series.slices()]
    return out


# -- cut off ---------------------------------------------------------------------------------------------------------


def _in_scroll_area(w: QWidget, root: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p.parentWidget(), QAbstractScrollArea) and p is p.parentWidget().viewport():
            return True
        p = p.parentWidget()
    return False


def cut_off(root: QWidget) -> list[str]:
    """Texts that do not fit the widget showing them, and widgets with text reaching out of the window."""
    out = []
    for w in visible(root):
        problem = None
        if isinstance(w, QLabel) and w.pixmap().isNull() and w.text().strip():
            problem = _label_cut(w)
        elif isinstance(w, QPushButton) and w.text().strip():
            problem = _button_cut(w)
        elif isinstance(w, (QCheckBox, QRadioButton)) and w.text().strip():
            need = w.sizeHint()
            if w.width() + 1 < need.width():
                problem = f"needs {need.width()} px wide, has {w.width()}"
        elif isinstance(w, QGroupBox) and w.title():
            need = w.fontMetrics().horizontalAdvance(w.title()) + 28
            if w.width() < need:
                problem = f"title needs {need} px, has {w.width()}"
        elif isinstance(w, QLineEdit) and not w.text() and w.placeholderText() and not isinstance(
                w.parentWidget(), (QAbstractSpinBox, QComboBox)):
            problem = _placeholder_cut(w)
        elif isinstance(w, QComboBox) and w.currentText():
            problem = _combo_cut(w)
        elif isinstance(w, QHeaderView):
            problem = _header_cut(w)
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                need = w.fontMetrics().horizontalAdvance(w.tabText(i)) + 16
                if w.tabRect(i).width() < need:
                    problem = f"tab {w.tabText(i)!r} needs {need} px, has {w.tabRect(i).width()}"
        if type(w).__name__ == "QChartView" and w.scene() is not None:
            labels = {item.toPlainText() for item in w.scene().items() if hasattr(item, "toPlainText")}
            elided = sorted(t for t in labels if t.rstrip().endswith(("...", "…")))
            if elided:
                problem = f"chart labels elided: {', '.join(elided)}"
        if problem is None and isinstance(w, _CONTROLS) and w is not root and not isinstance(
                w.parentWidget(), (QAbstractSpinBox, QComboBox, QLineEdit)) and (
                not _text_less(w) or isinstance(w, (QLineEdit, QComboBox, QAbstractSpinBox))):
            least = w.minimumSizeHint().expandedTo(w.minimumSize())
            if least.isValid() and (w.height() + 1 < least.height() or w.width() + 1 < least.width()):
                problem = (f"squeezed to {w.width()}×{w.height()}, below its least size {least.width()}×"
                           f"{least.height()}: the window is too small for its content")
        if problem:
            out.append(f"{_name(w)} {_shown(w)!r}: {problem}")
        if isinstance(w, (QLabel, QAbstractButton, QLineEdit, QComboBox)) and w is not root and w.isWindow() is False \
                and not _in_scroll_area(w, root) and not _text_less(w):
            rect = QRect(w.mapTo(root, w.rect().topLeft()), w.size())
            if not root.rect().adjusted(-1, -1, 1, 1).contains(rect):
                out.append(f"{_name(w)} {_shown(w)!r}: reaches out of the window ({rect.x()},{rect.y()} "
                           f"{rect.width()}×{rect.height()} in {root.width()}×{root.height()})")
    return out + _overlaps(root)


_CONTROLS = (QLabel, QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)


def _overlaps(root: QWidget) -> list[str]:
    """Controls of one parent lying over each other (a layout squeezed below what its content needs)."""
    out = []
    by_parent: dict[int, list[QWidget]] = {}
    for w in visible(root):
        if isinstance(w, _CONTROLS) and w is not root and w.parentWidget() is not None and not isinstance(
                w.parentWidget(), (QAbstractSpinBox, QComboBox, QLineEdit)) and not _in_scroll_area(w, root):
            by_parent.setdefault(id(w.parentWidget()), []).append(w)
    for widgets in by_parent.values():
        for i, a in enumerate(widgets):
            for b in widgets[i + 1:]:
                both = a.geometry().intersected(b.geometry())
                if both.width() > 2 and both.height() > 2:
                    out.append(f"{_name(a)} {_shown(a)!r} and {_name(b)} {_shown(b)!r} overlap by "
                               f"{both.width()}×{both.height()} px")
    return out


def _text_less(w: QWidget) -> bool:
    return not _shown(w).strip()


def _shown(w: QWidget) -> str:
    if isinstance(w, QLabel):
        return _plain(w)
    if isinstance(w, QAbstractButton):
        return _button_text(w)
    if isinstance(w, QLineEdit):
        return w.text() or w.placeholderText()
    if isinstance(w, QComboBox):
        return w.currentText()
    if isinstance(w, QHeaderView) and w.model() is not None:
        return " | ".join(str(w.model().headerData(i, w.orientation()) or "") for i in range(w.count()))
    return ""


def _label_cut(label: QLabel) -> str | None:
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"wrapped text needs {need} px high, has {label.height()}"
        room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
        fm = label.fontMetrics()
        for word in re.split(r"[\s\-/]+", _plain(label)):
            if word and fm.horizontalAdvance(word) > room + 1:
                return f"the word {word!r} needs {fm.horizontalAdvance(word)} px, the label has {room}"
        return None
    need = label.minimumSizeHint()
    if label.width() + 1 < need.width():
        return f"needs {need.width()} px wide, has {label.width()}"
    if label.height() + 1 < need.height():
        return f"needs {need.height()} px high, has {label.height()}"
    return None


def _button_cut(button: QPushButton) -> str | None:
    opt = QStyleOptionButton()
    button.initStyleOption(opt)
    contents = button.style().subElementRect(QStyle.SE_PushButtonContents, opt, button)
    text = button.fontMetrics().size(Qt.TextShowMnemonic, button.text())
    icon = 0 if button.icon().isNull() else button.iconSize().width() + 4
    if text.width() + icon > contents.width() + 1:
        return f"text needs {text.width() + icon} px, the button has {contents.width()} inside its padding"
    if text.height() > button.height() - 2:
        return f"text needs {text.height()} px high, the button is {button.height()}"
    return None


def _placeholder_cut(edit: QLineEdit) -> str | None:
    opt = QStyleOptionFrame()
    opt.initFrom(edit)
    opt.lineWidth = edit.style().pixelMetric(QStyle.PM_DefaultFrameWidth, opt, edit)
    room = edit.style().subElementRect(QStyle.SE_LineEditContents, opt, edit)
    margins = edit.textMargins()
    room_w = room.width() - margins.left() - margins.right() - 4  # QLineEdit's own 2 px each side
    if edit.isClearButtonEnabled():
        room_w -= 24
    need = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    if need > room_w + 1:
        return f"the hint needs {need} px, the field shows {room_w} (elided)"
    return None


def _combo_cut(combo: QComboBox) -> str | None:
    opt = QStyleOptionComboBox()
    opt.initFrom(combo)
    opt.editable = combo.isEditable()
    opt.currentText = combo.currentText()
    field_ = combo.style().subControlRect(QStyle.CC_ComboBox, opt, QStyle.SC_ComboBoxEditField, combo)
    need = combo.fontMetrics().horizontalAdvance(combo.currentText())
    if not combo.itemIcon(combo.currentIndex()).isNull():
        need += combo.iconSize().width() + 4
    if need > field_.width() + 1:
        return f"the choice needs {need} px, the box shows {field_.width()}"
    return None


def _header_cut(header: QHeaderView) -> str | None:
    model = header.model()
    if model is None:
        return None
    font = header.font()
    font.setWeight(font.Weight(600))  # QHeaderView::section { font-weight: 600; padding: 6px } (tresen.qss)
    fm = QFontMetrics(font)
    cut = []
    for i in range(header.count()):
        if header.isSectionHidden(i):
            continue
        text = str(model.headerData(i, header.orientation(), Qt.DisplayRole) or "")
        if not text:
            continue
        if header.orientation() == Qt.Horizontal:
            need, has = max(fm.horizontalAdvance(line) for line in text.split("\n")) + 12, header.sectionSize(i)
        else:
            need, has = max(fm.horizontalAdvance(line) for line in text.split("\n")) + 12, header.width()
        if need > has + 1:
            cut.append(f"{text!r} needs {need} px, has {has}")
    return "; ".join(cut) or None


def window_fit(root: QWidget, *, dialog: bool) -> list[str]:
    width, height = SCREEN
    if dialog:
        height -= TITLE_BAR
    out = []
    size, least = root.size(), root.minimumSizeHint()
    if size.width() > width or size.height() > height:
        out.append(f"the window is {size.width()}×{size.height()}: larger than {width}×{height}"
                   + (f" (1280×800 less a {TITLE_BAR} px title bar)" if dialog else ""))
    elif least.isValid() and (least.width() > width or least.height() > height):
        out.append(f"the window needs at least {least.width()}×{least.height()}: more than {width}×{height}")
    return out


# -- the tour ---------------------------------------------------------------------------------------------------------


@dataclass
class Shot:
    name: str
    png: Path
    german: list[German]
    cut: list[str]


class Tour:
    """Checks screens and collects what is wrong on each; `report()` lists it all."""

    def __init__(self, out_dir: Path, catalog: Catalog, mask: Mask):
        self.out_dir, self.catalog, self.mask = out_dir, catalog, mask
        self.shots: list[Shot] = []
        self.errors: list[str] = []

    def check(self, name: str, widget: QWidget, *, dialog: bool | None = None) -> Shot:
        """`widget`'s window as it is now: its PNG, its German, what is cut off."""
        QApplication.processEvents()
        root = widget.window()
        if dialog is None:
            dialog = isinstance(root, QDialog)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        png = self.out_dir / f"{name}.png"
        if not root.grab().save(str(png)):
            self.errors.append(f"{name}: the PNG was not saved")
        german, seen = [], set()
        for where, text in texts(root):
            for g in german_in(where, text, self.catalog, self.mask):
                if (g.text, g.what) not in seen:
                    seen.add((g.text, g.what))
                    german.append(g)
        cut = [] if PSEUDO else cut_off(root) + window_fit(root, dialog=dialog)
        shot = Shot(name, png, german, cut)
        self.shots.append(shot)
        return shot

    def error(self, name: str, text: str) -> None:
        self.errors.append(f"{name}: {text}")

    @property
    def failed(self) -> bool:
        return bool(self.errors or any(s.german or s.cut for s in self.shots))

    def report(self) -> str:
        """Per screen state, what is German or cut off; what an earlier state of the same tour already showed
        is not repeated (the sale screen's buttons are on every state of it)."""
        lines, said = [], set()
        for s in self.shots:
            new = [f"   German: {g}" for g in s.german] + [f"   Cut off: {c}" for c in s.cut]
            fresh = [line for line in new if line not in said]
            said.update(new)
            if fresh:
                lines.append(f"== {s.name} ({s.png})")
                lines += fresh
            elif new:
                lines.append(f"== {s.name}: as above ({len(new)})")
        lines += [f"!! {e}" for e in self.errors]
        return "\n".join(lines)


def modals(tour: Tour, trigger, steps, *, timeout_s: float = 10.0) -> list[QWidget]:
    """`trigger()` opens modal dialogs with exec() (it blocks until they close). For each dialog in turn, a step
    `(name, prepare, answer)`: `prepare(dialog)` (or None) sets it up, then it is checked as `name` (None: not
    checked), then `answer(dialog)` closes it (default: reject). A dialog beyond the steps is checked as
    "<name>-unexpected" and rejected (never left blocking the test). Returns the dialogs met."""
    seen: list[QWidget] = []
    start = time.monotonic()
    outer = QApplication.activeModalWidget()
    done = []

    def act() -> None:
        if done:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is outer or dialog in seen or not dialog.isVisible():
            if time.monotonic() - start < timeout_s:
                QTimer.singleShot(20, act)
            return
        seen.append(dialog)
        if len(seen) > len(steps):
            name = f"{(steps[-1][0] if steps else None) or 'modal'}-unexpected-{type(dialog).__name__}"
            tour.error(name, "a dialog the tour did not expect (checked and rejected)")
            prepare = answer = None
        else:
            name, prepare, answer = (list(steps[len(seen) - 1]) + [None, None])[:3]
        try:
            if prepare is not None:
                prepare(dialog)
            QApplication.processEvents()
            if name:
                tour.check(name, dialog, dialog=True)
        except Exception as exc:  # noqa: BLE001 - the tour goes on; the test fails with it
            tour.error(name or type(dialog).__name__, f"{type(exc).__name__}: {exc}")
        finally:
            try:
                (answer or (lambda d: d.reject()))(dialog)
            except Exception as exc:  # noqa: BLE001
                tour.error(name or type(dialog).__name__, f"answering it: {type(exc).__name__}: {exc}")
                dialog.reject()
        QTimer.singleShot(0, act)  # the next dialog of the chain, if any

    QTimer.singleShot(0, act)
    try:
        trigger()
        deadline = time.monotonic() + timeout_s
        while len(seen) < len(steps) and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
    finally:
        done.append(True)
    if len(seen) < len(steps):
        tour.error(steps[len(seen)][0] or "modal", f"expected {len(steps)} dialog(s), met {len(seen)}")
    return seen


class Watchdog:
    """Rejects a modal dialog still open after `limit_s` (a tour step that went wrong must not block the run)."""

    def __init__(self, tour: Tour, limit_s: float = 20.0):
        self.tour, self.limit_s = tour, limit_s
        self.since: dict[int, float] = {}
        self.timer = QTimer()
        self.timer.setInterval(500)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        first = self.since.setdefault(id(dialog), time.monotonic())
        if time.monotonic() - first > self.limit_s:
            self.tour.error(f"stuck-{type(dialog).__name__}", f"{dialog.windowTitle()!r} was left open; rejected")
            self.since.pop(id(dialog))
            dialog.reject() if hasattr(dialog, "reject") else dialog.close()

    def stop(self) -> None:
        self.timer.stop()


def popup(tour: Tour, name: str, menu: QMenu, at: QWidget) -> None:
    """A menu as the associate opens it, checked and closed again."""
    menu.popup(at.mapToGlobal(at.rect().topLeft()))
    QApplication.processEvents()
    tour.check(name, menu, dialog=False)
    menu.hide()
