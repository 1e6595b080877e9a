package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A platform of its own whose free-space floor (an exabyte) is above what any disk has: to it, the disk is full.
 * Produce answers 507 with the documented error body; nothing is appended; reads and topic admin still work.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tributary.platform.min-free-space=1000000TB", "logging.level.io.tributary=OFF"})
class DiskFullTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        PlatformTestSupport.ownDataDir(registry, "tributary-diskfull-");
    }

    @Test
    void produceOnAFullDiskAnswers507AndAppendsNothing() {
        TestHttp http = new TestHttp(port);
        assertThat(http.post("/admin/topics", TestHttp.V2, "{\"topic_name\":\"full\",\"partitions_count\":1}").status()).isLessThan(300);

        TestHttp.Response topic = http.post("/topics/full", TestHttp.TEXT_V2, "{\"records\":[{\"value\":\"hello\"}]}");
        TestHttp.Response partition = http.post("/topics/full/partitions/0", TestHttp.TEXT_V2, "{\"records\":[{\"value\":\"hello\"}]}");

        for (TestHttp.Response response : new TestHttp.Response[] {topic, partition}) {
            assertThat(response.status()).isEqualTo(507);
            assertThat(response.json().get("error_code").asInt()).isEqualTo(507);
            assertThat(response.json().get("message").asString()).contains("Not enough disk space", "min-free-space");
        }
        TestHttp.Response offsets = http.get("/topics/full/partitions/0/offsets");
        assertThat(offsets.status()).isEqualTo(200);
        assertThat(offsets.json().get("end_offset").asLong()).isZero();
    }
}
