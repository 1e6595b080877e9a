package io.tributary.orders.readmodel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The query side: {@code GET /customers/{id}/orders}, {@code GET /stats/revenue?from=&to=} (ISO-8601 instants;
 * default the last hour), and {@code POST /admin/read-model/rebuild}, {@code GET /admin/read-model}.
 */
@RestController
class ReadModelController {

    private final ReadModelQueries queries;
    private final ReadModelProjector projector;
    private final ReadModelProjection projection;
    private final Clock clock;

    ReadModelController(ReadModelQueries queries, ReadModelProjector projector, ReadModelProjection projection, Clock clock) {
        this.queries = queries;
        this.projector = projector;
        this.projection = projection;
        this.clock = clock;
    }

    @GetMapping("/customers/{id}/orders")
    ReadModelQueries.CustomerOrders customerOrders(@PathVariable String id) {
        return queries.customerOrders(id);
    }

    @GetMapping("/stats/revenue")
    ReadModelQueries.RevenueStats revenue(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(Duration.ofHours(1));
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("from must be before to");
        }
        return queries.revenue(start, end);
    }

    @PostMapping("/admin/read-model/rebuild")
    ResponseEntity<ReadModelStatus> rebuild() {
        long generation = projector.rebuild();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ReadModelStatus(generation, projector.currentGroup(), 0));
    }

    @GetMapping("/admin/read-model")
    ReadModelStatus status() {
        return new ReadModelStatus(projection.generation(), projector.currentGroup(), queries.processedEvents());
    }

    /** The read model's generation (one per rebuild), its consumer group, and the events applied so far. */
    record ReadModelStatus(long generation, String consumerGroup, long processedEvents) {
    }
}
