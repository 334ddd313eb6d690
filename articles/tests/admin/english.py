"""Finding English interface text in an admin page.

The page's visible text (and the attributes a user reads: placeholder, title, aria-label,
button values) is searched for words and phrases of Django's and its add-ons' English
interface. Article text, names and data are Vietnamese in the tests, so any hit is interface.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Whole words or phrases of the English admin interface (Django, taggit, simple-history,
# the body editor). Case-sensitive where a lower-case word could be data.
ENGLISH_UI = [
    "Show counts",
    "Hide counts",
    "Password-based authentication",
    "After you've created a user",
    "After you’ve created a user",
    "Raw passwords",
    "Enabled",
    "Disabled",
    "Choose all",
    "Remove all",
    "Heading",
    "Paragraph",
    "comma-separated",
    "Tags",
    "Add another",
    "Save and",
    "Save as new",
    "Delete",
    "Change",
    "History",
    "Search",
    "Filter",
    "Choose",
    "Select",
    "Today",
    "Now",
    "Clear",
    "Home",
    "Log out",
    "Username",
    "Password",
    "Enter",
    "Required",
    "Unknown",
    "None",
    "Yes",
    "No",
    "All",
    "Add",
    "View",
    "Close",
    "Cancel",
    "Insert",
    "Image",
    "Link",
    "Bold",
    "Italic",
    "Undo",
    "Redo",
    "Quote",
    "results",
    "selected",
    "Toggle",
]
_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_UI)) + r")(?![\w-])")
_READ_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
_SKIPPED = {"script", "style", "template", "textarea"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skip += 1
        values = dict(attrs)
        for name in _READ_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def english_where(html: str) -> list[tuple[str, str]]:
    """(word, the text it stands in) for each English interface word in a page."""
    parser = _Text()
    parser.feed(html)
    return [
        (match.group(1), " ".join(part.split())[:100])
        for part in parser.parts
        for match in _PATTERN.finditer(part)
    ]


def english_in(html: str) -> list[str]:
    """The English interface words and phrases in a page, each once, in order found."""
    return list(dict.fromkeys(word for word, _ in english_where(html)))
