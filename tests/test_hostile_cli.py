"""Hostile and careless use of the ``crm-study`` command and of language codes
(review 2026-12, part 2, cases C01–C18 and L01–L05).

Every user mistake ends in one message in the active language and exit code 2, never a
Python traceback; unknown language codes are refused everywhere.
"""
from __future__ import annotations

import os
import subprocess
import sys

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

@pytest.mark.parametrize("args", [(), ("nosuch",)], ids=["no-command", "unknown-command"])
def test_c01_missing_or_unknown_command(args, capsys):
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    assert stop.value.code == 2 and "usage" in capsys.readouterr().err


def test_c02_negative_seed(tmp_path):
    rc, _, err = cli("exam", "--seed", "-1", "--out", str(tmp_path / "o"))
    one_line_error(rc, err, "seed = -1")


@pytest.mark.parametrize("seed", ["abc", "1.5"])
def test_c03_seed_that_is_not_an_integer(seed, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["exam", "--seed", seed])
    assert stop.value.code == 2 and "invalid int value" in capsys.readouterr().err


def test_c04_huge_seed_works(tmp_path):
    assert main(["exam", "--seed", "99999999999999999999999", "--out", str(tmp_path / "o")]) == 0


@pytest.mark.parametrize("args", [("exam", "--lang", "fr"), ("export", "--format", "gift", "--lang", "fr"),
                                  ("export", "--format", "xml")], ids=["exam-fr", "export-fr", "xml"])
def test_c05_unknown_language_or_format(args, capsys):
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    assert stop.value.code == 2 and "invalid choice" in capsys.readouterr().err


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


def test_c16_build_a_missing_notebook_source(tmp_path):
    rc, _, err = cli("notebooks", "build", str(tmp_path / "nosuch.md"))
    one_line_error(rc, err, "nosuch.md")


@pytest.mark.parametrize("args", [("exam", "--out", ""), ("export", "--format", "gift", "--out", " ")],
                         ids=["exam", "export"])
def test_c17_empty_output_name_is_refused(tmp_path, args):
    rc, _, err = cli(*args, cwd=tmp_path)
    one_line_error(rc, err, "--out is empty")
    assert list(tmp_path.iterdir()) == []


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


def test_l03_unknown_crm_study_lang_is_refused_by_the_command():
    rc, _, err = cli("data", "list", lang="fr")
    assert rc == 2 and "Traceback" not in err
    assert "CRM_STUDY_LANG: unknown language 'fr'" in err.splitlines()[-1]


def test_l03_unknown_crm_study_lang_warns_on_import():
    code = "import warnings; warnings.simplefilter('always'); import crm_study; print(crm_study.get_language())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, CRM_STUDY_LANG="fr"), timeout=60)
    assert out.stdout.strip() == "zh" and "DataWarning" in out.stderr and "'fr'" in out.stderr


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
