"""Chapter 05: the customer-file audit, the churn early-warning list, their dataset, panel,
question bank and glossary.

Every audit check and every warning rule is checked on a hand-built table whose answer is
worked out in the comments; the planted problems of ``customer_file`` are found in exactly
the numbers the generator planted; property tests cover the rules that hold for all inputs.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import crm_study
from crm_study import customer_data as cd
from crm_study import datasets, glossary, quiz
from crm_study.data.generators import gen_customer_file
from crm_study.errors import ArgumentError, ColumnError, DataError, InputTypeError

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "ch05_identification.yaml"


def _file(**overrides) -> pd.DataFrame:
    """Three clean records; keyword lists replace whole columns."""
    base = {
        "customer_id": [1, 2, 3],
        "name": ["王芳", "杭州AB茶馆有限公司", "李强"],
        "phone": ["13812345678", "13912345678", "13712345678"],
        "email": ["wf@qq.com", None, "lq@163.com"],
        "city": ["杭州", "杭州", "上海"],
        "signup_date": ["2020-05-01", "2021-06-30", "2024-12-31"],
        "last_updated": ["2024-06-01", "2024-06-01", "2024-06-01"],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def _customers(**overrides) -> pd.DataFrame:
    """Behaviour of four customers on AS_OF = 2025-01-01 (worked out in test_early_warning_hand_case)."""
    base = {
        "customer_id": ["A", "B", "C", "D"],
        "last_purchase_date": ["2024-12-21", "2024-11-02", "2024-12-01", "2024-12-31"],
        "avg_interval_days": [30.0, 30.0, 20.0, 10.0],
        "spend_prev_6m": [1000.0, 1000.0, 2000.0, 500.0],
        "spend_last_6m": [900.0, 500.0, 2400.0, 550.0],
        "overdue_days": [0, 60, 0, 10],
        "complaints_90d": [0, 2, 1, 0],
        "service_cost_12m": [100.0, 200.0, 1100.0, 20.0],
    }
    base.update(overrides)
    return pd.DataFrame(base)


# ----------------------------------------------------------------------------- normalisation

def test_names_in_full_width_or_with_spaces_normalise_to_the_same_key():
    names = pd.Series(["杭州ＡＢ茶馆", "杭州AB茶馆", "杭州 ab 茶馆", "王\u3000芳", "王芳", None])
    out = cd.normalise_name(names)
    assert out.iloc[0] == out.iloc[1] == out.iloc[2] == "杭州ab茶馆"
    assert out.iloc[3] == out.iloc[4] == "王芳"
    assert pd.isna(out.iloc[5])


def test_phone_formats_normalise_to_eleven_digits():
    phones = pd.Series(["+86 138-1234-5678", "0086 13812345678", "138 1234 5678", "(138)12345678", "１３８１２３４５６７８"])
    assert set(cd.normalise_phone(phones)) == {"13812345678"}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="王李张芳ABCabc茶馆 \u3000", min_size=1, max_size=12))
def test_name_normalisation_is_idempotent_and_ignores_spaces_and_width(name):
    once = cd.normalise_name(pd.Series([name]))
    assert cd.normalise_name(once).iloc[0] == once.iloc[0]
    wide = name.translate({c: c + 0xFEE0 for c in range(ord("A"), ord("z") + 1) if chr(c).isalpha()})
    assert cd.normalise_name(pd.Series([" ".join(wide)])).iloc[0] == once.iloc[0]


# ----------------------------------------------------------------------------- audit: hand cases

def test_clean_file_has_no_problems():
    audit = cd.audit_customer_file(_file())
    assert audit.summary["records"].sum() == 0
    assert audit.issues.empty
    assert list(audit.summary.index) == list(cd.CHECKS)


def test_exact_copy_is_flagged_once_and_the_first_record_is_kept():
    df = pd.concat([_file(), _file().iloc[[0]].assign(customer_id=4)], ignore_index=True)
    audit = cd.audit_customer_file(df)
    assert audit.flags["exact_duplicate"].tolist() == [False, False, False, True]
    # an exact copy is not counted again as a near duplicate
    assert audit.summary.loc["near_duplicate", "records"] == 0
    assert len(cd.remove_duplicates(df, audit)) == 3


def test_near_duplicates_by_phone_email_and_name_variant():
    extra = pd.DataFrame({
        "customer_id": [4, 5, 6, 7],
        "name": ["王 芳", "赵六", "杭州ＡＢ茶馆有限公司", "李强"],
        "phone": ["+86 138-1234-5678", "13600000000", "13500000000", "13400000000"],
        "email": [None, "LQ@163.COM", None, None],
        "city": ["杭州", "宁波", "杭州", "北京"],
        "signup_date": ["2020-05-01"] * 4, "last_updated": ["2024-06-01"] * 4})
    df = pd.concat([_file(), extra], ignore_index=True)
    audit = cd.audit_customer_file(df)
    # 4: same phone as 1 (and same name after removing the space); 5: same e-mail as 3 ignoring case;
    # 6: full-width letters, same city as 2; 7: same name as 3 but another city and phone -> not a duplicate
    assert audit.flags["near_duplicate"].tolist() == [False, False, False, True, True, True, False]
    near = audit.issues[audit.issues["check"] == "near_duplicate"]
    assert set(zip(near["customer_id"], near["column"])) == {(4, "phone"), (4, "name"), (5, "email"), (6, "name")}
    assert audit.summary.loc["near_duplicate", "records"] == 3


def test_missing_invalid_and_stale_records_are_flagged_with_their_column():
    df = _file(
        name=["王芳", "  ", "李强"],
        phone=["1381234567", "13912345678", None],
        email=["wf@qq", None, "lq@163.com"],
        signup_date=["2023-02-30", "2026-01-01", "2024-12-31"],
        last_updated=["2022-12-31", "2023-01-02", "2024-06-01"],
    )
    audit = cd.audit_customer_file(df, as_of="2025-01-01", stale_days=730)
    f = audit.flags
    assert f["missing"].tolist() == [False, True, True]            # blank name, missing phone
    assert f["invalid_phone"].tolist() == [True, False, False]     # 10 digits
    assert f["invalid_email"].tolist() == [True, False, False]     # no top-level domain
    assert f["invalid_date"].tolist() == [True, True, False]       # 30 February; after as_of
    # 2025-01-01 − 2022-12-31 = 732 days > 730 (stale); − 2023-01-02 = 730 days, not more than 730
    assert f["stale"].tolist() == [True, False, False]
    missing = audit.issues[audit.issues["check"] == "missing"]
    assert set(zip(missing["customer_id"], missing["column"])) == {(2, "name"), (3, "phone")}
    assert audit.summary.loc["stale", "percent"] == pytest.approx(100 / 3)


def test_summary_names_the_principle_of_each_check(lang):
    s = cd.audit_customer_file(_file()).summary
    expected = {"zh": ("真实性", "完整性", "时效性"), "en": ("truthful", "complete", "timely")}[lang]
    assert s.loc["exact_duplicate", "principle"] == expected[0]
    assert s.loc["missing", "principle"] == expected[1]
    assert s.loc["stale", "principle"] == expected[2]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2), st.integers(min_value=1, max_value=3))
def test_every_added_copy_adds_one_exact_duplicate(row, copies):
    base = _file()
    extra = pd.concat([base.iloc[[row]]] * copies, ignore_index=True).assign(customer_id=range(10, 10 + copies))
    audit = cd.audit_customer_file(pd.concat([base, extra], ignore_index=True))
    assert audit.summary.loc["exact_duplicate", "records"] == copies
    assert audit.summary.loc["near_duplicate", "records"] == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2), st.sampled_from(["wide", "space", "phone"]))
def test_a_reformatted_copy_is_one_near_duplicate(row, change):
    base = _file()
    copy = base.iloc[[row]].assign(customer_id=9)
    if change == "wide":
        copy["name"] = copy["name"].str.translate({c: c + 0xFEE0 for c in range(ord("A"), ord("Z") + 1)}) + " "
    elif change == "space":
        copy["name"] = copy["name"].str.slice(0, 1) + "\u3000" + copy["name"].str.slice(1)
    else:
        copy["phone"] = "+86 " + copy["phone"].str.slice(0, 3) + "-" + copy["phone"].str.slice(3)
    audit = cd.audit_customer_file(pd.concat([base, copy], ignore_index=True))
    assert audit.flags["near_duplicate"].tolist() == [False, False, False, True]
    assert audit.flags["exact_duplicate"].sum() == 0


# ----------------------------------------------------------------------------- audit: the dataset

@pytest.fixture(scope="module")
def customer_file():
    return datasets.load("customer_file")


def test_generator_is_deterministic_and_writes_the_planned_number_of_records():
    """Byte-exact regeneration of the committed CSV is checked for every dataset in test_datasets_catalog.py."""
    df = gen_customer_file.generate(2025)
    assert df.equals(gen_customer_file.generate(2025))
    assert len(df) == gen_customer_file.N_RECORDS


def test_audit_finds_exactly_the_planted_problems(customer_file):
    p = gen_customer_file.PLANTED
    s = cd.audit_customer_file(customer_file).summary["records"]
    assert s["exact_duplicate"] == p["exact_duplicate"]
    assert s["near_duplicate"] == p["near_duplicate"]
    assert s["missing"] == p["missing_name"] + p["missing_phone"] + p["missing_city"] + p["missing_signup_date"]
    for check in ("invalid_phone", "invalid_email", "invalid_date", "stale"):
        assert s[check] == p[check], check


def test_removing_duplicates_leaves_one_record_per_customer(customer_file):
    audit = cd.audit_customer_file(customer_file)
    clean = cd.remove_duplicates(customer_file, audit)
    p = gen_customer_file.PLANTED
    assert len(clean) == len(customer_file) - p["exact_duplicate"] - p["near_duplicate"]
    again = cd.audit_customer_file(clean).summary["records"]
    assert again["exact_duplicate"] == again["near_duplicate"] == 0


def test_audit_repr_is_deterministic_and_follows_the_language(customer_file, lang):
    audit = cd.audit_customer_file(customer_file)
    first = repr(audit)
    assert first == repr(cd.audit_customer_file(customer_file))
    assert ("条记录" in first) == (lang == "zh") and ("records" in first) == (lang == "en")


# ----------------------------------------------------------------------------- audit: bad input

def test_audit_rejects_a_list_with_a_bilingual_message(lang):
    with pytest.raises(InputTypeError, match="audit_customer_file") as exc:
        cd.audit_customer_file([1, 2])
    assert ("DataFrame" in str(exc.value)) and (("参数" in str(exc.value)) == (lang == "zh"))


def test_audit_rejects_an_empty_table(lang):
    with pytest.raises(DataError, match="audit_customer_file") as exc:
        cd.audit_customer_file(_file().iloc[0:0])
    assert ("为空" in str(exc.value)) == (lang == "zh") and ("empty" in str(exc.value)) == (lang == "en")


def test_audit_names_a_missing_column_and_the_keyword(lang):
    with pytest.raises(ColumnError, match="phone_col") as exc:
        cd.audit_customer_file(_file().drop(columns="phone"))
    assert ("找不到列" in str(exc.value)) == (lang == "zh")


def test_audit_names_rows_with_repeated_ids(lang):
    with pytest.raises(DataError, match="customer_id") as exc:
        cd.audit_customer_file(_file(customer_id=[1, 1, 2]))
    assert ("唯一" in str(exc.value)) == (lang == "zh") and ("own id" in str(exc.value)) == (lang == "en")


@pytest.mark.parametrize("kwargs, error, word", [
    ({"stale_days": -5}, ArgumentError, "stale_days"),
    ({"stale_days": 1.5}, InputTypeError, "stale_days"),
    ({"as_of": "someday"}, ArgumentError, "as_of"),
    ({"required": "name"}, InputTypeError, "required"),
])
def test_audit_rejects_bad_arguments(kwargs, error, word, lang):
    with pytest.raises(error, match=word):
        cd.audit_customer_file(_file(), **kwargs)


def test_unreadable_update_dates_name_the_rows(lang):
    with pytest.raises(DataError, match="last_updated") as exc:
        cd.audit_customer_file(_file(last_updated=["2024-06-01", "soon", "2024-06-01"]))
    assert "1" in str(exc.value) and (("YYYY-MM-DD" in str(exc.value)))


def test_remove_duplicates_needs_an_audit(lang):
    with pytest.raises(InputTypeError, match="remove_duplicates"):
        cd.remove_duplicates(_file(), "audit")


# ----------------------------------------------------------------------------- early warning

def test_early_warning_hand_case():
    crm_study.set_language("en")
    out = cd.early_warning(_customers()).set_index("customer_id")
    # A: 11 days since last, 11/30 < 2; spend 900 vs 1000 (−10 %); cost 100/1900 = 5 %   -> 0
    # B: 60 days = 2 × 30 (lapsed, 3); 500 ≤ 0.5 × 1000 (falling, 2); overdue 60 (2); 2 complaints (2);
    #    cost 200/1500 = 13 %                                                                -> 9, high
    # C: 31 days < 2 × 20; spend up; cost 1100/4400 = 25 % (high cost, 1)                    -> 1, low
    # D: 1 day; spend up; overdue 10 < 60                                                     -> 0
    assert out.loc["B", ["lapsed", "falling_spend", "overdue", "complaints", "high_cost"]].tolist() == [True] * 4 + [False]
    assert out["score"].to_dict() == {"B": 9, "C": 1, "A": 0, "D": 0}
    assert out["level"].to_dict() == {"B": "high", "C": "low", "A": "none", "D": "none"}
    assert out.loc["A", "days_since_last"] == 11 and out.loc["A", "lapse_ratio"] == pytest.approx(11 / 30)
    assert out.loc["C", "cost_share"] == pytest.approx(0.25)
    assert out.loc["B", "spend_change"] == pytest.approx(-0.5)
    assert list(out.index[:2]) == ["B", "C"]


def test_early_warning_levels_in_chinese():
    crm_study.set_language("zh")
    assert cd.early_warning(_customers())["level"].tolist() == ["高", "低", "无", "无"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.floats(1, 100), st.floats(0, 5000), st.floats(0, 5000),
                          st.integers(0, 200), st.integers(0, 6), st.floats(0, 3000)), min_size=1, max_size=12),
       st.floats(1.0, 4.0), st.floats(0.0, 1.0))
def test_score_is_the_weighted_sum_and_stricter_thresholds_never_raise_it(rows, factor, drop):
    df = pd.DataFrame(rows, columns=["days", "avg_interval_days", "spend_prev_6m", "spend_last_6m",
                                     "overdue_days", "complaints_90d", "service_cost_12m"])
    df["customer_id"] = range(len(df))
    df["last_purchase_date"] = crm_study.AS_OF - pd.to_timedelta(df.pop("days"), unit="D")
    out = cd.early_warning(df, lapse_factor=factor, spend_drop=drop).set_index("customer_id").sort_index()
    weighted = sum(out[s].astype(int) * w for s, w in cd.WEIGHTS.items())
    assert (out["score"] == weighted).all() and out["score"].between(0, 10).all()
    stricter = cd.early_warning(df, lapse_factor=factor + 0.5, spend_drop=min(drop + 0.1, 1.0),
                                overdue_days=90, complaints=3).set_index("customer_id").sort_index()
    assert (stricter["score"] <= out["score"]).all()


@pytest.mark.parametrize("overrides, kwargs, error, word", [
    ({"last_purchase_date": ["2025-02-01", "2024-11-02", "2024-12-01", "2024-12-31"]}, {}, DataError,
     "last_purchase_date"),
    ({"avg_interval_days": [0.0, 30, 20, 10]}, {}, DataError, "avg_interval_days"),
    ({"spend_last_6m": [-1.0, 500, 2400, 550]}, {}, DataError, "spend_last_6m"),
    ({}, {"spend_drop": 1.5}, ArgumentError, "spend_drop"),
    ({}, {"complaints": 0}, ArgumentError, "complaints"),
    ({}, {"lapse_factor": "2"}, InputTypeError, "lapse_factor"),
])
def test_early_warning_rejects_bad_input(overrides, kwargs, error, word, lang):
    with pytest.raises(error, match=word) as exc:
        cd.early_warning(_customers(**overrides), **kwargs)
    assert "early_warning" in str(exc.value)


def test_early_warning_names_a_missing_column(lang):
    with pytest.raises(ColumnError, match="cost_col"):
        cd.early_warning(_customers().drop(columns="service_cost_12m"))


def test_future_purchase_message_in_both_languages():
    bad = _customers(last_purchase_date=["2025-02-01", "2024-11-02", "2024-12-01", "2024-12-31"])
    crm_study.set_language("zh")
    with pytest.raises(DataError, match="不能在未来"):
        cd.early_warning(bad)
    crm_study.set_language("en")
    with pytest.raises(DataError, match="cannot be in the future"):
        cd.early_warning(bad)


def test_explore_warnings_counts_and_repr(lang):
    result = cd.explore_warnings(_customers())
    assert int(result.levels.sum()) == 4 and list(result.signals) == [1, 1, 1, 1, 1]
    text = repr(result)
    assert text == repr(cd.explore_warnings(_customers()))
    assert ("风险等级" in text) == (lang == "zh") and ("risk level" in text) == (lang == "en")


def test_dataset_warning_list_has_every_level(customer_file):
    crm_study.set_language("en")
    clean = cd.remove_duplicates(customer_file, cd.audit_customer_file(customer_file))
    result = cd.explore_warnings(clean)
    assert (result.levels > 0).all() and (result.signals > 0).all()


# ----------------------------------------------------------------------------- charts and panel

def test_charts_are_titled_in_the_active_language(customer_file, lang):
    audit = cd.audit_customer_file(customer_file)
    title = {"zh": "客户档案审计", "en": "Customer file audit"}[lang]
    assert cd.plot_audit(audit).get_title().startswith(title)
    ax = cd.plot_warnings(cd.explore_warnings(_customers()))
    assert ax.get_title().startswith({"zh": "预警信号", "en": "Early-warning signals"}[lang])
    process = cd.plot_process()
    labels = " ".join(t.get_text() for t in process.texts)
    assert {"zh": "客户数据库", "en": "customer database"}[lang] in labels


def test_plot_functions_reject_the_wrong_object(lang):
    with pytest.raises(InputTypeError, match="plot_audit"):
        cd.plot_audit(_file())
    with pytest.raises(InputTypeError, match="plot_warnings"):
        cd.plot_warnings(_customers())


def test_panel_recomputes_and_shows_messages_for_invalid_values():
    crm_study.set_language("en")
    panel = cd.warning_explorer(_customers())
    assert panel.result.table["score"].max() == 9
    panel.controls["complaints"].value = 3          # B's two complaints no longer count
    assert int(panel.result.table.set_index("customer_id").loc["B", "score"]) == 7
    assert "Early-warning explorer: 4 customers" in repr(panel)
    assert "text/plain" in panel._repr_mimebundle_()
    panel.df = _customers(avg_interval_days=[0.0, 30, 20, 10])
    panel.update()
    assert panel.result is None and "avg_interval_days" in panel.output.outputs[0]["text"]


# ----------------------------------------------------------------------------- glossary and bank

def test_glossary_has_the_chapter_terms_and_no_conflicts():
    terms = glossary.terms("05")
    for zh in ("客户识别", "潜在客户", "关键客户", "客户数据库", "真实性", "完整性", "时效性", "预警管理",
               "基本信息", "心理态度信息", "行为信息", "优质客户", "目标客户"):
        assert zh in set(terms["zh"]), zh
    everything = glossary.terms()
    assert (everything.groupby("zh")["en"].nunique() == 1).all()


@pytest.fixture(scope="module")
def bank():
    return quiz.load_bank(BANK_FILE)


def test_case_numbers_match_the_kit(bank, case_table):
    crm_study.set_language("en")
    case = bank["ch05-case-001"]
    extract = case_table(case, "customer_id", "name", "phone", "email", "city", "signup_date", "last_updated").replace("", pd.NA)
    audit = cd.audit_customer_file(extract)
    c07 = pd.DataFrame({"customer_id": ["C07"], "last_purchase_date": ["2024-11-02"], "avg_interval_days": [30.0],
                        "spend_prev_6m": [2000.0], "spend_last_6m": [1200.0], "overdue_days": [75],
                        "complaints_90d": [1], "service_cost_12m": [400.0]})
    warning = cd.early_warning(c07)
    assert warning["level"].astype(str).iloc[0] == "high"
    computed = {
        "ch05-case-001-a": float(audit.summary.loc["exact_duplicate", "records"]
                                 + audit.summary.loc["near_duplicate", "records"]),
        "ch05-case-001-b": round(100 * float(audit.flags.any(axis=1).mean()), 1),
        "ch05-case-001-c": float(warning["score"].iloc[0]),
    }
    parts = {p.id: p for p in bank["ch05-case-001"].parts}
    for pid, value in computed.items():
        assert parts[pid].answer == pytest.approx(value), pid
