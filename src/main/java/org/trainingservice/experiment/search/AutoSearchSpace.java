package org.trainingservice.experiment.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The space searched for {@code "searchSpace": "auto"}: the parameters that matter most for a small network, over
 * ranges wide enough to hold the good values and narrow enough that random draws are rarely wasted, scaled to the
 * data:
 * <ul>
 *   <li>{@code optimizer.learningRate}, loguniform 1e-4 to 1e-1 (to 1e-2 for a small table, below 1 000 rows): Adam
 *       (the default optimizer) does well near 1e-3 and diverges or crawls beyond these ends; the log scale gives each
 *       decade the same share of trials. A small table's validation split (a fifth: under 200 rows) is fitted to a
 *       near-zero loss within a few epochs at a rate above 1e-2, and the search, keeping the lowest validation loss of
 *       many such fits, then picks the luckiest overconfident one: on breast cancer, wine and iris (5 splits each), 12
 *       of the 15 best trials of the wider range had a rate of 0.016 to 0.1, all 15 a lower validation loss than the
 *       hand-tuned spec's (a median of 3.3 times lower), and yet their mean test loss was no better (README, the
 *       autosearch section).</li>
 *   <li>{@code model.hidden} (tabular), a choice of one or two (three from 50 000 rows) layers of equal width; the
 *       widths are three powers of two whose largest grows with the rows (64 below 1 000 rows, 128 below 10 000, 256
 *       below 100 000, else 512), because a network with many more weights than rows memorises them; no width is
 *       below the next power of two at or above the number of features (up to the largest width), so the first
 *       layer is no bottleneck.</li>
 *   <li>{@code model.channels} (images, instead of hidden), a choice of two or three conv-pool blocks
 *       ([16, 32], [32, 64], and [32, 64, 128] from 10 000 images), the widths small CNNs use on MNIST-sized images.</li>
 *   <li>{@code model.dropout}, uniform 0 to 0.5 for classification (above 0.5 small networks underfit) and 0 to
 *       0.3 for regression (dropout's noise on the hidden units shows directly in a continuous output).</li>
 *   <li>{@code regularization.l2}, loguniform 1e-6 to 1e-2 (1e-5 to 1e-1 for a small table): from practically none
 *       to strong enough to flatten a small network's weights; a small table needs more of it, and the wider range's
 *       best trials there mostly had practically none (below 1e-4 in 10 of 15).</li>
 *   <li>{@code training.batchSize}, a choice of three powers of two (16-64 below 2 000 rows, 32-128 below 50 000,
 *       else 64-256): small batches add gradient noise that helps small data, large ones use the hardware on large
 *       data; sizes above the rows are left out (at least one stays).</li>
 *   <li>{@code model.activation}, a choice of relu, tanh and gelu: relu is the usual best, tanh suits smooth small
 *       problems, gelu often edges out relu; sigmoid saturates in hidden layers and is left out.</li>
 * </ul>
 */
public final class AutoSearchSpace {

    /** Below this many rows a table is small: its validation split has under 200 rows to choose by. */
    static final long SMALL_TABLE_ROWS = 1_000;

    private AutoSearchSpace() {
    }

    /**
     * @param rows           rows of the dataset (all splits)
     * @param features       input features (tabular) or pixels (images)
     * @param classification whether the task is classification
     * @param images         whether the data are images (searched with a CNN's channels)
     */
    public static SearchSpace forDataset(long rows, int features, boolean classification, boolean images) {
        boolean small = rows < SMALL_TABLE_ROWS;
        Map<String, ParameterSpace> parameters = new LinkedHashMap<>();
        parameters.put("optimizer.learningRate", new LogUniform(1e-4, small ? 1e-2 : 1e-1));
        if (images) {
            parameters.put("model.channels", new Choice(channels(rows)));
        } else {
            parameters.put("model.hidden", new Choice(hidden(rows, features)));
        }
        parameters.put("model.dropout", new Uniform(0.0, classification ? 0.5 : 0.3));
        parameters.put("regularization.l2", small ? new LogUniform(1e-5, 1e-1) : new LogUniform(1e-6, 1e-2));
        parameters.put("training.batchSize", new Choice(batchSizes(rows)));
        // relu first, and sizes above from small to large: trial 1 takes the first activation and the middle size
        parameters.put("model.activation", new Choice(List.of("relu", "tanh", "gelu")));
        return new SearchSpace(parameters);
    }

    /** The widest hidden layer worth trying for this many rows. */
    static int maxWidth(long rows) {
        return rows < 1_000 ? 64 : rows < 10_000 ? 128 : rows < 100_000 ? 256 : 512;
    }

    static List<Object> hidden(long rows, int features) {
        int max = maxWidth(rows);
        int floor = Math.min(max, Integer.highestOneBit(Math.max(1, features - 1)) * 2);
        int depth = rows < 50_000 ? 2 : 3;
        List<Object> layers = new ArrayList<>();
        for (int width = max / 4; width <= max; width *= 2) {
            int w = Math.max(width, floor);
            for (int d = 1; d <= depth; d++) {
                List<Integer> layer = Collections.nCopies(d, w);
                if (!layers.contains(layer)) {
                    layers.add(List.copyOf(layer));
                }
            }
        }
        return layers;
    }

    static List<Object> channels(long rows) {
        List<Object> channels = new ArrayList<>(List.of(List.of(16, 32), List.of(32, 64)));
        if (rows >= 10_000) {
            channels.add(List.of(32, 64, 128));
        }
        return channels;
    }

    static List<Object> batchSizes(long rows) {
        int smallest = rows < 2_000 ? 16 : rows < 50_000 ? 32 : 64;
        List<Object> sizes = new ArrayList<>();
        for (int size = smallest; size <= smallest * 4; size *= 2) {
            if (size <= rows || sizes.isEmpty()) {
                sizes.add(size);
            }
        }
        return sizes;
    }
}
