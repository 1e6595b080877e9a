package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The services deploy/ runs, with the names they have there: Maven module, Dockerfile, image, compose service and
 * Kubernetes workload/container. What each one serves (port, paths) is read from its module, never restated here.
 */
enum Service {

    PLATFORM("platform-service", "platform", List.of("application.yml")),
    OUTBOX_RELAY("outbox-relay", "outbox-relay", List.of("outbox-relay.yml", "application.yml")),
    // The samples name their config after themselves (spring.config.name), so both can share one test classpath.
    ORDER_SAMPLE("order-sample", "order-sample", List.of("order-sample.yml", "application.yml")),
    PAYMENT_SAMPLE("payment-sample", "payment-sample", List.of("payment-sample.yml", "application.yml"));

    private static final Pattern GET_MAPPING =
            Pattern.compile("@(?:Get|Request)Mapping\\(\\s*(?:(?:value|path)\\s*=\\s*)?\\{?\\s*\"([^\"]+)\"");

    private final String module;
    private final String deployName;
    private final List<String> configFileNames;

    Service(String module, String deployName, List<String> configFileNames) {
        this.module = module;
        this.deployName = deployName;
        this.configFileNames = configFileNames;
    }

    /** Maven module and artifactId; also the Dockerfile's base name and the image's name. */
    String module() {
        return module;
    }

    /** Name of the compose service and of the Kubernetes workload, container and Service. */
    String deployName() {
        return deployName;
    }

    String dockerfile() {
        return "deploy/docker/" + module + ".Dockerfile";
    }

    String image() {
        return "tributary/" + module;
    }

    static Service byDeployName(String name) {
        return Stream.of(values()).filter(s -> s.deployName.equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Tributary service is deployed as " + name));
    }

    boolean present(Checkout checkout) {
        return checkout.exists(module + "/pom.xml");
    }

    /** Skips the calling test (not the others) while the module is not in this checkout. */
    void assumePresent(Checkout checkout) {
        Assumptions.assumeTrue(present(checkout), () -> module + " is not in this checkout yet (issue 7 adds it): "
                + "its deploy files are checked against each other, not against its configuration");
    }

    SpringConfig config(Checkout checkout) {
        List<String> files = configFileNames.stream()
                .map(name -> module + "/src/main/resources/" + name)
                .filter(checkout::exists)
                .toList();
        assertThat(files).as("%s has a configuration file", module).isNotEmpty();
        SpringConfig config = SpringConfig.read(checkout, files);
        // A service that embeds the outbox relay also has its tributary.outbox.* settings (defaults in outbox-relay.yml).
        return this != OUTBOX_RELAY && hasDependency(checkout, OUTBOX_RELAY.module)
                ? config.withLibraryDefaults(OUTBOX_RELAY.config(checkout), "tributary.outbox.")
                : config;
    }

    /** Paths mapped by the module's own controllers ({@code @GetMapping("/ready")} and the like). */
    Set<String> controllerPaths(Checkout checkout) {
        Set<String> paths = new TreeSet<>();
        Path sources = checkout.path(module + "/src/main/java");
        if (!Files.isDirectory(sources)) {
            return paths;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = GET_MAPPING.matcher(Files.readString(file));
                while (m.find()) {
                    paths.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    private boolean hasDependency(Checkout checkout, String artifactId) {
        return checkout.read(module + "/pom.xml").contains("<artifactId>" + artifactId + "</artifactId>");
    }

    /**
     * Asserts that the service, configured as {@code effective}, answers GET {@code path} on {@code port}: one of its
     * controllers maps it, or it is an actuator endpoint that the module has, exposes, and (for the liveness and
     * readiness groups) enables.
     */
    void assertServes(Checkout checkout, SpringConfig effective, int port, String path, String where) {
        if (path.startsWith("/actuator/")) {
            assertThat(port).as("%s: %s is served on the management port", where, path).isEqualTo(effective.managementPort());
            assertThat(hasDependency(checkout, "spring-boot-starter-actuator"))
                    .as("%s: %s needs spring-boot-starter-actuator in %s", where, path, module).isTrue();
            String endpoint = path.substring("/actuator/".length()).split("/")[0];
            assertThat(effective.exposesOverWeb(endpoint))
                    .as("%s: %s needs management.endpoints.web.exposure.include to contain %s", where, path, endpoint)
                    .isTrue();
            switch (path) {
                case "/actuator/health" -> { }
                case "/actuator/health/liveness", "/actuator/health/readiness" -> assertThat(effective.probesEnabled())
                        .as("%s: %s needs management.endpoint.health.probes.enabled=true (file or environment)", where, path)
                        .isTrue();
                case "/actuator/prometheus" -> assertThat(hasDependency(checkout, "micrometer-registry-prometheus"))
                        .as("%s: %s needs micrometer-registry-prometheus in %s", where, path, module).isTrue();
                default -> throw new AssertionError(where + ": unexpected actuator path " + path);
            }
        } else {
            assertThat(port).as("%s: %s is served on server.port", where, path).isEqualTo(effective.port());
            assertThat(controllerPaths(checkout)).as("%s: a controller of %s maps %s", where, module, path).contains(path);
        }
    }
}
