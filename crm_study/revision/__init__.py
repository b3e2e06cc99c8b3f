"""Revision: the exam layer built from the banks and the glossary, so every view agrees.

``exam_points`` (考点速记 / Exam essentials of each chapter), ``past_paper_page`` (往年真题 page),
``booklet`` (printable HTML/Markdown/PDF, ``crm-study booklet``), ``flashcards`` (cards, the
flashcard widget, Anki export), ``layout`` (the shared Markdown/HTML renderer).

>>> import crm_study as crm
>>> crm.revision.essentials("04")           # doctest: +SKIP
>>> crm.revision.Flashcards(chapter="04")   # doctest: +SKIP
"""
from __future__ import annotations

from .exam_points import chapter_essentials, essentials
from .flashcards import Flashcards, cards, write_anki
from .past_paper_page import past_papers

__all__ = ["essentials", "chapter_essentials", "past_papers", "Flashcards", "cards", "write_anki"]
