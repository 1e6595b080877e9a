package io.tributary.platform.produce;

import static io.tributary.platform.TestHttp.BINARY_V2;
import static io.tributary.platform.TestHttp.JSON_V2;
import static io.tributary.platform.TestHttp.TEXT_V2;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp.Response;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.StoredRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class ProduceApiTests extends PlatformTestSupport {

    @Autowired
    LogStore store;

    @Test
    void jsonRecordsAreStoredAsJsonTextAndAnsweredInTheV2Shape() {
        http.createTopic("produce.json", 1);
        Response response = http.post("/topics/produce.json", JSON_V2,
                "{\"records\":[{\"key\":{\"id\":1},\"value\":{\"amount\":12.5,\"items\":[1,2]}},{\"value\":\"plain\"},{\"value\":null}]}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/vnd.kafka.v2+json"));
        JsonNode body = response.json();
        assertThat(body.has("key_schema_id")).isTrue();
        assertThat(body.get("key_schema_id").isNull()).isTrue();
        assertThat(body.get("value_schema_id").isNull()).isTrue();
        assertThat(body.get("offsets")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode offset = body.get("offsets").get(i);
            assertThat(offset.get("partition").asInt()).isZero();
            assertThat(offset.get("offset").asLong()).isEqualTo(i);
            assertThat(offset.get("error_code").isNull()).isTrue();
            assertThat(offset.get("error").isNull()).isTrue();
        }
        List<StoredRecord> stored = store.requireTopic("produce.json").partition(0).read(0, 10, 1 << 20);
        assertThat(new String(stored.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1}");
        assertThat(new String(stored.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"amount\":12.5,\"items\":[1,2]}");
        assertThat(new String(stored.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("\"plain\"");
        assertThat(stored.get(2).value()).isNull();
        assertThat(stored.get(1).key()).isNull();
    }

    @Test
    void plainApplicationJsonIsTheJsonFormat() {
        http.createTopic("produce.plainjson", 1);
        Response response = http.post("/topics/produce.plainjson", "application/json", "{\"records\":[{\"value\":[true]}]}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(store.requireTopic("produce.plainjson").partition(0).read(0, 1, 1024).get(0).value(),
                StandardCharsets.UTF_8)).isEqualTo("[true]");
    }

    @Test
    void binaryRecordsKeepTheirBytesAndHeaders() {
        http.createTopic("produce.binary", 1);
        byte[] value = {0, 1, 2, (byte) 0xff, (byte) 0xfe};
        Response response = http.post("/topics/produce.binary", BINARY_V2, "{\"records\":[{\"key\":\"" + b64("k1")
                + "\",\"value\":\"" + Base64.getEncoder().encodeToString(value)
                + "\",\"headers\":[{\"key\":\"trace\",\"value\":\"" + b64("abc") + "\"},{\"key\":\"trace\",\"value\":\"" + b64("def") + "\"}]}]}");
        assertThat(response.status()).isEqualTo(200);
        StoredRecord record = store.requireTopic("produce.binary").partition(0).read(0, 1, 1024).get(0);
        assertThat(record.key()).isEqualTo("k1".getBytes(StandardCharsets.UTF_8));
        assertThat(record.value()).isEqualTo(value);
        assertThat(record.headers()).hasSize(2);
        assertThat(record.headers().get(1).name()).isEqualTo("trace");
        assertThat(record.headers().get(1).value()).isEqualTo("def".getBytes(StandardCharsets.UTF_8));
        assertThat(record.timestamp()).isPositive();
    }

    @Test
    void textRecordsAreUtf8() {
        http.createTopic("produce.text", 1);
        assertThat(http.post("/topics/produce.text", TEXT_V2, "{\"records\":[{\"key\":\"k\",\"value\":\"h\u00e9llo \u2603\"}]}").status())
                .isEqualTo(200);
        StoredRecord record = store.requireTopic("produce.text").partition(0).read(0, 1, 1024).get(0);
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("h\u00e9llo \u2603");

        Response notText = http.post("/topics/produce.text", TEXT_V2, "{\"records\":[{\"value\":{\"an\":\"object\"}}]}");
        assertThat(notText.status()).isEqualTo(422);
        assertThat(notText.errorCode()).isEqualTo(42203);
    }

    @Test
    void keyedRecordsGoWhereKafkasDefaultPartitionerPutsThem() {
        int partitions = 7;
        http.createTopic("produce.murmur", partitions);
        Random random = new Random(42);
        List<byte[]> keys = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 500; i++) {
            byte[] key = new byte[1 + random.nextInt(40)];
            random.nextBytes(key);
            keys.add(key);
            body.append(i == 0 ? "" : ",").append("{\"key\":\"").append(Base64.getEncoder().encodeToString(key))
                    .append("\",\"value\":\"").append(b64("v" + i)).append("\"}");
        }
        Response response = http.post("/topics/produce.murmur", BINARY_V2, body.append("]}").toString());
        assertThat(response.status()).isEqualTo(200);
        for (int i = 0; i < keys.size(); i++) {
            int expected = Utils.toPositive(Utils.murmur2(keys.get(i))) % partitions;
            assertThat(response.json().get("offsets").get(i).get("partition").asInt()).as("key %d", i).isEqualTo(expected);
        }

        // Text keys hash their UTF-8 bytes, as Kafka's StringSerializer produces them.
        Response text = http.post("/topics/produce.murmur", TEXT_V2, "{\"records\":[{\"key\":\"order-42\",\"value\":\"x\"}]}");
        assertThat(text.json().get("offsets").get(0).get("partition").asInt())
                .isEqualTo(Utils.toPositive(Utils.murmur2("order-42".getBytes(StandardCharsets.UTF_8))) % partitions);
        assertThat(KafkaPartitioner.partitionFor("order-42", partitions))
                .isEqualTo(Utils.toPositive(Utils.murmur2("order-42".getBytes(StandardCharsets.UTF_8))) % partitions);
    }

    @Test
    void explicitPartitionsAndPartitionPathAreHonoured() {
        http.createTopic("produce.explicit", 3);
        Response response = http.post("/topics/produce.explicit", BINARY_V2,
                "{\"records\":[{\"value\":\"" + b64("a") + "\",\"partition\":2},{\"key\":\"" + b64("k") + "\",\"value\":\"" + b64("b") + "\",\"partition\":1}]}");
        assertThat(response.json().get("offsets").get(0).get("partition").asInt()).isEqualTo(2);
        assertThat(response.json().get("offsets").get(1).get("partition").asInt()).isEqualTo(1);

        Response byPath = http.post("/topics/produce.explicit/partitions/1", BINARY_V2,
                "{\"records\":[{\"value\":\"" + b64("c") + "\",\"partition\":0},{\"value\":\"" + b64("d") + "\"}]}");
        assertThat(byPath.status()).isEqualTo(200);
        assertThat(byPath.json().get("offsets").get(0).get("partition").asInt()).isEqualTo(1);
        assertThat(byPath.json().get("offsets").get(0).get("offset").asLong()).isEqualTo(1);
        assertThat(byPath.json().get("offsets").get(1).get("offset").asLong()).isEqualTo(2);
    }

    @Test
    void unkeyedRecordsAreSpreadOverPartitions() {
        http.createTopic("produce.spread", 3);
        for (int i = 0; i < 6; i++) {
            assertThat(http.post("/topics/produce.spread", BINARY_V2, "{\"records\":[{\"value\":\"" + b64("v") + "\"}]}").status()).isEqualTo(200);
        }
        for (int p = 0; p < 3; p++) {
            assertThat(http.endOffset("produce.spread", p)).as("partition %d", p).isEqualTo(2);
        }
    }

    @Test
    void anInvalidRecordRejectsTheWholeRequestAndWritesNothing() {
        http.createTopic("produce.atomic", 2);
        String good = "{\"value\":\"" + b64("ok") + "\",\"partition\":0}";
        List<String> badRecords = List.of(
                "{\"value\":\"not base64!!\"}",
                "{\"key\":123,\"value\":\"" + b64("x") + "\"}",
                "{\"value\":\"" + b64("x") + "\",\"headers\":[{\"key\":\"h\",\"value\":\"%%%\"}]}",
                "{\"value\":\"" + b64("x") + "\",\"headers\":[{\"value\":\"" + b64("v") + "\"}]}",
                "{\"value\":\"" + b64("x") + "\",\"partition\":2}",
                "{\"value\":\"" + b64("x") + "\",\"partition\":-1}");
        List<Integer> expectedCodes = List.of(42203, 42203, 42203, 42203, 40402, 40402);
        for (int i = 0; i < badRecords.size(); i++) {
            Response response = http.post("/topics/produce.atomic", BINARY_V2, "{\"records\":[" + good + "," + badRecords.get(i) + "]}");
            assertThat(response.errorCode()).as(badRecords.get(i)).isEqualTo(expectedCodes.get(i));
            assertThat(response.json().get("message").asString()).contains("records[1]");
        }
        assertThat(http.endOffset("produce.atomic", 0)).isZero();
        assertThat(http.endOffset("produce.atomic", 1)).isZero();
    }

    @Test
    void malformedOrEmptyRequestsAreRejected() {
        http.createTopic("produce.malformed", 1);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "{\"records\":[{\"value\":").status()).isEqualTo(400);
        Response notJson = http.post("/topics/produce.malformed", BINARY_V2, "not json");
        assertThat(notJson.errorCode()).isEqualTo(400);
        assertThat(notJson.json().get("message").asString()).startsWith("Malformed request body");
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "").errorCode()).isEqualTo(400);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "null").errorCode()).isEqualTo(400);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "{\"records\":[]} trailing").status()).isEqualTo(400);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "{\"records\":[]}").errorCode()).isEqualTo(422);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "{}").errorCode()).isEqualTo(422);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "{\"records\":{}}").status()).isEqualTo(400);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "{\"records\":[null]}").status()).isEqualTo(422);
        assertThat(http.post("/topics/produce.malformed", BINARY_V2, "{\"records\":[{\"value\":\"" + b64("x") + "\",\"partition\":\"one\"}]}").status())
                .isEqualTo(400);
        assertThat(http.endOffset("produce.malformed", 0)).isZero();
    }

    @Test
    void theAnswerTakesTheTypeTheClientAccepts() {
        http.createTopic("produce.accept", 1);
        String body = "{\"records\":[{\"value\":\"" + b64("x") + "\"}]}";

        Response plainJson = http.post("/topics/produce.accept", BINARY_V2, body, "Accept", "application/json");
        assertThat(plainJson.status()).isEqualTo(200);
        assertThat(plainJson.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(plainJson.json().get("offsets").get(0).get("offset").asLong()).isZero();

        Response refused = http.post("/topics/produce.accept", BINARY_V2, body, "Accept", "text/html");
        assertThat(refused.status()).isEqualTo(406);
        assertThat(http.endOffset("produce.accept", 0)).isEqualTo(1);
    }

    @Test
    void unsupportedContentTypesAre415() {
        http.createTopic("produce.types", 1);
        for (String type : List.of("application/vnd.kafka.avro.v2+json", "text/plain", "application/xml")) {
            Response response = http.post("/topics/produce.types", type, "{\"records\":[{\"value\":\"x\"}]}");
            assertThat(response.status()).as(type).isEqualTo(415);
            assertThat(response.errorCode()).isEqualTo(415);
        }
        assertThat(http.post("/topics/produce.types", null, "{\"records\":[{\"value\":\"x\"}]}").status()).isEqualTo(415);
    }

    @Test
    void produceToAMissingTopicIs404AtOnce() {
        Response response = http.post("/topics/produce.nowhere", BINARY_V2, "{\"records\":[{\"value\":\"" + b64("x") + "\"}]}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(40401);
        assertThat(http.get("/topics/produce.nowhere").status()).isEqualTo(404);
        Response missingPartition = http.post("/topics/produce.nowhere/partitions/0", BINARY_V2, "{\"records\":[{\"value\":\"" + b64("x") + "\"}]}");
        assertThat(missingPartition.errorCode()).isEqualTo(40401);
    }

    @Test
    void partitionOutOfRangeInThePathIs404AtOnce() {
        http.createTopic("produce.range", 2);
        Response response = http.post("/topics/produce.range/partitions/5", BINARY_V2, "{\"records\":[{\"value\":\"" + b64("x") + "\"}]}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(40402);
    }

    @Test
    void oversizedRecordsAndBodiesAre413AndWriteNothing() {
        http.createTopic("produce.large", 1);
        http.send("PATCH", "/admin/topics/produce.large/configs", "application/json", "{\"configs\":{\"max.message.bytes\":\"1000\"}}");
        String big = Base64.getEncoder().encodeToString(new byte[1001]);
        Response tooLarge = http.post("/topics/produce.large", BINARY_V2,
                "{\"records\":[{\"value\":\"" + b64("fine") + "\"},{\"value\":\"" + big + "\"}]}");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo(413);
        assertThat(tooLarge.json().get("message").asString()).contains("max.message.bytes");

        String hugeBody = "{\"records\":[{\"value\":\"" + Base64.getEncoder().encodeToString(new byte[3 * 1024 * 1024]) + "\"}]}";
        Response bodyTooLarge = http.post("/topics/produce.large", BINARY_V2, hugeBody);
        assertThat(bodyTooLarge.status()).isEqualTo(413);
        assertThat(bodyTooLarge.errorCode()).isEqualTo(413);
        assertThat(http.endOffset("produce.large", 0)).isZero();
    }

    @Test
    void idempotentRetriesAreAnsweredWithTheOriginalOffsets() {
        http.createTopic("produce.idempotent", 3);
        String body = "{\"records\":[{\"key\":\"" + b64("a") + "\",\"value\":\"" + b64("1") + "\"},{\"key\":\"" + b64("b")
                + "\",\"value\":\"" + b64("2") + "\"},{\"key\":\"" + b64("c") + "\",\"value\":\"" + b64("3") + "\"}]}";
        String[] producer = {"Tributary-Producer-Id", "77", "Tributary-Producer-Epoch", "0", "Tributary-Producer-Sequence", "10"};
        Response first = http.post("/topics/produce.idempotent", BINARY_V2, body, producer);
        Response retry = http.post("/topics/produce.idempotent", BINARY_V2, body, producer);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Tributary-Duplicate")).isEmpty();
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Tributary-Duplicate")).contains("true");
        assertThat(retry.json().get("offsets")).isEqualTo(first.json().get("offsets"));
        long total = 0;
        for (int p = 0; p < 3; p++) {
            total += http.endOffset("produce.idempotent", p);
        }
        assertThat(total).isEqualTo(3);

        Response next = http.post("/topics/produce.idempotent", BINARY_V2, body,
                "Tributary-Producer-Id", "77", "Tributary-Producer-Epoch", "0", "Tributary-Producer-Sequence", "11");
        assertThat(next.header("Tributary-Duplicate")).isEmpty();
        Response gap = http.post("/topics/produce.idempotent", BINARY_V2, body,
                "Tributary-Producer-Id", "77", "Tributary-Producer-Epoch", "0", "Tributary-Producer-Sequence", "13");
        assertThat(gap.status()).isEqualTo(422);
        assertThat(gap.errorCode()).isEqualTo(42206);
        assertThat(gap.json().get("message").asString()).contains("expected 12");

        Response newEpoch = http.post("/topics/produce.idempotent", BINARY_V2, body,
                "Tributary-Producer-Id", "77", "Tributary-Producer-Epoch", "1", "Tributary-Producer-Sequence", "0");
        assertThat(newEpoch.status()).isEqualTo(200);
        Response fenced = http.post("/topics/produce.idempotent", BINARY_V2, body,
                "Tributary-Producer-Id", "77", "Tributary-Producer-Epoch", "0", "Tributary-Producer-Sequence", "12");
        assertThat(fenced.errorCode()).isEqualTo(42206);
        assertThat(fenced.json().get("message").asString()).contains("fenced");

        total = 0;
        for (int p = 0; p < 3; p++) {
            total += http.endOffset("produce.idempotent", p);
        }
        assertThat(total).isEqualTo(9);
    }

    @Test
    void incompleteOrInvalidProducerHeadersAre400() {
        http.createTopic("produce.headers", 1);
        String body = "{\"records\":[{\"value\":\"" + b64("1") + "\"}]}";
        assertThat(http.post("/topics/produce.headers", BINARY_V2, body, "Tributary-Producer-Id", "1").errorCode()).isEqualTo(400);
        Response notANumber = http.post("/topics/produce.headers", BINARY_V2, body, "Tributary-Producer-Id", "x",
                "Tributary-Producer-Epoch", "0", "Tributary-Producer-Sequence", "0");
        assertThat(notANumber.errorCode()).isEqualTo(400);
        assertThat(notANumber.json().get("message").asString()).contains("'x'").contains("Tributary-Producer-Id");
        assertThat(http.post("/topics/produce.headers", BINARY_V2, body, "Tributary-Producer-Id", "1",
                "Tributary-Producer-Epoch", "2147483648", "Tributary-Producer-Sequence", "0").errorCode()).isEqualTo(400);
        assertThat(http.post("/topics/produce.headers", BINARY_V2, body, "Tributary-Producer-Id", "1",
                "Tributary-Producer-Epoch", "0", "Tributary-Producer-Sequence", "-1").errorCode()).isEqualTo(400);
        assertThat(http.endOffset("produce.headers", 0)).isZero();
    }

    @Test
    void producedRecordsAndEndOffsetsAppearInPrometheusMetrics() {
        http.createTopic("produce.metrics", 1);
        http.post("/topics/produce.metrics", BINARY_V2, "{\"records\":[{\"value\":\"" + b64("12345") + "\"},{\"value\":\"" + b64("6") + "\"}]}");
        String metrics = http.get("/actuator/prometheus", "text/plain").body();
        assertThat(metrics).contains("tributary_produce_records_total{application=\"tributary-platform\",topic=\"produce.metrics\"} 2.0");
        assertThat(metrics).contains("tributary_produce_bytes_total{application=\"tributary-platform\",topic=\"produce.metrics\"} 6.0");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(http.get("/actuator/prometheus", "text/plain").body())
                        .contains("tributary_partition_end_offset{application=\"tributary-platform\",partition=\"0\",topic=\"produce.metrics\"} 2.0"));
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
