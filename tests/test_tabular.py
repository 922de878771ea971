"""Tabular tools: missing values, label encoding, one-hot encoding."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnmath import datasets as D
from nnmath.datasets.tabular import Imputer, LabelEncoder, OneHotEncoder, missing_mask

ISLANDS = np.array(["Torgersen", "Biscoe", "Dream", "Biscoe"], dtype=object)


class FakeNA:
    """Stands in for pandas.NA, recognised by its type's name."""


FakeNA.__name__ = "NAType"


# --- missing_mask -------------------------------------------------------------------------------

def test_missing_mask_finds_none_nan_and_na_in_objects():
    col = np.array(["a", None, float("nan"), np.float64("nan"), FakeNA(), "b", 0], dtype=object)
    np.testing.assert_array_equal(missing_mask(col), [False, True, True, True, True, False, False])


def test_missing_mask_numeric_and_string_arrays():
    np.testing.assert_array_equal(missing_mask([[1.0, np.nan], [np.inf, 2.0]]), [[False, True], [False, False]])
    assert not missing_mask(np.arange(3)).any()
    assert not missing_mask(np.array(["a", "nan"])).any()  # the *string* "nan" is a value
    assert missing_mask(np.zeros((0, 2), dtype=object)).shape == (0, 2)
    dates = np.array(["2007-11-09", "NaT"], dtype="datetime64[D]")
    np.testing.assert_array_equal(missing_mask(dates), [False, True])


def test_missing_mask_rejects_wrong_ndim():
    with pytest.raises(ValueError, match=r"1-D column \(N,\) or a 2-D table .* got shape \(\)"):
        missing_mask(3.0)
    with pytest.raises(ValueError, match=r"got shape \(2, 2, 2\)"):
        missing_mask(np.zeros((2, 2, 2)))


# --- LabelEncoder -------------------------------------------------------------------------------

def test_label_encoder_sorted_classes_and_int64_codes():
    enc = LabelEncoder().fit(["Gentoo", "Adelie", "Gentoo", "Chinstrap"])
    np.testing.assert_array_equal(enc.classes_, ["Adelie", "Chinstrap", "Gentoo"])
    codes = enc.transform(["Chinstrap", "Gentoo", "Adelie"])
    assert codes.dtype == np.int64 and codes.shape == (3,)
    np.testing.assert_array_equal(codes, [1, 2, 0])
    np.testing.assert_array_equal(enc.inverse_transform(codes), ["Chinstrap", "Gentoo", "Adelie"])


def test_label_encoder_codes_do_not_depend_on_row_order():
    a = LabelEncoder().fit(ISLANDS)
    b = LabelEncoder().fit(ISLANDS[::-1])
    np.testing.assert_array_equal(a.transform(ISLANDS), b.transform(ISLANDS))


def test_label_encoder_works_for_integer_categories():
    enc = LabelEncoder().fit(np.array([2009, 2007, 2008, 2007]))
    np.testing.assert_array_equal(enc.transform([2007, 2009]), [0, 2])


def test_label_encoder_unseen_category_is_named():
    enc = LabelEncoder().fit(["a", "b"])
    with pytest.raises(ValueError, match=r"1 value\(s\) not seen in fit: 'zebra'; known categories are \['a', 'b'\]"):
        enc.transform(["a", "zebra", "b"])


def test_label_encoder_refuses_missing_values_in_fit_and_transform():
    with pytest.raises(ValueError, match=r"y has 1 missing value\(s\) .* first at y\[1\]; impute them"):
        LabelEncoder().fit(np.array(["a", None, "b"], dtype=object))
    enc = LabelEncoder().fit(["a", "b"])
    with pytest.raises(ValueError, match=r"2 missing value\(s\)"):
        enc.transform(np.array([np.nan, "a", np.nan], dtype=object))


@pytest.mark.parametrize("method, args", [("transform", (["a"],)), ("inverse_transform", ([0],))])
def test_label_encoder_before_fit(method, args):
    with pytest.raises(RuntimeError, match="LabelEncoder used before fit"):
        getattr(LabelEncoder(), method)(*args)


def test_label_encoder_bad_input():
    with pytest.raises(ValueError, match="empty column"):
        LabelEncoder().fit([])
    with pytest.raises(ValueError, match=r"y must be a 1-D array .* got shape \(2, 1\)"):
        LabelEncoder().fit([["a"], ["b"]])
    with pytest.raises(TypeError, match="mixes values that cannot be sorted.*int, str"):
        LabelEncoder().fit(np.array(["a", 1], dtype=object))
    enc = LabelEncoder().fit(["a", "b"])
    with pytest.raises(ValueError, match=r"codes must be < 2"):
        enc.inverse_transform([0, 2])
    with pytest.raises(TypeError, match="codes must be integer class ids"):
        enc.inverse_transform([0.5])


@given(st.lists(st.text(max_size=4), min_size=1, max_size=30))
def test_label_encoder_round_trip(values):
    y = np.array(values, dtype=object)
    enc = LabelEncoder().fit(y)
    codes = enc.transform(y)
    assert codes.min() >= 0 and codes.max() == enc.classes_.size - 1 == len(set(values)) - 1
    assert enc.inverse_transform(codes).tolist() == values
    assert list(enc.classes_) == sorted(set(values))


# --- OneHotEncoder ------------------------------------------------------------------------------

def test_one_hot_encoder_two_columns():
    X = np.array([["Dream", "male"], ["Biscoe", "female"], ["Torgersen", "male"]], dtype=object)
    enc = OneHotEncoder().fit(X)
    assert [c.tolist() for c in enc.categories_] == [["Biscoe", "Dream", "Torgersen"], ["female", "male"]]
    Z = enc.transform(X)
    assert Z.dtype == np.float64 and Z.shape == (3, 5)
    np.testing.assert_array_equal(Z, [[0, 1, 0, 0, 1], [1, 0, 0, 1, 0], [0, 0, 1, 0, 1]])
    assert enc.feature_names(["island", "sex"]) == [
        "island=Biscoe", "island=Dream", "island=Torgersen", "sex=female", "sex=male"]
    assert enc.feature_names()[0] == "x0=Biscoe"
    np.testing.assert_array_equal(enc.inverse_transform(Z), X)


def test_one_hot_encoder_one_dimensional_input_is_one_column():
    enc = OneHotEncoder().fit(ISLANDS)
    assert enc.transform(ISLANDS).shape == (4, 3)
    np.testing.assert_array_equal(enc.transform(ISLANDS).sum(axis=1), 1.0)


def test_one_hot_encoder_learns_categories_from_training_rows_only():
    train, test = ISLANDS[:2], ISLANDS[2:]  # "Dream" appears only in the test rows
    enc = OneHotEncoder().fit(train)
    assert enc.categories_[0].tolist() == ["Biscoe", "Torgersen"]
    with pytest.raises(ValueError, match=r"X\[:, 0\] has 1 value\(s\) not seen in fit: 'Dream'"):
        enc.transform(test)


def test_one_hot_encoder_ignore_gives_zero_block():
    enc = OneHotEncoder(handle_unknown="ignore").fit([["a", "x"], ["b", "y"]])
    Z = enc.transform([["c", "x"], ["a", "z"]])
    np.testing.assert_array_equal(Z, [[0, 0, 1, 0], [1, 0, 0, 0]])
    back = enc.inverse_transform(Z)
    assert back.tolist() == [[None, "x"], ["a", None]]


def test_one_hot_encoder_refuses_missing_values():
    X = np.array([["a", "x"], ["b", None]], dtype=object)
    with pytest.raises(ValueError, match=r"X has 1 missing value\(s\) .* first at X\[1, 1\]"):
        OneHotEncoder().fit(X)
    enc = OneHotEncoder(handle_unknown="ignore").fit(X[:1])
    with pytest.raises(ValueError, match="missing value"):  # missing is not the same as unknown
        enc.transform(X)


def test_one_hot_encoder_bad_input():
    with pytest.raises(ValueError, match="handle_unknown must be 'error' or 'ignore'"):
        OneHotEncoder(handle_unknown="zeros")
    with pytest.raises(RuntimeError, match="OneHotEncoder used before fit"):
        OneHotEncoder().transform([["a"]])
    with pytest.raises(RuntimeError, match="OneHotEncoder used before fit"):
        OneHotEncoder().feature_names()
    with pytest.raises(ValueError, match="got no rows"):
        OneHotEncoder().fit(np.zeros((0, 2), dtype=object))
    with pytest.raises(ValueError, match=r"column \(N,\) or a table \(N, D\), got shape \(1, 1, 1\)"):
        OneHotEncoder().fit([[["a"]]])
    enc = OneHotEncoder().fit([["a", "x"]])
    with pytest.raises(ValueError, match=r"fit on 2 column\(s\), got X of shape \(1, 3\)"):
        enc.transform([["a", "x", "y"]])
    with pytest.raises(ValueError, match=r"input_names has 1 name\(s\) for 2 column\(s\)"):
        enc.feature_names(["island"])
    with pytest.raises(ValueError, match=r"Z must have shape \(N, 2\)"):
        enc.inverse_transform(np.ones((1, 3)))
    with pytest.raises(ValueError, match="is not one-hot"):
        enc.inverse_transform([[0.5, 1.0]])


def test_one_hot_encoder_accepts_a_pandas_frame():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"island": ["Dream", "Biscoe"], "sex": ["male", None]})
    with pytest.raises(ValueError, match="missing value"):
        OneHotEncoder().fit(frame)
    Z = OneHotEncoder().fit_transform(frame[["island"]])
    np.testing.assert_array_equal(Z, [[0, 1], [1, 0]])


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 3)), min_size=1, max_size=25))
def test_one_hot_encoder_round_trip(rows):
    X = np.array(rows, dtype=object)
    enc = OneHotEncoder().fit(X)
    Z = enc.transform(X)
    sizes = [c.size for c in enc.categories_]
    assert Z.shape == (len(rows), sum(sizes))
    # exactly one 1 in every column's block of every row
    np.testing.assert_array_equal(Z[:, :sizes[0]].sum(axis=1), 1.0)
    np.testing.assert_array_equal(Z[:, sizes[0]:].sum(axis=1), 1.0)
    assert enc.inverse_transform(Z).tolist() == X.tolist()


# --- Imputer ------------------------------------------------------------------------------------

def test_imputer_mean_and_median_per_column():
    X = np.array([[1.0, 10.0], [np.nan, 20.0], [3.0, np.nan], [8.0, 90.0]])
    mean = Imputer("mean").fit(X)
    np.testing.assert_allclose(mean.statistics_, [4.0, 40.0])
    out = mean.transform(X)
    assert out.dtype == np.float64 and not np.isnan(out).any()
    np.testing.assert_allclose(out[1, 0], 4.0) and np.testing.assert_allclose(out[2, 1], 40.0)
    np.testing.assert_allclose(Imputer("median").fit(X).statistics_, [3.0, 20.0])
    assert np.isnan(X[1, 0]), "transform must not modify its input"


def test_imputer_statistics_come_from_fit_only():
    train = np.array([[1.0], [3.0]])
    test = np.array([[np.nan], [100.0]])
    imp = Imputer("mean").fit(train)
    np.testing.assert_array_equal(imp.transform(test), [[2.0], [100.0]])  # 100 does not move the mean


def test_imputer_most_frequent_strings_tie_goes_to_smallest():
    sex = np.array(["male", "female", None, "male", "female", np.nan], dtype=object)
    imp = Imputer("most_frequent").fit(sex)
    assert imp.statistics_.tolist() == ["female"]  # 2 against 2: the first in sorted order
    out = imp.transform(sex)
    assert out.shape == (6,) and out.dtype == object
    assert out.tolist() == ["male", "female", "female", "male", "female", "female"]
    imp = Imputer("most_frequent").fit(sex[:4])
    assert imp.statistics_.tolist() == ["male"]


def test_imputer_most_frequent_numeric_stays_float():
    out = Imputer("most_frequent").fit_transform(np.array([[2.0], [np.nan], [2.0], [5.0]]))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out[:, 0], [2.0, 2.0, 2.0, 5.0])


def test_imputer_constant_makes_a_category_of_its_own():
    sex = np.array(["male", None], dtype=object)
    out = Imputer("constant", fill_value="unknown").fit_transform(sex)
    assert out.tolist() == ["male", "unknown"]
    assert OneHotEncoder().fit(out).feature_names(["sex"]) == ["sex=male", "sex=unknown"]


def test_imputer_numbers_stored_as_objects():
    out = Imputer("mean").fit_transform(np.array([1, None, 3], dtype=object))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])


def test_imputer_bad_input():
    with pytest.raises(ValueError, match="strategy must be one of mean, median, most_frequent, constant"):
        Imputer("mode")
    with pytest.raises(ValueError, match="needs a fill_value"):
        Imputer("constant")
    with pytest.raises(RuntimeError, match="Imputer used before fit"):
        Imputer().transform([[1.0]])
    with pytest.raises(ValueError, match="got no rows"):
        Imputer().fit(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"column\(s\) \[1\] of X are entirely missing: no median"):
        Imputer("median").fit([[1.0, np.nan], [2.0, np.nan]])
    with pytest.raises(TypeError, match="strategy='mean' needs numeric columns, got 'a'"):
        Imputer("mean").fit(np.array(["a", None], dtype=object))
    with pytest.raises(ValueError, match=r"fit on 2 column\(s\), got X of shape \(1, 1\)"):
        Imputer().fit([[1.0, 2.0]]).transform([[1.0]])
    with pytest.raises(ValueError, match=r"got shape \(1, 1, 1\)"):
        Imputer().fit([[[1.0]]])


@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), min_size=1, max_size=30))
def test_imputer_fills_every_gap_and_keeps_the_rest(values):
    x = np.array([np.nan if v is None else v for v in values])
    if np.isnan(x).all():
        return
    out = Imputer("median").fit_transform(x)
    assert not np.isnan(out).any()
    np.testing.assert_array_equal(out[~np.isnan(x)], x[~np.isnan(x)])
    np.testing.assert_allclose(out[np.isnan(x)], np.median(x[~np.isnan(x)]))


def test_reexported_from_datasets():
    for name in ("missing_mask", "Imputer", "LabelEncoder", "OneHotEncoder"):
        assert getattr(D, name) is globals()[name]
