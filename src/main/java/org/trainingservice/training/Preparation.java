package org.trainingservice.training;

/** A job's data split and preprocessed for one strategy: train, validation (may be empty) and test. */
record Preparation(DataTable data, Preprocessing preprocessing, PreparedSplit train, PreparedSplit validation,
                          PreparedSplit test) {

    public static Preparation of(DataTable data, SplitIndices split) {
        if (split.train().length == 0) {
            throw new IllegalArgumentException("the dataset has " + data.rows()
                    + " rows: too few for a training split; use more rows or smaller validation and test fractions");
        }
        Preprocessing preprocessing = Preprocessing.fit(data, split.train());
        return new Preparation(data, preprocessing, PreparedSplit.of(data, preprocessing, split.train()),
                PreparedSplit.of(data, preprocessing, split.validation()), PreparedSplit.of(data, preprocessing, split.test()));
    }
}
