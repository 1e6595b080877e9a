package io.tributary.platform.consume;

import static io.tributary.platform.consume.ConsumerClient.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import io.tributary.platform.TestHttp.Response;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Consumer groups over real HTTP: sharing partitions, rebalancing, committing, expiry, lag. */
class ConsumerGroupApiTests extends PlatformTestSupport {

    @Autowired
    LogStore store;

    @Test
    void twoMembersShareSixPartitionsAndTheSurvivorContinuesFromCommittedOffsets() {
        String topic = "cg.share";
        http.createTopic(topic, 6);
        for (int p = 0; p < 6; p++) {
            produce(http, topic, p, IntStream.range(0, 10).mapToObj(i -> "1" + i).toArray(String[]::new));
        }
        ConsumerClient a = ConsumerClient.earliest(http, "share", "a");
        ConsumerClient b = ConsumerClient.earliest(http, "share", "b");
        a.subscribed(topic);
        b.subscribed(topic);

        assertThat(a.assignment()).hasSize(3);
        assertThat(b.assignment()).hasSize(3);
        List<JsonNode> readByA = a.fetchAtLeast(30);
        List<JsonNode> readByB = b.fetchAtLeast(30);
        assertThat(readByA).hasSize(30);
        assertThat(readByB).hasSize(30);
        assertThat(partitionsOf(readByA)).hasSize(3).doesNotContainAnyElementsOf(partitionsOf(readByB));
        Set<String> seen = new HashSet<>(ids(readByA));
        seen.addAll(ids(readByB));
        assertThat(seen).as("every record exactly once").hasSize(60);
        assertThat(a.commit(null).status()).isEqualTo(204);
        assertThat(b.commit(null).status()).isEqualTo(204);

        for (int p = 0; p < 6; p++) {
            produce(http, topic, p, IntStream.range(0, 5).mapToObj(i -> "2" + i).toArray(String[]::new));
        }
        List<JsonNode> uncommittedByB = b.fetchAtLeast(1);
        assertThat(b.delete().status()).isEqualTo(204);

        assertThat(a.assignment()).hasSize(6);
        // b's fetched but uncommitted records come again (at-least-once); nothing is lost or doubled otherwise
        List<JsonNode> rest = a.fetchAtLeast(30);
        assertThat(rest).hasSize(30);
        Set<String> restIds = new HashSet<>(ids(rest));
        assertThat(restIds).hasSize(30).doesNotContainAnyElementsOf(seen);
        assertThat(restIds).containsAll(ids(uncommittedByB));
        assertThat(a.fetch(0)).isEmpty();
    }

    @Test
    void commitAfterProcessingNewMemberStartsAtTheCommittedOffset() {
        String topic = "cg.commit";
        http.createTopic(topic, 1);
        produce(http, topic, 0, IntStream.range(0, 20).mapToObj(Integer::toString).toArray(String[]::new));
        ConsumerClient first = ConsumerClient.earliest(http, "commit", "first");
        first.subscribed(topic);
        List<JsonNode> read = first.fetchAtLeast(10);
        assertThat(read.get(9).get("offset").asLong()).isEqualTo(9);

        Response commit = first.commit("{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":5}]}");
        assertThat(commit.status()).as(commit.body()).isEqualTo(204);
        Response committed = first.committed("{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}");
        assertThat(committed.json().get("offsets").get(0).get("offset").asLong()).isEqualTo(5);
        assertThat(first.delete().status()).isEqualTo(204);

        ConsumerClient second = ConsumerClient.create(http, "commit", "second", "json", "");
        second.subscribed(topic);
        assertThat(second.fetch(1000).get(0).get("offset").asLong()).isEqualTo(5);
    }

    @Test
    void anIdleMemberExpiresAndItsPartitionsMoveToTheOthers() {
        String topic = "cg.expiry";
        http.createTopic(topic, 4);
        ConsumerClient idle = ConsumerClient.create(http, "expiry", "idle", "json", "\"consumer.instance.timeout.ms\":\"3000\"");
        ConsumerClient busy = ConsumerClient.create(http, "expiry", "busy", "json", "");
        idle.subscribed(topic);
        busy.subscribed(topic);
        assertThat(busy.assignment()).hasSize(2);

        await().atMost(Duration.ofSeconds(15)).until(() -> busy.assignment().size() == 4);
        Response gone = idle.fetchRaw(0, TestHttp.JSON_V2);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.errorCode()).isEqualTo(40403);
        assertThat(gone.json().get("message").asString()).contains("expired after").contains("ms idle");
    }

    @Test
    void aSubscribedTopicGainingPartitionsRebalancesTheGroup() {
        String topic = "cg.grow";
        http.createTopic(topic, 1);
        ConsumerClient a = ConsumerClient.earliest(http, "grow", "a");
        ConsumerClient b = ConsumerClient.earliest(http, "grow", "b");
        a.subscribed(topic);
        b.subscribed(topic);
        assertThat(a.assignment().size() + b.assignment().size()).isEqualTo(1);

        Response grown = http.post("/admin/topics/" + topic + "/partitions", TestHttp.V2, "{\"partitions_count\":4}");
        assertThat(grown.status()).as(grown.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.assignment().size() == 2 && b.assignment().size() == 2);
        produce(http, topic, 3, "\"in a new partition\"");
        ConsumerClient owner = a.assignment().toString().contains("\"partition\":3") ? a : b;
        assertThat(owner.fetchAtLeast(1)).extracting(r -> r.get("partition").asInt()).containsExactly(3);
    }

    @Test
    void aCommittedOffsetDeletedByRetentionIsResetPerAutoOffsetReset() {
        String topic = "cg.retention";
        store.createTopic(topic, 1, TopicConfig.DEFAULTS.with(Map.of(TopicConfig.ROLL_CYCLE, "secondly", TopicConfig.RETENTION_MS, "1000")));
        produce(http, topic, 0, "0", "1");
        ConsumerClient first = ConsumerClient.earliest(http, "retention", "first");
        first.subscribed(topic);
        assertThat(first.fetchAtLeast(2)).hasSize(2);
        assertThat(first.commit(null).status()).isEqualTo(204);
        first.delete();

        PartitionLog partition = store.requireTopic(topic).partition(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            produce(http, topic, 0, "\"later\"");
            store.enforceRetention();
            return partition.beginningOffset() > 2;
        });

        ConsumerClient second = ConsumerClient.earliest(http, "retention", "second");
        second.subscribed(topic);
        List<JsonNode> records = second.fetch(1000);
        assertThat(records).isNotEmpty();
        assertThat(records.get(0).get("offset").asLong()).isGreaterThan(2);
    }

    @Test
    void independentGroupsEachSeeEveryRecord() {
        String topic = "cg.independent";
        http.createTopic(topic, 3);
        for (int p = 0; p < 3; p++) {
            produce(http, topic, p, "1", "2", "3");
        }
        for (String group : List.of("ind-1", "ind-2", "ind-3")) {
            ConsumerClient consumer = ConsumerClient.earliest(http, group, "only");
            consumer.subscribed(topic);
            assertThat(new HashSet<>(ids(consumer.fetchAtLeast(9)))).hasSize(9);
        }
    }

    @Test
    void autoCommitCommitsWhatWasReturnedWhenTheNextFetchArrives() {
        String topic = "cg.autocommit";
        http.createTopic(topic, 1);
        produce(http, topic, 0, "1", "2", "3");
        ConsumerClient consumer = ConsumerClient.create(http, "autocommit", "c", "json",
                "\"auto.offset.reset\":\"earliest\",\"enable.auto.commit\":true");
        consumer.subscribed(topic);
        assertThat(consumer.fetchAtLeast(3)).hasSize(3);
        assertThat(committedOffset(consumer, topic, 0)).isEqualTo(-1);

        consumer.fetch(0);
        assertThat(committedOffset(consumer, topic, 0)).isEqualTo(3);
    }

    @Test
    void confluentSpellingOfAutoCommitIsAccepted() {
        String topic = "cg.autocommit.confluent";
        http.createTopic(topic, 1);
        produce(http, topic, 0, "1");
        ConsumerClient consumer = ConsumerClient.create(http, "autocommit-confluent", "c", "json",
                "\"auto.offset.reset\":\"smallest\",\"auto.commit.enable\":\"true\"");
        consumer.subscribed(topic);
        consumer.fetchAtLeast(1);
        consumer.fetch(0);
        assertThat(committedOffset(consumer, topic, 0)).isEqualTo(1);
    }

    @Test
    void patternSubscriptionPicksUpTopicsCreatedLater() {
        http.createTopic("pat.alpha", 1);
        http.createTopic("other.alpha", 1);
        ConsumerClient consumer = ConsumerClient.earliest(http, "pattern", "c");
        Response subscribe = http.post(consumer.path("/subscription"), TestHttp.V2, "{\"topic_pattern\":\"pat\\\\..*\"}");
        assertThat(subscribe.status()).as(subscribe.body()).isEqualTo(204);
        Response subscription = http.get(consumer.path("/subscription"));
        assertThat(subscription.json().get("topics").toString()).isEqualTo("[\"pat.alpha\"]");
        assertThat(subscription.json().get("topic_pattern").asString()).isEqualTo("pat\\..*");

        http.createTopic("pat.beta", 2);
        produce(http, "pat.beta", 1, "\"later\"");
        produce(http, "other.alpha", 0, "\"not for us\"");
        List<JsonNode> records = consumer.fetchAtLeast(1);
        assertThat(records).extracting(r -> r.get("topic").asString()).containsOnly("pat.beta");
        assertThat(consumer.assignment()).hasSize(3);
    }

    @Test
    void seeksMoveThePosition() {
        String topic = "cg.seek";
        http.createTopic(topic, 1);
        produce(http, topic, 0, IntStream.range(0, 10).mapToObj(Integer::toString).toArray(String[]::new));
        ConsumerClient consumer = ConsumerClient.create(http, "seek", "c", "json", "");
        consumer.subscribed(topic);
        assertThat(consumer.fetch(0)).isEmpty(); // latest: nothing old

        String partitions = "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}";
        assertThat(http.post(consumer.path("/positions/beginning"), TestHttp.V2, partitions).status()).isEqualTo(204);
        assertThat(consumer.fetch(1000).get(0).get("offset").asLong()).isZero();

        assertThat(http.post(consumer.path("/positions"), TestHttp.V2,
                "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":7}]}").status()).isEqualTo(204);
        List<JsonNode> fromSeven = consumer.fetch(1000);
        assertThat(fromSeven).extracting(r -> r.get("offset").asLong()).containsExactly(7L, 8L, 9L);

        long timestampOfFour = http.get("/topics/" + topic + "/partitions/0/offsets").status() == 200
                ? timestampOf(consumer, topic, 4) : 0;
        assertThat(http.post(consumer.path("/positions"), TestHttp.V2, "{\"timestamps\":[{\"topic\":\"" + topic
                + "\",\"partition\":0,\"timestamp\":" + timestampOfFour + "}]}").status()).isEqualTo(204);
        assertThat(consumer.fetch(1000).get(0).get("timestamp").asLong()).isEqualTo(timestampOfFour);

        assertThat(http.post(consumer.path("/positions/end"), TestHttp.V2, partitions).status()).isEqualTo(204);
        assertThat(consumer.fetch(0)).isEmpty();
        produce(http, topic, 0, "\"new\"");
        assertThat(consumer.fetch(1000)).extracting(r -> r.get("offset").asLong()).containsExactly(10L);
    }

    @Test
    void lagIsTheDistanceFromTheCommittedOffsetToTheEnd() {
        String topic = "cg.lag";
        http.createTopic(topic, 2);
        produce(http, topic, 0, "1", "2", "3", "4", "5");
        produce(http, topic, 1, "1", "2");
        ConsumerClient consumer = ConsumerClient.earliest(http, "lag", "c");
        consumer.subscribed(topic);
        consumer.commit("{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2}]}");

        JsonNode lag = http.get("/consumers/lag/lag").json();
        assertThat(lag.get("total_lag").asLong()).isEqualTo(3 + 2);
        JsonNode p0 = lag.get("partitions").get(0);
        assertThat(p0.get("committed_offset").asLong()).isEqualTo(2);
        assertThat(p0.get("end_offset").asLong()).isEqualTo(5);
        assertThat(p0.get("lag").asLong()).isEqualTo(3);
        assertThat(p0.get("owner").asString()).isEqualTo("c");
        JsonNode p1 = lag.get("partitions").get(1);
        assertThat(p1.get("committed_offset").isNull()).isTrue();
        assertThat(p1.get("lag").asLong()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/actuator/prometheus", "text/plain").body()
                .contains("tributary_consumer_lag_records{application=\"tributary-platform\",group=\"lag\",partition=\"0\",topic=\"cg.lag\"} 3.0"));
        String metrics = http.get("/actuator/prometheus", "text/plain").body();
        assertThat(metrics).contains("tributary_consumer_rebalances_total{").contains("tributary_consumer_members{")
                .contains("tributary_consumer_commits_total{");
    }

    @Test
    void groupsCanBeListedDescribedAndResetWhenEmpty() {
        String topic = "cg.admin";
        http.createTopic(topic, 1);
        produce(http, topic, 0, "1", "2", "3", "4");
        ConsumerClient consumer = ConsumerClient.earliest(http, "admin", "c");
        consumer.subscribed(topic);
        consumer.fetchAtLeast(4);
        consumer.commit(null);

        assertThat(http.get("/consumers").json().toString()).contains("{\"group\":\"admin\",\"state\":\"Stable\",\"members\":1}");
        JsonNode group = http.get("/consumers/admin").json();
        assertThat(group.get("members").get(0).get("instance_id").asString()).isEqualTo("c");
        assertThat(group.get("members").get(0).get("assignment").toString()).contains("\"partition\":0");

        Response busy = http.post("/consumers/admin/offsets/reset", TestHttp.V2, "{\"to\":\"earliest\"}");
        assertThat(busy.status()).isEqualTo(409);
        consumer.delete();

        Response reset = http.post("/consumers/admin/offsets/reset", TestHttp.V2, "{\"to\":\"offset\",\"offset\":1}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().get("offsets").get(0).get("offset").asLong()).isEqualTo(1);
        assertThat(http.get("/consumers").json().toString()).contains("{\"group\":\"admin\",\"state\":\"Empty\",\"members\":0}");
        ConsumerClient again = ConsumerClient.create(http, "admin", "again", "json", "");
        again.subscribed(topic);
        assertThat(again.fetch(1000).get(0).get("offset").asLong()).isEqualTo(1);
    }

    @Test
    void recordsAreRenderedInTheInstanceFormatWithHeaders() {
        String topic = "cg.formats";
        http.createTopic(topic, 1);
        Response produced = http.post("/topics/" + topic, TestHttp.BINARY_V2, "{\"records\":[{\"key\":\"" + b64("k")
                + "\",\"value\":\"" + b64("{\"a\":1}") + "\",\"headers\":[{\"key\":\"trace\",\"value\":\"" + b64("abc") + "\"}]}]}");
        assertThat(produced.status()).as(produced.body()).isEqualTo(200);

        ConsumerClient binary = ConsumerClient.create(http, "fmt-binary", "c", "binary", "\"auto.offset.reset\":\"earliest\"");
        binary.subscribed(topic);
        JsonNode record = binary.fetch(1000).get(0);
        assertThat(record.get("key").asString()).isEqualTo(b64("k"));
        assertThat(record.get("value").asString()).isEqualTo(b64("{\"a\":1}"));
        assertThat(record.get("headers").toString()).isEqualTo("[{\"key\":\"trace\",\"value\":\"" + b64("abc") + "\"}]");
        assertThat(record.get("partition").asInt()).isZero();
        assertThat(record.get("timestamp").asLong()).isPositive();

        ConsumerClient text = ConsumerClient.create(http, "fmt-text", "c", "text", "\"auto.offset.reset\":\"earliest\"");
        text.subscribed(topic);
        Response textResponse = text.fetchRaw(1000, TestHttp.TEXT_V2);
        assertThat(textResponse.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(TestHttp.TEXT_V2));
        assertThat(textResponse.json().get(0).get("value").asString()).isEqualTo("{\"a\":1}");

        ConsumerClient json = ConsumerClient.create(http, "fmt-json", "c", "json", "\"auto.offset.reset\":\"earliest\"");
        json.subscribed(topic);
        Response jsonResponse = json.fetchRaw(1000, TestHttp.JSON_V2);
        // the key "k" is not JSON: refused, never skipped
        assertThat(jsonResponse.status()).isEqualTo(422);
        assertThat(jsonResponse.errorCode()).isEqualTo(42203);
    }

    @Test
    void aRecordThatCannotBeRenderedIsReportedAndNeverSkipped() {
        String topic = "cg.poison";
        http.createTopic(topic, 1);
        produce(http, topic, 0, "{\"ok\":0}");
        http.post("/topics/" + topic + "/partitions/0", TestHttp.BINARY_V2, "{\"records\":[{\"value\":\"" + b64("not json {") + "\"}]}");
        produce(http, topic, 0, "{\"ok\":2}");
        ConsumerClient consumer = ConsumerClient.earliest(http, "poison", "c");
        consumer.subscribed(topic);

        assertThat(consumer.fetch(1000)).extracting(r -> r.get("offset").asLong()).containsExactly(0L);
        for (int attempt = 0; attempt < 2; attempt++) {
            Response refused = consumer.fetchRaw(0, TestHttp.JSON_V2);
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo(42203);
            assertThat(refused.json().get("message").asString()).contains("offset 1").contains(topic).contains("partition 0");
        }
        http.post(consumer.path("/positions"), TestHttp.V2, "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2}]}");
        assertThat(consumer.fetch(1000)).extracting(r -> r.get("offset").asLong()).containsExactly(2L);
    }

    @Test
    void maxBytesIsRespectedButOneLargerRecordStillComes() {
        String topic = "cg.maxbytes";
        http.createTopic(topic, 1);
        String big = "\"" + "x".repeat(998) + "\"";
        produce(http, topic, 0, big, big, big);
        ConsumerClient consumer = ConsumerClient.earliest(http, "maxbytes", "c");
        consumer.subscribed(topic);

        Response oneFits = http.get(consumer.path("/records?timeout=1000&max_bytes=1500"), TestHttp.JSON_V2);
        assertThat(oneFits.json()).hasSize(1);
        Response tooSmall = http.get(consumer.path("/records?timeout=1000&max_bytes=10"), TestHttp.JSON_V2);
        assertThat(tooSmall.json()).hasSize(1);
        Response twoFit = http.get(consumer.path("/records?timeout=1000&max_bytes=2000"), TestHttp.JSON_V2);
        assertThat(twoFit.json()).hasSize(1);
    }

    @Test
    void manualAssignmentReadsExactlyThePartitionsGiven() {
        String topic = "cg.assign";
        http.createTopic(topic, 3);
        produce(http, topic, 0, "0");
        produce(http, topic, 2, "2");
        ConsumerClient consumer = ConsumerClient.earliest(http, "assign", "c");
        Response assign = http.post(consumer.path("/assignments"), TestHttp.V2,
                "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":2}]}");
        assertThat(assign.status()).as(assign.body()).isEqualTo(204);
        assertThat(consumer.assignment()).hasSize(1);
        assertThat(consumer.fetch(1000)).extracting(r -> r.get("partition").asInt()).containsExactly(2);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private long committedOffset(ConsumerClient consumer, String topic, int partition) {
        Response response = consumer.committed("{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":" + partition + "}]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("offsets").get(0).get("offset").asLong();
    }

    private long timestampOf(ConsumerClient consumer, String topic, int offset) {
        http.post(consumer.path("/positions"), TestHttp.V2, "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":" + offset + "}]}");
        return consumer.fetch(1000).get(0).get("timestamp").asLong();
    }

    private static Set<Integer> partitionsOf(List<JsonNode> records) {
        Set<Integer> partitions = new HashSet<>();
        records.forEach(r -> partitions.add(r.get("partition").asInt()));
        return partitions;
    }

    private static List<String> ids(List<JsonNode> records) {
        List<String> ids = new ArrayList<>();
        records.forEach(r -> ids.add(r.get("partition").asInt() + ":" + r.get("offset").asLong()));
        return ids;
    }

    static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
