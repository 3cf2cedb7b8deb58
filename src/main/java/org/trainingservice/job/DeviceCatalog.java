package org.trainingservice.job;

import java.util.List;
import java.util.Map;

/** What the job module needs to know about the workers' devices (the scheduler knows the nodes). */
public interface DeviceCatalog {

    /** Each registered worker node's devices ({@code cpu}, {@code cuda:0}, ...), by node id. */
    Map<String, List<String>> devicesByNode();
}
