"""What a page shows of the extensions higher apps registered for it (grid panels, dossier sections), so that
the lower app never imports them."""


def shown(extensions, request, obj):
    """[{"template_name", "context"}] for the registered extensions with something to show for `obj`: each one's
    context(request, obj), None meaning nothing, in the order registered."""
    panels = []
    for extension in extensions:
        context = extension.context(request, obj)
        if context is not None:
            panels.append({"template_name": extension.template_name, "context": context})
    return panels
