package io.tributary.platform.consume;

import static io.tributary.platform.consume.ConsumerClient.produce;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import io.tributary.platform.TestHttp.Response;
import org.junit.jupiter.api.Test;

/** Every error the consumer API answers: the v2 error shape, the right status and code, never a 500. */
class ConsumerErrorsTests extends PlatformTestSupport {

    @Test
    void unknownInstanceIs40403() {
        Response response = http.get("/consumers/nobody/instances/ghost/assignments");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(40403);
        assertThat(response.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith(TestHttp.V2));
    }

    @Test
    void aDeletedInstanceSaysItWasDeleted() {
        ConsumerClient consumer = ConsumerClient.create(http, "err-deleted", "c", "json", "");
        assertThat(consumer.delete().status()).isEqualTo(204);
        Response response = consumer.fetchRaw(0, TestHttp.JSON_V2);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo(40403);
        assertThat(response.json().get("message").asString()).contains("was deleted");
        assertThat(consumer.delete().status()).isEqualTo(404);
    }

    @Test
    void aTakenNameIs40902() {
        ConsumerClient.create(http, "err-dup", "c", "json", "");
        Response response = http.post("/consumers/err-dup", TestHttp.V2, "{\"name\":\"c\",\"format\":\"json\"}");
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo(40902);
    }

    @Test
    void invalidConsumerConfigIs42204() {
        for (String body : new String[] {"{\"format\":\"avro\"}", "{\"auto.offset.reset\":\"first\"}",
                "{\"enable.auto.commit\":\"maybe\"}", "{\"consumer.request.timeout.ms\":\"-5\"}", "{\"name\":\"has space\"}",
                "{\"fetch.min.bytes\":\"lots\"}"}) {
            Response response = http.post("/consumers/err-config", TestHttp.V2, body);
            assertThat(response.status()).as(body).isEqualTo(422);
            assertThat(response.errorCode()).as(body).isEqualTo(42204);
        }
    }

    @Test
    void aMalformedBodyIs400() {
        Response response = http.post("/consumers/err-malformed", TestHttp.V2, "{\"name\":");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo(400);
    }

    @Test
    void theWrongAcceptForTheFormatIs40601() {
        http.createTopic("err.accept", 1);
        ConsumerClient consumer = ConsumerClient.create(http, "err-accept", "c", "json", "");
        consumer.subscribed("err.accept");
        Response response = consumer.fetchRaw(0, TestHttp.BINARY_V2);
        assertThat(response.status()).isEqualTo(406);
        assertThat(response.errorCode()).isEqualTo(40601);
        assertThat(consumer.fetchRaw(0, "*/*").status()).isEqualTo(200);
    }

    @Test
    void fetchBeforeSubscribingIs40903() {
        ConsumerClient consumer = ConsumerClient.create(http, "err-unsubscribed", "c", "json", "");
        Response response = consumer.fetchRaw(0, TestHttp.JSON_V2);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.errorCode()).isEqualTo(40903);
    }

    @Test
    void mixingSubscriptionAndAssignmentIs40901() {
        http.createTopic("err.mix", 1);
        ConsumerClient subscribed = ConsumerClient.create(http, "err-mix", "s", "json", "");
        subscribed.subscribed("err.mix");
        Response assign = http.post(subscribed.path("/assignments"), TestHttp.V2, "{\"partitions\":[{\"topic\":\"err.mix\",\"partition\":0}]}");
        assertThat(assign.status()).isEqualTo(409);
        assertThat(assign.errorCode()).isEqualTo(40901);

        ConsumerClient assigned = ConsumerClient.create(http, "err-mix", "a", "json", "");
        http.post(assigned.path("/assignments"), TestHttp.V2, "{\"partitions\":[{\"topic\":\"err.mix\",\"partition\":0}]}");
        Response subscribe = assigned.subscribe("err.mix");
        assertThat(subscribe.status()).isEqualTo(409);
        assertThat(subscribe.errorCode()).isEqualTo(40901);
    }

    @Test
    void unknownTopicsAndPartitionsAre404() {
        http.createTopic("err.known", 2);
        ConsumerClient consumer = ConsumerClient.create(http, "err-unknown", "c", "json", "");
        Response topic = consumer.subscribe("err.nope");
        assertThat(topic.status()).isEqualTo(404);
        assertThat(topic.errorCode()).isEqualTo(40401);
        Response partition = http.post(consumer.path("/assignments"), TestHttp.V2, "{\"partitions\":[{\"topic\":\"err.known\",\"partition\":7}]}");
        assertThat(partition.status()).isEqualTo(404);
        assertThat(partition.errorCode()).isEqualTo(40402);
    }

    @Test
    void badSubscriptionsAre422() {
        ConsumerClient consumer = ConsumerClient.create(http, "err-subscription", "c", "json", "");
        for (String body : new String[] {"{}", "{\"topics\":[]}", "{\"topics\":[\"a\"],\"topic_pattern\":\"a\"}",
                "{\"topic_pattern\":\"orders(\"}", "{\"topic_pattern\":\"" + "a".repeat(300) + "\"}"}) {
            Response response = http.post(consumer.path("/subscription"), TestHttp.V2, body);
            assertThat(response.status()).as(body).isEqualTo(422);
            assertThat(response.json().has("message")).isTrue();
        }
    }

    @Test
    void negativeAndBeyondEndOffsetsAre422AndChangeNothing() {
        http.createTopic("err.offsets", 1);
        produce(http, "err.offsets", 0, "1", "2");
        ConsumerClient consumer = ConsumerClient.create(http, "err-offsets", "c", "json", "");
        consumer.subscribed("err.offsets");
        for (long offset : new long[] {-1, 3}) {
            String body = "{\"offsets\":[{\"topic\":\"err.offsets\",\"partition\":0,\"offset\":" + offset + "}]}";
            Response commit = consumer.commit(body);
            assertThat(commit.status()).as(commit.body()).isEqualTo(422);
            Response seek = http.post(consumer.path("/positions"), TestHttp.V2, body);
            assertThat(seek.status()).as(seek.body()).isEqualTo(422);
        }
        Response committed = consumer.committed("{\"partitions\":[{\"topic\":\"err.offsets\",\"partition\":0}]}");
        assertThat(committed.json().get("offsets").get(0).get("offset").asLong()).isEqualTo(-1);
        Response fetch = http.get(consumer.path("/records?timeout=-1"), TestHttp.JSON_V2);
        assertThat(fetch.status()).isEqualTo(422);
        assertThat(http.get(consumer.path("/records?max_bytes=0"), TestHttp.JSON_V2).status()).isEqualTo(422);
        assertThat(http.get(consumer.path("/records?timeout=soon"), TestHttp.JSON_V2).status()).isEqualTo(400);
    }

    @Test
    void committingAPartitionTheInstanceDoesNotOwnIs409AndChangesNothing() {
        http.createTopic("err.owner", 2);
        produce(http, "err.owner", 0, "1", "2");
        produce(http, "err.owner", 1, "1", "2");
        ConsumerClient a = ConsumerClient.create(http, "err-owner", "a", "json", "");
        ConsumerClient b = ConsumerClient.create(http, "err-owner", "b", "json", "");
        a.subscribed("err.owner");
        b.subscribed("err.owner");
        int partitionOfB = b.assignment().get(0).get("partition").asInt();

        String body = "{\"offsets\":[{\"topic\":\"err.owner\",\"partition\":" + (1 - partitionOfB)
                + ",\"offset\":1},{\"topic\":\"err.owner\",\"partition\":" + partitionOfB + ",\"offset\":1}]}";
        Response response = a.commit(body);
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("message").asString()).contains("does not own");
        Response committed = a.committed("{\"partitions\":[{\"topic\":\"err.owner\",\"partition\":0},{\"topic\":\"err.owner\",\"partition\":1}]}");
        assertThat(committed.json().get("offsets").get(0).get("offset").asLong()).isEqualTo(-1);
        assertThat(committed.json().get("offsets").get(1).get("offset").asLong()).isEqualTo(-1);

        Response seek = http.post(a.path("/positions/beginning"), TestHttp.V2,
                "{\"partitions\":[{\"topic\":\"err.owner\",\"partition\":" + partitionOfB + "}]}");
        assertThat(seek.status()).isEqualTo(409);
    }

    @Test
    void entriesWithoutATopicAre422NeverA500() {
        http.createTopic("err.nulls", 1);
        ConsumerClient consumer = ConsumerClient.create(http, "err-nulls", "c", "json", "");
        consumer.subscribed("err.nulls");
        String[][] requests = {
                {"/offsets", "{\"offsets\":[null]}"},
                {"/offsets", "{\"offsets\":[{\"partition\":0,\"offset\":0}]}"},
                {"/positions", "{\"offsets\":[{\"partition\":0,\"offset\":0}]}"},
                {"/positions", "{\"timestamps\":[null]}"},
                {"/positions/beginning", "{\"partitions\":[null]}"},
                {"/positions/end", "{\"partitions\":[{\"partition\":0}]}"},
                {"/subscription", "{\"topics\":[null]}"}};
        for (String[] request : requests) {
            Response response = http.post(consumer.path(request[0]), TestHttp.V2, request[1]);
            assertThat(response.status()).as(request[0] + " " + request[1]).isEqualTo(422);
        }
        ConsumerClient other = ConsumerClient.create(http, "err-nulls", "assigner", "json", "");
        assertThat(http.post(other.path("/assignments"), TestHttp.V2, "{\"partitions\":[{\"partition\":0}]}").status()).isEqualTo(422);
        assertThat(consumer.committed("{\"partitions\":[null]}").status()).isEqualTo(422);
        other.delete();
        consumer.delete();
        assertThat(http.post("/consumers/err-nulls/offsets/reset", TestHttp.V2, "{\"to\":\"earliest\",\"topics\":[null]}").status()).isEqualTo(422);
    }

    @Test
    void unknownGroupsAre404InTheExtensions() {
        assertThat(http.get("/consumers/err-no-such-group").status()).isEqualTo(404);
        assertThat(http.get("/consumers/err-no-such-group/lag").status()).isEqualTo(404);
        Response reset = http.post("/consumers/err-no-such-group/offsets/reset", TestHttp.V2, "{\"to\":\"sideways\"}");
        assertThat(reset.status()).isEqualTo(422);
    }
}
