package org.trainingservice.common;

/** A tenant is over a quota: 429. */
public class TooManyRequestsException extends RuntimeException {

    public TooManyRequestsException(String message) {
        super(message);
    }
}
