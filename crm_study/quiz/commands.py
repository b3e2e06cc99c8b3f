"""The quiz subcommands of ``crm-study``: ``check``, ``exam`` and ``export``.

    crm-study check [PATH]                      # validate every bank; exit 1 on any problem, 2 on a usage mistake
    crm-study exam [--paper N] [--lang zh|en] [--blueprint FILE|layout_a|layout_b] [--version A B]
                   [--bank PATH ...] [--out DIR] [--no-pdf]
    crm-study export --format moodle|gift [--bank PATH ...] [--out FILE] [--lang zh|en]
    crm-study export --format anki --out FILE.apkg [--lang zh|en]   # flashcards, plus FILE.csv
"""
from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["register"]


def _check(args) -> int:
    from ..i18n import text
    from .bank import banks_dir, check_banks

    path = Path(args.path) if args.path else banks_dir()
    n, problems = check_banks(path)
    for p in problems:
        print(p)
    if problems:
        print(text(en="{k} problem(s) found in {p}.", zh="在 {p} 中发现 {k} 处问题。", k=len(problems), p=path))
        return 1
    print(text(en="{n} items in {p}: all banks are valid.", zh="{p} 中共 {n} 道题：所有题库均有效。", n=n, p=path))
    return 0


def _out(value: str, what: str) -> str:
    from ..errors import ArgumentError
    from ..i18n import text

    if not value.strip():
        raise ArgumentError(text(en="--out is empty; name the output {w}.", zh="--out 为空；请给出输出{z}。",
                                 w=what, z={"folder": "文件夹", "file": "文件"}[what]))
    return value


def _exam(args) -> int:
    from ..errors import ArgumentError
    from ..i18n import text
    from .bank import load_bank
    from .paper import build_exam, find_browser, write_exam

    out = Path(_out(args.out, "folder"))
    if out.exists() and not out.is_dir():
        raise ArgumentError(text(en="--out {p} is a file; exam writes a folder. Choose another name.",
                                 zh="--out {p} 是一个文件；exam 需要输出到文件夹。请换一个名称。", p=out))
    bank = load_bank(args.bank or None)
    pdf = not args.no_pdf and find_browser() is not None
    for version in args.version or [""]:
        exam = build_exam(args.blueprint, bank=bank, seed=args.seed, version=version)
        for path in write_exam(out, exam, lang=args.lang, pdf=pdf):
            print(text(en="wrote {p}", zh="已写入 {p}", p=path, lang=args.lang))
    if not pdf and not args.no_pdf:
        print(text(en="no Chromium/Chrome found: open paper.html in a browser and print it (A4, no headers and footers).",
                   zh="未找到 Chromium/Chrome 浏览器：请在浏览器中打开 paper.html 打印（A4，不加页眉页脚）。", lang=args.lang))
    return 0


def _export(args) -> int:
    from ..i18n import text

    if args.format == "anki":
        from ..revision.flashcards import write_anki, write_csv

        out = write_anki(args.out if args.out is not None else "flashcards.apkg", lang=args.lang)
        for path in (out, write_csv(out.with_suffix(".csv"))):
            print(text(en="wrote {p}", zh="已写入 {p}", p=path, lang=args.lang))
        return 0
    from .bank import load_bank
    from .export import to_gift, to_moodle_xml

    convert = to_moodle_xml if args.format == "moodle" else to_gift
    body, skipped = convert(load_bank(args.bank or None), lang=args.lang)
    default = "quiz.moodle.xml" if args.format == "moodle" else "quiz.gift.txt"
    out = Path(_out(args.out if args.out is not None else default, "file"))
    if out.is_dir():
        from ..errors import ArgumentError

        raise ArgumentError(text(en="--out {p} is a folder; name a file such as {d}.",
                                 zh="--out {p} 是文件夹；请给出文件名，如 {d}。", p=out, d=default))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(body, encoding="utf-8", newline="\n")
    print(text(en="wrote {p}", zh="已写入 {p}", p=out, lang=args.lang))
    for item_id, reason in skipped:
        print(text(en="skipped {i}: {r}", zh="跳过 {i}：{r}", i=item_id, r=reason, lang=args.lang))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``check``, ``exam`` and ``export`` to the ``crm-study`` parser."""
    check = subparsers.add_parser("check", help="validate the question banks (ids, languages, answers, keypoints); "
                                                "exit 1 when a bank has problems")
    check.add_argument("path", nargs="?", help="a bank file or folder (default: the kit's quizzes/)")
    check.set_defaults(func=_check)
    exam = subparsers.add_parser("exam", help="build a mock paper and its answer key (HTML, Markdown and, with Chromium, PDF)")
    exam.add_argument("--paper", "--seed", dest="seed", type=int, default=0,
                      help="paper number (the same number gives the same paper); default 0")
    exam.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the paper; default zh")
    exam.add_argument("--blueprint", help="layout: a YAML file or layout_a / layout_b (default layout_a)")
    exam.add_argument("--version", nargs="+", metavar="LETTER",
                      help="versions with shuffled item and option order, e.g. --version A B")
    exam.add_argument("--bank", nargs="+", help="bank files or folders, combined (default: the kit's quizzes/)")
    exam.add_argument("--out", default="exam-out", help="output folder; default exam-out/")
    exam.add_argument("--no-pdf", action="store_true", help="skip the PDFs even when Chromium/Chrome is installed")
    exam.set_defaults(func=_exam)
    export = subparsers.add_parser("export", help="export the banks: Moodle XML or GIFT, or an Anki flashcard deck")
    export.add_argument("--format", choices=["moodle", "gift", "anki"], required=True,
                        help="moodle (Moodle XML), gift (Moodle GIFT) or anki (flashcard deck .apkg + .csv)")
    export.add_argument("--bank", nargs="+", help="bank files or folders, combined (default: the kit's quizzes/)")
    export.add_argument("--out", help="output file; default quiz.moodle.xml, quiz.gift.txt or flashcards.apkg")
    export.add_argument("--lang", choices=["zh", "en"], default=None, help="language (default: the active one)")
    export.set_defaults(func=_export)
