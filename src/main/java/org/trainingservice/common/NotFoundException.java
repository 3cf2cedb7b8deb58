package org.trainingservice.common;

/** An id that does not exist (or that the caller may not see): 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}
