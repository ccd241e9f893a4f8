"""Turns an admin form page, as the test client rendered it, into the POST an editor's browser sends."""


def _field_data(form, data):
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        key = bound.html_name
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is None:
            data[key] = ""
        else:
            data[key] = str(value)


def admin_form_data(response):
    """The main form and every inline formset, with their management forms, as first shown."""
    data = {}
    _field_data(response.context["adminform"].form, data)
    # simple-history's revert page shows no inlines; the change page does.
    inlines = response.context.get("inline_admin_formsets") or []
    for inline in inlines:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management[name].html_name] = str(management[name].value())
        for form in formset.forms:
            _field_data(form, data)
    return data
