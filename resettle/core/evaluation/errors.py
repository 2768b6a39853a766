"""Errors raised for inputs the evaluation cannot use.

Every message names what is wrong and where (group, column, row) so that whoever prepared the
data can fix it without reading a traceback.
"""


class EvaluationError(ValueError):
    """Base class: the inputs or options cannot produce a trustworthy evaluation."""


class InvalidOptionError(EvaluationError):
    """An option is out of range (for example a matching ratio below 1)."""


class MismatchedColumnsError(EvaluationError):
    """A named column is missing from a group, or the columns of a group differ in length."""


class NonNumericError(EvaluationError):
    """A covariate or outcome holds something that is not a number."""


class MissingValuesError(EvaluationError):
    """A covariate or outcome has blank or NaN values."""


class InvalidOutcomeError(EvaluationError):
    """Outcome values do not fit the outcome type (for example a binary outcome of 2)."""


class ConstantCovariateError(EvaluationError):
    """A covariate takes a single value, so it cannot help tell the groups apart."""


class CollinearCovariatesError(EvaluationError):
    """Some covariates are exact combinations of others, so the model cannot separate them."""


class TooFewTreatedError(EvaluationError):
    """The treated cohort (or comparison pool) is too small to evaluate."""


class NoOverlapError(EvaluationError):
    """The treated cohort and comparison pool do not overlap, so nobody can be matched."""
