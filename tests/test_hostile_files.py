"""Hostile and careless files: own CSV exports, dataset folders and question banks
(review 2026-12, part 2, cases M02–M05 and Y01–Y14, plus datasets.read_csv).

The worst inputs (an alias bomb, a deeply nested file, an oversized bank) run in a child
process that reports its own time and memory: each must be answered in under 2 s and
200 MB beyond what the kit needs to start.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import warnings

import pandas as pd
import pytest

import crm_study as crm
from crm_study import datasets
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError
from crm_study.quiz import QuizFormatError, load_bank
from crm_study.quiz.bank import check_banks


@pytest.fixture
def en():
    crm.set_language("en")


HEAD = 'chapter: "98"\ntitle: {zh: 测试, en: test}\nitems:\n'
ITEM = "  - {id: t-1, type: true_false, prompt: {zh: 题, en: q}, answer: true, explanation: {zh: 因, en: why}}\n"


def bomb(field: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
        prev = name
    body = {"prompt": "  - {id: b-1, type: true_false, prompt: *i, answer: true, explanation: {zh: a, en: b}}\n",
            "answer": "  - {id: b-1, type: numeric, prompt: {zh: a, en: b}, answer: *i, explanation: {zh: a, en: b}}\n",
            "rows": "  - {id: b-1, type: case, case: {zh: a, en: b}, data: {columns: [x], rows: *i}, parts: "
                    "[{id: b-1a, type: numeric, prompt: {zh: a, en: b}, answer: 1, explanation: {zh: a, en: b}}]}\n"}
    if field == "chapter":
        return "\n".join(lines) + "\nchapter: *i\ntitle: {zh: a, en: b}\nitems:\n" + ITEM
    return "\n".join(lines) + "\n" + HEAD + body[field]


def run_budgeted(code: str) -> dict:
    """Run ``code`` (which sets ``result``) in a child; return result, seconds and extra peak RSS (MB)."""
    script = textwrap.dedent("""
        import json, resource, time
        import crm_study, crm_study.quiz, crm_study.data.datasets, yaml
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
    """) + textwrap.dedent(code) + textwrap.dedent("""
        seconds = time.perf_counter() - start
        extra = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        print(json.dumps({"result": result, "seconds": seconds, "extra_mb": extra}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- read_csv: own exports

ROWS = "客户编号,订单日期,金额\n001,45292,\"1,200\"\n002,45600,35.5元\n001,45610,￥20\n"


def check_orders(df: pd.DataFrame) -> None:
    assert list(df.columns) == ["customer_id", "order_date", "amount"]
    assert df["customer_id"].tolist() == ["001", "002", "001"]
    assert df["order_date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-11-04", "2024-11-14"]
    assert df["amount"].tolist() == [1200.0, 35.5, 20.0]


@pytest.mark.parametrize("encoding, prefix", [("gbk", b""), ("gb18030", b""), ("utf-8", b""),
                                              ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b"")],
                         ids=["M04-gbk", "gb18030", "utf-8", "utf-8-bom", "utf-16"])
def test_read_csv_reads_excel_and_wps_exports(tmp_path, lang, encoding, prefix):
    path = tmp_path / "orders.csv"
    path.write_bytes(prefix + ROWS.encode(encoding))
    df = datasets.read_csv(path, verbose=False)
    check_orders(df)
    report = "\n".join(df.attrs["read_report"])
    assert ("Excel serial numbers" if lang == "en" else "Excel 日期序号") in report
    assert ("客户编号 → customer_id" if lang == "en" else "客户编号 → 客户编号（customer_id）") in report


def test_read_csv_prints_its_report(tmp_path, capsys, en):
    path = tmp_path / "orders.csv"
    path.write_bytes(ROWS.encode("gbk"))
    datasets.read_csv(path)
    printed = capsys.readouterr().out
    assert "orders.csv: 3 rows, 3 columns, encoding GBK/GB18030." in printed
    assert "thousands separators and currency signs removed" in printed


def test_read_csv_report_names_a_column_as_the_table_shows_it_with_its_code_name(tmp_path, lang):
    df = datasets.read_csv(datasets.data_dir() / "cdnow_master.txt", verbose=False)
    renamed, dates = df.attrs["read_report"][1:]
    path = tmp_path / "tips.csv"
    path.write_text("小费\n¥5\n", encoding="utf-8")                   # a column the kit has no label for
    tips = datasets.read_csv(path, verbose=False).attrs["read_report"][1]
    if lang == "en":
        assert renamed == "columns renamed: date → order_date, dollar_value → amount, number_of_cds → quantity."
        assert dates.startswith("order_date: read as dates (YYYYMMDD)")
        assert tips == "小费: thousands separators and currency signs removed."
    else:
        assert renamed == ("列名已改为：date → 订单日期（order_date），dollar_value → 金额（amount），"
                           "number_of_cds → 数量（quantity）。")
        assert dates.startswith("订单日期（order_date）：已按日期读取（年月日连写）")
        assert tips == "小费：已去掉千位分隔符和货币符号。"


def test_read_csv_columns_override_the_mapping(tmp_path, en):
    path = tmp_path / "cards.csv"
    path.write_text("会员卡号,日期,实付\nA1,2024-01-05,10\n", encoding="utf-8")
    df = datasets.read_csv(path, columns={"会员卡号": "customer_id", "实付": "amount"}, verbose=False)
    assert list(df.columns) == ["customer_id", "order_date", "amount"]
    crm.value.rfm_table(df, as_of="2025-01-01")


def test_read_csv_unknown_override_names_the_columns(tmp_path, en):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ColumnError, match="'c'.*a, b"):
        datasets.read_csv(path, columns={"c": "customer_id"})


def test_read_csv_day_first_and_whitespace_files(tmp_path, en):
    path = tmp_path / "dmy.txt"
    path.write_text("customer date value\n1 05/01/2024 3\n2 03/02/2024 4\n", encoding="utf-8")
    with pytest.raises(DataError, match="dayfirst"):
        datasets.read_csv(path, verbose=False)
    df = datasets.read_csv(path, dayfirst=True, verbose=False)
    assert df["order_date"].dt.month.tolist() == [1, 2]


@pytest.mark.parametrize("content, error, match", [
    (b"", DataError, "cannot be read"), (b"customer_id,order_date,amount\n", DataError, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", DataError, "not a text file"), (b"\x81\x30\xff" * 5, DataError, "neither UTF-8"),
    (b"a,b\n1,2,3,4\n", DataError, "cannot be read")], ids=["empty-file", "header-only", "binary", "not-gbk", "ragged"])
def test_read_csv_broken_files(tmp_path, en, content, error, match):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(error, match=match):
        datasets.read_csv(path, verbose=False)


def test_read_csv_missing_file_says_where_it_looked(tmp_path, en):
    with pytest.raises(ArgumentError, match=str(tmp_path)):
        datasets.read_csv(tmp_path / "nope.csv")
    with pytest.raises(InputTypeError):
        datasets.read_csv(123)


def test_read_csv_cdnow_master_file_through_chapter_04(en):
    df = datasets.read_csv(datasets.data_dir() / "cdnow_master.txt", verbose=False)
    assert len(df) == 69659 and df["customer_id"].nunique() == 23570
    assert df["customer_id"].iloc[0] == "00001"
    rfm = crm.value.rfm_table(df, as_of="1998-07-01", duplicates="keep")
    abc = crm.value.abc_analysis(rfm.reset_index(), value_col="monetary")
    assert len(rfm) == 23570 and set(abc["abc_class"]) == {"A", "B", "C"}


def test_cdnow_master_dataset_matches_read_csv():
    tx = datasets.load("cdnow_master")
    assert len(tx) == 69659 and tx["date"].max() == pd.Timestamp("1998-06-30")


# --------------------------------------------------------------------------- M02–M05 dataset folders

def test_m02_missing_data_folder_says_where_it_looked(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path / "nowhere"))
    for call in (datasets.list_datasets, lambda: datasets.load("shop")):
        with pytest.raises(DataError, match="nowhere.*CRM_STUDY_DATA"):
            call()


def shop_folder(tmp_path, csv_bytes: bytes, sidecar: str) -> None:
    (tmp_path / "shop.csv").write_bytes(csv_bytes)
    (tmp_path / "shop.yaml").write_bytes(sidecar.encode("gbk"))


SIDECAR = ("name: shop\nfile: shop.csv\ntitle: {en: shop, zh: 商店}\ndescription: {en: d, zh: 说明}\n"
           "source: {en: s, zh: 来源}\nlicence: x\ncolumns:\n"
           "  - {name: customer_id, dtype: string, label: {en: id, zh: 编号}}\n"
           "  - {name: order_date, dtype: date, label: {en: date, zh: 日期}}\n"
           "  - {name: amount, dtype: float64, label: {en: amount, zh: 金额}}\n")


def test_m04_gbk_csv_in_a_dataset_folder_loads(tmp_path, monkeypatch):
    shop_folder(tmp_path, "customer_id,order_date,amount\n张三,2024-01-05,1\n".encode("gbk"), SIDECAR.replace("说明", "d"))
    (tmp_path / "shop.yaml").write_text(SIDECAR, encoding="utf-8")
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    assert datasets.load("shop")["customer_id"].tolist() == ["张三"]


def test_m05_gbk_sidecar_names_the_file(tmp_path, monkeypatch, en):
    shop_folder(tmp_path, b"customer_id,order_date,amount\n1,2024-01-05,1\n", SIDECAR)
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    with pytest.raises(DataError, match=r"shop\.yaml: not UTF-8"):
        datasets.list_datasets()


def test_m03_sidecar_missing_fields_are_listed(tmp_path, monkeypatch, en):
    (tmp_path / "bad.yaml").write_text("name: bad\nfile: bad.csv\n", encoding="utf-8")
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    with pytest.raises(DataError, match=r"bad\.yaml.*title, description, source, licence, columns"):
        datasets.list_datasets()


def test_sidecar_with_yaml_error_names_file_and_line(tmp_path, monkeypatch, en):
    (tmp_path / "bad.yaml").write_text("name: bad\nfile: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    with pytest.raises(DataError, match=r"bad\.yaml:\d+: not valid YAML"):
        datasets.list_datasets()


def test_csv_that_does_not_match_its_sidecar(tmp_path, monkeypatch, en):
    (tmp_path / "shop.csv").write_text("customer_id,order_date,amount\n1,5 Jan,1\n", encoding="utf-8")
    (tmp_path / "shop.yaml").write_text(SIDECAR, encoding="utf-8")
    monkeypatch.setenv("CRM_STUDY_DATA", str(tmp_path))
    with pytest.raises(DataError, match=r"does not match its description .*shop\.yaml"):
        datasets.load("shop")


# --------------------------------------------------------------------------- Y: question banks

def write(tmp_path, text: str, name: str = "bank.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_y01_unused_alias_bomb_is_refused_without_expanding(tmp_path, en):
    path = write(tmp_path, bomb("prompt").replace("prompt: *i", "prompt: {zh: a, en: b}"))
    with pytest.raises(QuizFormatError, match="anchors and aliases"):
        load_bank(path)


@pytest.mark.parametrize("field", ["prompt", "chapter", "rows", "answer"], ids=["Y02", "Y03", "Y04", "Y05"])
def test_y02_y05_alias_bombs_are_refused_within_budget(tmp_path, field):
    path = write(tmp_path, bomb(field))
    assert path.stat().st_size < 1000
    run = run_budgeted(f"""
        crm_study.set_language("en")
        n, problems = crm_study.quiz.bank.check_banks({str(path)!r})
        result = problems
    """)
    assert len(run["result"]) == 1 and "anchors and aliases" in run["result"][0]
    assert run["seconds"] < 2 and run["extra_mb"] < 200


def test_y06_deep_nesting_is_an_error_with_the_line_within_budget(tmp_path):
    path = write(tmp_path, 'chapter: "98"\ntitle: {zh: a, en: b}\nitems: ' + "[" * 20000 + "]" * 20000 + "\n")
    run = run_budgeted(f"""
        crm_study.set_language("en")
        result = crm_study.quiz.bank.check_banks({str(path)!r})[1]
    """)
    assert len(run["result"]) == 1 and "bank.yaml:3" in run["result"][0] and "nest" in run["result"][0]
    assert run["seconds"] < 2 and run["extra_mb"] < 200


def test_y06_nesting_just_past_the_limit_names_the_line(tmp_path, en):
    path = write(tmp_path, HEAD + "  - {id: t-1, type: true_false, prompt: {zh: a, en: b}, answer: true,\n"
                 "     explanation: {zh: a, en: b}, tags: " + "[" * 60 + "]" * 60 + "}\n")
    with pytest.raises(QuizFormatError, match=r"bank\.yaml:5: nested more than 50 levels"):
        load_bank(path)


def test_y07_yaml_yes_as_text_is_reported(tmp_path, en):
    path = write(tmp_path, HEAD + "  - {id: t-1, type: true_false, prompt: {zh: 题, en: Yes}, answer: true, "
                 "explanation: {zh: a, en: b}}\n")
    with pytest.raises(QuizFormatError, match="prompt"):
        load_bank(path)


def test_y08_duplicate_keys_in_an_item_are_an_error_with_both_lines(tmp_path, en):
    path = write(tmp_path, HEAD + "  - id: t-1\n    type: true_false\n    prompt: {zh: a, en: b}\n"
                 "    answer: true\n    answer: false\n    explanation: {zh: a, en: b}\n")
    with pytest.raises(QuizFormatError, match=r"bank\.yaml:8: the key 'answer' appears twice .*line 7"):
        load_bank(path)


def test_y09_gbk_bank_says_save_as_utf8(tmp_path, en):
    path = tmp_path / "gbk.yaml"
    path.write_bytes((HEAD + ITEM).encode("gbk"))
    with pytest.raises(QuizFormatError, match="not UTF-8"):
        load_bank(path)


def test_y10_python_tags_are_refused_with_the_line(tmp_path, en):
    path = write(tmp_path, HEAD + "  - !!python/object/apply:os.system ['echo hi']\n")
    with pytest.raises(QuizFormatError, match=r"bank\.yaml:4"):
        load_bank(path)


def test_y11_oversized_bank_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text(HEAD + ITEM.replace("t-1", "t-0") + "#" * 3_000_000 + "\n", encoding="utf-8")
    run = run_budgeted(f"""
        crm_study.set_language("en")
        result = crm_study.quiz.bank.check_banks({str(path)!r})[1]
    """)
    assert len(run["result"]) == 1 and "files over 2,000,000 bytes are refused" in run["result"][0]
    assert run["seconds"] < 2 and run["extra_mb"] < 200


def test_huge_value_is_never_repr_ed_in_full(tmp_path, en):
    path = write(tmp_path, 'chapter: "' + "9" * 500_000 + '"\ntitle: {zh: a, en: b}\nitems:\n'
                 + ITEM.replace("prompt: {zh: 题, en: q}", "prompt: " + "x" * 500_000))
    n, problems = check_banks(path)
    assert problems and max(len(p) for p in problems) < 1000


def test_empty_bank_folder_is_an_error(tmp_path, en):
    with pytest.raises(ArgumentError, match="no bank files"):
        load_bank(tmp_path)


def test_y12_y13_bad_blueprints_are_listed(tmp_path, en):
    from crm_study.quiz.paper import build_exam

    blueprint = write(tmp_path, "title: {zh: a, en: b}\nminutes: 120\nsections:\n  - {type: nonsense, count: 0, "
                      "points: -1}\n", "bp.yaml")
    with pytest.raises(QuizFormatError):
        build_exam(blueprint, bank=load_bank(), seed=1)


def test_ordinary_bank_loads_quietly(tmp_path):
    path = write(tmp_path, HEAD + ITEM)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(load_bank(path)) == 1
