"""Reading the admin home (the desk) as a person would: which panels, what each one says."""

from html.parser import HTMLParser

from django.urls import reverse

VOID = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Element(HTMLParser):
    """The text and links inside the element with one id, or inside every `.dashboard-panel`."""

    def __init__(self, element_id=None):
        super().__init__(convert_charrefs=True)
        self.element_id, self.depth = element_id, 0
        self.text, self.links, self.panel_ids = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "dashboard-panel" in (attrs.get("class") or "").split():
            self.panel_ids.append(attrs.get("id"))
        if self.depth:
            self.depth += tag not in VOID
            if tag == "a":
                self.links.append(attrs.get("href"))
        elif self.element_id and attrs.get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def _parse(html, element_id=None):
    parser = _Element(element_id)
    parser.feed(html)
    return parser


def desk(client, user):
    """The admin home as `user` sees it (HTML)."""
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def panels(html):
    """The ids of the panels on the page, in order."""
    return _parse(html).panel_ids


def text(html, element_id):
    """The visible text of one element, whitespace collapsed ("" when it is not there)."""
    return " ".join("".join(_parse(html, element_id).text).split())


def links(html, element_id):
    """The addresses linked from one element."""
    return _parse(html, element_id).links
