package io.tributary.platform.consume;

import static io.tributary.platform.consume.ConsumerClient.produce;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformProcess;
import io.tributary.platform.TestHttp;
import io.tributary.platform.TestHttp.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Committed offsets are durable: acknowledged commits survive kill -9; instances do not, and say so. */
class ConsumerCrashTests {

    @TempDir
    Path dataDir;

    @Test
    void commitAfterProcessingSurvivesKillNineAndRestart() {
        try (PlatformProcess platform = PlatformProcess.start(dataDir)) {
            TestHttp http = new TestHttp(platform.baseUri());
            http.createTopic("crash.commits", 2);
            produce(http, "crash.commits", 0, IntStream.range(0, 20).mapToObj(Integer::toString).toArray(String[]::new));
            produce(http, "crash.commits", 1, "1", "2", "3");
            ConsumerClient first = ConsumerClient.create(http, "crash", "first", "json", "\"auto.offset.reset\":\"earliest\"");
            Response assign = http.post(first.path("/assignments"), TestHttp.V2, "{\"partitions\":[{\"topic\":\"crash.commits\",\"partition\":0}]}");
            assertThat(assign.status()).isEqualTo(204);
            List<JsonNode> read = first.fetchAtLeast(10);
            assertThat(read.get(9).get("offset").asLong()).isEqualTo(9);
            Response commit = first.commit("{\"offsets\":[{\"topic\":\"crash.commits\",\"partition\":0,\"offset\":5}]}");
            assertThat(commit.status()).isEqualTo(204);

            platform.kill();
            platform.restart();

            Response gone = first.fetchRaw(0, TestHttp.JSON_V2);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.errorCode()).isEqualTo(40403);
            assertThat(gone.json().get("message").asString()).contains("unknown since the platform restarted");

            ConsumerClient second = ConsumerClient.create(http, "crash", "second", "json", "");
            second.subscribed("crash.commits");
            List<JsonNode> resumed = second.fetchAtLeast(1);
            JsonNode firstOfPartition0 = resumed.stream().filter(r -> r.get("partition").asInt() == 0).findFirst().orElseThrow();
            assertThat(firstOfPartition0.get("offset").asLong()).isEqualTo(5);
            assertThat(resumed).noneMatch(r -> r.get("partition").asInt() == 1); // nothing committed there: latest
            JsonNode lag = http.get("/consumers/crash/lag").json();
            assertThat(lag.get("partitions").get(0).get("committed_offset").asLong()).isEqualTo(5);
        }
    }
}
