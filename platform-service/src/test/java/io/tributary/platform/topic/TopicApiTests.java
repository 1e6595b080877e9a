package io.tributary.platform.topic;

import static io.tributary.platform.TestHttp.V2;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp.Response;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TopicApiTests extends PlatformTestSupport {

    @Test
    void createdTopicIsListedAndDescribedInTheV2Shape() {
        Response created = http.post("/admin/topics", V2,
                "{\"topic_name\":\"topics.describe\",\"partitions_count\":3,\"replication_factor\":1,\"configs\":{\"retention.ms\":\"3600000\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo("topics.describe");

        assertThat(names(http.get("/topics").json())).contains("topics.describe");

        JsonNode topic = http.get("/topics/topics.describe").json();
        assertThat(topic.get("name").asString()).isEqualTo("topics.describe");
        assertThat(topic.get("configs").get("retention.ms").asString()).isEqualTo("3600000");
        assertThat(topic.get("configs").get("max.message.bytes").asString()).isEqualTo("1048576");
        assertThat(topic.get("partitions")).hasSize(3);
        JsonNode partition = topic.get("partitions").get(2);
        assertThat(partition.get("partition").asInt()).isEqualTo(2);
        assertThat(partition.get("leader").asInt()).isZero();
        assertThat(partition.get("replicas").get(0).get("in_sync").asBoolean()).isTrue();

        assertThat(http.get("/topics/topics.describe/partitions").json()).hasSize(3);
        assertThat(http.get("/topics/topics.describe/partitions/1").json().get("partition").asInt()).isEqualTo(1);
        JsonNode offsets = http.get("/topics/topics.describe/partitions/1/offsets").json();
        assertThat(offsets.get("beginning_offset").asLong()).isZero();
        assertThat(offsets.get("end_offset").asLong()).isZero();
    }

    @Test
    void partitionCountDefaultsAndCanOnlyGrow() {
        assertThat(http.post("/admin/topics", "application/json", "{\"topic_name\":\"topics.grow\"}").status()).isEqualTo(201);
        assertThat(http.get("/topics/topics.grow").json().get("partitions")).hasSize(1);

        http.post("/topics/topics.grow", TestHttpBodies.BINARY, TestHttpBodies.binaryValues("a", "b"));

        Response grown = http.post("/admin/topics/topics.grow/partitions", V2, "{\"partitions_count\":4}");
        assertThat(grown.status()).isEqualTo(200);
        assertThat(grown.json().get("partitions")).hasSize(4);
        assertThat(http.endOffset("topics.grow", 0)).isEqualTo(2);
        assertThat(http.endOffset("topics.grow", 3)).isZero();

        Response shrink = http.post("/admin/topics/topics.grow/partitions", V2, "{\"partitions_count\":2}");
        assertThat(shrink.status()).isEqualTo(422);
        assertThat(shrink.errorCode()).isEqualTo(422);
        assertThat(http.post("/admin/topics/topics.grow/partitions", V2, "{}").status()).isEqualTo(422);
        assertThat(http.post("/admin/topics/missing.topic/partitions", V2, "{\"partitions_count\":2}").errorCode()).isEqualTo(40401);
    }

    @Test
    void configsCanBeChangedAndBadOnesAreRejected() {
        http.createTopic("topics.configs", 1);
        Response updated = http.send("PATCH", "/admin/topics/topics.configs/configs", V2,
                "{\"configs\":{\"retention.bytes\":\"1048576\",\"retention.ms\":\"60000\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("configs").get("retention.bytes").asString()).isEqualTo("1048576");
        assertThat(http.get("/topics/topics.configs").json().get("configs").get("retention.ms").asString()).isEqualTo("60000");
        Response rollCycle = http.send("PATCH", "/admin/topics/topics.configs/configs", V2, "{\"configs\":{\"roll.cycle\":\"minutely\"}}");
        assertThat(rollCycle.status()).isEqualTo(422);
        assertThat(rollCycle.json().get("message").asString()).contains("roll.cycle cannot be changed");

        for (String bad : List.of("{\"configs\":{\"retention.ms\":\"soon\"}}", "{\"configs\":{\"cleanup.policy\":\"compact\"}}",
                "{\"configs\":{\"max.message.bytes\":\"0\"}}", "{\"configs\":{\"roll.cycle\":\"weekly\"}}", "{\"configs\":{}}", "{}")) {
            Response response = http.send("PATCH", "/admin/topics/topics.configs/configs", V2, bad);
            assertThat(response.status()).as(bad).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo(422);
        }
        assertThat(http.get("/topics/topics.configs").json().get("configs").get("retention.bytes").asString()).isEqualTo("1048576");
    }

    @Test
    void createRejectsDuplicatesAndInvalidRequests() {
        http.createTopic("topics.dup", 1);
        Response dup = http.post("/admin/topics", V2, "{\"topic_name\":\"topics.dup\",\"partitions_count\":1}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("message").asString()).contains("topics.dup");

        for (String bad : List.of(
                "{\"partitions_count\":1}",
                "{\"topic_name\":\"topics.zero\",\"partitions_count\":0}",
                "{\"topic_name\":\"topics.many\",\"partitions_count\":100000}",
                "{\"topic_name\":\"topics.rf\",\"partitions_count\":1,\"replication_factor\":3}",
                "{\"topic_name\":\"topics.cfg\",\"configs\":{\"retention.ms\":\"-5\"}}")) {
            Response response = http.post("/admin/topics", V2, bad);
            assertThat(response.status()).as(bad).isEqualTo(422);
            assertThat(response.errorCode()).isEqualTo(422);
        }
        assertThat(http.post("/admin/topics", V2, "{\"topic_name\":").status()).isEqualTo(400);
        assertThat(http.post("/admin/topics", V2, "{\"topic_name\":\"x\",\"partitions_count\":\"many\"}").status()).isEqualTo(400);
        assertThat(http.post("/admin/topics", "text/plain", "topics.text").status()).isEqualTo(415);
    }

    @Test
    void namesThatCouldEscapeTheDataDirectoryAreRejected() throws Exception {
        for (String name : List.of("..", ".", "../escape", "a/b", "..\\\\evil", "white space", "x".repeat(250), "", "caf\u00e9")) {
            Response response = http.post("/admin/topics", V2, "{\"topic_name\":\"" + name + "\",\"partitions_count\":1}");
            assertThat(response.status()).as(name).isEqualTo(422);
            assertThat(response.json().get("message").asString()).contains("Invalid topic name");
        }
        assertThat(http.post("/admin/topics", V2, "{\"topic_name\":\"" + "x".repeat(249) + "\"}").status()).isEqualTo(201);
        try (var entries = Files.list(DATA_DIR.getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString())).doesNotContain("escape", "evil");
        }
        for (String path : List.of("/topics/..%2F..%2Fetc", "/topics/%2e%2e", "/topics/..", "/topics/a%00b")) {
            Response response = http.get(path);
            assertThat(response.status()).as(path).isBetween(400, 499);
            assertThat(response.errorCode()).as(path).isPositive();
        }
    }

    @Test
    void unknownTopicsAndPartitionsAre404WithTheirCodes() {
        http.createTopic("topics.known", 2);
        assertThat(http.get("/topics/topics.unknown").errorCode()).isEqualTo(40401);
        assertThat(http.get("/topics/topics.unknown/partitions").errorCode()).isEqualTo(40401);
        assertThat(http.get("/topics/topics.known/partitions/2").errorCode()).isEqualTo(40402);
        assertThat(http.get("/topics/topics.known/partitions/-1/offsets").errorCode()).isEqualTo(40402);
        Response notANumber = http.get("/topics/topics.known/partitions/abc");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.errorCode()).isEqualTo(400);
    }

    @Test
    void deletedTopicIsGoneAndCanBeCreatedAgain() {
        http.createTopic("topics.delete", 2);
        http.post("/topics/topics.delete", TestHttpBodies.BINARY, TestHttpBodies.binaryValues("x"));
        assertThat(http.delete("/admin/topics/topics.delete").status()).isEqualTo(204);
        assertThat(http.get("/topics/topics.delete").errorCode()).isEqualTo(40401);
        assertThat(http.delete("/admin/topics/topics.delete").errorCode()).isEqualTo(40401);
        assertThat(names(http.get("/topics").json())).doesNotContain("topics.delete");

        http.createTopic("topics.delete", 1);
        assertThat(http.endOffset("topics.delete", 0)).isZero();
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
    }
}
