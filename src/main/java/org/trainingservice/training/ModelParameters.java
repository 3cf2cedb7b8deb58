package org.trainingservice.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.trainingservice.training.optim.Optimizer;

/**
 * A model's parameters (and an optimizer's state) as bytes in DJL's own format: the one encoding that checkpoints,
 * stored models and inference share, so that what training writes inference reads.
 */
public final class ModelParameters {

    private ModelParameters() {
    }

    public static byte[] save(SequentialBlock block) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code parameters} into an initialized {@code block} built for the same architecture. */
    public static void load(SequentialBlock block, NDManager manager, byte[] parameters) {
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] optimizerState(Optimizer optimizer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            optimizer.saveState(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
