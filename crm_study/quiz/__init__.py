"""Quizzes: question banks in YAML, a fair auto-grader with feedback, a progress store, mock papers.

>>> from crm_study import quiz
>>> bank = quiz.load_bank()                       # doctest: +SKIP
>>> quiz.grade(bank["ch04-tf-001"], "×").score    # doctest: +SKIP
1.5
>>> quiz.show(bank.select(chapter="04"), n=10, seed=1)   # doctest: +SKIP

Modules: ``bank`` (format and loading), ``normalise`` (reading responses), ``grading``,
``progress`` (SQLite store, Leitner review, mastery), ``widget`` (ipywidgets quiz),
``paper`` (mock exams by blueprint, A4 HTML/PDF), ``export`` (Moodle XML and GIFT), ``commands`` (check / exam / export).
``show``, ``review`` and ``plot_mastery`` import ipywidgets / matplotlib only when called.
"""
from __future__ import annotations

from .bank import (TEXT_TYPES, TYPES, Bank, Item, Keypoint, QuizFormatError, UnknownItemError, banks_dir,
                   case_data, check_banks, default_tolerance, load_bank)
from .export import to_gift, to_moodle_xml
from .marking import Result, checklist, grade, grade_references, reference_response
from .paper import Exam, build_exam, load_blueprint, render_exam, write_exam
from .progress import ProgressStore, ProgressStoreError, mastery, plot_mastery, store_path
from .widget import Quiz, review, show, show_exam

__all__ = [
    "TYPES", "TEXT_TYPES", "Bank", "Item", "Keypoint", "Result", "Exam", "Quiz", "QuizFormatError", "UnknownItemError",
    "ProgressStoreError", "ProgressStore", "banks_dir", "load_bank", "check_banks", "default_tolerance",
    "grade", "checklist", "reference_response", "grade_references", "show", "review", "show_exam", "mastery",
    "plot_mastery", "store_path", "case_data",
    "load_blueprint", "build_exam", "render_exam", "write_exam", "to_gift", "to_moodle_xml",
]
