"""The display layer: matplotlib set-up and diagram helpers (``plotting``) and the try-it
panel base class (``widgets``). Imported only when a chart or panel is asked for."""
