package org.trainingservice.training.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A validation metric that early stopping can watch, by its JSON name ({@code "monitor": "val_loss"}), with the
 * direction in which it improves and the task it exists for (null: both). The one place a monitor name is read.
 */
public enum Monitor {
    VAL_LOSS("val_loss", false, null),
    VAL_ACCURACY("val_accuracy", true, Task.CLASSIFICATION),
    VAL_RMSE("val_rmse", false, Task.REGRESSION),
    VAL_MAE("val_mae", false, Task.REGRESSION),
    VAL_R2("val_r2", true, Task.REGRESSION);

    /** Every JSON name, in declaration order (the order the validator's message lists them in). */
    public static final List<String> NAMES = Arrays.stream(values()).map(Monitor::jsonName).toList();

    private final String jsonName;
    private final boolean maximize;
    private final Task task;

    Monitor(String jsonName, boolean maximize, Task task) {
        this.jsonName = jsonName;
        this.maximize = maximize;
        this.task = task;
    }

    /** The metric's key in an epoch's metrics and the spec's JSON, like {@code val_loss}. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether a larger value is better (accuracy, R²) rather than a smaller one (loss, RMSE, MAE). */
    public boolean maximize() {
        return maximize;
    }

    /** Whether the metric exists for {@code task}: loss for both, accuracy for classification, the rest regression. */
    public boolean appliesTo(Task task) {
        return this.task == null || task == null || this.task == task;
    }

    public static Optional<Monitor> find(String jsonName) {
        return Arrays.stream(values()).filter(m -> m.jsonName.equals(jsonName)).findFirst();
    }

    /** The monitor an early-stopping spec names; without early stopping the validation loss is watched. */
    public static Monitor of(EarlyStoppingSpec early) {
        return early == null || early.monitor() == null ? VAL_LOSS : early.monitored();
    }
}
