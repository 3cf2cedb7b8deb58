package org.trainingservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TrainingServiceApplication {

    public static void main(String[] args) {
        // Before any DJL class loads (inference loads the engine in this process): never download, never phone home.
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        SpringApplication.run(TrainingServiceApplication.class, args);
    }
}
