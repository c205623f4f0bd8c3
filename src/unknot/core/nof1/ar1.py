"""Exact AR(1) whitening of irregularly observed days, for many values of ρ at once.

For a stationary AR(1) error with innovation variance σ², the observed days t_1 < … < t_n have
covariance σ²·V with V_ij = ρ^|t_i − t_j| / (1 − ρ²). Because the process is Markov, V⁻¹ is
tridiagonal and V factorises through the one-step conditionals (the gap formula of
``nof1-methods.md``; Prais & Winsten 1954 for the stationary first term):

    e_1 ~ N(0, σ²/(1 − ρ²))
    e_i | e_{i−1} ~ N(ρ^k e_{i−1}, σ² (1 − ρ^{2k})/(1 − ρ²)),   k = t_i − t_{i−1}

so z_i = (e_i − a_i e_{i−1}) / s_i with a_i = ρ^k, s_i² the conditional variance / σ², are
independent N(0, σ²), and log det V = Σ log s_i². Applying the same map to y and to the design
matrix turns generalised least squares into ordinary least squares. Arrays here are shaped
(grid, days[, columns]) so one call handles the whole ρ grid in O(G·n·p).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from unknot.core.nof1.data import FloatArray, IntArray

RHO_GRID: FloatArray = np.round(np.linspace(-0.99, 0.99, 199), 10)


@dataclass(frozen=True)
class Whitener:
    """The one-step coefficients a (G, n) and conditional SDs s (G, n) for a ρ grid."""

    a: FloatArray
    s: FloatArray

    @property
    def log_det_v(self) -> FloatArray:
        return np.asarray(2.0 * np.log(self.s).sum(axis=1))

    def vector(self, y: FloatArray) -> FloatArray:
        """Whitened y, shape (G, n)."""
        prev = np.concatenate(([0.0], y[:-1]))
        return np.asarray((y[None, :] - self.a * prev[None, :]) / self.s)

    def matrix(self, x: FloatArray) -> FloatArray:
        """Whitened design matrix, shape (G, n, p)."""
        prev = np.vstack([np.zeros((1, x.shape[1])), x[:-1]])
        white = x[None, :, :] - self.a[:, :, None] * prev[None, :, :]
        return np.asarray(white / self.s[:, :, None])


def whitener(days: IntArray, rho: FloatArray) -> Whitener:
    """Build the whitening map for observed ``days`` (sorted, unique) and each ρ in ``rho``."""
    gaps = np.diff(days).astype(np.float64)
    r = rho[:, None]
    one_minus = 1.0 - r**2
    a_rest = r ** gaps[None, :]
    var_rest = (1.0 - a_rest**2) / one_minus
    a = np.hstack([np.zeros((rho.size, 1)), a_rest])
    s = np.sqrt(np.hstack([1.0 / one_minus, var_rest]))
    return Whitener(a=a, s=s)


def correlation_matrix(days: IntArray, rho: float) -> FloatArray:
    """V for one ρ, written out densely (for tests and small checks)."""
    lag = np.abs(days[:, None] - days[None, :]).astype(np.float64)
    return np.asarray(rho**lag / (1.0 - rho**2))
