"""The class-scale subcommands of ``crm-study``: ``progress export``, ``class report``, ``notebooks copy``.

    crm-study progress export [--out FILE] [--student NAME] [--pseudonymise [--salt TEXT]]
    crm-study class report FOLDER [--out report.html] [--lang zh|en] [--top N] [--min-students N]
    crm-study notebooks copy DEST [--lang zh|en] [--overwrite]
"""
from __future__ import annotations

import argparse

__all__ = ["register", "copy"]


def _export(args) -> int:
    from ..i18n import text
    from .records import export_progress

    path = export_progress(args.out, student=args.student, pseudonymise=args.pseudonymise, salt=args.salt)
    print(text(en="wrote {p}: hand this file to your instructor.", zh="已写入 {p}：请把这个文件交给任课教师。", p=path))
    return 0


def _report(args) -> int:
    from ..i18n import text
    from .report import write_report

    path = write_report(args.folder, args.out, lang=args.lang, top=args.top, min_students=args.min_students)
    print(text(en="wrote {p}", zh="已写入 {p}", p=path, lang=args.lang))
    return 0


def copy(args) -> int:
    """``crm-study notebooks copy DEST``: the notebooks and quiz pages into a user's folder."""
    from ..errors import ArgumentError
    from ..i18n import text
    from .distribute import copy_notebooks

    if len(args.sources) != 1:
        raise ArgumentError(text(en="notebooks copy: give one destination folder, e.g. crm-study notebooks copy ~/crm-study",
                                 zh="notebooks copy：请给出一个目标文件夹，例如 crm-study notebooks copy ~/crm-study"))
    written, kept = copy_notebooks(args.sources[0], lang=args.lang, overwrite=args.overwrite)
    print(text(en="{w} notebook(s) written to {d}; {k} already there and kept (--overwrite replaces them).",
               zh="已向 {d} 写入 {w} 个笔记本；{k} 个已存在，保持不变（加 --overwrite 可覆盖）。",
               w=len(written), k=len(kept), d=args.sources[0]))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``progress`` and ``class`` to the ``crm-study`` parser."""
    progress = subparsers.add_parser("progress", help="export your quiz progress for your instructor")
    progress.add_argument("action", choices=["export"])
    progress.add_argument("--out", default="crm-study-progress.csv", help="file to write; default crm-study-progress.csv")
    progress.add_argument("--student", help="your name or student number (default: your login name)")
    progress.add_argument("--pseudonymise", action="store_true",
                          help="replace the name by a pseudonym and leave out typed answers")
    progress.add_argument("--salt", default="", help="the class code your instructor gave for pseudonyms")
    progress.set_defaults(func=_export)
    klass = subparsers.add_parser("class", help="instructor: a report over the students' progress exports")
    klass.add_argument("action", choices=["report"])
    klass.add_argument("folder", help="folder holding the students' export files (*.csv)")
    klass.add_argument("--out", default="class-report.html", help="HTML file to write; default class-report.html")
    klass.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the report; default zh")
    klass.add_argument("--top", type=int, default=10, help="how many most-missed items and tags to list; default 10")
    klass.add_argument("--min-students", type=int, default=5,
                       help="only items tried by at least this many students count as most-missed; default 5")
    klass.set_defaults(func=_report)
