"""SymPy forms of every activation and loss, shared by the book's
derivations and the tests.

Each function builds an expression from SymPy symbols (or numbers);
differentiate it with ``sympy.diff`` and compare with the NumPy derivative
in ``nnmath.activations`` or ``nnmath.losses``. ``ACTIVATIONS`` pairs each
symbolic form with its NumPy function and derivative.
"""

from __future__ import annotations

from typing import Sequence

import sympy as sp

from . import activations as A

__all__ = [
    "x", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "swish",
    "softplus", "gelu", "gelu_exact",
    "logsumexp", "softmax", "mse", "binary_cross_entropy_with_logits",
    "softmax_cross_entropy", "ACTIVATIONS",
]

#: The default real variable for activation formulas.
x = sp.Symbol("x", real=True)


def sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x)."""
    return 1 / (1 + sp.exp(-x))


def tanh(x):
    """tanh(x)."""
    return sp.tanh(x)


def relu(x):
    """max(x, 0), as a Piecewise: its derivative is explicit on each side.
    """
    return sp.Piecewise((x, x > 0), (0, True))


def leaky_relu(x, alpha=sp.Rational(1, 100)):
    """x for x > 0, alpha x otherwise."""
    return sp.Piecewise((x, x > 0), (alpha * x, True))


def elu(x, alpha=1):
    """x for x > 0, alpha (e^x - 1) otherwise."""
    return sp.Piecewise((x, x > 0), (alpha * (sp.exp(x) - 1), True))


def swish(x):
    """x sigma(x)."""
    return x * sigmoid(x)


def softplus(x):
    """log(1 + e^x)."""
    return sp.log(1 + sp.exp(x))


def gelu(x):
    """The tanh form of GELU that ``nnmath.activations.gelu`` computes:
    x sigma(2 sqrt(2/pi) (x + 0.044715 x^3))."""
    c = sp.Float("0.044715")
    return x * sigmoid(2 * sp.sqrt(2 / sp.pi) * (x + c * x**3))


def gelu_exact(x):
    """The exact GELU, x Phi(x) = (x/2)(1 + erf(x / sqrt 2))."""
    return x * (1 + sp.erf(x / sp.sqrt(2))) / 2


def logsumexp(z: Sequence):
    """log(sum_k e^{z_k})."""
    return sp.log(sum(sp.exp(zk) for zk in z))


def softmax(z: Sequence) -> list:
    """[e^{z_k} / sum_j e^{z_j} for each k]."""
    total = sum(sp.exp(zj) for zj in z)
    return [sp.exp(zk) / total for zk in z]


def mse(pred: Sequence, target: Sequence):
    """(1/M) sum_i (pred_i - target_i)^2 over the M entries."""
    if len(pred) != len(target):
        raise ValueError(f"mse needs as many targets as predictions, got "
                         f"{len(pred)} and {len(target)}")
    return sum((p - t) ** 2 for p, t in zip(pred, target)) / len(pred)


def binary_cross_entropy_with_logits(z, y):
    """-(y log sigma(z) + (1 - y) log(1 - sigma(z))) for one logit z and
    its target y."""
    return -(y * sp.log(sigmoid(z)) + (1 - y) * sp.log(1 - sigmoid(z)))


def softmax_cross_entropy(z: Sequence, label: int):
    """-log softmax(z)[label] for one row of logits z and an integer label."""
    return -sp.log(softmax(z)[label])


#: name -> (symbolic form, NumPy function, NumPy derivative, the keyword
#: arguments used by all three)
ACTIVATIONS = {
    "sigmoid": (sigmoid, A.sigmoid, A.sigmoid_grad, {}),
    "tanh": (tanh, A.tanh, A.tanh_grad, {}),
    "relu": (relu, A.relu, A.relu_grad, {}),
    "leaky_relu": (leaky_relu, A.leaky_relu, A.leaky_relu_grad,
                   {"alpha": 0.1}),
    "elu": (elu, A.elu, A.elu_grad, {"alpha": 1.5}),
    "swish": (swish, A.swish, A.swish_grad, {}),
    "softplus": (softplus, A.softplus, A.softplus_grad, {}),
    "gelu": (gelu, A.gelu, A.gelu_grad, {}),
}
