"""The quiz subcommands of ``crm-study``: ``check``, ``exam`` and ``export``.

    crm-study check [PATH]                      # validate every bank; exit 1 on any problem
    crm-study exam [--seed N] [--lang zh|en] [--blueprint FILE] [--bank PATH] [--out DIR]
    crm-study export --format gift [--bank PATH] [--out FILE] [--lang zh|en]
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
    from .paper import build_exam, write_exam

    out = Path(_out(args.out, "folder"))
    if out.exists() and not out.is_dir():
        raise ArgumentError(text(en="--out {p} is a file; exam writes a folder. Choose another name.",
                                 zh="--out {p} 是一个文件；exam 需要输出到文件夹。请换一个名称。", p=out))
    exam = build_exam(args.blueprint, bank=load_bank(args.bank), seed=args.seed)
    for path in write_exam(out, exam, lang=args.lang):
        print(text(en="wrote {p}", zh="已写入 {p}", p=path, lang=args.lang))
    return 0


def _export(args) -> int:
    from ..i18n import text

    if args.format == "anki":
        from ..revision.flashcards import write_anki, write_csv

        out = write_anki(args.out, lang=args.lang)
        for path in (out, write_csv(out.with_suffix(".csv"))):
            print(text(en="wrote {p}", zh="已写入 {p}", p=path, lang=args.lang))
        return 0
    from .bank import load_bank
    from .export import to_gift

    gift, skipped = to_gift(load_bank(args.bank), lang=args.lang)
    out = Path(_out(args.out, "file"))
    if out.is_dir():
        from ..errors import ArgumentError

        raise ArgumentError(text(en="--out {p} is a folder; name a file such as quiz.gift.txt.",
                                 zh="--out {p} 是文件夹；请给出文件名，如 quiz.gift.txt。", p=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(gift, encoding="utf-8", newline="\n")
    print(text(en="wrote {p}", zh="已写入 {p}", p=out, lang=args.lang))
    for item_id, reason in skipped:
        print(text(en="skipped {i}: {r}", zh="跳过 {i}：{r}", i=item_id, r=reason, lang=args.lang))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``check``, ``exam`` and ``export`` to the ``crm-study`` parser."""
    check = subparsers.add_parser("check", help="validate the question banks (ids, languages, answers, keypoints)")
    check.add_argument("path", nargs="?", help="a bank file or folder (default: the kit's quizzes/)")
    check.set_defaults(func=_check)
    exam = subparsers.add_parser("exam", help="build a seeded mock paper and its answer key (HTML and Markdown)")
    exam.add_argument("--seed", type=int, default=0, help="which paper (same seed, same paper); default 0")
    exam.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the paper; default zh")
    exam.add_argument("--blueprint", help="layout YAML (default: quizzes/blueprints/seed000.yaml)")
    exam.add_argument("--bank", help="bank file or folder (default: the kit's quizzes/)")
    exam.add_argument("--out", default="exam-out", help="output folder; default exam-out/")
    exam.set_defaults(func=_exam)
    export = subparsers.add_parser("export", help="export the banks for a learning platform (Moodle GIFT)")
    export.add_argument("--format", choices=["gift", "anki"], required=True,
                        help="gift (Moodle) or anki (flashcard deck .apkg + .csv)")
    export.add_argument("--bank", help="bank file or folder (default: the kit's quizzes/)")
    export.add_argument("--out", default="quiz.gift.txt", help="output file; default quiz.gift.txt")
    export.add_argument("--lang", choices=["zh", "en"], default=None, help="language (default: the active one)")
    export.set_defaults(func=_export)
