package org.trainingservice.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Deeplearning4j's MultiLayerNetwork, the same MLP, Adam and softmax cross-entropy. */
final class Dl4jTrainer {

    private Dl4jTrainer() {
    }

    static double samplesPerSecond(Workload data, int batch, int epochs) {
        int size = batch == 0 ? data.rows() : batch;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1).updater(new Adam(0.001)).list()
                .layer(new DenseLayer.Builder().nIn(data.cols()).nOut(512).activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(512).nOut(256).activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(256).nOut(data.classes())
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray features = Nd4j.create(data.x(), new long[]{data.rows(), data.cols()}, 'c');
        float[] oneHot = new float[data.rows() * data.classes()];
        for (int r = 0; r < data.rows(); r++) {
            oneHot[r * data.classes() + (int) data.y()[r]] = 1f;
        }
        INDArray labels = Nd4j.create(oneHot, new long[]{data.rows(), data.classes()}, 'c');
        long samples = 0;
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            for (int from = 0; from < data.rows(); from += size) {
                int to = Math.min(from + size, data.rows());
                net.fit(new DataSet(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()),
                        labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())));
                samples += to - from;
            }
        }
        return samples / ((System.nanoTime() - start) / 1e9);
    }
}
