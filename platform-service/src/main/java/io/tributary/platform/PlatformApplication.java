package io.tributary.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Tributary platform: topics stored as Chronicle Queue logs, served over a Kafka REST Proxy v2
 * compatible HTTP API.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PlatformApplication {

    public static void main(String[] args) {
        // Chronicle reads this once, when its first class loads; set it before anything touches it,
        // because `java -jar` cannot carry -D flags in the manifest.
        System.setProperty("chronicle.analytics.disable", "true");
        SpringApplication.run(PlatformApplication.class, args);
    }
}
