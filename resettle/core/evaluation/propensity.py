"""Propensity scores from an unpenalised logistic regression fitted by Newton's method (IRLS).

Covariates are standardised first so that one convergence tolerance suits every scale and so
that a diverging coefficient (the sign of separation) is recognisable whatever the units.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import linalg
from scipy.special import expit

from .errors import CollinearCovariatesError, ConstantCovariateError, NoOverlapError

# On the standardised scale a coefficient this large means one standard deviation multiplies
# the odds by more than e^25: only separation (an infinite true estimate) produces it.
DIVERGENCE_LIMIT = 25.0
# A fitted probability within about 3e-7 of 0 or 1, and a standard error per standard
# deviation that no genuine estimate on realistic data comes near.
EXTREME_LOGIT = 15.0
HUGE_STANDARD_ERROR = 10.0


@dataclass
class LogisticFit:
    covariates: list[str]
    means: np.ndarray
    scales: np.ndarray
    coefficients: np.ndarray  # intercept first, per standard deviation of each covariate
    converged: bool
    iterations: int
    separation: bool
    log_likelihood: float
    message: str

    def original_scale(self) -> dict[str, float]:
        """Coefficients per unit of each covariate, as a reader of the raw data expects."""
        slopes = self.coefficients[1:] / self.scales
        intercept = self.coefficients[0] - float(np.dot(slopes, self.means))
        return {"(intercept)": float(intercept)} | {
            name: float(value) for name, value in zip(self.covariates, slopes, strict=True)
        }


def fit_propensity(
    x_treated: np.ndarray,
    x_pool: np.ndarray,
    covariates: Sequence[str],
    *,
    max_iterations: int = 50,
    tolerance: float = 1e-8,
) -> tuple[LogisticFit, np.ndarray]:
    """Fit P(treated | x); return the fit and the logit for every row, treated rows first."""
    n_treated, p = x_treated.shape
    n = n_treated + len(x_pool)
    means = (x_treated.sum(axis=0) + x_pool.sum(axis=0)) / n
    scales = np.sqrt(
        (((x_treated - means) ** 2).sum(axis=0) + ((x_pool - means) ** 2).sum(axis=0)) / n
    )
    constant = [name for name, s in zip(covariates, scales, strict=True) if s == 0]
    if constant:
        raise ConstantCovariateError(
            f"Covariate {', '.join(repr(c) for c in constant)} has the same value for everyone "
            "in both groups, so it cannot help match people; leave it out."
        )
    # Row-major with the intercept column, so that each row is one person for the BLAS calls.
    design = np.empty((n, p + 1))
    design[:, 0] = 1.0
    design[:n_treated, 1:] = x_treated
    design[n_treated:, 1:] = x_pool
    design[:, 1:] -= means
    design[:, 1:] /= scales
    _check_collinearity(design[:, 1:], covariates)

    y = np.zeros(n)
    y[:n_treated] = 1.0
    scaled = np.empty_like(design)
    share = y.mean()
    beta = np.zeros(p + 1)
    beta[0] = np.log(share / (1 - share))
    eta = design @ beta
    loglik = _log_likelihood(n_treated, eta)
    converged = separation = False
    iterations = 0
    while iterations < max_iterations:
        iterations += 1
        mu = expit(eta)
        gradient = design.T @ (y - mu)
        # X'WX as (sqrt(W)X)'(sqrt(W)X): NumPy hands a product of an array with its own
        # transpose to BLAS syrk, and the reused buffer spares a large allocation per step.
        np.multiply(design, np.sqrt(mu * (1 - mu))[:, None], out=scaled)
        hessian = scaled.T @ scaled
        try:
            step = linalg.solve(hessian, gradient, assume_a="pos")
        except (linalg.LinAlgError, ValueError):
            # A singular information matrix with non-collinear covariates means the fitted
            # probabilities have collapsed to 0 and 1: separation.
            separation = True
            break
        # Step-halving keeps each Newton step an improvement, which plain IRLS cannot promise.
        for _ in range(30):
            candidate = beta + step
            candidate_eta = design @ candidate
            candidate_loglik = _log_likelihood(n_treated, candidate_eta)
            if candidate_loglik >= loglik - 1e-12 * abs(loglik):
                break
            step /= 2
        beta, eta = candidate, candidate_eta
        change = abs(candidate_loglik - loglik)
        loglik = candidate_loglik
        if np.max(np.abs(step)) < tolerance * (1 + np.max(np.abs(beta))) or change < (
            tolerance * 1e-4 * (abs(loglik) + 1)
        ):
            converged = True
            break
        if np.max(np.abs(beta[1:])) > DIVERGENCE_LIMIT:
            separation = True
            break

    treated_logits, pool_logits = eta[:n_treated], eta[n_treated:]
    if treated_logits.min() > pool_logits.max():
        raise NoOverlapError(
            "The covariates separate the two groups completely: everyone who received the "
            "support differs from everyone in the comparison pool (for example, on a covariate "
            "that only one group can have), so no fair comparison is possible. Check the "
            "covariates and that the comparison pool is drawn from similar people."
        )
    if not separation:
        separation = _quasi_separated(beta, eta, hessian)
    if separation:
        converged = False
        message = (
            "Some covariate values occur only in one group (quasi-complete separation), so the "
            f"model did not converge after {iterations} iterations; people with those values "
            "cannot be matched and are removed by the common-support rule."
        )
    elif converged:
        message = f"The propensity model converged after {iterations} iterations."
    else:
        message = (
            f"The propensity model did not converge within {max_iterations} iterations; "
            "treat the matching with caution."
        )
    fit = LogisticFit(
        covariates=list(covariates),
        means=means,
        scales=scales,
        coefficients=beta,
        converged=converged,
        iterations=iterations,
        separation=separation,
        log_likelihood=float(loglik),
        message=message,
    )
    return fit, eta


def _quasi_separated(beta: np.ndarray, eta: np.ndarray, hessian: np.ndarray) -> bool:
    """Tell quasi-complete separation from a genuine maximum.

    With separation the likelihood levels off while some fitted probabilities run to 0 or 1
    and the information along the separating direction vanishes: huge standard errors on the
    standardised scale, where a genuine estimate's are about 1/sqrt(n).
    """
    if np.max(np.abs(beta[1:])) > DIVERGENCE_LIMIT:
        return True
    if np.max(np.abs(eta)) < EXTREME_LOGIT:
        return False
    try:
        variances = np.diag(linalg.inv(hessian))
    except (linalg.LinAlgError, ValueError):
        return True
    return bool(np.max(np.sqrt(np.abs(variances[1:]))) > HUGE_STANDARD_ERROR)


def _log_likelihood(n_treated: int, eta: np.ndarray) -> float:
    # Treated rows come first, so y'eta is a plain sum (a BLAS dot here can stall on threads).
    return float(eta[:n_treated].sum() - np.logaddexp(0, eta).sum())


def _check_collinearity(standardised: np.ndarray, covariates: Sequence[str]) -> None:
    correlation = standardised.T @ standardised / len(standardised)
    values, vectors = np.linalg.eigh(correlation)
    if values[0] > 1e-9 * max(values[-1], 1.0):
        return
    involved = [
        name for name, loading in zip(covariates, vectors[:, 0], strict=True) if abs(loading) > 0.05
    ]
    raise CollinearCovariatesError(
        f"Covariates {', '.join(repr(c) for c in involved)} are exact combinations of each "
        "other (for example one is a copy or a total of the others); leave one of them out."
    )
