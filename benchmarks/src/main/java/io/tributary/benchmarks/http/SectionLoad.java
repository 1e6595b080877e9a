package io.tributary.benchmarks.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One closed-loop load of the HTTP section: a request sent over and over on {@code connections} connections.
 *
 * @param topic      the topic it writes to (null: none), with its partition count
 */
record SectionLoad(String name, int connections, int recordsPerRequest, byte[] request, @Nullable String topic, int partitions) {

    /** The section's loads, in the order each repetition runs them. */
    static List<SectionLoad> all() {
        byte[] healthy = Requests.get("/healthy");
        String jsonBatch = PlatformApi.jsonBatch(100, 100);
        String binaryBatch = PlatformApi.binaryBatch(100, 100);
        byte[] produceOne = Requests.post("/topics/produce", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(1, 100));
        return List.of(
                read("healthy-16", 16, healthy),
                new SectionLoad("produce-1-16", 16, 1, produceOne, "produce", 1),
                read("healthy-64", 64, healthy),
                new SectionLoad("produce-1-64", 64, 1, produceOne, "produce", 1),
                produce("batch-json-100", "batch", 1, PlatformApi.JSON_V2, jsonBatch),
                produce("batch-binary-100", "batch", 1, PlatformApi.BINARY_V2, binaryBatch),
                produce("scale-p6-100", "scale-p6", 6, PlatformApi.BINARY_V2, binaryBatch),
                produce("scale-p24-100", "scale-p24", 24, PlatformApi.BINARY_V2, binaryBatch),
                produce("size-1k", "size-1k", 1, PlatformApi.BINARY_V2, PlatformApi.binaryBatch(100, 1024)),
                produce("size-10k", "size-10k", 1, PlatformApi.BINARY_V2, PlatformApi.binaryBatch(100, 10 * 1024)));
    }

    /** The topics the loads write to, with their partition counts. */
    static Map<String, Integer> topics(List<SectionLoad> loads) {
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (SectionLoad load : loads) {
            if (load.topic() != null) {
                topics.put(load.topic(), load.partitions());
            }
        }
        return topics;
    }

    private static SectionLoad read(String name, int connections, byte[] request) {
        return new SectionLoad(name, connections, 0, request, null, 0);
    }

    /** 100 records per request on 16 connections. */
    private static SectionLoad produce(String name, String topic, int partitions, String contentType, String body) {
        return new SectionLoad(name, 16, 100, Requests.post("/topics/" + topic, contentType, body), topic, partitions);
    }
}
