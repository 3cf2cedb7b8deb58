package org.trainingservice.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/** Bare DJL, the way its documentation trains: a Trainer, EasyTrain.trainBatch and Adam. */
final class DjlTrainer {

    private DjlTrainer() {
    }

    static double samplesPerSecond(Workload data, int batch, int epochs) throws Exception {
        int size = batch == 0 ? data.rows() : batch;
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(512).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(256).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("bench")) {
            model.setBlock(block);
            NDManager manager = model.getNDManager();
            NDArray x = manager.create(data.x(), new Shape(data.rows(), data.cols()));
            NDArray y = manager.create(data.y(), new Shape(data.rows()));
            ArrayDataset dataset = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(size, true).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.001f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(size, data.cols()));
                long samples = 0;
                long start = System.nanoTime();
                for (int e = 0; e < epochs; e++) {
                    for (Batch b : trainer.iterateDataset(dataset)) {
                        EasyTrain.trainBatch(trainer, b);
                        trainer.step();
                        samples += b.getSize();
                        b.close();
                    }
                }
                return samples / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
