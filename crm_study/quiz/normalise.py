"""Reading a student's response the way a fair marker would.

* text: NFKC (full-width → half-width), case-folded, whitespace and punctuation
  (Chinese and English) removed, so "Whole  Relationship！" matches "whole relationship";
* true/false: ``True/False``, ``T/F``, ``√/×``, ``对/错``, ``是/否``, ``正确/错误`` …;
* choices: indexes (0-based) or letters (``"B"``, ``"b"``, ``"A,C"``, ``"AC"``, full-width ``"Ａ"``);
* numbers: ``"266.67"``, ``"266.67元"``, ``"1,234.5"``, full-width digits, ``"25.5%"``.

Each parser returns ``None`` when it cannot read the response; the grader turns
that into feedback that says which forms are accepted.

Written answers are read by :func:`read_answer`: the text is normalised as above, every
negation word (不/不是/没有/并非/无/未/非, not/no/never/without/…n't) becomes ``¬``, sentence
and clause breaks are kept as marks, and the words of the shared synonym table
(``quizzes/synonyms.yaml``) are read as their group's first member. Compounds in which the
character does not negate (不断, 不同, 不仅, 非常, 未来, 无论 …) are left alone, so no word
segmenter is needed: a negation character is always the first character of the compound.

>>> normalise_text("Whole  Relationship！")
'wholerelationship'
>>> parse_bool("√"), parse_letters("A、c", 4), parse_number("1,234.5元", unit="元")
(True, (0, 2), (1234.5, False))
"""
from __future__ import annotations

import functools
import numbers
import re
import string
import unicodedata

__all__ = ["normalise_text", "parse_bool", "parse_letters", "parse_number", "NEG", "NEG_REACH", "CLAUSE", "Synonyms",
           "Reading", "read_answer", "read_phrase"]

# ASCII punctuation plus the CJK marks NFKC leaves alone (、。「」『』【】〈〉《》…·—).
_PUNCT = set(string.punctuation) | set("、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟…‥·•‧—–‐‑‒―‘’“”′″") | {"\u3000"}
_SPACE = re.compile(r"\s+")
_DROP = re.compile("[" + "".join(map(re.escape, sorted(_PUNCT))) + r"\s]+")  # punctuation and whitespace

_TRUE = frozenset({"true", "t", "√", "✓", "✔", "对", "是", "正确", "对的", "yes", "y", "v", "1"})
_FALSE = frozenset({"false", "f", "×", "x", "✗", "✘", "错", "否", "错误", "错的", "no", "n", "0"})

_LETTERS = re.compile(r"^[a-z](?:[\s,;/、，；和及与&]*[a-z])*$")
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*(%?)\s*$")
_CURRENCY = ("¥", "$", "€", "£", "rmb", "cny")


def normalise_text(value: str) -> str:
    """NFKC, case-folded, without whitespace or punctuation: the form keywords are matched in.

    Repeated until nothing changes (removing a space can leave a combining mark that NFKC then
    composes), so normalising twice gives the same text.
    """
    out = _DROP.sub("", unicodedata.normalize("NFKC", value).casefold())
    while True:
        again = _DROP.sub("", unicodedata.normalize("NFKC", out).casefold())
        if again == out:
            return out
        out = again


def _squash(value: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", value).casefold())


def parse_bool(value) -> bool | None:
    """``True``/``False`` from a bool, 1/0, or a word or mark meaning true or false; else ``None``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {1: True, 0: False}.get(value)
    if not isinstance(value, str):
        return None
    word = _squash(value).strip("().。!！")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def parse_letters(value, n_options: int) -> tuple[int, ...] | None:
    """0-based option indexes from letters (``"A,C"``, ``"ac"``, ``"Ａ"``) or ints; ``None`` if unreadable.

    Indexes come back sorted and without repeats; an index outside ``0..n_options-1`` makes it ``None``.
    """
    if type(value) is int:  # the common case first
        return (value,) if 0 <= value < n_options else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        picks = [value]
    elif isinstance(value, str):
        word = unicodedata.normalize("NFKC", value).casefold().strip()
        if not _LETTERS.match(word):
            return None
        picks = [ord(c) - ord("a") for c in word if "a" <= c <= "z"]
    elif isinstance(value, (list, tuple, set, frozenset)):
        picks = []
        for v in value:
            one = parse_letters(v, n_options)
            if one is None or len(one) != 1:
                return None
            picks.append(one[0])
    else:
        return None
    if not picks or any(p < 0 or p >= n_options for p in picks):
        return None
    return tuple(sorted(set(picks)))


@functools.lru_cache(maxsize=256)
def _unit_forms(units: tuple[str, ...]) -> tuple[str, ...]:
    """Units as typed answers are read, longest first ("million euros" before "euros"), without "%"."""
    return tuple(sorted({_squash(u) for u in units} - {"", "%"}, key=len, reverse=True))


def parse_number(value, *, unit: str | tuple[str, ...] | None = None) -> tuple[float, bool] | None:
    """``(number, had_percent_sign)`` from a number or a string such as ``"1,234.5元"``; ``None`` if unreadable.

    Thousands separators, full-width digits, the item's own unit (``unit``: one text, or several,
    e.g. its Chinese and English unit), a currency sign and a trailing ``%`` are accepted; any other
    text makes the response unreadable.
    """
    if type(value) is float:  # the common case first
        return (value, False) if value == value and abs(value) != float("inf") else None
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):  # int, float and numpy numbers alike
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float, e.g. 10**400
            return None
        return (number, False) if number == number and abs(number) != float("inf") else None
    if not isinstance(value, str):
        return None
    plain = _PLAIN_NUMBER.match(value)
    if plain:  # "266.67", "1,234.5", "25.5%": nothing to normalise
        return float(plain.group(1).replace(",", "")), bool(plain.group(2))
    word = _squash(value).replace("\u2212", "-")
    for one in _unit_forms((unit,) if isinstance(unit, str) else tuple(unit or ())):
        word = word.replace(one, "")
    for sign in _CURRENCY:
        word = word.replace(sign, "")
    percent = word.endswith("%")
    word = word.rstrip("%")
    if not word or not _NUMBER.match(word) or not any(c.isdigit() for c in word):
        return None
    return float(word.replace(",", "")), percent


NEG = "¬"
NEG_REACH = 7  # a negation covers about this many characters (or 4 letters each) after it
_LIST_VERB = 3  # Chinese characters between a negation and a list mark that make it a verb with its object
_SENTENCE, _CLAUSE, _DENY, _GAP, _LIST, _STRONG, _WORD, _TURN = (
    "\ue000", "\ue001", "\ue002", "\ue003", "\ue004", "\ue005", "\ue006", "\ue007")
CLAUSE = _CLAUSE  # the clause break inside a read sentence
WORD = _WORD  # where an English word starts
TURN = _TURN  # after a clause break: the clause turns against the one before (而是, 但, but, rather)
STRONG = _STRONG  # before ``¬``: the negation denies a predicate ("不是", "并非", "is not"), so it reaches the clause's end
# A negation character is the first character of these compounds, where it does not negate.
_NOT_NEG = "断仅但同少管论久光妨如只单外乏足惜"
# "而不是偶尔购买": the negation is of the adverb (merely, once), not of what follows.
_NOT_MERELY = re.compile(r"(?:不是|并非|并不是|不)(?=偶尔|一次性|单纯|仅仅|仅|只是)")
_ZH_NEG_CHARS = re.compile("[不没非无未]")  # every Chinese negation starts with one of these
# "会不会", "有没有", "满不满意": a question (A-not-A), not a negation.
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没](?=\1)")
# "不怎么砍价", "不太在乎": the adverb between the negation and the verb is left out ("不砍价").
_NEG_ADVERB = re.compile("(?<=¬)(?:怎么|太|那么|怎样|很)(?=[\u4e00-\u9fff])")
# "X不是指……的比例", "并不要求……一致": the copula or the predicate is denied, so the rest of the clause is.
_ZH_STRONG = re.compile(rf"并不是|不是|并非|并没有|并不(?![{_NOT_NEG}])|不需要|不必|不用|无需|无须|没有必要|没必要")
_EN_STRONG = re.compile(r"\b(?:(?:is|are|was|were|does|do|did) not|(?:isn|aren|wasn|weren|doesn|don|didn)['’]t"
                        r"|no need to|need not|needn['’]t)\b(?! only\b| just\b)")
# "离不开", "少不了", "缺一不可", "必不可少", "不可或缺", "不得不": a double negation, a need, not a denial.
_ZH_NEG = re.compile(rf"没有|并非|并不(?![{_NOT_NEG}])|不是|(?<![离少必一差])(?<!不得)不(?![{_NOT_NEG}]|可或缺|可缺少|得不)|没(?![落])"
                     r"|无(?![论数形限比穷缝])|非(?![常凡])|未(?![来知])")
# "A rather than B", "instead of B": B is denied. ("lacks B", "缺乏B" are not negations: in an answer on
# problems or causes, "缺乏信任" / "a lack of skilled people" is the point itself.)
_EN_NEG = re.compile(r"\b(?:not(?!\s+(?:only|just|merely|least)\b)|no(?!\s+(?:matter|doubt)\b)|never|without|neither|nor"
                     r"|cannot|none|nothing|hardly|rather than|instead of|as opposed to)\b"
                     r"|\b\w+n['’]t\b(?!\s+(?:only|just|merely)\b)|\b(?:dis|un)(?=satisf|trust|loyal)")
# "…都没有关系", "……都不是……", "has nothing to do with …", "… are not part of it": the whole clause is denied.
# ("是错误的", "is wrong" are not: in a true/false question with reasons they are the verdict itself.)
# (the lookahead rejects at once a position no alternative can start at)
_DENIED = re.compile(r"(?=[没关毫无不都并可是hiapwdnm])(?:没有关系|没关系|没(?:有)?(?:什么|多大|太大)关系|关系不大|毫无关系|无关|不相关|不是这样|都不是|都不属于"
                     r"|ha(?:s|ve) (?:nothing|little) to do with|(?:is|are) (?:irrelevant|unrelated|not related)|(?:is|are) (?:not|no) part of"
                     r"|(?:plays?|has|have) no (?:role|part|effect|impact|influence)"
                     r"|没有影响|没影响|不影响|毫无影响|无影响"
                     # a predicate that ends its clause and denies its subject: "……也不重要", "… do not help"
                     r"|(?:并?不重要|没(?:有)?必要|不需要|不起作用|没(?:有)?作用|并?不是必[须需要]的?|可有可无)(?=\s*(?:[\ue000\ue001]|$))"
                     r"|(?:(?:is|are|was|were)(?: not|n['’]t) (?:really )?(?:needed|necessary|essential|required|important|useful|helpful)"
                     r"|(?:is|are) (?:unnecessary|useless|pointless)|(?:does|do|did)(?: not|n['’]t) help)(?=\s*(?:[\ue000\ue001]|$))"
                     r"|(?:does|do)(?: not|n['’]t) matter|(?:does|do)(?: not|n['’]t) need to be \w+|need not be \w+"
                     r"|means? nothing|(?:is|are) meaningless|(?:is|are) a waste\b"
                     r"|(?:毫无|没有|没)意义|是浪费|是多余的?)")
_ZH_TURN = re.compile(r"而是|但是|可是|然而|反而|不过(?![度分多于])|但|却|而")
_EN_TURN = re.compile(r"\b(?:but|rather(?! than)|instead(?! of)|however|although|though|whereas)\b")
LATIN = re.compile(r"[a-z]")  # a (case-folded) Latin letter: the text has English in it
_SENTENCE_MARKS = re.compile(r"[。！？；;!?\n]+|\.(?=\s|$)")
_CLAUSE_MARKS = re.compile(r"[，,：:（）()]")
# Where an English word starts (after anything but a letter, a digit or an apostrophe): spaces are dropped, and
# the mark keeps a phrase from matching inside a longer word ("rebuy" in "before buying", "net" in "internet").
_WORD_START = re.compile(r"(?<![a-z0-9'’])(?=[a-z])")
HAN = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character


# An English list, "A, B and C" / "A, B or C" (items of up to four words): its commas are list marks,
# so that "not A, B and C" denies all three as "不是A、B和C" does.
_EN_LIST = re.compile(r"\b[a-z][\w'-]*(?: [a-z][\w'-]*){0,3}(?:, [a-z][\w'-]*(?: [a-z][\w'-]*){0,3})+,? (?:and|or) ")


def _marked(value: str) -> str:
    """NFKC and case-folded, negations as ``¬``, sentence and clause breaks as marks, then squashed."""
    out = unicodedata.normalize("NFKC", value).casefold()
    if "," in out and LATIN.search(out):
        out = _EN_LIST.sub(lambda m: m.group(0).replace(", ", "、"), out)
    out = _CLAUSE_MARKS.sub(_CLAUSE, _SENTENCE_MARKS.sub(_SENTENCE, out)).replace("、", _LIST)
    out = _DENIED.sub(_DENY, out)
    if HAN.search(out):
        out = _ZH_TURN.sub(_CLAUSE + _TURN, out)
        if _ZH_NEG_CHARS.search(out):
            out = _NOT_MERELY.sub("", out)
            out = _ZH_NEG.sub(NEG, _ZH_STRONG.sub(_STRONG + NEG, _A_NOT_A.sub(r"\1", out)))
            out = _NEG_ADVERB.sub("", out)
    if LATIN.search(out):
        out = _EN_TURN.sub(_CLAUSE + _TURN, out)
        out = _EN_NEG.sub(" " + NEG + " ", _EN_STRONG.sub(" " + _STRONG + NEG + " ", out))
        out = _WORD_START.sub(_WORD, out)
    return _DROP.sub("", out)


def _trie_pattern(words: list[str]) -> str:
    """One regex matching the longest of ``words`` at a position, built as a trie so that matching
    does not try every word in turn (``客户|客人`` → ``客(?:户|人)``)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{inner})?" if "" in node else inner

    return build(trie)


class Synonyms:
    """The shared synonym table: ``canon(text)`` reads every member of a group as its first member.

    ``words`` are replaced first, then ``phrases`` (whose members are first read through ``words``).
    """

    def __init__(self, words=(), phrases=()):
        self.words = tuple(tuple(g) for g in words)
        self.phrases = tuple(tuple(g) for g in phrases)
        self._word_re, self._word_map = self._compile(self.words, None)
        self._word_head = lambda m, head=self._word_map.__getitem__: head(m[0])
        self._phrase_re, self._phrase_map = self._compile(self.phrases, self._word_sub)
        self._phrase_head = lambda m, head=self._phrase_map.__getitem__: head(m[0])

    @staticmethod
    def _compile(groups, pre):
        mapping: dict[str, str] = {}
        for group in groups:
            forms = [_marked(m).replace(_SENTENCE, "").replace(_CLAUSE, "").replace(_LIST, "").replace(_STRONG, "")
                     .replace(_TURN, "") for m in group]
            forms = [pre(f) if pre else f for f in forms]
            head = forms[0]
            for f in forms:
                if f:
                    mapping.setdefault(f, head)
        if not mapping:
            return None, mapping
        return re.compile(_trie_pattern(list(mapping))), mapping

    def _word_sub(self, value: str) -> str:
        return self._word_re.sub(self._word_head, value) if self._word_re else value

    def canon(self, value: str) -> str:
        """``value`` (already marked and squashed) with every synonym read as its group's first member."""
        out = self._word_sub(value)
        return self._phrase_re.sub(self._phrase_head, out) if self._phrase_re else out


def read_phrase(value: str, synonyms: Synonyms | None = None) -> str:
    """A keypoint phrase in the form answers are matched in (negations as ``¬``, synonyms read)."""
    out = _marked(value).replace(_SENTENCE, "").replace(_CLAUSE, "").replace(_STRONG, "").replace(_TURN, "")
    return synonyms.canon(out) if synonyms is not None else out


class Reading:
    """A written answer as the marker reads it: ``sentences``, each a string with clause marks.

    ``negated(k, start)``: a ``¬`` stands before ``start`` in the same clause of sentence ``k``.
    """

    __slots__ = ("sentences",)

    def __init__(self, sentences: list[str]):
        self.sentences = sentences

    def negated(self, k: int, start: int) -> bool:
        """A negation reaches ``start``: ``¬`` at most :data:`NEG_REACH` words before it in its clause,
        a denied predicate anywhere before it in its clause (“不是指……的比例”, "is not about …"), a
        clause-wide denial (“……都没有关系”), or a next clause that denies this one (“……，与流失无关”)."""
        s = self.sentences[k]
        begin = s.rfind(_CLAUSE, 0, start) + 1
        end = s.find(_CLAUSE, start)
        if _DENY in s[begin:end if end >= 0 else len(s)]:
            return True
        at = s.rfind(NEG, begin, start)
        if at < 0:
            return self._denied_after(s, end)
        gap, listed, _ = s[at + 1:start].partition(_LIST)
        # "不存在考察期、形成期……", "not A, B and C": a negated verb and its object deny the whole list; a
        # negated word that is a list item of its own ("很久没买、购买量下降", "不敏感、付款及时", "好久没来买了、
        # 投诉变多") only itself
        han = len(HAN.findall(gap))
        if listed and (0 < han < _LIST_VERB or gap.endswith(("了", "过"))):
            return False
        if s.startswith(NEG, start) and s[at - 1:at] != _STRONG:  # "不满意的客户因为没得选": 没 is its own
            return False
        if at and s[at - 1] == _STRONG:  # a denied predicate ("不是", "并非", "is not") denies the rest of its clause
            return True
        return han + sum(1 for c in gap if c.isascii()) / 4 <= NEG_REACH \
            or self._denied_after(s, end)

    @staticmethod
    def _denied_after(s: str, end: int) -> bool:
        """The next clause denies this one: "购买间隔变长，与流失无关", "……，和忠诚没有关系"."""
        if end < 0:
            return False
        after = s[end + 1:]
        nxt = after[:after.find(_CLAUSE)] if _CLAUSE in after else after
        return nxt[:1] in ("与", "和", "跟", "同") and _DENY in nxt

    @staticmethod
    def content(span: str) -> str:
        """The span without marks."""
        return span.replace(_CLAUSE, "").replace(NEG, "").replace(_DENY, "").replace(_GAP, "").replace(_LIST, "") \
            .replace(_STRONG, "").replace(_WORD, "").replace(_TURN, "")


def read_answer(value: str, synonyms: Synonyms | None = None, *, leave_out: tuple[str, ...] = ()) -> Reading:
    """The :class:`Reading` of a student's written answer; ``leave_out`` phrases (as read by
    :func:`read_phrase`, e.g. the term being defined) do not count as content."""
    out = _marked(value)
    if synonyms is not None:
        out = synonyms.canon(out)
    for phrase in leave_out:
        if phrase:
            out = out.replace(phrase, _GAP)
    return Reading([s for s in out.split(_SENTENCE) if s.replace(_CLAUSE, "")])
