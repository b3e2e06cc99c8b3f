"""The ``crm-study`` command: datasets, notebooks, the quiz tools (check, exam, export) and the class tools."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ArgumentError, CRMStudyError
from .i18n import env_language, text
from .resources import repo_root

__all__ = ["main"]

ROOT = repo_root()


def _data(args) -> int:
    from .data import datasets

    if args.name and args.action != "regenerate":
        raise ArgumentError(text(en="data {a}: takes no dataset name (got {n!r}).",
                                 zh="data {a}：不接受数据集名称（收到 {n!r}）。", a=args.action, n=args.name))
    if args.action == "list":
        print(datasets.list_datasets().to_string())
    elif args.action == "regenerate":
        for path in datasets.regenerate(args.name):
            print(f"wrote {path}")
    else:
        target = datasets.data_dir() / "README.md"
        target.write_text(datasets.readme_text(), encoding="utf-8")
        print(f"wrote {target}")
    return 0


def _notebooks(args) -> int:
    from . import nbbuild

    if args.action == "copy":
        from .classroom import class_commands

        return class_commands.copy(args)
    srcs = [Path(p) for p in args.sources] or nbbuild.sources(ROOT)
    if args.action == "check":
        problems = [p for s in srcs for p in nbbuild.out_of_date(s)]
        print("\n".join(problems) or f"{len(srcs)} notebook sources, all in sync")
        return 1 if problems else 0
    for src in srcs:
        for out in nbbuild.build(src, execute=not args.no_execute):
            print(f"wrote {out}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm-study", description="CRM study kit tools / 客户关系管理学习工具")
    sub = parser.add_subparsers(dest="command", required=True)
    data = sub.add_parser("data", help="list, regenerate or document the datasets")
    data.add_argument("action", choices=["list", "regenerate", "readme"])
    data.add_argument("name", nargs="?", help="one dataset (default: all)")
    data.set_defaults(func=_data)
    nbs = sub.add_parser("notebooks", help="build the en/zh notebooks from their sources, or copy them to a folder")
    nbs.add_argument("action", choices=["build", "check", "copy"])
    nbs.add_argument("sources", nargs="*", help="source files (default: every notebooks/_src and quizzes/_src); "
                                               "for copy: the destination folder")
    nbs.add_argument("--no-execute", action="store_true", help="write without running the cells")
    nbs.add_argument("--lang", choices=["zh", "en"], help="copy: one language only (default: both)")
    nbs.add_argument("--overwrite", action="store_true", help="copy: replace notebooks already in the folder")
    nbs.set_defaults(func=_notebooks)
    from .quiz import commands as quiz_cli

    quiz_cli.register(sub)
    from .classroom import class_commands

    class_commands.register(sub)
    from .revision import booklet

    booklet.register(sub)
    return parser


def _fail(message: str) -> int:
    print(f"crm-study: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run one command. A user mistake (bad option, missing or unwritable file, malformed bank,
    unknown ``$CRM_STUDY_LANG``) prints one message in the active language and returns 2."""
    try:
        env_language()
    except ArgumentError as exc:
        return _fail(str(exc))
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (CRMStudyError, ValueError) as exc:  # the kit's errors carry readable messages
        return _fail(str(exc))
    except OSError as exc:  # missing file, a folder in the way, no permission, disk full
        return _fail(text(en="cannot use {f}: {e}.", zh="无法使用 {f}：{e}。",
                          f=exc.filename or getattr(args, "out", None) or "-", e=exc.strerror or exc))
    except RecursionError:
        return _fail(text(en="the input is nested too deeply to read.", zh="输入的嵌套层数过多，无法读取。"))


if __name__ == "__main__":
    sys.exit(main())
