package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A platform of its own (own settings, own data directory) with topic auto-creation on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tributary.platform.topics.auto-create=true", "tributary.platform.topics.default-partitions=3"})
class AutoCreateTopicsTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        PlatformTestSupport.ownDataDir(registry, "tributary-autocreate-");
    }

    @Test
    void produceCreatesAMissingTopicWithTheDefaultPartitionCount() {
        TestHttp http = new TestHttp(port);
        TestHttp.Response response = http.post("/topics/auto.created", TestHttp.TEXT_V2, "{\"records\":[{\"value\":\"hello\"}]}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(http.get("/topics/auto.created").json().get("partitions")).hasSize(3);
    }

    @Test
    void autoCreationStillRejectsInvalidNames() {
        TestHttp.Response response = new TestHttp(port).post("/topics/bad%20name", TestHttp.TEXT_V2, "{\"records\":[{\"value\":\"hello\"}]}");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("message").asString()).contains("Invalid topic name");
    }
}
