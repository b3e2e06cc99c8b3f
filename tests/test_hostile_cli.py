"""Hostile and careless use of the ``crm-study`` command, of ``kit.py`` and of language codes
(review 2026-12, part 2, cases C01–C18, K01 and L01–L05).

Every user mistake ends in one line in the active language and exit code 2, never a Python
traceback; a check that finds problems lists them and exits 1; unknown language codes are
refused everywhere.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import crm_study as crm
from crm_study import i18n
from crm_study.cli import main
from crm_study.errors import ArgumentError


def cli(*args, lang="en", env=None, cwd=None):
    """Run ``crm-study`` in a child process; returns (exit code, stdout, stderr)."""
    full_env = dict(os.environ, CRM_STUDY_LANG=lang, **(env or {}))
    out = subprocess.run([sys.executable, "-m", "crm_study.cli", *args], capture_output=True, text=True,
                         env=full_env, cwd=cwd, timeout=120)
    return out.returncode, out.stdout, out.stderr


def one_line_error(rc, err, match):
    assert rc == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("crm-study: "), err
    assert match in lines[0], err


# --------------------------------------------------------------------------- C01–C05 argparse mistakes

def usage_mistake(args, capsys, match):
    """``main(args)`` ends in exit code 2 and one line on stderr holding ``match``."""
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.count("\n") == 1 and err.startswith("crm-study: "), err
    assert match in err, err


@pytest.mark.parametrize("args, en, zh", [
    ((), "a command is required: data, notebooks, check", "需要给出命令：data, notebooks, check"),
    (("nosuch",), "argument command: invalid choice: 'nosuch'", "参数 command 的取值 'nosuch' 无效")],
    ids=["no-command", "unknown-command"])
def test_c01_missing_or_unknown_command(args, capsys, lang, en, zh):
    usage_mistake(args, capsys, en if lang == "en" else zh)


def test_c02_negative_seed(tmp_path):
    rc, _, err = cli("exam", "--seed", "-1", "--out", str(tmp_path / "o"))
    one_line_error(rc, err, "seed = -1")


@pytest.mark.parametrize("seed", ["abc", "1.5"])
def test_c03_seed_that_is_not_an_integer(seed, capsys, lang):
    usage_mistake(["exam", "--seed", seed], capsys, f"invalid int value: '{seed}'" if lang == "en" else f"'{seed}' 不是整数")


def test_c04_huge_seed_works(tmp_path):
    assert main(["exam", "--seed", "99999999999999999999999", "--no-pdf", "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "paper.html").is_file()


LANG_FR = {  # every command, with --lang fr
    "exam": ("exam", "--lang", "fr"), "export": ("export", "--format", "gift", "--lang", "fr"),
    "booklet": ("booklet", "--lang", "fr"), "class": ("class", "report", "x", "--lang", "fr"),
    "notebooks-copy": ("notebooks", "copy", "x", "--lang", "fr"), "check": ("check", "--lang", "fr"),
    "data": ("data", "list", "--lang", "fr"), "progress": ("progress", "export", "--lang", "fr"),
}


@pytest.mark.parametrize("command", list(LANG_FR), ids=[f"C05-{c}" for c in LANG_FR])
def test_c05_lang_fr_on_every_command_is_one_line(command, capsys, lang):
    args = LANG_FR[command]
    options = command in ("exam", "export", "booklet", "class", "notebooks-copy")
    expected = {("en", True): "argument --lang: invalid choice: 'fr' (choose from 'zh', 'en')",
                ("zh", True): "参数 --lang 的取值 'fr' 无效（可选：'zh', 'en'）",
                ("en", False): "unrecognized arguments: --lang", ("zh", False): "无法识别的参数：--lang"}
    usage_mistake(args, capsys, expected[lang, options])


def test_c05_unknown_format(capsys, english):
    usage_mistake(["export", "--format", "xml"], capsys, "argument --format: invalid choice: 'xml'")


def test_c05_a_missing_required_option(capsys, lang):
    usage_mistake(["export"], capsys, "required: --format" if lang == "en" else "缺少必需的参数：--format")


# --------------------------------------------------------------------------- C06–C17 files and folders

def test_c06_output_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "afile").write_text("x")
    rc, _, err = cli("exam", "--out", str(tmp_path / "afile" / "sub"))
    one_line_error(rc, err, "cannot use")


def test_c07_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    rc, _, err = cli("exam", "--out", str(tmp_path / "afile"))
    one_line_error(rc, err, "is a file")


def test_c08_missing_blueprint_or_bank(tmp_path):
    one_line_error(*cli("exam", "--blueprint", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "o"))[::2],
                   "nope.yaml")
    one_line_error(*cli("exam", "--bank", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))[::2], "nope")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_c09_full_disk_on_export():
    rc, _, err = cli("export", "--format", "gift", "--out", "/dev/full")
    one_line_error(rc, err, "No space left on device")


def test_c10_export_into_a_folder(tmp_path):
    rc, _, err = cli("export", "--format", "gift", "--out", str(tmp_path))
    one_line_error(rc, err, "is a folder")


def test_c11_regenerate_an_unknown_dataset():
    rc, _, err = cli("data", "regenerate", "nosuch")
    one_line_error(rc, err, "nosuch")


def test_c12_extra_argument_to_data_list():
    rc, _, err = cli("data", "list", "extra")
    one_line_error(rc, err, "takes no dataset name")


def test_c13_check_a_missing_path(tmp_path):
    rc, _, err = cli("check", str(tmp_path / "nope"))
    one_line_error(rc, err, "does not exist")


def test_c14_check_an_empty_folder_fails(tmp_path):
    rc, out, err = cli("check", str(tmp_path))
    one_line_error(rc, err, "no bank files")
    assert "valid" not in out


def test_c15_check_a_deeply_nested_bank(tmp_path):
    (tmp_path / "deep.yaml").write_text("items: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    rc, out, err = cli("check", str(tmp_path / "deep.yaml"))
    assert rc == 1 and "Traceback" not in err and "deep.yaml" in out and "nest" in out


BROKEN = ('chapter: "98"\ntitle: {zh: a, en: b}\nitems:\n'
          "  - {id: x-1, type: true_false, prompt: {zh: 题}, answer: true, explanation: {zh: 因, en: why}}\n"
          "  - {id: x-2, type: true_false, prompt: {zh: 题}, answer: true, explanation: {zh: 因, en: why}}\n")


def test_check_lists_the_problems_and_exits_1(tmp_path, capsys, english):
    (tmp_path / "bad.yaml").write_text(BROKEN, encoding="utf-8")
    assert main(["check", str(tmp_path / "bad.yaml")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and "item x-1" in out[0] and "item x-2" in out[1] and "2 problem(s) found" in out[2]


def test_a_broken_bank_given_to_exam_is_one_line_naming_check(tmp_path, capsys, lang):
    (tmp_path / "bad.yaml").write_text(BROKEN, encoding="utf-8")
    assert main(["exam", "--bank", str(tmp_path / "bad.yaml"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "item x-1" in err.replace("题目", "item") and "x-2" not in err
    assert f"crm-study check {tmp_path / 'bad.yaml'}" in err and ("2 problem(s)" if lang == "en" else "共 2 处问题") in err


def test_help_documents_the_exit_codes(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    out = capsys.readouterr().out
    assert stop.value.code == 0
    assert "1  a check found problems" in out and "2  a usage mistake" in out and "用法错误" in out
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`1` a check found problems" in readme and "`2` a usage mistake" in readme


def test_c18_check_a_folder_with_a_bank_and_a_blueprint(tmp_path, capsys, english):
    (tmp_path / "ch98.yaml").write_text(BROKEN.replace("{zh: 题}", "{zh: 题, en: q}"), encoding="utf-8")
    (tmp_path / "bp.yaml").write_text("title: {zh: 卷, en: paper}\nsections:\n  - {title: {zh: 判断, en: tf}, "
                                      "type: true_false, count: 2, points: 1}\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert "2 items" in capsys.readouterr().out
    assert main(["exam", "--bank", str(tmp_path), "--blueprint", str(tmp_path / "bp.yaml"), "--no-pdf",
                 "--out", str(tmp_path / "o")]) == 0
    (tmp_path / "ch98.yaml").unlink()
    assert main(["check", str(tmp_path)]) == 2
    assert "only exam blueprints" in capsys.readouterr().err


@pytest.mark.parametrize("action", ["build", "check"])
def test_c16_build_a_missing_notebook_source(tmp_path, action):
    rc, _, err = cli("notebooks", action, str(tmp_path / "nosuch.md"))
    one_line_error(rc, err, f"notebooks {action}: {tmp_path / 'nosuch.md'} does not exist")


@pytest.mark.parametrize("args", [("exam", "--out", ""), ("export", "--format", "gift", "--out", " ")],
                         ids=["exam", "export"])
def test_c17_empty_output_name_is_refused(tmp_path, args):
    rc, _, err = cli(*args, cwd=tmp_path)
    one_line_error(rc, err, "--out is empty")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("report_lang", ["zh", "en"])
def test_class_report_of_a_wrong_folder_speaks_the_active_language(tmp_path, capsys, english, report_lang):
    assert main(["class", "report", str(tmp_path / "nope"), "--lang", report_lang]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("crm-study: class report: no progress exports (*.csv) in")


def test_errors_follow_the_active_language(tmp_path):
    rc, _, err = cli("check", str(tmp_path), lang="zh")
    one_line_error(rc, err, "没有题库文件")


def test_check_of_a_valid_bank_still_passes(tmp_path):
    rc, out, err = cli("check")
    assert rc == 0 and "all banks are valid" in out


# --------------------------------------------------------------------------- L01–L05 language codes

@pytest.mark.parametrize("bad", ["fr", "zh-CN", None, "zh_Hans", 1])
def test_l01_l02_unknown_languages_are_refused(bad):
    with pytest.raises(ArgumentError, match="'zh'"):
        crm.set_language(bad)
    with pytest.raises(ArgumentError, match="'zh'"):
        crm.setup(bad)


def test_l01_spaces_and_capitals_are_forgiven():
    assert crm.set_language(" EN ") == "en"


def test_l03_unknown_crm_study_lang_is_refused_by_every_command():
    for args in (("check",), ("exam", "--lang", "en"), ("export", "--format", "gift")):
        rc, out, err = cli(*args, lang="fr")
        assert rc == 2 and out == "" and len(err.splitlines()) == 1 and "Traceback" not in err
        assert "CRM_STUDY_LANG='fr'" in err and "zh or en" in err and "设为 zh 或 en" in err


IMPORT_ALL = ("import importlib, pkgutil, warnings; warnings.simplefilter('error'); import crm_study; "
              "[importlib.import_module(m.name) for m in pkgutil.walk_packages(crm_study.__path__, 'crm_study.') "
              "if 'generators' not in m.name and m.name != 'crm_study.cli']; print('imported')")


def test_l03_unknown_crm_study_lang_lets_the_kit_import_quietly_and_refuses_at_first_use():
    out = subprocess.run([sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True,
                         env=dict(os.environ, CRM_STUDY_LANG="fr"), timeout=120)
    assert out.stdout.strip() == "imported" and out.stderr == ""
    code = ("import crm_study as crm\ntry:\n    crm.value.abc_analysis([])\nexcept crm.errors.ArgumentError as e:\n"
            "    print(e)\ncrm.setup('en'); print(crm.get_language())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, CRM_STUDY_LANG="fr"), timeout=60)
    first, second = out.stdout.strip().splitlines()
    assert first.startswith("CRM_STUDY_LANG='fr' is not a language of the kit; set it to zh or en")
    assert "环境变量 CRM_STUDY_LANG='fr'" in first and second == "en" and out.stderr == ""


# --------------------------------------------------------------------------- K01 kit.py

KIT = Path(__file__).resolve().parents[1] / "kit.py"


@pytest.mark.parametrize("args, env, source", [(["--lang"], {}, "--lang"), (["--lang", "fr"], {}, "--lang"),
                                               ([], {"CRM_STUDY_LANG": "fr"}, "CRM_STUDY_LANG")],
                         ids=["K01-no-value", "K01-fr", "K01-env-fr"])
def test_k01_kit_lab_with_a_missing_or_unknown_language(args, env, source):
    out = subprocess.run([sys.executable, str(KIT), "lab", *args], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, **env))
    assert out.returncode == 2 and out.stdout == "" and "Traceback" not in out.stderr
    assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith(f"crm-study: {source} takes zh or en")


def test_l03_known_crm_study_lang_is_used():
    out = subprocess.run([sys.executable, "-c", "import crm_study; print(crm_study.get_language())"],
                         capture_output=True, text=True, env=dict(os.environ, CRM_STUDY_LANG="en"), timeout=60)
    assert out.stdout.strip() == "en" and out.stderr == ""


@pytest.mark.parametrize("call", [lambda: i18n.text(en="a", zh="b", lang="fr"),
                                  lambda: i18n.pick({"zh": "b", "en": "a"}, "fr"),
                                  lambda: crm.value.segment_strategy("fr"),
                                  lambda: crm.datasets.column_labels("cdnow_sample", lang="fr")],
                         ids=["text", "pick", "segment_strategy", "column_labels"])
def test_l04_unknown_language_arguments_are_refused(call):
    with pytest.raises(ArgumentError, match="'fr'"):
        call()


def test_l05_render_exam_and_gift_refuse_unknown_languages():
    from crm_study.quiz.export import to_gift

    with pytest.raises(ArgumentError):
        to_gift(crm.quiz.load_bank(), lang="fr")
