package io.tributary.payments;

import io.tributary.samples.messaging.SampleMessagingConfiguration;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The payment service of the saga demo: accounts with balances, charged for {@code OrderCreated} and refunded for
 * {@code OrderCancelled}, answering with payment events through the transactional outbox.
 *
 * <p>Its configuration file is {@code payment-sample.yml} (not {@code application.yml}) and its migrations live in
 * {@code db/payments}, so that it can run in one JVM beside the order service and the platform, as the end-to-end
 * tests do.
 */
@SpringBootApplication
@EnableConfigurationProperties(PaymentSampleProperties.class)
@Import(SampleMessagingConfiguration.class)
public class PaymentSampleApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with its own configuration name; tests start it the same way. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PaymentSampleApplication.class)
                .properties("spring.config.name=payment-sample");
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
