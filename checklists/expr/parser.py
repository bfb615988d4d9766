"""Tokenizer and parser of the checklist expression language (an XLSForm subset)."""

from __future__ import annotations

import re
from typing import Any, NamedTuple, NoReturn

from checklists.dates import InvalidDate, parse_date
from checklists.expr.nodes import (
    BINARY_PRECEDENCE,
    FUNCTIONS,
    WORD_OPERATORS,
    Binary,
    Boolean,
    Call,
    Current,
    Expr,
    Neg,
    Number,
    Ref,
    String,
)
from checklists.foundation import limits
from checklists.foundation.errors import ExpressionError

MAX_SOURCE_LENGTH = limits.MAX_EXPRESSION_LENGTH
MAX_DEPTH = limits.MAX_EXPRESSION_DEPTH
MAX_NUMBER_LENGTH = limits.MAX_EXPRESSION_NUMBER
MAX_PATTERN_LENGTH = limits.MAX_PATTERN_LENGTH

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)*")
_REF_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_FULL_WIDTH = {
    "（": "(", "）": ")", "，": ",", "＝": "=", "＜": "<", "＞": ">", "！": "!", "＋": "+",
    "－": "-", "＊": "*", "／": "/", "＄": "$", "｛": "{", "｝": "}", "．": ".", "。": ".",
    "‘": "'", "’": "'", "“": '"', "”": '"',
}  # fmt: skip


def compile_pattern(pattern: str) -> Any:
    """``pattern`` compiled by RE2, the linear-time engine (why: see checklists.foundation.limits).

    Raises ``re2.error`` for a pattern RE2 cannot run (back-references, look-around, bad syntax,
    an automaton over ``MAX_PATTERN_MEMORY``).
    """
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print its own complaint on stderr
    options.max_mem = limits.MAX_PATTERN_MEMORY
    return re2.compile(pattern, options)


def pattern_problem(pattern: str) -> tuple[str, str] | None:
    """Why ``pattern`` is not a usable regex(), as (zh, en), or None when it is fine."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return (
            f"正则表达式过长（最多 {MAX_PATTERN_LENGTH} 个字符）",
            f"regular expression too long (at most {MAX_PATTERN_LENGTH} characters)",
        )
    import re2

    try:
        compile_pattern(pattern)
    except (re2.error, ValueError, TypeError) as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        return (
            f"正则表达式无效（不支持反向引用与环视）：{reason}",
            f"invalid regular expression (back-references and look-around are not supported): {reason}",
        )
    return None


def syntax_error(source: str, pos: int, zh: str, en: str) -> ExpressionError:
    """An ExpressionError pointing at ``pos`` (shown 1-based, as people count characters)."""
    return ExpressionError(
        f"表达式第 {pos + 1} 个字符处语法错误：{zh}",
        f"syntax error at character {pos + 1}: {en}",
        source,
        pos,
    )


class _Tok(NamedTuple):
    kind: str  # num, str, ref, dot, name, op, (, ), ",", end
    text: str  # the source text (operators: their symbol)
    value: object
    pos: int


def _shown(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def _tokenize(src: str) -> list[_Tok]:
    """Split ``src`` into tokens in one left-to-right pass (linear time)."""
    toks: list[_Tok] = []
    i, n = 0, len(src)
    while i < n:
        ch = src[i]
        if ch.isspace():  # includes the ideographic space U+3000 a Chinese IME may type
            i += 1
            continue
        tok = _one_token(src, i, ch)
        toks.append(tok)
        i = tok.pos + len(tok.text)
    toks.append(_Tok("end", "", None, n))
    return toks


def _one_token(src: str, i: int, ch: str) -> _Tok:
    nxt = src[i + 1 : i + 2]
    if ch in "'\"":
        return _string(src, i)
    if ch == "$":
        ref = _REF_RE.match(src, i)
        if ref is None:
            raise syntax_error(
                src, i, "引用格式错误，应为 ${名称}", "malformed reference, expected ${name}"
            )
        return _Tok("ref", ref[0], ref[1], i)
    if "0" <= ch <= "9" or (ch == "." and "0" <= nxt <= "9"):
        return _number(src, i)
    if ch == ".":
        if nxt == ".":
            raise syntax_error(src, i, "不支持 '..'", "'..' is not supported")
        return _Tok("dot", ".", None, i)
    if ch.isascii() and (ch.isalpha() or ch == "_"):
        word = _NAME_RE.match(src, i)
        assert word is not None  # the first character always matches
        return _Tok("name", word[0], word[0], i)
    if ch + nxt in ("!=", "<=", ">="):
        return _Tok("op", ch + nxt, None, i)
    if ch in "=<>+-*/":
        return _Tok("op", ch, None, i)
    if ch in "(),":
        return _Tok(ch, ch, None, i)
    raise _bad_character(src, i, ch)


def _bad_character(src: str, i: int, ch: str) -> ExpressionError:
    if ch == "!":
        return syntax_error(src, i, "'!' 只能用在 '!=' 中", "'!' is only allowed in '!='")
    if ch in _FULL_WIDTH:
        half = _FULL_WIDTH[ch]
        return syntax_error(
            src,
            i,
            f"全角字符 '{ch}'，请改用半角 '{half}'",
            f"full-width character '{ch}', use '{half}'",
        )
    shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
    return syntax_error(src, i, f"无法识别的字符 '{shown}'", f"unexpected character '{shown}'")


def _string(src: str, start: int) -> _Tok:
    """A quoted string; a doubled quote inside stands for one quote (XPath 2 style)."""
    quote, parts, i = src[start], [], start + 1
    while True:
        j = src.find(quote, i)
        if j < 0:
            raise syntax_error(src, start, "字符串缺少结束引号", "unterminated string")
        parts.append(src[i:j])
        if src[j + 1 : j + 2] != quote:
            return _Tok("str", src[start : j + 1], "".join(parts), start)
        parts.append(quote)
        i = j + 2


def _number(src: str, i: int) -> _Tok:
    match = _NUMBER_RE.match(src, i)
    assert match is not None  # the caller saw a digit
    text = match[0]
    if len(text) > MAX_NUMBER_LENGTH:
        raise syntax_error(src, i, "数字过长", "number too long")
    value: int | float = float(text) if "." in text else int(text)
    if value == float("inf"):
        raise syntax_error(src, i, "数字过大", "number too large")
    return _Tok("num", text, value, i)


def _binary_op(tok: _Tok) -> str | None:
    if tok.kind == "op":
        return "div" if tok.text == "/" else tok.text
    if tok.kind == "name" and tok.text in WORD_OPERATORS:
        return tok.text
    return None


class _Parser:
    """Precedence climbing over the token list; every method returns (node, tree height)."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.toks = _tokenize(source)
        self.i = 0
        self.nesting = 0  # open parentheses and calls, bounded so Python's stack never runs out

    def fail(self, pos: int, zh: str, en: str) -> NoReturn:
        raise syntax_error(self.src, pos, zh, en)

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Expr:
        if self.peek().kind == "end":
            self.fail(0, "表达式为空", "empty expression")
        node, _ = self.expr(1)
        tok = self.peek()
        if tok.kind == ")":
            self.fail(tok.pos, "多余的右括号", "unmatched ')'")
        if tok.kind != "end":
            self.unexpected(tok)
        return node

    def unexpected(self, tok: _Tok) -> NoReturn:
        if tok.kind == "end":
            self.fail(tok.pos, "表达式不完整", "unexpected end of expression")
        shown = _shown(tok.text)
        low = tok.text.lower()
        if tok.kind == "name" and low in WORD_OPERATORS:
            self.fail(
                tok.pos,
                f"此处不应出现 '{shown}'（运算符应写小写 {low}）",
                f"unexpected '{shown}' (write lowercase {low})",
            )
        self.fail(tok.pos, f"此处不应出现 '{shown}'", f"unexpected '{shown}'")

    def too_deep(self, pos: int) -> NoReturn:
        self.fail(pos, f"嵌套超过 {MAX_DEPTH} 层", f"nesting deeper than {MAX_DEPTH} levels")

    def expr(self, min_prec: int) -> tuple[Expr, int]:
        left, height = self.unary()
        while True:
            tok = self.peek()
            op = _binary_op(tok)
            if op is None or BINARY_PRECEDENCE[op] < min_prec:
                return left, height
            self.i += 1
            right, right_height = self.expr(BINARY_PRECEDENCE[op] + 1)
            height = max(height, right_height) + 1
            if height > MAX_DEPTH:
                self.too_deep(tok.pos)
            left = Binary(op, left, right, tok.pos)

    def unary(self) -> tuple[Expr, int]:
        minus: list[int] = []
        while self.peek().kind == "op" and self.peek().text == "-":
            minus.append(self.take().pos)
            if len(minus) > MAX_DEPTH:
                self.too_deep(minus[-1])
        node, height = self.primary()
        for pos in reversed(minus):
            node, height = Neg(node, pos), height + 1
        if height > MAX_DEPTH:
            self.too_deep(minus[0])
        return node, height

    def primary(self) -> tuple[Expr, int]:
        tok = self.take()
        if tok.kind == "num":
            assert isinstance(tok.value, int | float)
            return Number(tok.value, tok.pos), 0
        if tok.kind in ("str", "ref"):
            assert isinstance(tok.value, str)
            return (String if tok.kind == "str" else Ref)(tok.value, tok.pos), 0
        if tok.kind == "dot":
            return Current(tok.pos), 0
        if tok.kind == "(":
            self.enter(tok)
            node, height = self.expr(1)
            self.close(tok)
            return node, height
        if tok.kind == "name":
            return self.name(tok)
        self.unexpected(tok)

    def enter(self, tok: _Tok) -> None:
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            self.too_deep(tok.pos)

    def close(self, opening: _Tok) -> None:
        tok = self.take()
        if tok.kind == "end":
            self.fail(tok.pos, "缺少右括号", "missing ')'")
        if tok.kind != ")":
            shown = _shown(tok.text)
            self.fail(
                tok.pos, f"此处应为右括号，却是 '{shown}'", f"expected ')' but found '{shown}'"
            )
        self.nesting -= 1

    def name(self, tok: _Tok) -> tuple[Expr, int]:
        word = tok.text
        if self.peek().kind != "(":
            return self.bare_name(tok), 0
        if word not in FUNCTIONS and word not in ("true", "false"):
            self.unknown_function(tok)
        args, height = self.arguments()
        if word in ("true", "false"):
            self.check_arity(tok, (0, 0), len(args))
            return Boolean(word == "true", tok.pos), 0
        self.check_arity(tok, FUNCTIONS[word], len(args))
        self.check_literal_arguments(word, args)
        height += 1
        if height > MAX_DEPTH:
            self.too_deep(tok.pos)
        return Call(word, tuple(args), tok.pos), height

    def arguments(self) -> tuple[list[Expr], int]:
        opening = self.take()
        self.enter(opening)
        args: list[Expr] = []
        height = 0
        if self.peek().kind == ")":
            self.take()
            self.nesting -= 1
            return args, height
        while True:
            arg, arg_height = self.expr(1)
            args.append(arg)
            height = max(height, arg_height)
            if self.peek().kind != ",":
                self.close(opening)
                return args, height
            self.take()

    def bare_name(self, tok: _Tok) -> Expr:
        word = tok.text
        if word in ("true", "false"):
            return Boolean(word == "true", tok.pos)
        if word in FUNCTIONS:
            self.fail(
                tok.pos,
                f"函数 {word} 后面缺少括号：{word}(…)",
                f"function {word} needs parentheses: {word}(…)",
            )
        if word in WORD_OPERATORS:
            self.fail(tok.pos, f"'{word}' 前面缺少运算对象", f"'{word}' has nothing on its left")
        if word.lower() in WORD_OPERATORS or word.lower() in ("true", "false"):
            low = word.lower()
            self.fail(
                tok.pos,
                f"未知名称 '{word}'（应写小写 {low}）",
                f"unknown name '{word}' (write lowercase {low})",
            )
        shown = _shown(word)
        self.fail(
            tok.pos,
            f"未知名称 '{shown}'（引用题目请写 ${{{shown}}}）",
            f"unknown name '{shown}' (to refer to an item write ${{{shown}}})",
        )

    def unknown_function(self, tok: _Tok) -> NoReturn:
        word = _shown(tok.text)
        hint_zh = hint_en = ""
        if tok.text.lower() in FUNCTIONS:
            hint_zh, hint_en = (
                f"（函数名区分大小写，应为 {tok.text.lower()}）",
                f" (names are case-sensitive: {tok.text.lower()})",
            )
        self.fail(tok.pos, f"未知函数 '{word}'{hint_zh}", f"unknown function '{word}'{hint_en}")

    def check_arity(self, tok: _Tok, arity: tuple[int, int | None], got: int) -> None:
        low, high = arity
        if low <= got and (high is None or got <= high):
            return
        if high == low:
            zh, en = f"{low} 个参数", f"{low} argument{'s' if low != 1 else ''}"
        elif high is None:
            zh, en = f"至少 {low} 个参数", f"at least {low} argument{'s' if low != 1 else ''}"
        else:
            zh, en = f"{low} 到 {high} 个参数", f"{low} to {high} arguments"
        self.fail(
            tok.pos,
            f"函数 {tok.text} 需要 {zh}，实际为 {got} 个",
            f"function {tok.text} takes {en}, got {got}",
        )

    def check_literal_arguments(self, word: str, args: list[Expr]) -> None:
        """Catch a bad literal date or pattern when the checklist loads, not when it runs."""
        if word == "date" and isinstance(args[0], String):
            try:
                parse_date(args[0].value)
            except InvalidDate as exc:
                self.fail(args[0].pos or 0, exc.zh, exc.en)
        if word == "regex" and isinstance(args[1], String):
            problem = pattern_problem(args[1].value)
            if problem is not None:
                self.fail(args[1].pos or 0, *problem)


def parse(source: str) -> Expr:
    """Parse ``source``; raises ExpressionError (zh + en, with the position) on any syntax error."""
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(
            f"表达式过长：{len(source)} 个字符（最多 {MAX_SOURCE_LENGTH} 个）",
            f"expression too long: {len(source)} characters (at most {MAX_SOURCE_LENGTH})",
            source,
            MAX_SOURCE_LENGTH,
        )
    return _Parser(source).parse()
