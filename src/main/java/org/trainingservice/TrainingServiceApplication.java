package org.trainingservice;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

// API keys are the one way in (common.security): Spring's default user, whose generated password it would log beside
// the real admin key, is never created
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
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
