package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import io.tributary.platform.TestHttp.Response;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Instance caps (429) and the platform-wide instance timeout, with small settings. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tributary.platform.consumers.max-instances=4",
        "tributary.platform.consumers.max-instances-per-group=2",
        "tributary.platform.consumers.instance-timeout=3s",
        "logging.level.io.tributary=WARN"})
class ConsumerLimitsTests {

    private static final String LONG_LIVED = "\"consumer.instance.timeout.ms\":\"60000\"";

    @LocalServerPort
    int port;
    TestHttp http;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        PlatformTestSupport.ownDataDir(registry, "tributary-consumer-limits-");
    }

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void instanceCapsAre429AndFreedCapacityCanBeReused() {
        ConsumerClient first = ConsumerClient.create(http, "limits-a", "1", "json", LONG_LIVED);
        ConsumerClient second = ConsumerClient.create(http, "limits-a", "2", "json", LONG_LIVED);
        Response perGroup = http.post("/consumers/limits-a", TestHttp.V2, "{\"name\":\"3\"}");
        assertThat(perGroup.status()).isEqualTo(429);
        assertThat(perGroup.errorCode()).isEqualTo(42901);

        ConsumerClient third = ConsumerClient.create(http, "limits-b", "1", "json", LONG_LIVED);
        ConsumerClient fourth = ConsumerClient.create(http, "limits-c", "1", "json", LONG_LIVED);
        Response platformWide = http.post("/consumers/limits-d", TestHttp.V2, "{\"name\":\"1\"}");
        assertThat(platformWide.status()).isEqualTo(429);
        assertThat(platformWide.errorCode()).isEqualTo(42901);

        assertThat(first.delete().status()).isEqualTo(204);
        ConsumerClient fifth = ConsumerClient.create(http, "limits-d", "1", "json", LONG_LIVED);
        for (ConsumerClient consumer : new ConsumerClient[] {second, third, fourth, fifth}) {
            consumer.delete();
        }
    }

    @Test
    void thePlatformInstanceTimeoutExpiresIdleMembersAndTheirPartitionsMove() {
        http.createTopic("limits.expiry", 2);
        ConsumerClient idle = ConsumerClient.create(http, "limits-expiry", "idle", "json", "");
        ConsumerClient active = ConsumerClient.create(http, "limits-expiry", "active", "json", "\"consumer.instance.timeout.ms\":\"60000\"");
        idle.subscribed("limits.expiry");
        active.subscribed("limits.expiry");
        assertThat(active.assignment()).hasSize(1);

        await().atMost(Duration.ofSeconds(15)).until(() -> active.assignment().size() == 2);
        Response gone = http.get(idle.path("/assignments"));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo(40403);
        assertThat(gone.json().get("message").asString()).contains("expired after").contains("consumer.instance.timeout.ms is 3000");
        active.delete();
    }
}
