package io.tributary.orders;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the order service ({@code tributary.orders.*}); defaults documented in {@code order-sample.yml}.
 *
 * @param platformUrl    the platform's base URL
 * @param ordersTopic    where this service's events go (through the outbox)
 * @param paymentsTopic  the payment service's events, consumed by the saga and the read model
 * @param partitions     partitions of the topics this service creates when they are missing
 * @param consumerGroup  the group consuming {@code paymentsTopic} for the saga
 * @param consumers      members of that group in this process (each one thread and one transaction at a time,
 *                       partitions divided among them): one per partition lets the verdicts of different
 *                       partitions commit side by side
 * @param readModelGroup prefix of the read model's group; each rebuild uses a new group {@code <prefix>-g<generation>}
 * @param pollTimeout    how long one fetch waits for records
 * @param revenueWindow  size of the tumbling windows of the revenue statistics
 */
@Validated
@ConfigurationProperties("tributary.orders")
public record OrderSampleProperties(
        @NotNull @DefaultValue("http://localhost:8080") URI platformUrl,
        @NotBlank @DefaultValue("orders.events") String ordersTopic,
        @NotBlank @DefaultValue("payments.events") String paymentsTopic,
        @Min(1) @DefaultValue("3") int partitions,
        @NotBlank @DefaultValue("order-service") String consumerGroup,
        @Min(1) @DefaultValue("3") int consumers,
        @NotBlank @DefaultValue("order-read-model") String readModelGroup,
        @NotNull @DefaultValue("1s") Duration pollTimeout,
        @NotNull @DefaultValue("60s") Duration revenueWindow) {
}
