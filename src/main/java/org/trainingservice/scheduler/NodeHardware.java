package org.trainingservice.scheduler;

import java.util.List;

/**
 * What a worker node can train on, as it records itself at start.
 *
 * @param devices {@code cpu} and {@code cuda:N} for each GPU its natives can use
 * @param natives where its training processes' PyTorch natives come from, in words
 * @param flavor {@code cpu} or the CUDA flavour of those natives ({@code cu128})
 * @param gpus the GPUs its driver lists, usable or not, in PCI bus order
 */
record NodeHardware(List<String> devices, String natives, String flavor, List<String> gpus) {
}
