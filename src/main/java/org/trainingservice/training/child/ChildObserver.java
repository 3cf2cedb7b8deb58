package org.trainingservice.training.child;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.trainingservice.training.CheckpointInfo;
import org.trainingservice.training.EpochReport;
import org.trainingservice.training.TrainingObserver;

/**
 * What a training process's job reports and obeys: epochs and checkpoints become events (a checkpoint's bytes go to a
 * file in the job's folder, moved into place whole), and the job's {@link JobInput.Controls} say when to stop.
 */
final class ChildObserver implements TrainingObserver {

    private final ChildFiles files;
    private final JobInput.Controls controls;
    private final Integer pauseAt;
    private final Consumer<ChildEvent> emit;
    private int written;

    /** @param pauseAt the epoch after which the job pauses, or null */
    ChildObserver(ChildFiles files, JobInput.Controls controls, Integer pauseAt, Consumer<ChildEvent> emit) {
        this.files = files;
        this.controls = controls;
        this.pauseAt = pauseAt;
        this.emit = emit;
    }

    @Override
    public void onEpoch(EpochReport report) {
        emit.accept(new ChildEvent.Epoch(report));
    }

    @Override
    public boolean shouldStop() {
        return controls.stop().get();
    }

    @Override
    public boolean shouldSuspend() {
        return controls.suspend().get();
    }

    @Override
    public boolean pauseAfter(int epoch) {
        return pauseAt != null && epoch == pauseAt;
    }

    @Override
    public void onCheckpoint(byte[] checkpoint, CheckpointInfo info) {
        String name = "checkpoint-" + ++written + ".bin";
        try {
            Path partial = files.folder().resolve(name + ".partial");
            Files.write(partial, checkpoint);
            Files.move(partial, files.folder().resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        emit.accept(new ChildEvent.CheckpointWritten(name, info));
    }
}
