package io.tributary.platform.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.log.TopicLog;
import io.tributary.platform.web.ApiErrors;
import io.tributary.platform.web.ErrorCode;
import io.tributary.platform.web.KafkaMediaTypes;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Topic and partition metadata, as the Kafka REST Proxy v2. */
@RestController
@Tag(name = "Topics")
final class TopicController {

    private final TopicService topics;

    TopicController(TopicService topics) {
        this.topics = topics;
    }

    @GetMapping(path = "/topics", produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "listTopics", summary = "List topic names")
    List<String> list() {
        return topics.names();
    }

    @GetMapping(path = "/topics/{topic}", produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "getTopic", summary = "Describe a topic", description = "Name, configs and partitions.")
    @ApiErrors(ErrorCode.TOPIC_NOT_FOUND)
    TopicResponse get(@PathVariable String topic) {
        return describe(topics.topic(topic));
    }

    @GetMapping(path = "/topics/{topic}/partitions", produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "listPartitions", summary = "List a topic's partitions")
    @ApiErrors(ErrorCode.TOPIC_NOT_FOUND)
    List<PartitionResponse> partitions(@PathVariable String topic) {
        return describe(topics.topic(topic)).partitions();
    }

    @GetMapping(path = "/topics/{topic}/partitions/{partition}", produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "getPartition", summary = "Describe a partition")
    @ApiErrors({ErrorCode.TOPIC_NOT_FOUND, ErrorCode.PARTITION_NOT_FOUND, ErrorCode.BAD_REQUEST})
    PartitionResponse partition(@PathVariable String topic, @PathVariable int partition) {
        return PartitionResponse.of(topics.partition(topic, partition).partition());
    }

    @GetMapping(path = "/topics/{topic}/partitions/{partition}/offsets", produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "getOffsets", summary = "Beginning and end offsets of a partition",
            description = "beginning_offset is the first stored offset (moves forward when retention deletes files); "
                    + "end_offset is the offset the next record will get.")
    @ApiErrors({ErrorCode.TOPIC_NOT_FOUND, ErrorCode.PARTITION_NOT_FOUND, ErrorCode.BAD_REQUEST})
    PartitionOffsetsResponse offsets(@PathVariable String topic, @PathVariable int partition) {
        PartitionLog log = topics.partition(topic, partition);
        long end = log.endOffset();
        return new PartitionOffsetsResponse(Math.min(log.beginningOffset(), end), end);
    }

    static TopicResponse describe(TopicLog topic) {
        List<PartitionResponse> partitions = IntStream.range(0, topic.partitionCount()).mapToObj(PartitionResponse::of).toList();
        return new TopicResponse(topic.name(), topic.config().asMap(), partitions);
    }
}
