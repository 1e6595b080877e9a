package io.tributary.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.client.TributaryClient;
import io.tributary.testing.TestDatabase;
import io.tributary.testing.TestPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Starts relay instances for a test, with settings bound exactly as Spring binds {@code tributary.outbox.*}. */
final class Relays implements AutoCloseable {

    private final TestDatabase database;
    private final TributaryClient client;
    private final Map<String, String> settings = new HashMap<>();
    private final List<OutboxRelay> started = new ArrayList<>();
    private final Map<OutboxRelay, SimpleMeterRegistry> registries = new HashMap<>();
    private int counter;

    Relays(TestDatabase database, TestPlatform platform, String topicPrefix, Map<String, String> overrides) {
        this.database = database;
        this.client = TributaryClient.builder(platform.baseUri()).requestTimeout(Duration.ofSeconds(10)).build();
        settings.put("platform-url", platform.baseUri().toString());
        settings.put("topic-prefix", topicPrefix);
        settings.put("shards", "9");
        settings.put("rebalance-interval", "200ms");
        settings.put("poll-interval", "500ms");
        settings.put("retry-backoff", "20ms");
        settings.put("max-retry-backoff", "300ms");
        settings.put("metrics-interval", "200ms");
        settings.put("create-topics", "true");
        settings.putAll(overrides);
    }

    /** The platform this module's test classes share; it creates a topic on first produce (each test has its own names). */
    static TestPlatform sharedPlatform() {
        return TestPlatform.shared(Map.of("tributary.platform.topics.auto-create", "true"));
    }

    static OutboxRelayProperties bind(Map<String, String> settings) {
        Map<String, String> prefixed = new HashMap<>();
        settings.forEach((k, v) -> prefixed.put("tributary.outbox." + k, v));
        return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate("tributary.outbox", OutboxRelayProperties.class);
    }

    synchronized OutboxRelay start() {
        Map<String, String> own = new HashMap<>(settings);
        own.put("instance-id", "relay-" + (++counter));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OutboxRelay relay = new OutboxRelay(bind(own), database.dataSource(), client, registry);
        relay.start();
        started.add(relay);
        registries.put(relay, registry);
        return relay;
    }

    synchronized List<OutboxRelay> running() {
        return started.stream().filter(OutboxRelay::isRunning).toList();
    }

    /** Sum of a counter over every relay started. */
    synchronized double total(String meter) {
        return registries.values().stream()
                .flatMap(r -> r.find(meter).counters().stream())
                .mapToDouble(c -> c.count())
                .sum();
    }

    SimpleMeterRegistry registry(OutboxRelay relay) {
        return registries.get(relay);
    }

    @Override
    public synchronized void close() {
        started.forEach(OutboxRelay::close);
        client.close();
    }
}
