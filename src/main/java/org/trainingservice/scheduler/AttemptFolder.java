package org.trainingservice.scheduler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trainingservice.checkpoint.CheckpointStore;
import org.trainingservice.job.ClaimedJob;
import org.trainingservice.training.DataTableIo;
import org.trainingservice.training.child.ChildFiles;
import org.trainingservice.training.spec.JobSpec;

/**
 * A job attempt's working folder: what its training process reads (the spec, the data, where to pause and, when
 * resuming, the checkpoint), written before the process gets the job and deleted when the attempt ends.
 */
final class AttemptFolder {

    private static final Logger log = LoggerFactory.getLogger(AttemptFolder.class);

    /** The folder's files, and the data's encoding (stored with the model, for predictions). */
    record Prepared(ChildFiles files, String encodingJson) {
    }

    private AttemptFolder() {
    }

    static Prepared prepare(ClaimedJob claimed, JobSpec spec, JobRunner.Collaborators with, Path folder)
            throws IOException {
        ChildFiles files = new ChildFiles(Files.createDirectories(folder));
        Files.writeString(files.spec(), claimed.specJson());
        TrainingDataLoader.Loaded loaded = with.loader().load(spec, claimed);
        String encodingJson = with.json().writeValueAsString(loaded.encoding());
        DataTableIo.write(loaded.table(), files.data());
        if (claimed.pauseAtEpoch() != null) {
            Files.writeString(files.pauseAt(), claimed.pauseAtEpoch().toString());
        }
        prepareResume(claimed, with, files);
        return new Prepared(files, encodingJson);
    }

    /**
     * Continues from the latest checkpoint, if any: its bytes go to the folder, and the metric points recorded after
     * it are removed (this attempt records those epochs again), so the history has no gaps and no duplicates.
     */
    private static void prepareResume(ClaimedJob claimed, JobRunner.Collaborators with, ChildFiles files)
            throws IOException {
        Optional<CheckpointStore.Latest> latest = with.checkpoints().latest(claimed.id());
        with.metrics().deleteAfter(claimed.id(), latest.map(CheckpointStore.Latest::metricsCursor).orElse(0L));
        if (latest.isPresent()) {
            try (OutputStream out = Files.newOutputStream(files.resume())) {
                with.checkpoints().copyContent(claimed.id(), latest.get().id(), out);
            }
            log.info("job {} attempt {} {}", claimed.id(), claimed.attempt(), latest.get().describe());
        }
    }

    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", folder, e.getMessage());
        }
    }
}
