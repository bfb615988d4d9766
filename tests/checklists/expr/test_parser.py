"""Tests for the expression language's syntax: tokens, precedence, errors, limits, canonical text."""

from __future__ import annotations

import pytest

from checklists.expr import (
    FUNCTIONS,
    MAX_DEPTH,
    Binary,
    Boolean,
    Call,
    Current,
    Neg,
    Number,
    Ref,
    String,
    functions_used,
    parse,
    references,
    to_source,
)
from checklists.foundation.errors import ExpressionError


def syntax_error(source: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        parse(source)
    return info.value


# --- literals and tokens ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("0", Number(0)),
        ("42", Number(42)),
        ("0.7", Number(0.7)),
        (".5", Number(0.5)),
        ("3.", Number(3.0)),
        ("'abc'", String("abc")),
        ('"abc"', String("abc")),
        ("''", String("")),
        ("'它''s'", String("它's")),
        ('"say ""hi"""', String('say "hi"')),
        ('"it\'s"', String("it's")),
        ("'a\nb'", String("a\nb")),
        ("true()", Boolean(True)),
        ("false()", Boolean(False)),
        ("true", Boolean(True)),
        ("false", Boolean(False)),
        ("${reference_date}", Ref("reference_date")),
        ("${school.stage}", Ref("school.stage")),
        ("${_a1.b_2.c3}", Ref("_a1.b_2.c3")),
        (".", Current()),
        ("  \t\n 7 \u3000", Number(7)),  # ideographic space from a Chinese IME is whitespace
    ],
)
def test_literals(source: str, expected: object) -> None:
    assert parse(source) == expected


def test_integer_and_decimal_literals_keep_their_type() -> None:
    whole, decimal = parse("3"), parse("3.0")
    assert isinstance(whole, Number) and type(whole.value) is int
    assert isinstance(decimal, Number) and type(decimal.value) is float


def test_function_names_may_contain_hyphens_but_minus_still_works() -> None:
    assert parse("count-selected(${a})") == Call("count-selected", (Ref("a"),))
    assert parse("string-length(.)") == Call("string-length", (Current(),))
    assert parse("${a} mod-1") == Binary("mod", Ref("a"), Neg(Number(1)))
    assert parse("${a}-1") == Binary("-", Ref("a"), Number(1))


def test_slash_is_div() -> None:
    assert parse("6 / 3") == parse("6 div 3") == Binary("div", Number(6), Number(3))


def test_nodes_are_hashable_and_compare_structurally() -> None:
    a = parse("${a} and age(${b}, today()) >= 56")
    b = parse("${a}   and age( ${b} ,today() )>=56")
    assert a == b and hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != parse("${a} and age(${b}, today()) >= 55")
    with pytest.raises(AttributeError):
        a.op = "or"  # type: ignore[misc, union-attr]


def test_boolean_is_not_equal_to_the_number_one() -> None:
    assert parse("true()") != parse("1")
    assert parse("1") != parse("'1'")


def test_positions_are_recorded_but_not_compared() -> None:
    node = parse("  ${a} + 1")
    assert isinstance(node, Binary)
    assert node.pos == 7 and node.left.pos == 2 and node.right.pos == 9


# --- precedence and associativity ------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "grouped"),
    [
        ("${a} or ${b} and ${c}", "${a} or (${b} and ${c})"),
        ("${a} and ${b} or ${c}", "(${a} and ${b}) or ${c}"),
        ("${a} and ${b} = ${c}", "${a} and (${b} = ${c})"),
        ("${a} = ${b} < ${c}", "${a} = (${b} < ${c})"),
        ("${a} != ${b} >= ${c}", "${a} != (${b} >= ${c})"),
        ("${a} < ${b} + ${c}", "${a} < (${b} + ${c})"),
        ("${a} <= ${b} - ${c}", "${a} <= (${b} - ${c})"),
        ("${a} + ${b} * ${c}", "${a} + (${b} * ${c})"),
        ("${a} - ${b} div ${c}", "${a} - (${b} div ${c})"),
        ("${a} + ${b} mod ${c}", "${a} + (${b} mod ${c})"),
        ("-${a} * ${b}", "(-${a}) * ${b}"),
        ("-${a} mod ${b}", "(-${a}) mod ${b}"),
        ("${a} - ${b} - ${c}", "(${a} - ${b}) - ${c}"),
        ("${a} div ${b} div ${c}", "(${a} div ${b}) div ${c}"),
        ("${a} div ${b} * ${c}", "(${a} div ${b}) * ${c}"),
        ("${a} = ${b} != ${c}", "(${a} = ${b}) != ${c}"),
        ("${a} < ${b} > ${c}", "(${a} < ${b}) > ${c}"),
        ("${a} or ${b} or ${c}", "(${a} or ${b}) or ${c}"),
        ("${a} and ${b} and ${c}", "(${a} and ${b}) and ${c}"),
        ("--${a}", "-(-${a})"),
        ("${a} - -${b}", "${a} - (-${b})"),
    ],
)
def test_precedence(source: str, grouped: str) -> None:
    assert parse(source) == parse(grouped)


def test_precedence_tree_shape() -> None:
    assert parse("1 + 2 * 3") == Binary("+", Number(1), Binary("*", Number(2), Number(3)))
    assert parse("(1 + 2) * 3") == Binary("*", Binary("+", Number(1), Number(2)), Number(3))
    assert parse("-2") == Neg(Number(2))


def test_keywords_are_lowercase_only() -> None:
    assert "lowercase and" in syntax_error("${a} AND ${b}").en
    assert "lowercase or" in syntax_error("${a} Or ${b}").en
    assert "lowercase div" in syntax_error("Div").en
    assert "lowercase true" in syntax_error("TRUE").en


# --- error messages and their positions ------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "position", "zh", "en"),
    [
        ("", 0, "表达式为空", "empty expression"),
        ("   ", 0, "表达式为空", "empty expression"),
        ("(${a} + 1", 9, "缺少右括号", "missing '\\)'"),
        ("not(${a}", 8, "缺少右括号", "missing '\\)'"),
        ("(1 2)", 3, "此处应为右括号", "expected '\\)' but found '2'"),
        ("1 + 2)", 5, "多余的右括号", "unmatched '\\)'"),
        ("1 +", 3, "表达式不完整", "unexpected end of expression"),
        ("1 2", 2, "此处不应出现 '2'", "unexpected '2'"),
        ("* 2", 0, "此处不应出现 '\\*'", "unexpected '\\*'"),
        ("and 1", 0, "前面缺少运算对象", "'and' has nothing on its left"),
        ("1 = = 2", 4, "此处不应出现 '='", "unexpected '='"),
        ("f(1,)", 0, "未知函数 'f'", "unknown function 'f'"),
        ("not(1,)", 6, "此处不应出现 '\\)'", "unexpected '\\)'"),
        ("not(1 2)", 6, "此处应为右括号", "expected '\\)' but found '2'"),
        ("foo(1)", 0, "未知函数 'foo'", "unknown function 'foo'"),
        ("Not(1)", 0, "区分大小写", "case-sensitive: not"),
        (
            "1 + age(1)",
            4,
            "函数 age 需要 2 个参数，实际为 1 个",
            "function age takes 2 arguments, got 1",
        ),
        ("today(1)", 0, "函数 today 需要 0 个参数", "takes 0 arguments, got 1"),
        ("if(1, 2)", 0, "需要 3 个参数", "takes 3 arguments, got 2"),
        ("round(1, 2, 3)", 0, "需要 1 到 2 个参数", "takes 1 to 2 arguments, got 3"),
        ("in(1)", 0, "需要 至少 2 个参数", "takes at least 2 arguments, got 1"),
        ("min()", 0, "需要 至少 1 个参数", "takes at least 1 argument, got 0"),
        ("true(1)", 0, "需要 0 个参数", "takes 0 arguments, got 1"),
        ("today", 0, "缺少括号", "needs parentheses: today"),
        ("guards", 0, "未知名称 'guards'", "write \\$\\{guards\\}"),
        ("${a} = yes", 7, "未知名称 'yes'", "unknown name 'yes'"),
        ("${a", 0, "引用格式错误", "malformed reference"),
        ("${}", 0, "引用格式错误", "malformed reference"),
        ("${1a}", 0, "引用格式错误", "malformed reference"),
        ("${a b}", 0, "引用格式错误", "malformed reference"),
        ("${a.}", 0, "引用格式错误", "malformed reference"),
        ("1 + $a", 4, "引用格式错误", "malformed reference"),
        ("'abc", 0, "字符串缺少结束引号", "unterminated string"),
        ("1 = \"abc'", 4, "字符串缺少结束引号", "unterminated string"),
        ("..", 0, "不支持 '..'", "'..' is not supported"),
        ("1 ! 2", 2, "'!' 只能用在 '!=' 中", "only allowed in '!='"),
        ("${a} == 1", 6, "此处不应出现 '='", "unexpected '='"),
        ("1 # 2", 2, "无法识别的字符 '#'", "unexpected character '#'"),
        ("1 + \x01", 4, "无法识别的字符 'U\\+0001'", "unexpected character 'U\\+0001'"),
        (
            "not（${a}）",
            3,
            "全角字符 '（'，请改用半角 '\\('",
            "full-width character '（', use '\\('",
        ),
        ("${a}＝1", 4, "全角字符 '＝'", "use '='"),
        ("in(${a}，'x')", 7, "全角字符 '，'", "use ','"),
        ("${a} = ‘x’", 7, "全角字符 '‘'", "use '''"),
        ("date('2021-02-30')", 5, "日期不存在", "No such date"),
        ("date('2021/02/03')", 5, "日期格式不正确", "Wrong date format"),
        ("regex(., '(')", 9, "正则表达式无效", "invalid regular expression"),
        ("regex(., '" + "a" * 201 + "')", 9, "正则表达式过长", "too long"),
    ],
)
def test_syntax_errors(source: str, position: int, zh: str, en: str) -> None:
    with pytest.raises(ExpressionError, match=zh) as info:
        parse(source)
    error = info.value
    assert error.position == position
    assert error.source == source
    assert error.zh.startswith(f"表达式第 {position + 1} 个字符处语法错误：")
    assert error.en.startswith(f"syntax error at character {position + 1}: ")
    assert _search(en, error.en)


def _search(pattern: str, text: str) -> bool:
    import re

    return re.search(pattern, text) is not None


def test_error_message_example_from_the_brief() -> None:
    error = syntax_error("if(${a}, 1, 2")
    assert error.zh == "表达式第 14 个字符处语法错误：缺少右括号"
    assert error.en == "syntax error at character 14: missing ')'"


def test_long_tokens_are_shortened_in_messages() -> None:
    error = syntax_error("1 " + "x" * 50)
    assert "x" * 20 + "…" in error.en and "x" * 21 not in error.en


def test_literal_date_and_pattern_checks_only_apply_to_literals() -> None:
    assert parse("date(${d})") == Call("date", (Ref("d"),))
    assert parse("regex(., ${p})") == Call("regex", (Current(), Ref("p")))
    assert parse("date('')") == Call("date", (String(""),))


# --- limits ------------------------------------------------------------------------------------


def test_source_length_limit() -> None:
    ok = "1" + " + 1" * 20 + " " * (10_000 - 81)
    assert len(ok) == 10_000
    parse(ok)
    with pytest.raises(ExpressionError, match="表达式过长") as info:
        parse(ok + " ")
    assert "10001 characters" in info.value.en


@pytest.mark.parametrize(
    ("template", "what"),
    [
        ("{open}1{close}", "parentheses"),
        ("{calls}1{close}", "calls"),
        ("{minus}1", "unary minus"),
        ("1{plus}", "operator chain"),
        ("${{a}}{ands}", "and chain"),
    ],
)
def test_nesting_limit(template: str, what: str) -> None:
    def build(n: int) -> str:
        return template.format(
            open="(" * n,
            close=")" * n,
            calls="not(" * n,
            minus="-" * n,
            plus=" + 1" * n,
            ands=" and ${a}" * n,
        )

    parse(build(MAX_DEPTH))
    with pytest.raises(ExpressionError, match="嵌套超过 64 层"):
        parse(build(MAX_DEPTH + 1))


@pytest.mark.parametrize(
    "source",
    [
        "(" * 4999 + "1" + ")" * 4999,
        "not(" * 2500,
        "-" * 9000 + "1",
        "1" + "+1" * 4999,
        "if(" * 3000,
        "(" * 9999,
    ],
)
def test_deep_input_fails_cleanly(source: str) -> None:
    with pytest.raises(ExpressionError, match="嵌套超过 64 层"):
        parse(source)


def test_balanced_trees_within_the_limit_are_fine() -> None:
    source = "1"
    for _ in range(6):  # 2^6 leaves, height 6
        source = f"({source}) + ({source})"
    assert parse(source) == parse(source)


@pytest.mark.parametrize(
    ("source", "position", "en"),
    [
        ("'" + "a" * 9990, 0, "unterminated string"),
        ("${" + "a." * 4990 + "a", 0, "malformed reference"),
        ("${" + "abc." * 2490 + "abc", 0, "malformed reference"),
        ("(" * 10 + "a-" * 4990, 10, "unknown name"),
        ("(1" + " " * 9990, 9992, "missing"),
    ],
)
def test_pathological_input_fails_at_the_right_place(source: str, position: int, en: str) -> None:
    # Inputs that would make a rescanning (quadratic) tokenizer crawl; they must simply fail.
    error = syntax_error(source)
    assert error.position == position and en in error.en


def test_many_escaped_quotes() -> None:
    assert parse("'" + "''" * 4990 + "'") == String("'" * 4990)


def test_number_literal_limits() -> None:
    assert parse("9" * 400) == Number(int("9" * 400))
    with pytest.raises(ExpressionError, match="数字过长"):
        parse("9" * 401)
    with pytest.raises(ExpressionError, match="数字过大"):
        parse("9" * 320 + ".0")


# --- canonical text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "canonical"),
    [
        ("${a}and${b}", "${a} and ${b}"),
        ("(1+2)*3", "(1 + 2) * 3"),
        ("1+(2*3)", "1 + 2 * 3"),
        ("1-(2-3)", "1 - (2 - 3)"),
        ("(1-2)-3", "1 - 2 - 3"),
        ("-(1+2)", "-(1 + 2)"),
        ("- -1", "--1"),
        ("1 - -1", "1 - -1"),
        ("6/3", "6 div 3"),
        ("true", "true()"),
        ('"x"', "'x'"),
        ('"it\'s"', '"it\'s"'),
        ("'a''b\"c'", "'a''b\"c'"),
        ("0.0000001", "0.0000001"),
        ("10000000000000000.0", "10000000000000000.0"),
        ("3.", "3.0"),
        ("count-selected( . )", "count-selected(.)"),
        ("in(${s.stage},'primary' , 'junior')", "in(${s.stage}, 'primary', 'junior')"),
        ("(${a} or ${b}) and not(${c})", "(${a} or ${b}) and not(${c})"),
    ],
)
def test_to_source(source: str, canonical: str) -> None:
    expr = parse(source)
    assert to_source(expr) == canonical
    assert parse(canonical) == expr


def test_to_source_of_hand_built_nodes() -> None:
    expr = Binary("-", Number(1), Binary("-", Number(2), Number(3)))
    assert to_source(expr) == "1 - (2 - 3)"
    assert parse(to_source(expr)) == expr


# --- inspection -------------------------------------------------------------------------------


def test_references_and_functions_used() -> None:
    expr = parse(
        "${on_guard_post} and age(${birth}, today()) >= 56 or "
        "if(. = '', count(${guards}), sum(${guards.x})) > ${school.enrollment}"
    )
    assert references(expr) == {"on_guard_post", "birth", "guards", "guards.x", "school.enrollment"}
    assert functions_used(expr) == {"age", "today", "if", "count", "sum"}
    assert references(parse(". + 1")) == frozenset()
    assert functions_used(parse("true() and false")) == frozenset()


def test_every_function_is_known_to_the_parser() -> None:
    for name, (low, _high) in FUNCTIONS.items():
        args = ", ".join(["${x}"] * low)
        assert functions_used(parse(f"{name}({args})")) == {name}
