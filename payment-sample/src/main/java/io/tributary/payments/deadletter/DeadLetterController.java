package io.tributary.payments.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /dlt} lists dead letters; {@code POST /dlt/redrive} republishes them to where they came from. */
@RestController
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/dlt")
    List<DeadLetterResponse> list(@RequestParam(required = false) @Nullable Boolean redriven) {
        return deadLetters.list(redriven).stream().map(this::response).toList();
    }

    /** Redrives all pending dead letters, or those whose ids are given ({@code {"ids": [1, 2]}}). */
    @PostMapping("/dlt/redrive")
    RedriveResponse redrive(@RequestBody(required = false) @Nullable RedriveRequest request) {
        List<DeadLetter> redriven = deadLetters.redrive(request == null ? null : request.ids());
        return new RedriveResponse(redriven.stream().map(this::response).toList());
    }

    private DeadLetterResponse response(DeadLetter d) {
        byte[] value = d.recordValue();
        return new DeadLetterResponse(d.id(), d.sourceTopic(), d.sourcePartition(), d.sourceOffset(), d.recordKey(),
                value == null ? null : new String(value, StandardCharsets.UTF_8),
                deadLetters.originalHeaders(d).stream().map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList(),
                d.exceptionClass(), d.exceptionMessage(), d.attempts(), d.failedAt(), d.dltPartition(), d.dltOffset(),
                d.redrivenAt());
    }

    record RedriveRequest(@Nullable List<Long> ids) {
    }

    record RedriveResponse(List<DeadLetterResponse> redriven) {
    }

    record DeadLetterResponse(long id, String topic, int partition, long offset, @Nullable String key,
            @Nullable String value, List<Map<String, String>> headers, String exceptionClass,
            @Nullable String exceptionMessage, int attempts, Instant failedAt, int dltPartition, long dltOffset,
            @Nullable Instant redrivenAt) {
    }
}
