package org.trainingservice.common;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's own settings ({@code training.*}); see the README for each.
 *
 * @param dataDir where the embedded database, DJL's natives and job working folders live
 * @param nodeId this node's name in leases and transitions; default host name + port
 * @param maxAttempts how many times a job whose node died is started again before it fails
 * @param maxDuration a job running longer than this is stopped and fails
 * @param djlCache where DJL unpacks PyTorch's natives (about 430 MB); default {@code <data-dir>/djl-cache}
 */
@ConfigurationProperties("training")
public record TrainingProperties(
        @DefaultValue("./data") Path dataDir,
        String nodeId,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("24h") Duration maxDuration,
        Path djlCache,
        @DefaultValue Worker worker) {

    /**
     * @param enabled false makes an API-only node
     * @param slots jobs this node trains at once on its CPU (on a node without GPUs: all its jobs)
     * @param pollInterval how often an idle worker looks for queued jobs
     * @param leaseDuration how long a claim lasts without a heartbeat
     * @param heartbeatInterval how often a running job's lease is renewed and its cancel flag read
     * @param cancelGrace how long a cancelled training process may take to stop before it is killed
     * @param childHeap the training process's maximum Java heap (-Xmx)
     * @param childNice the training process's scheduling niceness, so the API stays responsive
     * @param mklAvx512OnAmd on an AMD processor with AVX-512, let the training process's matrix products use MKL's
     *     AVX-512 kernels (about 2x their rate); see {@code MklKernelChoice}
     * @param warmProcesses training processes kept started ahead, engine loaded, waiting for a job (default: as many
     *     as slots; 0 turns them off, and every job starts a process of its own)
     * @param gpuSlots jobs each GPU of this node trains at once, each in a process that sees only that GPU
     * @param outageBufferEvents events of a running job (epochs, checkpoints) kept in memory while the database cannot
     *     be reached; more wait in a file in the job's working folder
     * @param reuseForTrials keep a warm process whose experiment trial finished or paused for the same experiment's
     *     next trial, up to one per slot and for 10 s (false: every process trains one job)
     */
    public record Worker(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1") int slots,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("30s") Duration leaseDuration,
            @DefaultValue("2s") Duration heartbeatInterval,
            @DefaultValue("10s") Duration cancelGrace,
            @DefaultValue("1g") String childHeap,
            @DefaultValue("5") int childNice,
            @DefaultValue("true") boolean mklAvx512OnAmd,
            Integer warmProcesses,
            @DefaultValue("1") int gpuSlots,
            @DefaultValue("1000") int outageBufferEvents,
            @DefaultValue("true") boolean reuseForTrials) {

        /** {@code warmProcesses}, or the slot count where it is not set. */
        public int warmProcessCount() {
            return warmProcesses != null ? Math.max(0, warmProcesses) : slots;
        }
    }

    public Path djlCacheDir() {
        return (djlCache != null ? djlCache : dataDir.resolve("djl-cache")).toAbsolutePath();
    }

    /** Where libraries generated for training processes are written. */
    public Path nativeDir() {
        return dataDir.resolve("native").toAbsolutePath();
    }

    public Path jobsDir() {
        return dataDir.resolve("jobs").toAbsolutePath();
    }
}
