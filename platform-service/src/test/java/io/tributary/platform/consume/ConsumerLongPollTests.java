package io.tributary.platform.consume;

import static io.tributary.platform.consume.ConsumerClient.produce;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.PlatformTestSupport;
import io.tributary.platform.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Long polls hold no server thread: with 8 platform request threads (virtual threads off), 200 waiting
 * fetches leave the server responsive and all complete when a record arrives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.threads.virtual.enabled=false",
        "server.tomcat.threads.max=8",
        "server.tomcat.threads.min-spare=2",
        "logging.level.io.tributary=WARN"})
class ConsumerLongPollTests {

    private static final long LONG_TIMEOUT_MS = 30_000;

    @LocalServerPort
    int port;
    TestHttp http;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        PlatformTestSupport.ownDataDir(registry, "tributary-consumer-longpoll-");
    }

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void aWaitingFetchReturnsTheRecordProducedWhileItWaits() throws Exception {
        http.createTopic("poll.one", 1);
        ConsumerClient consumer = ConsumerClient.create(http, "poll-one", "c", "json", "");
        consumer.subscribed("poll.one");
        assertThat(consumer.fetch(0)).isEmpty(); // the position is now the end

        CompletableFuture<HttpResponse<String>> waiting = fetchAsync(consumer);
        produce(http, "poll.one", 0, "{\"hello\":1}");

        HttpResponse<String> response = waiting.get(LONG_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
        JsonNode records = TestHttp.MAPPER.readTree(response.body());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("value").get("hello").asInt()).isEqualTo(1);
    }

    @Test
    void twoHundredWaitingFetchesDoNotExhaustTheServerThreads() throws Exception {
        http.createTopic("poll.many", 1);
        List<ConsumerClient> consumers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ConsumerClient consumer = ConsumerClient.create(http, "poll-many-" + i, "c", "json", "");
            consumer.subscribed("poll.many");
            assertThat(consumer.fetch(0)).isEmpty();
            consumers.add(consumer);
        }
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (ConsumerClient consumer : consumers) {
            waiting.add(fetchAsync(consumer));
        }

        // With 8 request threads, this only answers if the waiting fetches hold none.
        assertThat(http.get("/consumers/poll-many-0").status()).isEqualTo(200);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);

        produce(http, "poll.many", 0, "{\"to\":\"all\"}");
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(LONG_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
        for (CompletableFuture<HttpResponse<String>> future : waiting) {
            HttpResponse<String> response = future.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestHttp.MAPPER.readTree(response.body())).hasSize(1);
        }
    }

    @Test
    void fetchMinBytesWaitsUntilEnoughHasArrived() throws Exception {
        http.createTopic("poll.minbytes", 1);
        ConsumerClient consumer = ConsumerClient.create(http, "poll-minbytes", "c", "json", "\"fetch.min.bytes\":500");
        consumer.subscribed("poll.minbytes");
        assertThat(consumer.fetch(0)).isEmpty();

        CompletableFuture<HttpResponse<String>> waiting = fetchAsync(consumer);
        produce(http, "poll.minbytes", 0, "\"small\"");
        produce(http, "poll.minbytes", 0, "\"" + "x".repeat(600) + "\"");

        HttpResponse<String> response = waiting.get(LONG_TIMEOUT_MS / 2, TimeUnit.MILLISECONDS);
        assertThat(TestHttp.MAPPER.readTree(response.body())).hasSize(2);
    }

    @Test
    void aFetchWithNothingToReturnAnswersAnEmptyListAtItsTimeout() {
        http.createTopic("poll.empty", 1);
        ConsumerClient consumer = ConsumerClient.create(http, "poll-empty", "c", "json", "\"consumer.request.timeout.ms\":\"200\"");
        consumer.subscribed("poll.empty");
        TestHttp.Response response = http.get(consumer.path("/records"), TestHttp.JSON_V2);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
    }

    private CompletableFuture<HttpResponse<String>> fetchAsync(ConsumerClient consumer) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + consumer.path("/records?timeout=" + LONG_TIMEOUT_MS)))
                .header("Accept", TestHttp.JSON_V2)
                .timeout(Duration.ofMillis(LONG_TIMEOUT_MS * 2))
                .GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
