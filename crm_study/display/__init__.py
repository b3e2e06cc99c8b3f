"""The display layer: matplotlib set-up and diagram helpers (``plotting``) and the try-it
panel base class (``widgets``), and :class:`WidgetText`, which every widget of the kit mixes in.
Imported only when a chart or panel is asked for."""

__all__ = ["WidgetText"]


class WidgetText:
    """Mixin for the kit's widgets: the widget view plus the class's readable ``repr`` as ``text/plain``.

    The class sets ``widget`` (the ipywidgets box) and defines ``__repr__``, its own text. A live
    notebook draws the widget; a committed notebook, whose widget reference the builder removes
    (:func:`crm_study.nbbuild._static_widgets`), shows the text instead of a dead widget. It lives
    here, not in ``widgets``, so that the quiz and the flashcards do not load the chapter-04 panel.
    """

    def _repr_mimebundle_(self, **kwargs):
        bundle = dict(self.widget._repr_mimebundle_(**kwargs))
        bundle["text/plain"] = repr(self)
        return bundle
