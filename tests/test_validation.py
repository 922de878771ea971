"""The argument checks of nnmath._validation, one helper at a time: what
each accepts and returns, and what it refuses, with which exception and a
message that names the argument."""

from fractions import Fraction

import numpy as np
import pytest

from nnmath import _validation as V

# A distinctive argument name: a message that names it cannot match by
# accident.
NAME = "my_arg"

# Values that are not numbers: strings, None, bools (Python and NumPy),
# complex numbers, containers and 0-d arrays.
NOT_NUMBERS = ["0.5", "", None, True, False, np.True_, 1j, np.complex64(1),
               [0.5], (0.5,), np.array(0.5), np.array([0.5])]


class FakeLayer:
    def __repr__(self):
        return "FakeLayer(7)"


LAYER = FakeLayer()


def test_every_public_helper_is_tested_here():
    tested = {
        "check_real", "check_positive", "check_nonnegative",
        "check_probability", "check_positive_int", "check_float_dtype",
        "check_array", "check_finite", "check_labels", "check_same_rows",
        "check_rng", "check_input", "check_forward_done", "check_dy",
        "check_shape", "check_weight_shape", "check_target",
        "check_integer", "check_bool", "check_callable",
        "check_model_dtype", "check_windows", "check_recording",
    }
    assert set(V.__all__) == tested
    assert all(callable(getattr(V, name)) for name in V.__all__)


# --- real numbers ----------------------------------------------------------

REAL_OK = [(1, 1.0), (-2, -2.0), (0.25, 0.25), (0, 0.0),
           (np.float32(0.5), 0.5), (np.float64(-1.5), -1.5),
           (np.int64(3), 3.0), (np.uint8(7), 7.0), (np.float16(2), 2.0),
           (Fraction(1, 4), 0.25), (1e300, 1e300)]


@pytest.mark.parametrize("value, expected", REAL_OK)
def test_check_real_accepts_python_and_numpy_numbers(value, expected):
    got = V.check_real(value, NAME)
    assert type(got) is float and got == expected


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_check_real_refuses_non_numbers_with_type_error(value):
    with pytest.raises(TypeError, match=f"{NAME} must be a real number"):
        V.check_real(value, NAME)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf,
                                   np.float32(np.nan)])
def test_check_real_refuses_non_finite_values(value):
    with pytest.raises(ValueError, match=f"{NAME} must be finite"):
        V.check_real(value, NAME)


@pytest.mark.parametrize("value, expected", [
    (1e-300, 1e-300), (3, 3.0), (np.float32(0.125), 0.125),
    (np.int64(2), 2.0)])
def test_check_positive_accepts(value, expected):
    got = V.check_positive(value, NAME)
    assert type(got) is float and got == expected


@pytest.mark.parametrize("value", [0, 0.0, -0.0, -1, -1e-300,
                                   np.float32(-0.1), np.nan, np.inf])
def test_check_positive_refuses_values_not_above_zero(value):
    with pytest.raises(ValueError, match=NAME):
        V.check_positive(value, NAME)


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_check_positive_refuses_non_numbers(value):
    with pytest.raises(TypeError, match=NAME):
        V.check_positive(value, NAME)


@pytest.mark.parametrize("value, expected", [
    (0, 0.0), (0.0, 0.0), (np.float32(0), 0.0), (2.5, 2.5),
    (np.int64(4), 4.0)])
def test_check_nonnegative_accepts(value, expected):
    got = V.check_nonnegative(value, NAME)
    assert type(got) is float and got == expected


@pytest.mark.parametrize("value", [-1e-12, -1, np.float64(-3), np.nan,
                                   np.inf])
def test_check_nonnegative_refuses_negative_and_non_finite(value):
    with pytest.raises(ValueError, match=NAME):
        V.check_nonnegative(value, NAME)


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_check_nonnegative_refuses_non_numbers(value):
    with pytest.raises(TypeError, match=NAME):
        V.check_nonnegative(value, NAME)


@pytest.mark.parametrize("value, expected", [
    (0, 0.0), (0.0, 0.0), (0.5, 0.5), (0.999, 0.999),
    (np.float32(0.25), 0.25), (np.float64(0.9), 0.9)])
def test_check_probability_accepts_zero_to_below_one(value, expected):
    got = V.check_probability(value, NAME)
    assert type(got) is float and got == expected


@pytest.mark.parametrize("value", [1, 1.0, np.float32(1), 1.5, -0.1,
                                   -1e-300])
def test_check_probability_refuses_values_outside_0_1(value):
    with pytest.raises(ValueError, match=rf"{NAME} must lie in \[0, 1\)"):
        V.check_probability(value, NAME)


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_check_probability_refuses_non_finite_values(value):
    with pytest.raises(ValueError, match=f"{NAME} must be finite"):
        V.check_probability(value, NAME)


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_check_probability_refuses_non_numbers(value):
    with pytest.raises(TypeError, match=NAME):
        V.check_probability(value, NAME)


# --- positive integers -----------------------------------------------------

@pytest.mark.parametrize("value", [1, 7, 10**12, np.int64(5), np.int32(2),
                                   np.uint8(3), np.uint64(1)])
def test_check_positive_int_accepts_python_and_numpy_integers(value):
    got = V.check_positive_int(value, NAME)
    assert type(got) is int and got == int(value)


@pytest.mark.parametrize("value", [0, -1, np.int64(0), np.int32(-4)])
def test_check_positive_int_refuses_zero_and_negatives(value):
    with pytest.raises(ValueError, match=f"{NAME} must be a positive int"):
        V.check_positive_int(value, NAME)


@pytest.mark.parametrize("value", [2.0, np.float64(2), 2.5, "2", None,
                                   True, np.True_, [2], np.array([2])])
def test_check_positive_int_refuses_non_integers(value):
    with pytest.raises(TypeError, match=f"{NAME} must be a positive int"):
        V.check_positive_int(value, NAME)


# --- dtypes ----------------------------------------------------------------

@pytest.mark.parametrize("dtype, expected", [
    (np.float32, np.float32), (np.float64, np.float64), (float, np.float64),
    ("float32", np.float32), ("f8", np.float64), (np.dtype("f4"), np.float32),
    (np.float16, np.float16)])
def test_check_float_dtype_accepts_floating_types(dtype, expected):
    got = V.check_float_dtype(dtype, NAME)
    assert isinstance(got, np.dtype) and got == np.dtype(expected)


@pytest.mark.parametrize("dtype", [int, np.int32, np.uint8, bool, complex,
                                   np.complex64, object, str, "int64",
                                   "not a dtype", None])
def test_check_float_dtype_refuses_other_types(dtype):
    with pytest.raises(TypeError, match=f"{NAME} must be a floating-point"):
        V.check_float_dtype(dtype, NAME)


def test_check_float_dtype_names_dtype_by_default():
    with pytest.raises(TypeError, match="^dtype must be a floating-point"):
        V.check_float_dtype(np.int64)


# --- arrays ----------------------------------------------------------------

@pytest.mark.parametrize("x, dtype", [
    ([1, 2, 3], np.float64), ([[True, False]], np.float64),
    (np.arange(3, dtype=np.int8), np.float64), (2.5, np.float64),
    (np.zeros(2, np.float32), np.float32),
    (np.zeros(2, np.float16), np.float16)])
def test_check_array_gives_a_float_array(x, dtype):
    got = V.check_array(x, NAME)
    assert isinstance(got, np.ndarray) and got.dtype == dtype
    np.testing.assert_array_equal(got, np.asarray(x, dtype=np.float64))


def test_check_array_casts_to_a_requested_dtype():
    got = V.check_array(np.array([1.5, 2.5]), NAME, dtype=np.float32)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [1.5, 2.5])
    assert V.check_array([1, 2], NAME, dtype=np.float32).dtype == np.float32


@pytest.mark.parametrize("x", [np.array(["1.5", "2"]), ["1.5"],
                               np.zeros(2, dtype=complex),
                               np.array([1, None]), None])
def test_check_array_refuses_non_real_data_without_parsing(x):
    with pytest.raises(TypeError, match=f"{NAME} must hold real numbers"):
        V.check_array(x, NAME)


@pytest.mark.parametrize("shape, x_shape", [
    ((None, 4), (5, 4)), ((None, 4), (0, 4)), ((2, None), (2, 9)),
    ((None,), (3,)), ((None, None, 1), (2, 3, 1))])
def test_check_array_accepts_matching_shapes(shape, x_shape):
    assert V.check_array(np.zeros(x_shape), NAME, shape=shape).shape == \
        x_shape


@pytest.mark.parametrize("shape, x_shape, want", [
    ((None, 4), (32, 3), r"\(N, 4\)"), ((None, 4), (4,), r"\(N, 4\)"),
    ((None, 4), (2, 4, 1), r"\(N, 4\)"), ((None,), (3, 1), r"\(N,\)"),
    ((None, None, 1), (2, 3, 2), r"\(N, M, 1\)"),
    ((2, 3), (3, 2), r"\(2, 3\)")])
def test_check_array_wrong_shape_says_what_was_expected_and_what_came(
        shape, x_shape, want):
    got = r"\(" + ", ".join(str(s) for s in x_shape) + r",?\)"
    with pytest.raises(ValueError, match=f"{NAME} must have shape {want}, "
                                         f"got {got}"):
        V.check_array(np.zeros(x_shape), NAME, shape=shape)


@pytest.mark.parametrize("ndim, x_shape", [
    (2, (3, 4)), ((1, 2), (3,)), ((1, 2), (3, 4)), (0, ())])
def test_check_array_accepts_allowed_ndim(ndim, x_shape):
    assert V.check_array(np.zeros(x_shape), NAME, ndim=ndim).shape == x_shape


@pytest.mark.parametrize("ndim, x_shape, want", [
    (2, (3,), "2-D"), (2, (3, 4, 5), "2-D"), ((1, 2), (), "1-D or 2-D")])
def test_check_array_wrong_ndim(ndim, x_shape, want):
    with pytest.raises(ValueError, match=f"{NAME} must be a {want} array"):
        V.check_array(np.zeros(x_shape), NAME, ndim=ndim)


def test_check_array_checks_the_kind_before_the_shape():
    with pytest.raises(TypeError, match=NAME):
        V.check_array(np.array([["a"]]), NAME, shape=(None, 4))


# --- finite values ---------------------------------------------------------

@pytest.mark.parametrize("x", [np.zeros((2, 3)), np.array([1e308, -1e308]),
                               np.zeros(0), np.float32([1, 2])])
def test_check_finite_passes_finite_arrays(x):
    assert V.check_finite(x, NAME) is None


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_check_finite_says_where_the_first_bad_value_is(bad):
    x = np.zeros((3, 4))
    x[1, 2] = bad
    x[2, 0] = bad
    with pytest.raises(ValueError, match=rf"{NAME} must be finite, but "
                                         rf"{NAME}\[1, 2\] is {bad}"):
        V.check_finite(x, NAME)


# --- class labels ----------------------------------------------------------

@pytest.mark.parametrize("labels", [[0, 2, 1], np.array([0, 2, 1], np.uint8),
                                    np.array([0.0, 2.0, 1.0]),
                                    np.array([0, 2, 1], np.int32)])
def test_check_labels_gives_int64_class_ids(labels):
    got = V.check_labels(labels, NAME, n_classes=3)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, [0, 2, 1])


def test_check_labels_without_n_classes_has_no_upper_bound():
    np.testing.assert_array_equal(V.check_labels([5, 10**6], NAME),
                                  [5, 10**6])


@pytest.mark.parametrize("labels", [
    [0.5, 1.0], [0.0, np.nan], [True, False], ["0", "1"], [1j],
    [np.inf, 1.0],
    [1e30]])
def test_check_labels_refuses_non_integer_ids(labels):
    with pytest.raises(TypeError, match=f"{NAME} must be integer class ids"):
        V.check_labels(np.array(labels), NAME)


@pytest.mark.parametrize("labels, n_classes, words", [
    ([[0], [1]], None, r"shape \(N,\)"), (5, None, r"shape \(N,\)"),
    ([0, -1], None, ">= 0"), ([0, 3], 3, r"< 3 \(the number of classes\)")])
def test_check_labels_refuses_bad_values(labels, n_classes, words):
    with pytest.raises(ValueError, match=f"{NAME} must .*{words}"):
        V.check_labels(np.array(labels), NAME, n_classes)


def test_check_same_rows_passes_and_refuses():
    assert V.check_same_rows(np.zeros((3, 2)), np.zeros(3), "a", "b") is None
    with pytest.raises(ValueError, match=r"first and second must have the "
                                         r"same number of rows.*\(3, 2\) "
                                         r"and \(4,\)"):
        V.check_same_rows(np.zeros((3, 2)), np.zeros(4), "first", "second")
    with pytest.raises(ValueError, match="first and second"):
        V.check_same_rows(np.zeros(3), np.float64(1.0), "first", "second")


# --- random generators -----------------------------------------------------

@pytest.mark.parametrize("seed", [0, 12345, np.int64(7), np.uint32(3)])
def test_check_rng_seeds_a_fresh_generator(seed):
    got = V.check_rng(seed)
    assert isinstance(got, np.random.Generator)
    expected = np.random.default_rng(int(seed)).random(5)
    np.testing.assert_array_equal(got.random(5), expected)


def test_check_rng_passes_a_generator_through_and_makes_one_for_none():
    gen = np.random.default_rng(1)
    assert V.check_rng(gen) is gen  # advanced by the caller, not copied
    assert isinstance(V.check_rng(None), np.random.Generator)


@pytest.mark.parametrize("rng", ["0", 1.5, True, np.True_, [1, 2],
                                 np.random.RandomState(0),
                                 np.random.SeedSequence(0)])
def test_check_rng_refuses_other_types(rng):
    with pytest.raises(TypeError, match="rng must be None, an int seed or a "
                                        "numpy.random.Generator"):
        V.check_rng(rng)


# --- layer inputs and gradients --------------------------------------------

@pytest.mark.parametrize("x, dtype", [
    (np.zeros((2, 4), np.float32), np.float32), (np.zeros((2, 4)), np.float64),
    (np.ones((2, 4), int), np.float64), ([[1, 2, 3, 4]], np.float64),
    (np.ones((2, 4), bool), np.float64)])
def test_check_input_gives_a_float_array(x, dtype):
    got = V.check_input(x, LAYER, 4)
    assert isinstance(got, np.ndarray) and got.dtype == dtype
    assert got.shape == np.shape(x)


def test_check_input_keeps_a_float_array_as_it_is():
    x = np.zeros((2, 4), np.float32)
    assert V.check_input(x, LAYER, 4) is x  # no copy on the training path


@pytest.mark.parametrize("shape", [(3,), (2, 3, 1), (2, 2)])
def test_check_input_without_width_takes_any_shape(shape):
    assert V.check_input(np.zeros(shape), LAYER).shape == shape


@pytest.mark.parametrize("shape", [(32, 3), (4,), (2, 4, 1), (), (4, 32)])
def test_check_input_wrong_width_names_the_layer_and_both_shapes(shape):
    got = r"\(" + ", ".join(str(s) for s in shape) + r",?\)"
    with pytest.raises(ValueError, match=rf"FakeLayer\(7\) expected input of "
                                         rf"shape \(N, 4\), got {got}"):
        V.check_input(np.zeros(shape), LAYER, 4)


@pytest.mark.parametrize("x", [np.array([["a", "b"]]),
                               np.zeros((1, 2), complex),
                               np.array([[None, 1]])])
def test_check_input_refuses_non_real_dtypes(x):
    with pytest.raises(TypeError, match=r"FakeLayer\(7\) expected a "
                                        r"floating-point input, got dtype"):
        V.check_input(x, LAYER, 2)


def test_check_forward_done():
    assert V.check_forward_done(np.zeros(2), LAYER) is None
    assert V.check_forward_done((), LAYER) is None  # a 0-d input's shape
    with pytest.raises(RuntimeError, match=r"FakeLayer\(7\)\.backward called "
                                           r"before forward"):
        V.check_forward_done(None, LAYER)


def test_check_dy_accepts_the_exact_shape():
    assert V.check_dy(np.zeros((5, 4)), (5, 4), LAYER) is None


@pytest.mark.parametrize("dy, got", [
    (np.zeros((5, 1)), r"\(5, 1\)"),   # would broadcast against (5, 4)
    (np.zeros((1, 4)), r"\(1, 4\)"),   # would broadcast too
    (np.zeros(4), r"\(4,\)"), (np.zeros((4, 5)), r"\(4, 5\)"),
    (np.zeros((6, 4)), r"\(6, 4\)")])
def test_check_dy_refuses_any_other_shape(dy, got):
    with pytest.raises(ValueError, match=rf"FakeLayer\(7\)\.backward expected "
                                         rf"dy of shape \(5, 4\).*got {got}"):
        V.check_dy(dy, (5, 4), LAYER)


@pytest.mark.parametrize("dy, got", [
    (np.float64(1.0), "float64"), ([[0.0] * 4] * 5, "list"),
    (None, "NoneType")])
def test_check_dy_refuses_what_is_not_an_array(dy, got):
    with pytest.raises(TypeError, match=rf"FakeLayer\(7\)\.backward expected "
                                        rf"dy as an ndarray.*got {got}"):
        V.check_dy(dy, (5, 4), LAYER)


# --- weight shapes ---------------------------------------------------------

@pytest.mark.parametrize("shape, expected", [
    (3, (3,)), (np.int64(3), (3,)), ((2, 3), (2, 3)), ([2, 3], (2, 3)),
    ((np.int64(2), np.int32(3)), (2, 3)), ((1, 2, 3, 4), (1, 2, 3, 4))])
def test_check_shape_gives_a_tuple_of_ints(shape, expected):
    got = V.check_shape(shape, NAME)
    assert got == expected and all(type(s) is int for s in got)


@pytest.mark.parametrize("shape", [(), [], 0, -2, (0, 3), (3, -1)])
def test_check_shape_refuses_empty_and_non_positive_sizes(shape):
    with pytest.raises(ValueError, match=f"{NAME} must be a non-empty tuple "
                                         "of positive integers"):
        V.check_shape(shape, NAME)


@pytest.mark.parametrize("shape", [None, 2.5, object()])
def test_check_shape_refuses_non_sequences_with_type_error(shape):
    with pytest.raises(TypeError, match=NAME):
        V.check_shape(shape, NAME)


@pytest.mark.parametrize("shape", [("2", 3), (2.0, 3), (2, True), True,
                                   "ab"])
def test_check_shape_refuses_sizes_of_the_wrong_type_with_type_error(shape):
    with pytest.raises(TypeError, match=NAME):
        V.check_shape(shape, NAME)


def test_check_shape_names_shape_by_default():
    with pytest.raises(ValueError, match="^shape must"):
        V.check_shape(())


@pytest.mark.parametrize("shape", [(3, 4), [3, 4], (np.int64(3), 4)])
def test_check_weight_shape_gives_n_in_n_out(shape):
    assert V.check_weight_shape(shape, NAME) == (3, 4)


@pytest.mark.parametrize("shape", [3, (3,), (2, 3, 4)])
def test_check_weight_shape_refuses_other_ranks(shape):
    with pytest.raises(ValueError, match=rf"{NAME} must be a weight matrix "
                                         rf"shape \(n_in, n_out\)"):
        V.check_weight_shape(shape, NAME)


def test_check_weight_shape_refuses_bad_sizes():
    with pytest.raises(ValueError, match=NAME):
        V.check_weight_shape((0, 3), NAME)


# --- regression targets ----------------------------------------------------

@pytest.mark.parametrize("pred_dtype", [np.float32, np.float64])
def test_check_target_casts_to_the_prediction_dtype(pred_dtype):
    pred = np.zeros((3, 2), pred_dtype)
    got = V.check_target([[1, 2], [3, 4], [5, 6]], pred, NAME)
    assert got.dtype == pred_dtype and got.shape == (3, 2)
    np.testing.assert_array_equal(got, [[1, 2], [3, 4], [5, 6]])


def test_check_target_reshapes_a_flat_target_for_a_column_prediction():
    got = V.check_target(np.array([1.0, 2.0, 3.0]), np.zeros((3, 1)), NAME)
    assert got.shape == (3, 1)
    np.testing.assert_array_equal(got[:, 0], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("pred_shape, target_shape", [
    ((3,), (3, 1)), ((3, 2), (3,)), ((3, 2), (2, 3)), ((3, 1), (4,)),
    ((3, 1), (1, 3)), ((3, 2), (3, 2, 1))])
def test_check_target_refuses_any_other_shape(pred_shape, target_shape):
    with pytest.raises(ValueError, match=rf"{NAME} must have the "
                                         rf"prediction's shape"):
        V.check_target(np.zeros(target_shape), np.zeros(pred_shape), NAME)


def test_check_target_refuses_strings_and_names_target_by_default():
    with pytest.raises(TypeError, match="^target must hold real numbers"):
        V.check_target(np.array(["1"]), np.zeros(1))


# --- integers and booleans -------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (3, 3), (-1, -1), (0, 0), (np.int64(-2), -2), (np.int32(7), 7)])
def test_check_integer_accepts_any_integer(value, expected):
    got = V.check_integer(value, NAME)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("value", [1.0, "1", None, True, np.bool_(False)])
def test_check_integer_refuses_non_integers(value):
    with pytest.raises(TypeError, match=f"{NAME} must be an integer"):
        V.check_integer(value, NAME)


@pytest.mark.parametrize("value", [True, False, np.bool_(True)])
def test_check_bool_accepts_booleans(value):
    got = V.check_bool(value, NAME)
    assert got == bool(value) and type(got) is bool


@pytest.mark.parametrize("value", ["no", 0, 1, None, 1.0])
def test_check_bool_refuses_truthy_non_booleans(value):
    with pytest.raises(TypeError, match=f"{NAME} must be True or False"):
        V.check_bool(value, NAME)


# --- callables and model dtypes --------------------------------------------

@pytest.mark.parametrize("value", [len, lambda x: x, np.sum])
def test_check_callable_accepts_functions(value):
    assert V.check_callable(value, NAME) is None


@pytest.mark.parametrize("value", ["f", None, 3, [len]])
def test_check_callable_refuses_the_rest(value):
    with pytest.raises(TypeError, match=f"{NAME} must be a function"):
        V.check_callable(value, NAME)


def test_check_model_dtype_gives_the_one_dtype():
    from nnmath.layers import Parameter
    params = [Parameter(np.zeros(3, np.float32)),
              Parameter(np.zeros((2, 2), np.float32))]
    assert V.check_model_dtype(params) == np.float32
    assert V.check_model_dtype([]) == np.float64


def test_check_model_dtype_refuses_mixed_dtypes():
    from nnmath.layers import Parameter
    params = [Parameter(np.zeros(3, np.float32)), Parameter(np.zeros(3))]
    with pytest.raises(TypeError, match=r"mix dtypes \(float32, float64\)"):
        V.check_model_dtype(params)


# --- time-series windows ---------------------------------------------------

def test_check_windows_gives_a_batch_of_windows():
    np.testing.assert_array_equal(V.check_windows([1, 2, 3], NAME),
                                  [[1.0, 2.0, 3.0]])
    batch = V.check_windows(np.ones((4, 2), dtype=np.float32), NAME)
    assert batch.shape == (4, 2) and batch.dtype == np.float32


@pytest.mark.parametrize("history, exc, words", [
    (np.zeros((2, 0)), ValueError, "at least one value per window"),
    (np.zeros((2, 2, 2)), ValueError, "1-D or 2-D"),
    ([1.0, np.nan], ValueError, "must be finite"),
    (["a", "b"], TypeError, "must hold real numbers")])
def test_check_windows_refuses_bad_history(history, exc, words):
    with pytest.raises(exc, match=f"{NAME} .*{words}|{words}"):
        V.check_windows(history, NAME)


# --- recorded runs ---------------------------------------------------------

SHAPES = [(2, 3), (3,)]


def test_check_recording_returns_float_arrays_of_the_given_shapes():
    snaps = [[np.zeros((2, 3), int), [0.0, 1.0, 2.0]]] * 2
    got = V.check_recording(snaps, SHAPES, NAME)
    assert len(got) == 2 and got[0][0].dtype == np.float64
    assert [a.shape for a in got[1]] == SHAPES


@pytest.mark.parametrize("snaps", ["abc", None, 3, np.float64(1.0)])
def test_check_recording_refuses_a_non_list(snaps):
    with pytest.raises(TypeError, match=f"{NAME} must be a list"):
        V.check_recording(snaps, SHAPES, NAME)


def test_check_recording_names_a_snapshot_of_the_wrong_length_or_shape():
    with pytest.raises(ValueError, match=rf"{NAME}\[1\] must hold 2"):
        V.check_recording([[np.zeros((2, 3)), np.zeros(3)],
                           [np.zeros((2, 3))]], SHAPES, NAME)
    with pytest.raises(ValueError, match=rf"{NAME}\[0\]\[1\]"):
        V.check_recording([[np.zeros((2, 3)), np.zeros(4)]], SHAPES, NAME)
