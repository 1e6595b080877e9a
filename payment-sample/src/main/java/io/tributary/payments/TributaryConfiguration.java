package io.tributary.payments;

import io.tributary.client.TributaryClient;
import io.tributary.client.TributaryProducer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The platform client and the (idempotent) producer used for dead letters and redrives. */
@Configuration(proxyBeanMethods = false)
class TributaryConfiguration {

    @Bean
    TributaryClient tributaryClient(PaymentSampleProperties properties) {
        return TributaryClient.builder(properties.platformUrl()).build();
    }

    @Bean
    TributaryProducer tributaryProducer(TributaryClient client) {
        return client.producer().build();
    }
}
