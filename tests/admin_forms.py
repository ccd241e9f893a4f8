"""Turns an admin form page, as the server rendered it, into the POST an editor's browser sends.

Read from the HTML, not from the form object: a field the page never renders (a hidden field left
out of the fieldsets) is never sent, exactly as in a browser. Textareas are sent with CRLF line
endings, as browsers send them; unchecked boxes and disabled fields are not sent at all.
"""

import re
from html.parser import HTMLParser

from django.urls import reverse


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside the admin's main form (its id ends in "_form")
        self.pairs = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if self.depth or (a.get("id") or "").endswith("_form"):
                self.depth += 1
            return
        if not self.depth:
            return
        name = a.get("name")
        if not name or "disabled" in a:
            if tag == "option" and self.select is not None:
                self._option(a)
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value", "on")))
                return
            self.pairs.append((name, a.get("value", "")))
        elif tag == "select":
            self.select = {"name": name, "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "textarea":
            self.textarea = {"name": name, "text": ""}

    def _option(self, a):
        value = a.get("value", "")
        if self.select["first"] is None:
            self.select["first"] = value
        if "selected" in a:
            self.select["chosen"].append(value)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        elif tag == "select" and self.select is not None:
            select = self.select
            chosen = select["chosen"]
            if not chosen and not select["multiple"] and select["first"] is not None:
                chosen = [select["first"]]
            self.pairs += [(select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"]
            text = text[1:] if text.startswith("\n") else text  # HTML drops one leading newline
            self.pairs.append((self.textarea["name"], re.sub(r"\r?\n", "\r\n", text)))
            self.textarea = None


def admin_form_data(response):
    """The main form with its inline formsets, as the rendered page would submit it: a dict of
    name -> value, or a list of values for a name sent more than once."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.pairs:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    data.pop("csrfmiddlewaretoken", None)  # the test client does not check it
    return data


def correction_form_data(response, reason="Corrected in a test."):
    """The same, with the reason readers see when an edit corrects what is published (ignored
    by forms that do not ask for one)."""
    return {**admin_form_data(response), "correction": reason}


def change_url(obj):
    """The admin change page of `obj`."""
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def save_change_form(client, obj, **changes):
    """Open `obj`'s change page, change the fields named, and post it as the browser would."""
    url = change_url(obj)
    data = admin_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)
