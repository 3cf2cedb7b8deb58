package org.trainingservice.training.child;

import java.nio.file.Path;

/** The files a worker and its training process exchange, all in one working folder per job attempt. */
public record ChildFiles(Path folder) {

    public Path spec() {
        return folder.resolve("spec.json");
    }

    public Path data() {
        return folder.resolve("data.bin");
    }

    /** The checkpoint a resumed attempt continues from, if any. */
    public Path resume() {
        return folder.resolve("resume.bin");
    }

    /** For an experiment's trial: the epoch after which it checkpoints and pauses (absent: train to the end). */
    public Path pauseAt() {
        return folder.resolve("pause-at-epoch");
    }

    public Path model() {
        return folder.resolve("model.json");
    }
}
