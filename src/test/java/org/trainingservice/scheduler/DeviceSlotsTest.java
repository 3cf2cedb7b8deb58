package org.trainingservice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Slots per device: which jobs a node may claim now, and which device a claimed job gets. */
class DeviceSlotsTest {

    @Test
    void aCpuNodeTakesAutoAndCpuJobsOnItsCpuSlotsAndNeverACudaJob() {
        DeviceSlots slots = new DeviceSlots(List.of("cpu"), 2, 1);
        assertThat(slots.capacity()).containsExactly(entry("cpu", 2));
        assertThat(slots.total()).isEqualTo(2);
        assertThat(slots.claimable()).containsExactly("cpu", "auto");
        assertThat(slots.take("cuda")).isEmpty();
        assertThat(slots.take("cuda:0")).isEmpty();
        assertThat(slots.take("auto")).hasValue("cpu");
        assertThat(slots.take("cpu")).hasValue("cpu");
        assertThat(slots.claimable()).isEmpty();
        assertThat(slots.take("auto")).isEmpty();
        slots.release("cpu");
        assertThat(slots.claimable()).containsExactly("cpu", "auto");
        slots.release("cpu");
        slots.release("cpu"); // a slot given back twice does not make a third
        assertThat(slots.take("cpu")).hasValue("cpu");
        assertThat(slots.take("cpu")).hasValue("cpu");
        assertThat(slots.take("cpu")).isEmpty();
    }

    @Test
    void onAGpuNodeAutoAndCudaSpreadOverTheGpusAndCpuJobsKeepTheCpuSlots() {
        DeviceSlots slots = new DeviceSlots(List.of("cpu", "cuda:0", "cuda:1"), 1, 1);
        assertThat(slots.capacity()).containsExactly(entry("cpu", 1), entry("cuda:0", 1), entry("cuda:1", 1));
        assertThat(slots.total()).isEqualTo(3);
        assertThat(slots.claimable()).containsExactlyInAnyOrder("cpu", "cuda:0", "cuda:1", "cuda", "auto");

        assertThat(slots.take("auto")).hasValue("cuda:0");
        assertThat(slots.claimable()).containsExactlyInAnyOrder("cpu", "cuda:1", "cuda", "auto");
        assertThat(slots.take("cuda:0")).as("cuda:0 is busy").isEmpty();
        assertThat(slots.take("cuda")).hasValue("cuda:1");
        // both GPUs busy: auto does not fall back to the CPU, a cpu job still runs
        assertThat(slots.claimable()).containsExactly("cpu");
        assertThat(slots.take("auto")).isEmpty();
        assertThat(slots.take("cpu")).hasValue("cpu");
        assertThat(slots.claimable()).isEmpty();

        slots.release("cuda:1");
        assertThat(slots.claimable()).containsExactlyInAnyOrder("cuda:1", "cuda", "auto");
        assertThat(slots.take("cuda:1")).hasValue("cuda:1");
    }

    @Test
    void severalSlotsPerGpuGoToTheLeastBusyGpuFirst() {
        DeviceSlots slots = new DeviceSlots(List.of("cpu", "cuda:0", "cuda:1"), 0, 2);
        assertThat(slots.total()).isEqualTo(4);
        assertThat(slots.claimable()).doesNotContain("cpu");
        assertThat(slots.take("cpu")).isEmpty();
        assertThat(slots.take("auto")).hasValue("cuda:0");
        assertThat(slots.take("auto")).hasValue("cuda:1");
        assertThat(slots.take("cuda")).hasValue("cuda:0");
        assertThat(slots.take("cuda:0")).isEmpty();
        assertThat(slots.take("cuda:1")).hasValue("cuda:1");
        assertThat(slots.claimable()).isEmpty();
    }

    @Test
    void aDeviceTheNodeDoesNotHaveIsNeverTaken() {
        DeviceSlots slots = new DeviceSlots(List.of("cpu", "cuda:0"), 1, 1);
        assertThat(slots.take("cuda:3")).isEmpty();
        assertThat(slots.claimable()).doesNotContain("cuda:3");
        slots.release("cuda:3");
        assertThat(slots.capacity()).doesNotContainKey("cuda:3");
    }

    private static java.util.Map.Entry<String, Integer> entry(String device, int slots) {
        return java.util.Map.entry(device, slots);
    }
}
