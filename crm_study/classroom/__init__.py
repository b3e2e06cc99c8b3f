"""The kit at class scale: notebooks into each user's home, progress exports, the class report.

Students run ``crm-study progress export``; the instructor collects the files in one
folder and runs ``crm-study class report FOLDER``. On a JupyterHub each user's server
gets the notebooks with ``crm-study notebooks copy`` (see ``deploy/README.md``).
"""
from __future__ import annotations

from .distribute import copy_notebooks, gitpuller_link
from .item_analysis import analyse, chapter_mastery, first_attempts, item_statistics, tag_statistics
from .records import export_progress, read_exports, synthetic_class, write_exports
from .report import plot_chapter_mastery, plot_items, plot_missed_tags, report_html, report_table, write_report

__all__ = ["copy_notebooks", "gitpuller_link", "export_progress", "read_exports", "synthetic_class", "write_exports",
           "first_attempts", "item_statistics", "tag_statistics", "chapter_mastery", "analyse",
           "plot_items", "plot_chapter_mastery", "plot_missed_tags", "report_table", "report_html", "write_report"]
