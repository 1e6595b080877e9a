package io.tributary.samples.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The shared consumer beans; a sample imports it ({@code @Import}) and brings a {@link Clock} bean. */
@Configuration(proxyBeanMethods = false)
public class SampleMessagingConfiguration {

    @Bean
    ProcessedMessages processedMessages(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        return new ProcessedMessages(jdbc, clock, meters);
    }

    @Bean
    IdempotentConsumer idempotentConsumer(ProcessedMessages processed, PlatformTransactionManager transactions) {
        return new IdempotentConsumer(processed, transactions);
    }

    @Bean
    TransactionalBatches transactionalBatches(PlatformTransactionManager transactions, MeterRegistry meters) {
        return new TransactionalBatches(transactions, meters);
    }
}
