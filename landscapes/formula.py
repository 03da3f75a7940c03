""""Your own surface": a formula f(x, y) typed by a user, parsed safely, differentiated exactly.

    from landscapes.formula import parse_formula, custom
    fm = parse_formula("(1-x)^2 + 100*(y-x^2)^2")
    fm.f(x, y), fm.grad(x, y)        # elementwise over float64 arrays, no warnings
    fm.dx, fm.dy                     # the partial derivatives as text ("-2*(1 - x) - ...")
    fm.tex, fm.dx_tex, fm.dy_tex     # and as LaTeX
    ls = custom("x^2 + 10*sin(y)", bounds=((-3, 3), (-3, 3)))   # a Landscape named "custom"

Safety. The text is never given to `eval`, `exec` or `compile`. It is checked character by
character (ASCII letters, digits, spaces and ``+ - * / ^ ( ) . , _`` only; the math
symbols − × · ÷ ² ³ are translated), bounded in length, parsed by `ast.parse` into a syntax
tree that is only *read*, and that tree is translated into this module's own expression
nodes through a strict whitelist: numbers (int/float literals, bounded), the names x, y,
pi, e, the operators + - * / ** (and ^, read as **), unary + and -, and calls of the
functions in `FUNCTIONS` by name with positional arguments. Everything else (attributes,
subscripts, keywords, strings, comparisons, lambdas, comprehensions, ...) is refused with
a `FormulaError` naming the problem and its column. The size is bounded (characters,
syntax-tree nodes, nesting depth) and so is every constant exponent (|p| <= 100), so
evaluating a formula costs a few hundred NumPy operations at most.

Evaluation. The expression and its two partial derivatives (symbolic differentiation with
the usual rules, a**b with a variable exponent as exp(b log a)) are kept as one DAG in which
equal subexpressions are shared, simplified as they are built (0*u, 1*u, u+0, u^1, constant
folding, ...), and flattened into a short list of NumPy calls (a "tape") that is run
elementwise under `np.errstate(all="ignore")`: the result may be inf or NaN (log of a
negative number is the user's surface; the optimizer core treats it as divergence), but
nothing warns. Non-smooth functions get a subgradient: d|u| = sign(u) du (0 at the kink),
d max(a, b) = step(a − b) da + step(b − a) db with step(0) = 1/2.
"""
from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np

from .base import Landscape, Minimum
from .newton import fd_hessian, grad_at, newton

__all__ = ["FormulaError", "Formula", "parse_formula", "custom", "FUNCTIONS",
           "MAX_LENGTH", "MAX_NODES", "MAX_DEPTH", "MAX_EXPONENT", "MAX_CONSTANT"]

MAX_LENGTH = 300        # characters of text
MAX_NODES = 200         # nodes of the Python syntax tree
MAX_DEPTH = 30          # nesting depth of the syntax tree
MAX_EXPONENT = 100      # |p| of a constant exponent
MAX_CONSTANT = 1e15     # |c| of a number literal
DEFAULT_BOUNDS = ((-3.0, 3.0), (-3.0, 3.0))


class FormulaError(ValueError):
    """A formula the user typed cannot be used; the message says why (and where).

    `column` is the 1-based position in the text the problem was found at, or None.
    """

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.column = column


# --------------------------------------------------------------------------- numerics

def _sigmoid(u):
    return np.exp(-np.logaddexp(0.0, -u))


def _step(u):
    """Heaviside step with step(0) = 1/2 (NaN stays NaN)."""
    return 0.5 * (np.sign(u) + 1.0)


# name -> (arity, NumPy implementation); aliases map to the same node op
_NUMPY = {
    "sin": (1, np.sin), "cos": (1, np.cos), "tan": (1, np.tan),
    "arcsin": (1, np.arcsin), "arccos": (1, np.arccos), "arctan": (1, np.arctan),
    "sinh": (1, np.sinh), "cosh": (1, np.cosh), "tanh": (1, np.tanh),
    "exp": (1, np.exp), "log": (1, np.log), "log10": (1, np.log10), "log2": (1, np.log2),
    "sqrt": (1, np.sqrt), "abs": (1, np.abs), "sign": (1, np.sign), "step": (1, _step),
    "sigmoid": (1, _sigmoid), "max": (2, np.maximum), "min": (2, np.minimum),
}
_ALIASES = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "ln": "log"}
#: The functions a formula may call (aliases included), in the order error messages list them.
FUNCTIONS = tuple(_NUMPY) + tuple(_ALIASES)
_CONSTANTS = {"pi": math.pi, "e": math.e}
_BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.true_divide,
           "pow": np.power}


# --------------------------------------------------------------------------- expression DAG

class _Node:
    """One node of the expression DAG. Built only through `_Builder`, which shares equal nodes.

    op: "num" (a number; `name` is "pi"/"e" for the named constants), "var" (`name` x or y),
    "neg", "add", "sub", "mul", "div", "pow" or a function name of `_NUMPY`.
    `value` is the float value of a constant subexpression (None if it depends on x, y);
    `plain` says it is built from number literals only (so it is shown folded).
    """
    __slots__ = ("op", "args", "name", "value", "plain", "uid")

    def __init__(self, op, args, name, value, plain, uid):
        self.op, self.args, self.name, self.value, self.plain, self.uid = op, args, name, value, plain, uid

    @property
    def const(self) -> bool:
        return self.value is not None

    def is_value(self, v) -> bool:
        return self.value is not None and self.value == v

    def __repr__(self):  # pragma: no cover - debugging aid
        return f"_Node({_text(self)!r})"


def _fold(op, vals):
    """The float value of `op` applied to constant values (inf/NaN possible, never a warning)."""
    with np.errstate(all="ignore"):
        if op == "neg":
            return float(-vals[0])
        if op in _BINARY:
            return float(_BINARY[op](np.float64(vals[0]), np.float64(vals[1])))
        return float(_NUMPY[op][1](*(np.float64(v) for v in vals)))


class _Builder:
    """Makes nodes, sharing structurally equal ones and simplifying trivial terms."""

    def __init__(self):
        self.table: dict = {}
        self.dcache: dict = {}
        self.x = self._make("var", (), "x")
        self.y = self._make("var", (), "y")
        self.zero = self.num(0.0)
        self.one = self.num(1.0)

    def _make(self, op, args, name=None, value=None, plain=False):
        if value is not None and value == 0.0:
            value = 0.0                     # one zero: -0.0 and 0.0 share a node
        key = (op, name, value if op == "num" else None, tuple(a.uid for a in args))
        node = self.table.get(key)
        if node is None:
            node = _Node(op, args, name, value, plain, len(self.table))
            self.table[key] = node
        return node

    def num(self, v: float, name: str | None = None) -> _Node:
        return self._make("num", (), name, float(v), name is None)

    def _const_op(self, op, args):
        """A constant node for op(args) when every arg is constant: folded if all plain."""
        v = _fold(op, [a.value for a in args])
        if all(a.plain for a in args):
            return self.num(v)
        return self._make(op, args, value=v)

    # ---- operations (with simplification)

    def neg(self, a):
        if a.const and a.plain:
            return self.num(-a.value)
        if a.op == "neg":
            return a.args[0]
        if a.op == "sub":
            return self.sub(a.args[1], a.args[0])
        if a.op == "mul" and a.args[0].const and a.args[0].plain:
            return self.mul(self.num(-a.args[0].value), a.args[1])
        return self._make("neg", (a,), value=None if not a.const else -a.value)

    def add(self, a, b):
        if a.is_value(0.0):
            return b
        if b.is_value(0.0):
            return a
        if a.const and b.const:
            return self._const_op("add", (a, b))
        if b.op == "neg":
            return self.sub(a, b.args[0])
        if _negative_coefficient(b):
            return self.sub(a, self.neg(b))
        if a.op == "neg":
            return self.sub(b, a.args[0])
        if _negative_coefficient(a):                       # -1 + y -> y - 1
            return self.sub(b, self.neg(a))
        return self._make("add", (a, b))

    def sub(self, a, b):
        if b.is_value(0.0):
            return a
        if a.is_value(0.0):
            return self.neg(b)
        if a is b:
            return self.zero
        if a.const and b.const:
            return self._const_op("sub", (a, b))
        if b.op == "neg":
            return self.add(a, b.args[0])
        if _negative_coefficient(b):
            return self.add(a, self.neg(b))
        return self._make("sub", (a, b))

    def mul(self, a, b):
        if a.is_value(0.0) or b.is_value(0.0):
            return self.zero
        if a.is_value(1.0):
            return b
        if b.is_value(1.0):
            return a
        if a.is_value(-1.0):
            return self.neg(b)
        if b.is_value(-1.0):
            return self.neg(a)
        if a.const and b.const:
            return self._const_op("mul", (a, b))
        if b.const and not a.const:
            a, b = b, a                                   # constant factor first
        if a.op == "neg":
            return self.neg(self.mul(a.args[0], b))
        if b.op == "neg":
            return self.neg(self.mul(a, b.args[0]))
        if _negative_coefficient(b):
            return self.neg(self.mul(a, self.neg(b)))
        if a.const and b.op == "mul" and b.args[0].const:  # c1*(c2*u) -> (c1 c2)*u
            return self.mul(self.mul(a, b.args[0]), b.args[1])
        if a.const and b.op == "div":                      # c*(u/v) -> (c*u)/v
            return self.div(self.mul(a, b.args[0]), b.args[1])
        if not a.const:                                    # constants to the front
            if a.op == "mul" and a.args[0].const:          # (c*u)*v -> c*(u*v)
                return self.mul(a.args[0], self.mul(a.args[1], b))
            if b.op == "mul" and b.args[0].const:          # u*(c*v) -> c*(u*v)
                return self.mul(b.args[0], self.mul(a, b.args[1]))
        if a.op == "div" and a.args[0].const:              # (c/u)*v -> (c*v)/u
            return self.div(self.mul(a.args[0], b), a.args[1])
        if b.op == "div" and b.args[0].const:              # u*(c/v) -> (c*u)/v
            return self.div(self.mul(b.args[0], a), b.args[1])
        return self._make("mul", (a, b))

    def div(self, a, b):
        if a.is_value(0.0):
            return self.zero
        if b.is_value(1.0):
            return a
        if a is b:
            return self.one
        if a.const and b.const:
            return self._const_op("div", (a, b))
        if a.op == "neg":
            return self.neg(self.div(a.args[0], b))
        if b.op == "neg":
            return self.neg(self.div(a, b.args[0]))
        return self._make("div", (a, b))

    def pow(self, a, b):
        if b.is_value(0.0):
            return self.one
        if b.is_value(1.0):
            return a
        if a.const and b.const:
            return self._const_op("pow", (a, b))
        return self._make("pow", (a, b))

    def call(self, fn, args):
        if all(a.const for a in args):
            return self._const_op(fn, args)
        return self._make(fn, tuple(args))

    # ---- differentiation

    def diff(self, node, var):
        """d node / d var (var is "x" or "y"), memoized per node."""
        key = (node.uid, var)
        d = self.dcache.get(key)
        if d is None:
            d = self._diff(node, var)
            self.dcache[key] = d
        return d

    def _diff(self, n, var):
        if n.const:
            return self.zero
        if n.op == "var":
            return self.one if n.name == var else self.zero
        a = n.args[0]
        da = self.diff(a, var)
        if n.op == "neg":
            return self.neg(da)
        if n.op in ("add", "sub", "mul", "div", "pow", "max", "min"):
            b = n.args[1]
            db = self.diff(b, var)
            if n.op == "add":
                return self.add(da, db)
            if n.op == "sub":
                return self.sub(da, db)
            if n.op == "mul":
                return self.add(self.mul(da, b), self.mul(a, db))
            if n.op == "div":
                if db.is_value(0.0):
                    return self.div(da, b)
                num = self.sub(self.mul(da, b), self.mul(a, db))
                return self.div(num, self.pow(b, self.num(2.0)))
            if n.op == "pow":
                if b.const:                                   # p a^(p-1) a'
                    return self.mul(self.mul(b, self.pow(a, self.sub(b, self.one))), da)
                if a.const:                                   # a^b log(a) b'
                    factor = n if a.name == "e" else self.mul(n, self.call("log", (a,)))
                    return self.mul(factor, db)
                # a^b (b' log a + b a'/a)
                inner = self.add(self.mul(db, self.call("log", (a,))), self.div(self.mul(b, da), a))
                return self.mul(n, inner)
            if n.op == "max":
                return self.add(self.mul(self.call("step", (self.sub(a, b),)), da),
                                self.mul(self.call("step", (self.sub(b, a),)), db))
            # min
            return self.add(self.mul(self.call("step", (self.sub(b, a),)), da),
                            self.mul(self.call("step", (self.sub(a, b),)), db))
        if da.is_value(0.0):
            return self.zero
        return self.mul(self._outer(n, a), da)

    def _outer(self, n, a):
        """f'(a) for a one-argument function node n = f(a)."""
        op, c = n.op, self.call
        two = self.num(2.0)
        if op == "sin":
            return c("cos", (a,))
        if op == "cos":
            return self.neg(c("sin", (a,)))
        if op == "tan":
            return self.add(self.one, self.pow(n, two))
        if op == "arcsin":
            return self.div(self.one, c("sqrt", (self.sub(self.one, self.pow(a, two)),)))
        if op == "arccos":
            return self.neg(self.div(self.one, c("sqrt", (self.sub(self.one, self.pow(a, two)),))))
        if op == "arctan":
            return self.div(self.one, self.add(self.one, self.pow(a, two)))
        if op == "sinh":
            return c("cosh", (a,))
        if op == "cosh":
            return c("sinh", (a,))
        if op == "tanh":
            return self.sub(self.one, self.pow(n, two))
        if op == "exp":
            return n
        if op == "log":
            return self.div(self.one, a)
        if op == "log10":
            return self.div(self.one, self.mul(self.num(math.log(10.0)), a))
        if op == "log2":
            return self.div(self.one, self.mul(self.num(math.log(2.0)), a))
        if op == "sqrt":
            return self.div(self.num(0.5), n)
        if op == "abs":
            return c("sign", (a,))
        if op in ("sign", "step"):
            return self.zero
        if op == "sigmoid":
            return self.mul(n, self.sub(self.one, n))
        raise AssertionError(op)  # pragma: no cover


def _negative_coefficient(n) -> bool:
    """A plain negative number, or c*u with a plain negative constant c."""
    if n.const and n.plain:
        return n.value < 0
    return n.op == "mul" and n.args[0].const and n.args[0].plain and n.args[0].value < 0


# --------------------------------------------------------------------------- printing

_PREC = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3, "pow": 4}


def _prec(n) -> int:
    if n.op == "num" and n.name is None and (n.value < 0 or "e" in _num_text(n.value)):
        return 3 if n.value < 0 else 2        # -2 acts like a negation; 1e-05 like a product
    return _PREC.get(n.op, 5)


def _num_text(v: float) -> str:
    if not math.isfinite(v):     # only in a derivative, e.g. log(-2) in d/dx (-2)^x
        return "nan" if math.isnan(v) else ("-inf" if v < 0 else "inf")
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _text(n) -> str:
    """Readable text of a node, in the syntax `parse_formula` reads back (with ^ for powers).

    Brackets are kept wherever dropping them would regroup the operations, so the text
    reads back to the same values, rounding included.
    """
    op = n.op
    if op == "num":
        return n.name or _num_text(n.value)
    if op == "var":
        return n.name
    if op in _NUMPY:
        return f"{op}({', '.join(_text(a) for a in n.args)})"
    if op == "neg":
        a = n.args[0]
        return "-" + _wrap(a, _prec(a) < 2)
    a, b = n.args
    pa, pb = _prec(a), _prec(b)
    if op == "pow":
        return _wrap(a, pa <= 4) + "^" + _wrap(b, pb < 5)
    if op in ("add", "sub"):
        sym, right = (" + ", pb == 3) if op == "add" else (" - ", pb <= 1 or pb == 3)
        return _text(a) + sym + _wrap(b, right)
    if op == "mul":   # a*b*c: regrouped products differ by rounding only
        return _wrap(a, pa < 2) + "*" + _wrap(b, pb < 2 or pb == 3)
    return _wrap(a, pa < 2) + "/" + _wrap(b, pb <= 3)


def _wrap(n, paren: bool) -> str:
    s = _text(n)
    return f"({s})" if paren else s


_TEX_FUNCS = {
    "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "arcsin": r"\arcsin", "arccos": r"\arccos",
    "arctan": r"\arctan", "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh", "exp": r"\exp",
    "log": r"\ln", "log10": r"\log_{10}", "log2": r"\log_{2}", "sign": r"\operatorname{sign}",
    "step": r"\operatorname{step}", "sigmoid": r"\sigma", "max": r"\max", "min": r"\min",
}


def _num_tex(v: float) -> str:
    if not math.isfinite(v):
        return r"\mathrm{NaN}" if math.isnan(v) else (r"-\infty" if v < 0 else r"\infty")
    s = _num_text(v)
    m = re.fullmatch(r"(-?[\d.]+)e([+-]\d+)", s)
    if m:
        mant, exp = m.group(1), int(m.group(2))
        return (f"{mant} \\cdot 10^{{{exp}}}" if mant not in ("1", "-1")
                else f"{'-' if mant == '-1' else ''}10^{{{exp}}}")
    return s


def _tex(n) -> str:
    op = n.op
    if op == "num":
        return {"pi": r"\pi", "e": "e"}.get(n.name) or _num_tex(n.value)
    if op == "var":
        return n.name
    if op == "sqrt":
        return rf"\sqrt{{{_tex(n.args[0])}}}"
    if op == "abs":
        return rf"\left|{_tex(n.args[0])}\right|"
    if op in _NUMPY:
        return rf"{_TEX_FUNCS[op]}\left({', '.join(_tex(a) for a in n.args)}\right)"
    if op == "neg":
        a = n.args[0]
        return "-" + _tex_wrap(a, _prec(a) < 2)
    a, b = n.args
    if op == "div":
        return rf"\frac{{{_tex(a)}}}{{{_tex(b)}}}"
    if op == "pow":
        return f"{_tex_wrap(a, _prec(a) <= 4)}^{{{_tex(b)}}}"
    if op == "mul":
        left = _tex_wrap(a, _prec(a) < 2)
        right = _tex_wrap(b, _prec(b) < 2 or _prec(b) == 3)
        sep = r" \cdot " if b.plain or right[:1].isdigit() or right[:1] == "-" else " "
        return left + sep + right
    right = _tex_wrap(b, _prec(b) == 3 or (op == "sub" and _prec(b) == 1))
    return _tex(a) + (" + " if op == "add" else " - ") + right


def _tex_wrap(n, paren: bool) -> str:
    s = _tex(n)
    return rf"\left({s}\right)" if paren else s


# --------------------------------------------------------------------------- the tape

class _Tape:
    """The DAG of some output nodes flattened into NumPy calls, run elementwise."""

    def __init__(self, outputs):
        order, slot = [], {}
        consts = {}
        stack = [(n, False) for n in reversed(outputs)]
        while stack:                              # iterative post-order DFS
            n, done = stack.pop()
            if n.uid in slot:
                continue
            if n.const:
                slot[n.uid] = len(slot)
                consts[slot[n.uid]] = np.float64(n.value)
                continue
            if n.op == "var":
                slot[n.uid] = len(slot)
                continue
            if done:
                slot[n.uid] = len(slot)
                order.append(n)
                continue
            stack.append((n, True))
            stack.extend((a, False) for a in reversed(n.args) if a.uid not in slot)
        self.size = len(slot)
        self.consts = consts
        self.vars = [(slot[n.uid], n.name) for n in _vars(outputs, slot)]
        self.code = []
        for n in order:
            fn = (np.negative if n.op == "neg" else _BINARY.get(n.op)) or _NUMPY[n.op][1]
            self.code.append((slot[n.uid], fn, tuple(slot[a.uid] for a in n.args)))
        self.out = [slot[n.uid] for n in outputs]
        self.length = len(self.code)

    def __call__(self, x, y):
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        shape = np.broadcast_shapes(x.shape, y.shape)
        reg = [None] * self.size
        for i, v in self.consts.items():
            reg[i] = v
        for i, name in self.vars:
            reg[i] = x if name == "x" else y
        with np.errstate(all="ignore"):
            for i, fn, args in self.code:
                if len(args) == 1:
                    reg[i] = fn(reg[args[0]])
                else:
                    reg[i] = fn(reg[args[0]], reg[args[1]])
        return [_shaped(reg[i], shape, x, y) for i in self.out]


def _vars(outputs, slot):
    seen, out, stack = set(), [], list(outputs)
    while stack:
        n = stack.pop()
        if n.uid in seen:
            continue
        seen.add(n.uid)
        if n.op == "var":
            out.append(n)
        stack.extend(n.args)
    return out


def _shaped(r, shape, x, y):
    """r as a new float64 array of `shape` (a float64 scalar for shape ())."""
    if shape == ():
        return np.float64(r)
    if r is x or r is y or np.shape(r) != shape:
        return np.array(np.broadcast_to(r, shape), dtype=float)
    return r


# --------------------------------------------------------------------------- parsing

_TRANSLATE = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∗": "*", "÷": "/",
              "²": "^2", "³": "^3", "\t": " "}
# Letters, digits, spaces, the arithmetic and a few operator characters that the syntax
# check below refuses with a specific message. No quotes, brackets [] {}, ';', ':', '#',
# '\\', '$', '`' or newlines: strings, indexing, statements and comments cannot be written.
_ALLOWED_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                           " +-*/^().,_=<>!%@&|~")

_PREFIX = re.compile(r" *(?:f|F|z|J|L) *(?:\( *x *, *y *\))? *=(?!=)")

_REFUSED = {
    ast.Attribute: "attribute access with '.' is not allowed",
    ast.Subscript: "indexing with [...] is not allowed",
    ast.Compare: "comparisons (<, >, ==, ...) are not allowed",
    ast.BoolOp: "'and' / 'or' are not allowed",
    ast.IfExp: "'if ... else' is not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Tuple: "a formula is a single expression: remove the comma",
    ast.List: "lists are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dictionaries are not allowed",
    ast.Starred: "'*' before a value is not allowed",
    ast.JoinedStr: "text is not allowed",
    ast.NamedExpr: "':=' is not allowed",
}
_CHAIN = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}
_OPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow"}
_OP_SYMBOL = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.BitXor: "^", ast.BitAnd: "&",
              ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>"}


def _prepare(text):
    """Translate math symbols and '^'; check characters; return (source, column map)."""
    out, cols = [], []
    for i, ch in enumerate(text, start=1):
        rep = _TRANSLATE.get(ch, ch)
        if rep == "^":
            rep = "**"
        for r in rep:
            if r not in _ALLOWED_CHARS:
                if r.isprintable() and not r.isspace():
                    raise FormulaError(f"character {r!r} at column {i} is not allowed"
                                       + (": text in quotes is not allowed" if r in "'\"" else
                                          "; use numbers, x, y, + - * / ^, brackets and functions"),
                                       i)
                what = " (write the formula on one line)" if r in "\n\r" else ""
                raise FormulaError(f"control character U+{ord(r):04X} at column {i} is not allowed{what}", i)
            out.append("**" if r == "^" else r)
            cols.extend([i] * (2 if r == "^" else 1))
    src = "".join(out)
    # an optional "f(x, y) =", "f =", "z =" in front; then no leading spaces (ast would refuse)
    m = _PREFIX.match(src)
    k = m.end() if m else 0
    k += len(src[k:]) - len(src[k:].lstrip(" "))
    src, cols = src[k:].rstrip(" "), cols[k:]
    if not src:
        raise FormulaError("the formula is empty: type f(x, y), e.g. x^2 + 3*y^2")
    return src, cols


def _col(cols, node_or_offset) -> int:
    off = node_or_offset if isinstance(node_or_offset, int) else getattr(node_or_offset, "col_offset", 0)
    if not cols:
        return 1
    return cols[min(max(off, 0), len(cols) - 1)]


def _parse_tree(src, cols):
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as err:
        off = (err.offset or 1) - 1
        col = _col(cols, off)
        msg = str(err.msg or "")
        hint = f": {msg}" if re.search(r"never closed|unmatched|does not match", msg) else ""
        if re.search(r"\d(?![eE][+-]?\d)[A-Za-z_(]|\)\s*[A-Za-z_(\d]", src):
            hint = ": write * for products (2*x, not 2x)"
        raise FormulaError(f"syntax error at column {col}{hint}", col) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("the formula cannot be read (too deeply nested?)") from None
    # Size: the expression nodes (numbers, names, operators, calls). Depth: nesting, where
    # a chain a + b - c + ... (or a * b / c * ...) counts as one level, as it reads.
    count = 0
    stack = [(tree.body, 1)]                   # iterative: no recursion on hostile input
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, ast.expr):
            continue                           # operators and Load contexts: leaves
        count += 1
        if count > MAX_NODES:
            raise FormulaError(f"the formula is too complex (more than {MAX_NODES} parts)")
        if depth > MAX_DEPTH:
            raise FormulaError(f"the formula is nested too deeply (at most {MAX_DEPTH} levels)",
                               _col(cols, node))
        for c in ast.iter_child_nodes(node):
            chain = (isinstance(node, ast.BinOp) and c is node.left and isinstance(c, ast.BinOp)
                     and _CHAIN.get(type(c.op), 0) == _CHAIN.get(type(node.op), -1))
            stack.append((c, depth if chain else depth + 1))
    return tree


def _allowed_functions() -> str:
    return ", ".join(FUNCTIONS)


class _Converter:
    """The whitelist: Python syntax tree -> `_Builder` nodes (anything else: FormulaError)."""

    def __init__(self, builder, cols, src):
        self.b, self.cols, self.src = builder, cols, src

    def err(self, msg, node):
        col = _col(self.cols, node)
        raise FormulaError(f"{msg} (column {col})", col)

    def __call__(self, node):
        b = self.b
        if isinstance(node, ast.Expression):
            return self(node.body)
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or v is None or v is Ellipsis:
                self.err(f"{v!r} is not allowed: use numbers, x and y", node)
            if isinstance(v, complex):
                self.err("complex numbers are not allowed", node)
            if isinstance(v, (str, bytes)):
                self.err("text is not allowed: use numbers, x and y", node)
            if not isinstance(v, (int, float)):  # pragma: no cover - no other literal kinds
                self.err("this value is not allowed", node)
            if not (abs(v) <= MAX_CONSTANT):            # also catches inf (1e400) and huge ints
                shown = ast.get_source_segment(self.src, node) or ""
                shown = shown if len(shown) <= 20 else f"with {len(shown)} digits"
                self.err(f"the number {shown} is too large (at most {MAX_CONSTANT:g})", node)
            return b.num(float(v))
        if isinstance(node, ast.Name):
            name = node.id
            if name in ("x", "y"):
                return b.x if name == "x" else b.y
            if name in _CONSTANTS:
                return b.num(_CONSTANTS[name], name)
            if name in _NUMPY or name in _ALIASES:
                self.err(f"'{name}' is a function: write {name}(...)", node)
            self.err(f"unknown name '{name}': use x and y (and the constants pi, e)", node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return b.neg(self.checked(node.operand))
            if isinstance(node.op, ast.UAdd):
                return self.checked(node.operand)
            what = {ast.Not: "'not'", ast.Invert: "'~'"}.get(type(node.op), "this operator")
            self.err(f"{what} is not allowed", node)
        if isinstance(node, ast.BinOp):
            op = _OPS.get(type(node.op))
            if op is None:
                sym = _OP_SYMBOL.get(type(node.op), "this operator")
                at = node.left.end_col_offset or 0
                at += len(self.src[at:]) - len(self.src[at:].lstrip(" ()"))
                self.err(f"the operator '{sym}' is not allowed; use + - * / ^", at)
            left = self.checked(node.left)
            right = self.checked(node.right)
            if op == "div" and right.is_value(0.0):
                self.err("division by zero", node.right)
            if op == "pow" and right.const and not abs(right.value) <= MAX_EXPONENT:
                self.err(f"exponent {_num_text(right.value) if math.isfinite(right.value) else right.value}"
                         f" is too large (at most {MAX_EXPONENT} in absolute value)", node.right)
            return self.result(getattr(b, op)(left, right), node)
        if isinstance(node, ast.Call):
            return self.call(node)
        what = _REFUSED.get(type(node))
        if what is None:
            what = f"'{type(node).__name__}' is not allowed in a formula"
        self.err(what, node)

    def checked(self, node):
        return self.result(self(node), node)

    def result(self, n, node):
        if n.const and not math.isfinite(n.value):
            self.err(f"the constant part '{ast.get_source_segment(self.src, node) or _text(n)}' "
                     "is not a finite number", node)
        return n

    def call(self, node):
        f = node.func
        if not isinstance(f, ast.Name):
            self.err("only functions such as sin(x) can be called", node)
        name = f.id
        if name in ("x", "y") or name in _CONSTANTS:
            self.err(f"'{name}' is not a function: write {name}*(...) for a product", node)
        fn = _ALIASES.get(name, name)
        if fn not in _NUMPY:
            self.err(f"function '{name}' is not allowed; allowed: {_allowed_functions()}", node)
        if node.keywords:
            self.err(f"{name}(...) takes no named arguments", node)
        if any(isinstance(a, ast.Starred) for a in node.args):
            self.err("'*' before a value is not allowed", node)
        arity = _NUMPY[fn][0]
        if len(node.args) != arity:
            need = "one argument" if arity == 1 else f"{arity} arguments"
            self.err(f"{name}(...) takes {need}, got {len(node.args)}", node)
        args = [self.checked(a) for a in node.args]
        return self.result(self.b.call(fn, args), node)


# --------------------------------------------------------------------------- Formula

@dataclass(frozen=True, eq=False)
class Formula:
    """A parsed formula: f, its exact gradient, and both as text and LaTeX.

    `f(x, y)` and `grad(x, y) -> (df/dx, df/dy)` work elementwise over arrays of any
    broadcastable shape (float64 results; scalars give float64 scalars) and never warn.
    `text` is the text as typed; `expr`, `dx`, `dy` are readable forms (which
    `parse_formula` reads back when short enough), `tex`, `dx_tex`, `dy_tex` LaTeX.
    `ops` is the number of NumPy calls per evaluation of f (and of the gradient). Where f
    is not a finite number (outside its domain, overflow) the gradient is NaN too, so an
    optimizer that leaves the domain stops there as diverged.
    """
    text: str
    expr: str
    dx: str
    dy: str
    tex: str
    dx_tex: str
    dy_tex: str
    ops: tuple = field(repr=False)
    _f: Callable = field(repr=False)
    _g: Callable = field(repr=False)

    def f(self, x, y):
        return self._f(x, y)[0]

    def grad(self, x, y):
        """(df/dx, df/dy); NaN wherever f itself is not a finite number."""
        gx, gy, fv = self._g(x, y)
        bad = ~np.isfinite(fv)
        if bad.any():
            if np.ndim(fv) == 0:
                return np.float64(np.nan), np.float64(np.nan)
            gx = np.where(bad, np.nan, gx)
            gy = np.where(bad, np.nan, gy)
        return gx, gy


def parse_formula(text: str) -> Formula:
    """Parse f(x, y) typed by a user (see the module docstring); FormulaError if unusable.

    Cached: the same text gives the same Formula object.
    """
    if not isinstance(text, str):
        raise FormulaError(f"the formula must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is too long ({len(text)} characters, at most {MAX_LENGTH})")
    return _parse(text)


@lru_cache(maxsize=512)
def _parse(text: str) -> Formula:
    src, cols = _prepare(text)
    tree = _parse_tree(src, cols)
    builder = _Builder()
    try:   # the limits keep recursion a few hundred frames deep; this is a safety net
        f = _Converter(builder, cols, src)(tree)
        dx, dy = builder.diff(f, "x"), builder.diff(f, "y")
        shown = dict(expr=_text(f), dx=_text(dx), dy=_text(dy), tex=_tex(f), dx_tex=_tex(dx), dy_tex=_tex(dy))
    except RecursionError:
        raise FormulaError("the formula is too complex") from None
    tf, tg = _Tape([f]), _Tape([dx, dy, f])
    return Formula(text=text, **shown, ops=(tf.length, tg.length), _f=tf, _g=tg)


# --------------------------------------------------------------------------- the Landscape

def _bounds(bounds):
    if bounds is None:
        return DEFAULT_BOUNDS
    try:
        if np.ndim(bounds) == 0:
            r = float(bounds)
            out = ((-r, r), (-r, r))
        else:
            (x0, x1), (y0, y1) = bounds
            out = ((float(x0), float(x1)), (float(y0), float(y1)))
    except (TypeError, ValueError):
        raise ValueError(f"bounds must be ((xmin, xmax), (ymin, ymax)) or a half-width r, got {bounds!r}") from None
    (x0, x1), (y0, y1) = out
    if not all(math.isfinite(v) and abs(v) <= 1e6 for v in (x0, x1, y0, y1)) or not (x0 < x1 and y0 < y1):
        raise ValueError(f"bounds must be finite (|v| <= 1e6) with xmin < xmax and ymin < ymax, got {bounds!r}")
    return out


def custom(text: str, bounds=None, start=None) -> Landscape:
    """The user's surface f(x, y) = `text` as a Landscape named "custom".

    `bounds` is the plot window ((xmin, xmax), (ymin, ymax)) or a half-width r for
    [-r, r]² (default [-3, 3]²); `start` a point (x, y) or None for an automatic one.
    Raises FormulaError (a ValueError) for a bad formula, ValueError for bad bounds/start.
    Cached: the same arguments return the same object.
    """
    b = _bounds(bounds)
    if start is not None:
        try:
            sx, sy = (float(v) for v in start)
        except (TypeError, ValueError):
            raise ValueError(f"start must be a pair (x, y), got {start!r}") from None
        if not (math.isfinite(sx) and math.isfinite(sy)):
            raise ValueError("start must be finite")
        start = (sx, sy)
    return _custom(text, b, start)


@lru_cache(maxsize=128)
def _custom(text, bounds, given_start) -> Landscape:
    fm = parse_formula(text)
    start = given_start
    (x0, x1), (y0, y1) = bounds
    n = 101
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    Z = fm.f(X, Y)
    minima = _find_minimum(fm, bounds, X, Y, Z)
    ok = np.isfinite(Z)
    log_scale = False
    if ok.mean() > 0.5:
        fmin = minima[0].value if minima else Z[ok].min()
        p10, p90 = np.percentile(Z[ok] - fmin, [10, 90])
        log_scale = bool(p10 > 0 and p90 / p10 > 20)
    if start is None:
        start = _auto_start(fm, bounds, minima, X, Y, Z)
    return Landscape(
        name="custom", title=text.strip(), title_uk=text.strip(), f=fm.f, grad=fm.grad,
        bounds=bounds, start=start, minima=minima, log_scale=log_scale,
        params={"text": text, "bounds": bounds, "start": given_start},  # custom(**params) is this
        formula_tex=f"f(x, y) = {fm.tex}", reference="typed by the user",
        bounded_below=True,
    )


def _find_minimum(fm, bounds, X, Y, Z):
    """The lowest grid point, polished by Newton steps, if it is a strict interior local minimum.

    Returned as a local minimum (is_global=False): the lowest one found in the window, not a
    certified global minimum. Empty when that fails (kinks, plateaus, minimum on the edge).
    """
    ok = np.isfinite(Z)
    if not ok.any():
        return ()
    i, j = np.unravel_index(np.where(ok, Z, np.inf).argmin(), Z.shape)
    (x0, x1), (y0, y1) = bounds
    x, y = float(X[i, j]), float(Y[i, j])
    scale = max(x1 - x0, y1 - y0)

    x, y, fine = newton(fm.grad, x, y, f=fm.f, h=lambda a, b: 1e-6 * scale)      # damped: f must not go up
    if not fine:
        return ()
    g, v = grad_at(fm.grad, x, y), float(fm.f(np.float64(x), np.float64(y)))
    H = fd_hessian(fm.grad, x, y, 1e-6 * scale)
    if not (np.isfinite(H).all() and x0 <= x <= x1 and y0 <= y <= y1):
        return ()
    lam = np.linalg.eigvalsh(H)
    if not lam[0] > 0:                         # an isolated minimum (not a valley floor)
        return ()
    if np.abs(g).max() > 1e-8 * (1.0 + lam[-1] * scale):
        return ()
    if not (math.isfinite(v) and v <= Z[ok].min() + 1e-9 * (1 + abs(v))):
        return ()
    return (Minimum(x, y, v, False),)


_START_CANDIDATES = ((0.15, 0.8), (0.85, 0.8), (0.15, 0.2), (0.85, 0.2), (0.5, 0.85), (0.3, 0.6))


def _auto_start(fm, bounds, minima, X, Y, Z):
    """A start with a finite value and a clearly nonzero gradient, away from the minimum."""
    (x0, x1), (y0, y1) = bounds
    w, h = x1 - x0, y1 - y0
    for u, v in _START_CANDIDATES:
        sx, sy = float(f"{x0 + u * w:.12g}"), float(f"{y0 + v * h:.12g}")
        val = fm.f(np.float64(sx), np.float64(sy))
        gx, gy = fm.grad(np.float64(sx), np.float64(sy))
        if not (np.isfinite(val) and np.isfinite(gx) and np.isfinite(gy)) or math.hypot(gx, gy) < 1e-6:
            continue
        if any(math.hypot(sx - m.x, sy - m.y) < 0.1 * min(w, h) for m in minima):
            continue
        return (float(sx), float(sy))
    return (float(f"{x0 + 0.15 * w:.12g}"), float(f"{y0 + 0.8 * h:.12g}"))
