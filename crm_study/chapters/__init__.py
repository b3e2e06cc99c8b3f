"""Chapter helpers, one module per chapter (``chNN_topic``): diagrams, try-it panels and the
worked-example functions a chapter notebook calls; ``plan`` holds the chapter list."""
from .plan import CHAPTERS, chapters, table_of_contents

__all__ = ["CHAPTERS", "chapters", "table_of_contents"]
