package org.trainingservice.training.optim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's update of one tile read and written in the engine's own buffers with the Vector API, where
 * {@link Adam#updateOnHost} needs the weight and gradient copied into Java arrays and the weight copied back: the
 * copies took two fifths of the update of the benchmark MLP. Each lane does the same float operations in the same
 * order as the loop there (a multiply and an add, never fused), so both give the same bits.
 */
final class AdamLanes implements HostUpdate.InPlaceRule {

    private static final VectorSpecies<Float> LANES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final float b1;
    private final float b2;
    private final float c1;
    private final float c2;
    private final float rate;
    private final float keep;
    private final float eps;

    AdamLanes(float beta1, float beta2, float rate, float keep, float epsilon) {
        this.b1 = beta1;
        this.b2 = beta2;
        this.c1 = 1 - beta1;
        this.c2 = 1 - beta2;
        this.rate = rate;
        this.keep = keep;
        this.eps = epsilon;
    }

    @Override
    public void apply(ByteBuffer weight, ByteBuffer gradient, int offset, float[][] state, int n) {
        float[] m = state[0];
        float[] v = state[1];
        int i = 0;
        for (int bound = LANES.loopBound(n); i < bound; i += LANES.length()) {
            int at = (offset + i) * Float.BYTES;
            FloatVector g = FloatVector.fromByteBuffer(LANES, gradient, at, ORDER);
            FloatVector mi = FloatVector.fromArray(LANES, m, i).mul(b1).add(g.mul(c1));
            FloatVector vi = FloatVector.fromArray(LANES, v, i).mul(b2).add(g.mul(c2).mul(g));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector w = FloatVector.fromByteBuffer(LANES, weight, at, ORDER);
            w.mul(keep).sub(mi.mul(rate).div(vi.sqrt().add(eps))).intoByteBuffer(weight, at, ORDER);
        }
        for (; i < n; i++) {
            int at = (offset + i) * Float.BYTES;
            float g = gradient.getFloat(at);
            float mi = b1 * m[i] + c1 * g;
            float vi = b2 * v[i] + c2 * g * g;
            m[i] = mi;
            v[i] = vi;
            weight.putFloat(at, weight.getFloat(at) * keep - rate * mi / ((float) Math.sqrt(vi) + eps));
        }
    }
}
