package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.trainingservice.training.spec.JobSpec;
import org.trainingservice.training.spec.Task;

/**
 * Small batches train on one intra-op thread, larger ones on more (from fewer rows on Intel processors); evaluation and
 * later work get the count back.
 */
class IntraOpThreadsTest {

    @Test
    void stepsUseOneThreadPerRowsPerThreadAndTheCountComesBackAfterwards() {
        Engine.getInstance(); // loads the natives JniUtils calls into
        int engineDefault = JniUtils.getNumThreads();
        int rowsPerThread = IntraOpThreads.rowsPerThread(Processor.ofThisMachine());
        assertThat(threadsDuringSteps(rowsPerThread - 1)).containsExactly(1);
        assertThat(threadsDuringSteps(2 * rowsPerThread)).containsExactly(Math.min(engineDefault, 2));
        assertThat(threadsDuringSteps(256)).containsExactly(Math.min(engineDefault, 256 / rowsPerThread));
        assertThat(JniUtils.getNumThreads()).isEqualTo(engineDefault);
    }

    @Test
    void intelProcessorsSplitFromSmallerPassesThanOthers() {
        assertThat(IntraOpThreads.rowsPerThread(new Processor("GenuineIntel", Set.of("avx512f")))).isEqualTo(16);
        assertThat(IntraOpThreads.rowsPerThread(new Processor("AuthenticAMD", Set.of("avx512f")))).isEqualTo(64);
        assertThat(IntraOpThreads.rowsPerThread(new Processor("", Set.of()))).isEqualTo(64);
    }

    private static Set<Integer> threadsDuringSteps(int batchSize) {
        DataTable moons = TestData.builtin("moons", 600, 0.2, null, 1);
        JobSpec spec = TestData.spec("""
                {"dataset": {"builtin": "moons"}, "model": {"hidden": [8]}, "training": {"epochs": 2, "batchSize": %d}}"""
                .formatted(batchSize), Task.CLASSIFICATION);
        SplitIndices split = Splitter.holdout(moons.rows(), moons.labels(), 0.0, 0.0, 1);
        Preprocessing prep = Preprocessing.fit(moons, split.train());
        Set<Integer> seen = new HashSet<>();
        Set<Integer> duringEvaluation = new HashSet<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            new ModelTrainer(spec, 2, new int[0], new Evaluator(spec.loss(), 2, prep)).fit(manager,
                    PreparedSplit.of(moons, prep, split.train()), null, 1, new TrainingObserver() {
                        @Override
                        public void onEpoch(EpochReport report) {
                            duringEvaluation.add(JniUtils.getNumThreads());
                        }

                        @Override
                        public boolean shouldStop() {
                            // asked before every step
                            seen.add(JniUtils.getNumThreads());
                            return false;
                        }
                    }, SubRun.SINGLE);
        }
        assertThat(duringEvaluation).containsExactly(JniUtils.getNumThreads());
        return seen;
    }
}
