package org.trainingservice.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the rest of the service learns about the processor, read from {@code /proc/cpuinfo}'s first core. */
class ProcessorTest {

    @Test
    void processorFactsComeFromCpuInfo() {
        Processor processor = Processor.fromCpuInfo(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
                "cpu family\t: 26", "flags\t\t: fpu sse2 avx2 avx512f avx512bw", "", "processor\t: 1",
                "vendor_id\t: SomethingElse"));
        assertThat(processor.vendor()).isEqualTo("AuthenticAMD");
        assertThat(processor.flags()).contains("avx2", "avx512f", "avx512bw").doesNotContain("", "flags");
        assertThat(processor.isAmd()).isTrue();
        assertThat(processor.isIntel()).isFalse();
        assertThat(processor.hasAvx512()).isTrue();
    }

    @Test
    void anIntelProcessorIsKnownByItsVendor() {
        Processor processor = Processor.fromCpuInfo(List.of("vendor_id\t: GenuineIntel", "flags\t\t: avx2"));
        assertThat(processor.isIntel()).isTrue();
        assertThat(processor.isAmd()).isFalse();
        assertThat(processor.hasAvx512()).isFalse();
    }

    @Test
    void aCoreWithoutFlagsHasNoneAndALineWithoutAFieldNameIsNoField() {
        Processor processor = Processor.fromCpuInfo(List.of(": GenuineIntel", "vendor_id\t:"));
        assertThat(processor.flags()).isEmpty();
        assertThat(processor.vendor()).isEmpty();
    }

    @Test
    void thisMachinesProcessorIsReadFromItsCpuInfo() {
        Processor processor = Processor.ofThisMachine();
        assertThat(processor).isNotNull();
        if (Files.isReadable(Path.of("/proc/cpuinfo"))) {
            assertThat(processor.vendor()).isNotEmpty();
            assertThat(processor.flags()).isNotEmpty();
        }
    }
}
