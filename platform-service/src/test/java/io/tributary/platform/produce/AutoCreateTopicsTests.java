package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = {"tributary.platform.topics.auto-create=true", "tributary.platform.topics.default-partitions=3"})
class AutoCreateTopicsTests extends PlatformTestSupport {

    @Test
    void produceCreatesAMissingTopicWithTheDefaultPartitionCount() {
        TestHttp.Response response = http.post("/topics/auto.created", TestHttp.TEXT_V2, "{\"records\":[{\"value\":\"hello\"}]}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(http.get("/topics/auto.created").json().get("partitions")).hasSize(3);
    }

    @Test
    void autoCreationStillRejectsInvalidNames() {
        TestHttp.Response response = http.post("/topics/bad%20name", TestHttp.TEXT_V2, "{\"records\":[{\"value\":\"hello\"}]}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("message").asString()).contains("Invalid topic name");
    }
}
