package org.trainingservice.training.child;

import java.util.Optional;

/** What a worker can tell its training process, one line on the process's standard input each. */
public enum ChildCommand {
    /** stop at the next batch, without a checkpoint */
    CANCEL,
    /** checkpoint at the next batch boundary and stop, for another process to continue */
    SUSPEND;

    public String line() {
        return name().toLowerCase() + "\n";
    }

    static Optional<ChildCommand> parse(String line) {
        for (ChildCommand c : values()) {
            if (c.name().equalsIgnoreCase(line.trim())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
