package org.trainingservice.dataset;

import org.trainingservice.common.InvalidRequestException;

/**
 * An uploaded file that cannot become a dataset: a 400 whose field names the part of the request, the row or the
 * column at fault (like {@code file}, {@code row 17}, {@code column price}); the message says what to do.
 */
class DatasetFormatException extends InvalidRequestException {

    private final String where;

    public DatasetFormatException(String where, String message) {
        super(where, message);
        this.where = where;
    }

    public String where() {
        return where;
    }

    /** The message alone, without the field prefix that {@link InvalidRequestException} adds. */
    public String reason() {
        return problems().get(0).message();
    }
}
