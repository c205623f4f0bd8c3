"""The exact AR(1) whitening agrees with the dense correlation matrix of the observed days."""

from __future__ import annotations

import numpy as np
import pytest

from unknot.core.nof1.ar1 import RHO_GRID, correlation_matrix, whitener


@pytest.mark.parametrize("rho", [-0.9, -0.3, 0.0, 0.45, 0.97])
def test_whitener_matches_dense_inverse_and_determinant_with_gaps(rho: float) -> None:
    days = np.array([1, 2, 3, 6, 7, 11, 12, 13], dtype=np.int64)
    y = np.array([3.0, 4.5, 2.0, 5.0, 6.5, 1.0, 0.5, 2.5])
    v = correlation_matrix(days, rho)
    w = whitener(days, np.array([rho]))
    yw = w.vector(y)[0]
    assert yw @ yw == pytest.approx(y @ np.linalg.solve(v, y), rel=1e-10)
    assert w.log_det_v[0] == pytest.approx(np.linalg.slogdet(v)[1], rel=1e-10, abs=1e-10)


def test_whitener_matrix_maps_each_column_like_a_vector() -> None:
    days = np.array([2, 3, 5, 9], dtype=np.int64)
    x = np.array([[1.0, 0.5], [1.0, -0.5], [1.0, 0.5], [1.0, -0.5]])
    w = whitener(days, RHO_GRID)
    whole = w.matrix(x)
    assert np.allclose(whole[:, :, 1], w.vector(x[:, 1]))
    assert whole.shape == (RHO_GRID.size, 4, 2)


def test_rho_grid_is_199_points_from_minus_to_plus_099() -> None:
    assert RHO_GRID.size == 199
    assert RHO_GRID[0] == -0.99 and RHO_GRID[-1] == 0.99
    assert np.allclose(np.diff(RHO_GRID), 0.01)
