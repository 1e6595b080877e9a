package io.tributary.orders;

import io.tributary.samples.messaging.SampleMessagingConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The order service of the saga demo: places orders (order row + {@code OrderCreated} in the outbox, one
 * transaction), follows the payment service's verdict from {@code payments.events}, and keeps a CQRS read model
 * fed only from the topics.
 *
 * <p>Its configuration file is {@code order-sample.yml} (not {@code application.yml}) and its migrations live in
 * {@code db/orders}, so that it can run in one JVM beside the payment service and the platform.
 */
@SpringBootApplication
@EnableConfigurationProperties(OrderSampleProperties.class)
@Import(SampleMessagingConfiguration.class)
public class OrderSampleApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with its own configuration name; tests start it the same way. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(OrderSampleApplication.class)
                .properties("spring.config.name=order-sample");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
