package org.trainingservice.scheduler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.trainingservice.common.TrainingProperties;

/** This node's name in leases, transitions and the node list: {@code training.node-id}, or host name + port. */
@Component
class NodeIdentity {

    private final String id;

    public NodeIdentity(TrainingProperties properties, @Value("${server.port:8080}") String port) {
        this.id = properties.nodeId() != null && !properties.nodeId().isBlank() ? properties.nodeId() : host() + ":" + port;
    }

    public String id() {
        return id;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
