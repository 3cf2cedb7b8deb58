package org.trainingservice.training.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The monitor names of the JSON, their directions and tasks, parsed in one place. */
class MonitorTest {

    @Test
    void namesDirectionsAndTasks() {
        assertThat(Monitor.NAMES).containsExactly("val_loss", "val_accuracy", "val_rmse", "val_mae", "val_r2");
        assertThat(Monitor.values()).filteredOn(Monitor::maximize)
                .containsExactlyInAnyOrder(Monitor.VAL_ACCURACY, Monitor.VAL_R2);
        assertThat(Monitor.VAL_LOSS.appliesTo(Task.CLASSIFICATION)).isTrue();
        assertThat(Monitor.VAL_LOSS.appliesTo(Task.REGRESSION)).isTrue();
        assertThat(Monitor.VAL_ACCURACY.appliesTo(Task.REGRESSION)).isFalse();
        assertThat(Monitor.VAL_MAE.appliesTo(Task.CLASSIFICATION)).isFalse();
        assertThat(Monitor.VAL_R2.appliesTo(Task.REGRESSION)).isTrue();
    }

    @Test
    void parsedFromTheSpecsString() {
        assertThat(Monitor.of(null)).isEqualTo(Monitor.VAL_LOSS);
        assertThat(Monitor.of(new EarlyStoppingSpec(null, null, null, null).withDefaults())).isEqualTo(Monitor.VAL_LOSS);
        assertThat(Monitor.of(new EarlyStoppingSpec("val_r2", 3, 0.0, true))).isEqualTo(Monitor.VAL_R2);
        assertThat(Monitor.find("train_loss")).isEmpty();
        assertThatThrownBy(() -> new EarlyStoppingSpec("accuracy", 3, 0.0, true).monitored())
                .hasMessageContaining("accuracy");
    }
}
