package io.tributary.outbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The relay as a standalone service: point {@code spring.datasource.*} (or {@code tributary.outbox.datasource.*})
 * at any database with the outbox table and {@code tributary.outbox.platform-url} at the platform. Defaults are
 * in {@code outbox-relay.yml}; an {@code application.yml} beside the jar (or environment variables) overrides
 * them. The relay itself comes from {@link OutboxRelayAutoConfiguration}, as when embedded.
 */
@SpringBootApplication
public class OutboxRelayApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(OutboxRelayApplication.class)
                // Not "application": this jar is also a library, and must not shadow an embedding service's config.
                .properties("spring.config.name=outbox-relay,application")
                .run(args);
    }
}
