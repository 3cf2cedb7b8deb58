package org.trainingservice.job;

/** What the job module needs to know about the workers' devices (the scheduler knows the nodes). */
public interface DeviceCatalog {

    /** Whether any registered worker node has a CUDA device. */
    boolean anyWorkerHasCuda();
}
