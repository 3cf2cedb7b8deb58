package org.trainingservice.training;

import java.util.Map;

/**
 * What one finished epoch reports.
 *
 * @param epoch 1-based
 * @param step optimizer steps taken so far in this sub-run
 * @param samples training samples processed in this epoch (for throughput)
 * @param seconds wall-clock seconds this epoch's training took (evaluation excluded)
 * @param metrics {@code train_loss}, {@code val_loss}, {@code train_accuracy}, ... for this epoch
 * @param fold the fold (1-based) of a cross-validation sub-run, or null
 * @param member the ensemble member (1-based), or null
 * @param round the bias-variance round (1-based), or null
 * @param label where in the job this is, like {@code fold 2/5}; null for a single run
 * @param fraction how much of the whole job is done, in [0, 1]
 * @param curveFraction the share of the training split a learning-curve sub-run trains on, or null
 */
public record EpochReport(int epoch, int totalEpochs, long step, long samples, double seconds,
                          Map<String, Double> metrics, double learningRate,
                          Integer fold, Integer member, Integer round, String label, double fraction,
                          Double curveFraction) {
}
