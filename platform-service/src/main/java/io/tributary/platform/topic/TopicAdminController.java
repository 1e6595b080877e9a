package io.tributary.platform.topic;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.platform.web.ApiErrors;
import io.tributary.platform.web.ErrorCode;
import io.tributary.platform.web.KafkaMediaTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Topic administration: create (the Strimzi bridge's shape), delete, add partitions, change configs. */
@RestController
@Tag(name = "Topic admin")
final class TopicAdminController {

    private final TopicService topics;

    TopicAdminController(TopicService topics) {
        this.topics = topics;
    }

    @PostMapping(path = "/admin/topics",
            consumes = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON},
            produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createTopic", summary = "Create a topic", description = "As the Strimzi bridge's POST /admin/topics; configs is a Tributary extension.")
    @ApiErrors({ErrorCode.CONFLICT, ErrorCode.INVALID_TOPIC_CONFIG, ErrorCode.BAD_REQUEST, ErrorCode.UNSUPPORTED_MEDIA_TYPE})
    TopicResponse create(@RequestBody CreateTopicRequest request) {
        return TopicController.describe(topics.create(request.topicName(), request.partitionsCount(),
                request.replicationFactor(), request.configs()));
    }

    @DeleteMapping(path = "/admin/topics/{topic}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteTopic", summary = "Delete a topic and its records", description = "Tributary extension.")
    @ApiErrors(ErrorCode.TOPIC_NOT_FOUND)
    void delete(@PathVariable String topic) {
        topics.delete(topic);
    }

    @PostMapping(path = "/admin/topics/{topic}/partitions",
            consumes = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON},
            produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "increasePartitions", summary = "Increase the partition count",
            description = "Tributary extension. Partitions can be added, never removed. Existing records stay where they are; "
                    + "keyed records produced afterwards may map to new partitions, as in Kafka.")
    @ApiErrors({ErrorCode.TOPIC_NOT_FOUND, ErrorCode.INVALID_TOPIC_CONFIG, ErrorCode.BAD_REQUEST})
    TopicResponse increasePartitions(@PathVariable String topic, @RequestBody IncreasePartitionsRequest request) {
        return TopicController.describe(topics.increasePartitions(topic, request.partitionsCount()));
    }

    @PatchMapping(path = "/admin/topics/{topic}/configs",
            consumes = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON},
            produces = {KafkaMediaTypes.V2_JSON, KafkaMediaTypes.APPLICATION_JSON})
    @Operation(operationId = "updateTopicConfigs", summary = "Change topic configs", description = "Tributary extension. Only the named configs change.")
    @ApiErrors({ErrorCode.TOPIC_NOT_FOUND, ErrorCode.INVALID_TOPIC_CONFIG, ErrorCode.BAD_REQUEST})
    TopicResponse updateConfigs(@PathVariable String topic, @RequestBody UpdateConfigsRequest request) {
        return TopicController.describe(topics.updateConfigs(topic, request.configs()));
    }
}
