"""Tabular tools: missing values, label encoding, one-hot encoding."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnmath import datasets as D
from nnmath.datasets.tabular import (Imputer, LabelEncoder, OneHotEncoder,
                                     missing_mask)

ISLANDS = np.array(["Torgersen", "Biscoe", "Dream", "Biscoe"], dtype=object)


class FakeNA:
    """Stands in for pandas.NA, recognised by its type's name."""


FakeNA.__name__ = "NAType"


# --- missing_mask ------------------------------------------------------

def test_missing_mask_finds_none_nan_and_na_in_objects():
    col = np.array(["a", None, float("nan"), np.float64("nan"),
                    np.float32("nan"), FakeNA(), "b", 0, 1.5], dtype=object)
    np.testing.assert_array_equal(
        missing_mask(col),
        [False, True, True, True, True, True, False, False, False])


def test_missing_mask_numeric_and_string_arrays():
    np.testing.assert_array_equal(
        missing_mask([[1.0, np.nan], [np.inf, 2.0]]),
        [[False, True], [False, False]])
    assert not missing_mask(np.arange(3)).any()
    # The *string* "nan" is a value, not a gap.
    assert not missing_mask(np.array(["a", "nan"])).any()
    assert missing_mask(np.zeros((0, 2), dtype=object)).shape == (0, 2)
    dates = np.array(["2007-11-09", "NaT"], dtype="datetime64[D]")
    np.testing.assert_array_equal(missing_mask(dates), [False, True])


def test_missing_mask_of_a_table_of_objects():
    table = np.array([["a", None], [np.nan, "b"]], dtype=object)
    np.testing.assert_array_equal(missing_mask(table),
                                  [[False, True], [True, False]])


def test_missing_mask_rejects_wrong_ndim():
    with pytest.raises(ValueError, match=r"1-D column \(N,\) or a 2-D "
                       r"table .* got shape \(\)"):
        missing_mask(3.0)
    with pytest.raises(ValueError, match=r"got shape \(2, 2, 2\)"):
        missing_mask(np.zeros((2, 2, 2)))


# --- LabelEncoder ------------------------------------------------------

def test_label_encoder_sorted_classes_and_int64_codes():
    enc = LabelEncoder().fit(["Gentoo", "Adelie", "Gentoo", "Chinstrap"])
    np.testing.assert_array_equal(enc.classes_,
                                  ["Adelie", "Chinstrap", "Gentoo"])
    codes = enc.transform(["Chinstrap", "Gentoo", "Adelie"])
    assert codes.dtype == np.int64 and codes.shape == (3,)
    np.testing.assert_array_equal(codes, [1, 2, 0])
    # classes_ decodes codes.
    np.testing.assert_array_equal(enc.classes_[codes],
                                  ["Chinstrap", "Gentoo", "Adelie"])


def test_label_encoder_codes_do_not_depend_on_row_order():
    a = LabelEncoder().fit(ISLANDS)
    b = LabelEncoder().fit(ISLANDS[::-1])
    np.testing.assert_array_equal(a.transform(ISLANDS), b.transform(ISLANDS))


def test_label_encoder_works_for_integer_categories():
    enc = LabelEncoder().fit(np.array([2009, 2007, 2008, 2007]))
    np.testing.assert_array_equal(enc.transform([2007, 2009]), [0, 2])


def test_label_encoder_unseen_category_is_named():
    enc = LabelEncoder().fit(["a", "b"])
    with pytest.raises(ValueError, match=r"not seen in fit: \['zebra'\]; "
                       r"known classes are \['a', 'b'\]"):
        enc.transform(["a", "zebra", "b"])


def test_label_encoder_refuses_missing_values_in_fit_and_transform():
    with pytest.raises(ValueError, match=r"y has 1 missing value\(s\) .* "
                       r"first at y\[1\]; impute them"):
        LabelEncoder().fit(np.array(["a", None, "b"], dtype=object))
    enc = LabelEncoder().fit(["a", "b"])
    with pytest.raises(ValueError, match=r"2 missing value\(s\)"):
        enc.transform(np.array([np.nan, "a", np.nan], dtype=object))


def test_label_encoder_before_fit():
    with pytest.raises(RuntimeError, match="LabelEncoder used before fit"):
        LabelEncoder().transform(["a"])


def test_label_encoder_bad_input():
    with pytest.raises(ValueError, match="empty column"):
        LabelEncoder().fit([])
    with pytest.raises(ValueError, match=r"y must have shape \(N,\).* "
                       r"got \(2, 1\)"):
        LabelEncoder().fit([["a"], ["b"]])
    with pytest.raises(TypeError,
                       match="mixes values that cannot be sorted.*int, str"):
        LabelEncoder().fit(np.array(["a", 1], dtype=object))
    with pytest.raises(ValueError, match=r"y must have shape \(N,\)"):
        LabelEncoder().fit(["a"]).transform([["a"]])


@given(st.lists(st.text(max_size=4), min_size=1, max_size=30))
def test_label_encoder_round_trip(values):
    y = np.array(values, dtype=object)
    enc = LabelEncoder().fit(y)
    codes = enc.transform(y)
    assert codes.min() >= 0
    assert codes.max() == enc.classes_.size - 1 == len(set(values)) - 1
    assert enc.classes_[codes].tolist() == values
    assert list(enc.classes_) == sorted(set(values))


# --- OneHotEncoder -----------------------------------------------------

def test_one_hot_encoder_two_columns():
    X = np.array([["Dream", "male"], ["Biscoe", "female"],
                  ["Torgersen", "male"]], dtype=object)
    enc = OneHotEncoder().fit(X)
    assert [c.tolist() for c in enc.categories_] == [
        ["Biscoe", "Dream", "Torgersen"], ["female", "male"]]
    Z = enc.transform(X)
    assert Z.dtype == np.float64 and Z.shape == (3, 5)
    np.testing.assert_array_equal(
        Z, [[0, 1, 0, 0, 1], [1, 0, 0, 1, 0], [0, 0, 1, 0, 1]])
    assert enc.feature_names(["island", "sex"]) == [
        "island=Biscoe", "island=Dream", "island=Torgersen", "sex=female",
        "sex=male"]
    assert enc.feature_names()[0] == "x0=Biscoe"


def test_one_hot_encoder_one_dimensional_input_is_one_column():
    enc = OneHotEncoder().fit(ISLANDS)
    assert enc.transform(ISLANDS).shape == (4, 3)
    np.testing.assert_array_equal(enc.transform(ISLANDS).sum(axis=1), 1.0)


def test_one_hot_encoder_unicode_and_numbers():
    # A unicode array at transform time against categories fit on objects,
    # and integer categories against float input.
    enc = OneHotEncoder().fit(ISLANDS)
    Z = enc.transform(np.array(["Dream", "Biscoe"]))
    np.testing.assert_array_equal(Z, [[0, 1, 0], [1, 0, 0]])
    enc = OneHotEncoder().fit(np.array([[2007], [2009], [2008]]))
    np.testing.assert_array_equal(enc.transform([[2009.0]]), [[0, 0, 1]])
    with pytest.raises(ValueError, match="not seen in fit"):
        enc.transform([["2009"]])  # a string is not the number 2009


def test_one_hot_encoder_learns_categories_from_training_rows_only():
    train, test = ISLANDS[:2], ISLANDS[2:]  # "Dream" is only in the test
    enc = OneHotEncoder().fit(train)
    assert enc.categories_[0].tolist() == ["Biscoe", "Torgersen"]
    with pytest.raises(ValueError, match=r"X\[0, 0\] = 'Dream' is a "
                       r"category not seen in fit; column 0 knows "
                       r"\['Biscoe', 'Torgersen'\]"):
        enc.transform(test)


def test_one_hot_encoder_refuses_missing_values():
    X = np.array([["a", "x"], ["b", None]], dtype=object)
    with pytest.raises(ValueError, match=r"X has 1 missing value\(s\) .* "
                       r"first at X\[1, 1\]"):
        OneHotEncoder().fit(X)
    enc = OneHotEncoder().fit(X[:1])
    # Missing is not the same as unseen: the message says so.
    with pytest.raises(ValueError, match="missing value"):
        enc.transform(X)


def test_one_hot_encoder_bad_input():
    with pytest.raises(RuntimeError, match="OneHotEncoder used before fit"):
        OneHotEncoder().transform([["a"]])
    with pytest.raises(RuntimeError, match="OneHotEncoder used before fit"):
        OneHotEncoder().feature_names()
    with pytest.raises(ValueError, match="got no rows"):
        OneHotEncoder().fit(np.zeros((0, 2), dtype=object))
    with pytest.raises(ValueError, match=r"column \(N,\) or a table "
                       r"\(N, D\), got shape \(1, 1, 1\)"):
        OneHotEncoder().fit([[["a"]]])
    enc = OneHotEncoder().fit([["a", "x"]])
    with pytest.raises(ValueError, match=r"fit on 2 column\(s\): X must "
                       r"have shape \(N, 2\), got \(1, 3\)"):
        enc.transform([["a", "x", "y"]])
    with pytest.raises(ValueError, match=r"input_names has 1 name\(s\) for "
                       r"2 column\(s\)"):
        enc.feature_names(["island"])


def test_one_hot_encoder_accepts_a_pandas_frame():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"island": ["Dream", "Biscoe"],
                          "sex": ["male", None]})
    with pytest.raises(ValueError, match="missing value"):
        OneHotEncoder().fit(frame)
    Z = OneHotEncoder().fit_transform(frame[["island"]])
    np.testing.assert_array_equal(Z, [[0, 1], [1, 0]])


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 3)),
                min_size=1, max_size=25))
def test_one_hot_encoder_matches_the_definition(rows):
    X = np.array(rows, dtype=object)
    enc = OneHotEncoder().fit(X)
    Z = enc.transform(X)
    sizes = [c.size for c in enc.categories_]
    assert Z.shape == (len(rows), sum(sizes))
    # Z[n, k] = 1 exactly when row n's value is the k-th category of its
    # column: decode each block by its position.
    blocks = np.split(Z, np.cumsum(sizes)[:-1], axis=1)
    for j, (block, cats) in enumerate(zip(blocks, enc.categories_)):
        np.testing.assert_array_equal(block.sum(axis=1), 1.0)
        assert cats[block.argmax(axis=1)].tolist() == X[:, j].tolist()


# --- Imputer -----------------------------------------------------------

def test_imputer_mean_per_column():
    X = np.array([[1.0, 10.0], [np.nan, 20.0], [3.0, np.nan], [8.0, 90.0]])
    mean = Imputer("mean").fit(X)
    np.testing.assert_allclose(mean.statistics_, [4.0, 40.0])
    out = mean.transform(X)
    assert out.dtype == np.float64 and not np.isnan(out).any()
    assert out[1, 0] == 4.0 and out[2, 1] == 40.0
    assert np.isnan(X[1, 0]), "transform must not modify its input"


def test_imputer_statistics_come_from_fit_only():
    train = np.array([[1.0], [3.0]])
    test = np.array([[np.nan], [100.0]])
    imp = Imputer("mean").fit(train)
    # 100 in the test rows does not move the mean.
    np.testing.assert_array_equal(imp.transform(test), [[2.0], [100.0]])


def test_imputer_most_frequent_strings_tie_goes_to_smallest():
    sex = np.array(["male", "female", None, "male", "female", np.nan],
                   dtype=object)
    imp = Imputer("most_frequent").fit(sex)
    # 2 against 2: the first in sorted order.
    assert imp.statistics_.tolist() == ["female"]
    out = imp.transform(sex)
    assert out.shape == (6,) and out.dtype == object
    assert out.tolist() == ["male", "female", "female", "male", "female",
                            "female"]
    imp = Imputer("most_frequent").fit(sex[:4])
    assert imp.statistics_.tolist() == ["male"]
    assert type(imp.statistics_[0]) is str  # a plain str, not np.str_


def test_imputer_most_frequent_does_not_depend_on_row_order():
    col = np.array(["b", "a", "c", "b", "a", None], dtype=object)
    for perm in ([0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [2, 0, 5, 1, 4, 3]):
        stat = Imputer("most_frequent").fit(col[perm]).statistics_
        assert stat.tolist() == ["a"]


def test_imputer_most_frequent_numeric_stays_float():
    out = Imputer("most_frequent").fit_transform(
        np.array([[2.0], [np.nan], [2.0], [5.0]]))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out[:, 0], [2.0, 2.0, 2.0, 5.0])


def test_imputer_numbers_stored_as_objects():
    out = Imputer("mean").fit_transform(np.array([1, None, 3], dtype=object))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [1.0, 2.0, 3.0])


def test_imputer_bad_input():
    with pytest.raises(ValueError,
                       match="strategy must be 'mean' or 'most_frequent'"):
        Imputer("median")
    with pytest.raises(RuntimeError, match="Imputer used before fit"):
        Imputer().transform([[1.0]])
    with pytest.raises(ValueError, match="got no rows"):
        Imputer().fit(np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"X\[:, 1\] is entirely missing: "
                       "no most_frequent"):
        Imputer("most_frequent").fit([[1.0, np.nan], [2.0, np.nan]])
    with pytest.raises(TypeError, match="strategy='mean' needs numeric "
                       "columns, got 'a'"):
        Imputer("mean").fit(np.array(["a", None], dtype=object))
    with pytest.raises(TypeError, match=r"X\[:, 0\] mixes values"):
        Imputer("most_frequent").fit(np.array(["a", 1], dtype=object))
    with pytest.raises(ValueError, match=r"fit on 2 column\(s\), got X of "
                       r"shape \(1, 1\)"):
        Imputer().fit([[1.0, 2.0]]).transform([[1.0]])
    with pytest.raises(ValueError, match=r"got shape \(1, 1, 1\)"):
        Imputer().fit([[[1.0]]])


@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), min_size=1,
                max_size=30))
def test_imputer_fills_every_gap_and_keeps_the_rest(values):
    x = np.array([np.nan if v is None else v for v in values])
    if np.isnan(x).all():
        return
    out = Imputer("mean").fit_transform(x)
    assert not np.isnan(out).any()
    present = ~np.isnan(x)
    np.testing.assert_array_equal(out[present], x[present])
    np.testing.assert_allclose(out[~present], np.mean(x[present]))


def test_reexported_from_datasets():
    for name in ("missing_mask", "Imputer", "LabelEncoder", "OneHotEncoder"):
        assert getattr(D, name) is globals()[name]


# --- against scikit-learn, the reference implementation -----------------
# The chapter fits nnmath's tools for the network and scikit-learn's for the
# baselines; on the same rows they must produce the same matrices.

def _penguin_like_table(rng, n=60):
    islands = rng.choice(["Torgersen", "Biscoe", "Dream"], size=n)
    sexes = rng.choice(np.array(["male", "female", None], dtype=object),
                       size=n, p=[0.45, 0.45, 0.1])
    return np.column_stack([islands.astype(object), sexes])


def test_one_hot_encoder_matches_scikit_learn():
    sk = pytest.importorskip("sklearn.preprocessing")
    rng = np.random.default_rng(0)
    X = _penguin_like_table(rng)
    X = X[~missing_mask(X).any(axis=1)]
    ours = OneHotEncoder().fit(X[:40])
    ref = sk.OneHotEncoder(sparse_output=False).fit(X[:40])
    for mine, theirs in zip(ours.categories_, ref.categories_):
        assert mine.tolist() == theirs.tolist()
    np.testing.assert_array_equal(ours.transform(X[40:]),
                                  ref.transform(X[40:]))
    assert ours.feature_names(["island", "sex"]) == [
        name.replace("_", "=", 1)
        for name in ref.get_feature_names_out(["island", "sex"])]


def test_imputer_most_frequent_matches_scikit_learn():
    impute = pytest.importorskip("sklearn.impute")
    rng = np.random.default_rng(1)
    for _ in range(20):
        X = _penguin_like_table(rng, n=int(rng.integers(3, 30)))
        if missing_mask(X).all(axis=0).any():
            continue
        ours = Imputer("most_frequent").fit(X)
        ref = impute.SimpleImputer(strategy="most_frequent",
                                   missing_values=None).fit(X)
        # ties go to the smallest value in both
        assert ours.statistics_.tolist() == ref.statistics_.tolist()
        assert ours.transform(X).tolist() == ref.transform(X).tolist()


def test_imputer_mean_matches_scikit_learn():
    impute = pytest.importorskip("sklearn.impute")
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 4))
    X[rng.random(X.shape) < 0.2] = np.nan
    ours = Imputer("mean").fit(X[:30])
    ref = impute.SimpleImputer(strategy="mean").fit(X[:30])
    np.testing.assert_allclose(ours.statistics_, ref.statistics_)
    np.testing.assert_allclose(ours.transform(X[30:]), ref.transform(X[30:]))


def test_standardizer_matches_scikit_learn():
    sk = pytest.importorskip("sklearn.preprocessing")
    rng = np.random.default_rng(3)
    X = rng.normal([40.0, 17.0, 200.0, 4200.0], [5.0, 2.0, 14.0, 800.0],
                   size=(80, 4))
    ours = D.Standardizer().fit(X[:60])
    ref = sk.StandardScaler().fit(X[:60])    # population sd, like ours
    np.testing.assert_allclose(ours.transform(X[60:]), ref.transform(X[60:]))
