package io.tributary.platform.produce;

import io.tributary.platform.log.NewRecord;
import io.tributary.platform.log.PartitionNotFoundException;
import io.tributary.platform.log.ProducerStamp;
import io.tributary.platform.log.RecordHeader;
import io.tributary.platform.log.RecordTooLargeException;
import io.tributary.platform.log.TopicLog;
import io.tributary.platform.topic.TopicService;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

/**
 * Produce: validates a whole request (every record's data, partition and size) before anything is
 * appended, routes records to partitions like Kafka's default partitioner, and appends one batch per
 * partition. A request is all-or-nothing for validation; only a storage failure between partitions can
 * leave part of a multi-partition request written (an idempotent retry then adds just the rest).
 */
@Service
final class ProduceService {

    private final TopicService topics;
    private final IdempotentProducers idempotentProducers;
    private final ProduceMetrics metrics;
    /** Per-topic rotation for records without key or partition (sticky per request, as Kafka's sticky partitioner). */
    private final ConcurrentHashMap<String, AtomicInteger> rotation = new ConcurrentHashMap<>();

    ProduceService(TopicService topics, IdempotentProducers idempotentProducers, ProduceMetrics metrics) {
        this.topics = topics;
        this.idempotentProducers = idempotentProducers;
        this.metrics = metrics;
    }

    /** What was written: the response body and whether it was a de-duplicated retry. */
    record Produced(ProduceResponse response, boolean duplicate) {
    }

    /**
     * @param pathPartition the partition from the URL, or null for {@code POST /topics/{topic}}
     * @param producer      the idempotent producer's request id, or null
     */
    Produced produce(String topicName, @Nullable Integer pathPartition, List<ProduceRequestParser.ParsedRecord> records,
            @Nullable ProducerStamp producer) {
        if (records.isEmpty()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "records must contain at least one record");
        }
        TopicLog topic = topics.topicForProduce(topicName);
        int partitionCount = topic.partitionCount();
        int maxBytes = topic.config().maxMessageBytes();

        int[] partitionOf = new int[records.size()];
        List<NewRecord> converted = new ArrayList<>(records.size());
        long bytes = 0;
        int unkeyedPartition = -1;
        for (int i = 0; i < records.size(); i++) {
            ProduceRequestParser.ParsedRecord record = records.get(i);
            NewRecord newRecord = record.record();
            int size = newRecord.sizeInBytes();
            if (size > maxBytes) {
                throw new RecordTooLargeException("records[" + i + "] is " + size + " bytes, more than the topic's max.message.bytes of "
                        + maxBytes);
            }
            bytes += size;
            int partition;
            if (pathPartition != null) {
                partition = pathPartition;
            } else if (record.partition() != null) {
                partition = record.partition();
            } else if (newRecord.key() != null) {
                partition = KafkaPartitioner.partitionFor(newRecord.key(), partitionCount);
            } else {
                if (unkeyedPartition < 0) {
                    unkeyedPartition = Math.floorMod(rotation.computeIfAbsent(topicName, t -> new AtomicInteger())
                            .getAndIncrement(), partitionCount);
                }
                partition = unkeyedPartition;
            }
            if (partition < 0 || partition >= partitionCount) {
                throw new PartitionNotFoundException((pathPartition == null ? "records[" + i + "]: p" : "P") + "artition "
                        + partition + " of topic " + topicName + " not found (the topic has " + partitionCount + " partitions)");
            }
            partitionOf[i] = partition;
            converted.add(newRecord);
        }

        Map<Integer, List<NewRecord>> batches = batches(partitionOf, converted);
        Map<Integer, Long> firstOffsets;
        boolean duplicate = false;
        if (producer == null) {
            firstOffsets = new LinkedHashMap<>();
            for (Map.Entry<Integer, List<NewRecord>> batch : batches.entrySet()) {
                firstOffsets.put(batch.getKey(), topic.partition(batch.getKey()).append(batch.getValue(), null));
            }
        } else {
            IdempotentProducers.Appended appended = idempotentProducers.append(topic, batches, producer);
            firstOffsets = appended.firstOffsets();
            duplicate = appended.duplicate();
        }
        if (!duplicate) {
            metrics.produced(topicName, converted.size(), bytes);
        }

        return new Produced(ProduceResponse.of(offsets(partitionOf, firstOffsets)), duplicate);
    }

    /**
     * One batch per partition, partitions in the order they first appear, records in request order. A request to one
     * partition (the usual case: a key-less request goes to one partition whole) is one batch without a map lookup
     * per record.
     */
    private static Map<Integer, List<NewRecord>> batches(int[] partitionOf, List<NewRecord> records) {
        if (onePartition(partitionOf)) {
            return Map.of(partitionOf[0], records);
        }
        Map<Integer, List<NewRecord>> batches = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            batches.computeIfAbsent(partitionOf[i], p -> new ArrayList<>()).add(records.get(i));
        }
        return batches;
    }

    /** Offsets in request order: the i-th record of a partition's batch got its first offset + i. */
    private static List<ProduceResponse.Offset> offsets(int[] partitionOf, Map<Integer, Long> firstOffsets) {
        List<ProduceResponse.Offset> offsets = new ArrayList<>(partitionOf.length);
        if (onePartition(partitionOf)) {
            long first = firstOffsets.get(partitionOf[0]);
            for (int i = 0; i < partitionOf.length; i++) {
                offsets.add(ProduceResponse.Offset.of(partitionOf[0], first + i));
            }
            return offsets;
        }
        Map<Integer, Long> next = new LinkedHashMap<>(firstOffsets);
        for (int partition : partitionOf) {
            long offset = next.merge(partition, 1L, Long::sum) - 1;
            offsets.add(ProduceResponse.Offset.of(partition, offset));
        }
        return offsets;
    }

    private static boolean onePartition(int[] partitionOf) {
        for (int partition : partitionOf) {
            if (partition != partitionOf[0]) {
                return false;
            }
        }
        return true;
    }
}
