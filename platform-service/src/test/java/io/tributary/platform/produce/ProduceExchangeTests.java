package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProduceExchangeTests {

    private static final String V2 = "application/vnd.kafka.v2+json";

    @Test
    void answersInTheV2TypeUnlessOnlyPlainJsonIsAccepted() {
        assertThat(ProduceExchange.contentType(null)).isEqualTo(V2);
        assertThat(ProduceExchange.contentType("")).isEqualTo(V2);
        assertThat(ProduceExchange.contentType("*/*")).isEqualTo(V2);
        assertThat(ProduceExchange.contentType(V2 + ", application/json")).isEqualTo(V2);
        assertThat(ProduceExchange.contentType("application/*")).isEqualTo(V2);
        assertThat(ProduceExchange.contentType("application/json")).isEqualTo("application/json");
        assertThat(ProduceExchange.contentType("application/json, */*;q=0.1")).isEqualTo("application/json");
        assertThat(ProduceExchange.contentType("application/json;q=0.5, application/vnd.kafka.v2+json;q=0.9")).isEqualTo(V2);
    }
}
