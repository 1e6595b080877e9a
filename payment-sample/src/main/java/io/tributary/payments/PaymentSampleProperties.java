package io.tributary.payments;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the payment service ({@code tributary.payments.*}); defaults documented in {@code payment-sample.yml}.
 *
 * @param platformUrl     the platform's base URL
 * @param ordersTopic     the topic of order events this service consumes
 * @param paymentsTopic   the topic its own events go to (through the outbox)
 * @param deadLetterTopic where records go that could not be processed
 * @param partitions      partitions of the topics this service creates when they are missing
 * @param consumerGroup   the consumer group of {@code ordersTopic}
 * @param consumers       group members in this process (each one thread and one transaction at a time, partitions
 *                        divided among them): one per partition lets different partitions' orders commit side by side
 * @param pollTimeout     how long one fetch waits for records
 * @param retry           retries of a record whose processing failed
 */
@Validated
@ConfigurationProperties("tributary.payments")
public record PaymentSampleProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI platformUrl,
        @NotBlank @DefaultValue("orders.events") String ordersTopic,
        @NotBlank @DefaultValue("payments.events") String paymentsTopic,
        @NotBlank @DefaultValue("orders.events.dlt") String deadLetterTopic,
        @Min(1) @DefaultValue("3") int partitions,
        @NotBlank @DefaultValue("payment-service") String consumerGroup,
        @Min(1) @DefaultValue("3") int consumers,
        @NotNull @DefaultValue("1s") Duration pollTimeout,
        @Valid @NotNull @DefaultValue Retry retry) {

    /**
     * In-place retries of one record (the partition waits, so its order is kept): after {@code maxAttempts}
     * the record goes to the dead-letter topic. Waits grow exponentially from {@code initialBackoff} up to
     * {@code maxBackoff}, with jitter.
     */
    public record Retry(
            @Min(1) @DefaultValue("5") int maxAttempts,
            @NotNull @DefaultValue("200ms") Duration initialBackoff,
            @NotNull @DefaultValue("5s") Duration maxBackoff) {
    }
}
