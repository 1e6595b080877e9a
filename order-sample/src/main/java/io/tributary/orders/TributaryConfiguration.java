package io.tributary.orders;

import io.tributary.client.RetryPolicy;
import io.tributary.client.TributaryClient;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The platform client, and the topics this service uses (created when missing, once the platform answers). */
@Configuration(proxyBeanMethods = false)
class TributaryConfiguration {

    @Bean
    TributaryClient tributaryClient(OrderSampleProperties properties) {
        TributaryClient client = TributaryClient.builder(properties.platformUrl()).build();
        new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(2)).execute(() -> {
            for (String topic : List.of(properties.ordersTopic(), properties.paymentsTopic())) {
                client.createTopicIfAbsent(topic, properties.partitions());
            }
            return null;
        });
        return client;
    }
}
