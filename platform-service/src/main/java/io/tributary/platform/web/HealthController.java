package io.tributary.platform.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Strimzi bridge's health endpoints, backed by Spring Boot's availability states. */
@RestController
@Tag(name = "Health")
final class HealthController {

    private final ApplicationAvailability availability;

    HealthController(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @GetMapping("/healthy")
    @Operation(operationId = "healthy", summary = "Liveness", description = "204 while the process is alive and healthy, 503 otherwise.")
    @ApiResponse(responseCode = "204", description = "Alive")
    @ApiResponse(responseCode = "503", description = "Broken")
    ResponseEntity<Void> healthy() {
        return availability.getLivenessState() == LivenessState.CORRECT
                ? ResponseEntity.noContent().build()
                : ResponseEntity.status(503).build();
    }

    @GetMapping("/ready")
    @Operation(operationId = "ready", summary = "Readiness", description = "204 once the platform accepts traffic (topics loaded), 503 otherwise.")
    @ApiResponse(responseCode = "204", description = "Ready")
    @ApiResponse(responseCode = "503", description = "Not ready (starting or shutting down)")
    ResponseEntity<Void> ready() {
        return availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
                ? ResponseEntity.noContent().build()
                : ResponseEntity.status(503).build();
    }
}
