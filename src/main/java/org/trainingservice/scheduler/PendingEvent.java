package org.trainingservice.scheduler;

import java.time.Instant;
import org.trainingservice.training.child.ChildEvent;

/**
 * An event of a running attempt not yet stored, with the moment the worker read it: its metric points and progress
 * keep that moment when they are written later, after an outage, so the history says when training happened.
 */
record PendingEvent(ChildEvent event, Instant receivedAt) {
}
