package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A process a node started for {@code cuda:N} sees that one GPU as device 0. */
class DevicesTest {

    @Test
    void aSingleVisibleGpuIsDeviceZeroWhateverTheJobAskedFor() {
        assertThat(Devices.index("cuda:3", "3")).isZero();
        assertThat(Devices.index("cuda", "5")).isZero();
        assertThat(Devices.index("cuda:3", null)).isEqualTo(3);
        assertThat(Devices.index("cuda:3", "")).isEqualTo(3);
        assertThat(Devices.index("cuda:1", "0,1")).isEqualTo(1);
    }
}
