"""The ``crm-study`` command: datasets, notebooks, the quiz tools (check, exam, export) and the class tools."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .errors import ArgumentError, CRMStudyError
from .i18n import env_language, get_language, text
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
    missing = [str(p) for p in srcs if not p.is_file()]
    if missing:  # said before Jupyter's libraries load, which takes seconds
        raise ArgumentError(text(en="notebooks {a}: {m} does not exist; pass a source such as notebooks/_src/04_customer_value.md.",
                                 zh="notebooks {a}：{m} 不存在；请给出源文件，如 notebooks/_src/04_customer_value.md。",
                                 a=args.action, m=", ".join(missing)))
    if args.action == "check":
        problems = [p for s in srcs for p in nbbuild.out_of_date(s)]
        print("\n".join(problems) or f"{len(srcs)} notebook sources, all in sync")
        return 1 if problems else 0
    for src in srcs:
        for out in nbbuild.build(src, execute=not args.no_execute):
            print(f"wrote {out}")
    return 0


EXIT_CODES = """exit codes / 退出码:
  0  done / 完成
  1  a check found problems, listed one per line (check, notebooks check)
     检查发现问题，逐行列出（check、notebooks check）
  2  a usage mistake: bad option, missing or unwritable file, unreadable bank or blueprint,
     unknown language (--lang, CRM_STUDY_LANG); one line on stderr, in the active language
     用法错误：选项有误、文件缺失或无法写入、题库或蓝图无法读取、未知语言（--lang、CRM_STUDY_LANG）；
     在标准错误输出一行说明（当前语言）"""

# argparse's own messages, as the active language says them: (English pattern, Chinese wording)
_ARGPARSE_ZH = [
    (r"argument (?P<a>[^:]+): invalid choice: (?P<v>.+) \(choose from (?P<c>.+)\)", "参数 {a} 的取值 {v} 无效（可选：{c}）"),
    (r"argument (?P<a>[^:]+): invalid int value: (?P<v>.+)", "参数 {a} 的取值 {v} 不是整数"),
    (r"argument (?P<a>[^:]+): invalid float value: (?P<v>.+)", "参数 {a} 的取值 {v} 不是数字"),
    (r"argument (?P<a>[^:]+): expected one argument", "参数 {a} 后面需要一个值"),
    (r"argument (?P<a>[^:]+): expected at least one argument", "参数 {a} 后面至少需要一个值"),
    (r"argument (?P<a>[^:]+): not allowed with argument (?P<v>.+)", "参数 {a} 不能与 {v} 同时使用"),
    (r"argument (?P<a>[^:]+): ignored explicit argument (?P<v>.+)", "参数 {a} 不接受取值 {v}"),
    (r"unrecognized arguments: (?P<v>.+)", "无法识别的参数：{v}"),
    (r"the following arguments are required: (?P<v>.+)", "缺少必需的参数：{v}"),
    (r"one of the arguments (?P<v>.+) is required", "需要以下参数之一：{v}"),
    (r"ambiguous option: (?P<a>\S+) could match (?P<v>.+)", "选项 {a} 有歧义，可能是：{v}"),
]


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose mistakes end in one line in the active language (exit code 2)."""

    def error(self, message: str):
        where = self.prog.removeprefix("crm-study").strip()
        commands = next((a.choices for a in self._actions if isinstance(a, argparse._SubParsersAction)), None)
        if commands and message.endswith(": command"):  # `crm-study` alone
            line = text(en="a command is required: {c}; crm-study --help describes them.",
                        zh="需要给出命令：{c}；crm-study --help 说明了各个命令。", c=", ".join(commands))
        else:
            said = message
            if get_language() == "zh":
                for pattern, zh in _ARGPARSE_ZH:
                    found = re.fullmatch(pattern, message)
                    if found:
                        said = zh.format(**found.groupdict())
                        break
            line = (f"{where}: " if where else "") + said + text(en="; see {p} --help.", zh="；用法见 {p} --help。",
                                                                 p=self.prog)
        self.exit(2, f"crm-study: {line}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="crm-study", description="CRM study kit tools / 客户关系管理学习工具", epilog=EXIT_CODES,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
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


def _one_line(exc: Exception, args) -> str:
    """A multi-line message (a bank with several problems) as one line: the first problem, the count,
    and the command that lists them all."""
    lines = [line.strip().removeprefix("- ") for line in str(exc).splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else type(exc).__name__
    from .quiz.bank import QuizFormatError

    if isinstance(exc, QuizFormatError):
        command = " ".join(["crm-study check", *(getattr(args, "bank", None) or [])])
        return text(en="{first} ({k} problem(s) in all; `{c}` lists every one).",
                    zh="{first}（共 {k} 处问题；`{c}` 会逐条列出）。", first=lines[1], k=len(lines) - 1, c=command)
    return " ".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run one command. A user mistake (bad option, missing or unwritable file, malformed bank,
    unknown language in ``--lang`` or ``$CRM_STUDY_LANG``) prints one line in the active language and
    returns 2; a check that finds problems (``check``, ``notebooks check``) lists them and returns 1."""
    try:
        env_language()
    except ArgumentError as exc:
        return _fail(str(exc))
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except (CRMStudyError, ValueError) as exc:  # the kit's errors carry readable messages
        return _fail(_one_line(exc, args))
    except OSError as exc:  # missing file, a folder in the way, no permission, disk full
        return _fail(text(en="cannot use {f}: {e}.", zh="无法使用 {f}：{e}。",
                          f=exc.filename or getattr(args, "out", None) or "-", e=exc.strerror or exc))
    except RecursionError:
        return _fail(text(en="the input is nested too deeply to read.", zh="输入的嵌套层数过多，无法读取。"))


if __name__ == "__main__":
    sys.exit(main())
