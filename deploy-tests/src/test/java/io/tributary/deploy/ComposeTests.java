package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

/** deploy/compose.yaml: images, ports, health checks, start order and wiring against the Dockerfiles and services. */
class ComposeTests {

    private static final Checkout CHECKOUT = Checkout.ROOT;
    private static final String COMPOSE = "deploy/compose.yaml";
    private static final String DATABASE_HOST = "postgres";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() {
        Map<String, Object> compose = new Yaml().load(CHECKOUT.read(COMPOSE));
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Object service = services().get(name);
        assertThat(service).as("%s has a service %s", COMPOSE, name).isNotNull();
        return (Map<String, Object>) service;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object environment = service.getOrDefault("environment", Map.of());
        if (environment instanceof List<?> list) {
            list.forEach(item -> {
                String[] kv = item.toString().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        } else {
            ((Map<String, Object>) environment).forEach((k, v) -> env.put(k, String.valueOf(v)));
        }
        // ${VAR:-default}: what compose uses when the variable is not set.
        env.replaceAll((k, v) -> v.replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1"));
        return env;
    }

    private static int containerPort(Map<String, Object> service) {
        List<?> ports = (List<?>) service.get("ports");
        assertThat(ports).as("published ports").hasSize(1);
        String[] parts = ports.get(0).toString().split(":");
        return Integer.parseInt(parts[parts.length - 1]);
    }

    private static Set<String> databases() {
        return ServiceEnvironment.databasesCreatedBy(CHECKOUT.read("deploy/postgres/create-databases.sql"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void buildsEachServiceFromItsDockerfileAsTheProjectVersionsImage(Service service) {
        Map<String, Object> compose = service(service.deployName());
        @SuppressWarnings("unchecked")
        Map<String, Object> build = (Map<String, Object>) compose.get("build");
        assertThat(CHECKOUT.path("deploy").resolve(build.get("context").toString()).normalize())
                .as("build context is the repository root").isEqualTo(CHECKOUT.path(""));
        assertThat(build.get("dockerfile")).isEqualTo(service.dockerfile());
        assertThat(compose.get("image")).isEqualTo(service.image() + ":${TRIBUTARY_VERSION:-" + CHECKOUT.version() + "}");
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) compose.get("deploy"))
                .get("resources")).get("limits");
        assertThat(limits).as("a memory limit, which -XX:MaxRAMPercentage sizes the heap from").containsKey("memory");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void publishesAndHealthChecksWhatTheServiceServes(Service service) {
        Map<String, Object> compose = service(service.deployName());
        Dockerfile dockerfile = DockerfileTests.dockerfile(service);
        List<String> imageCheck = dockerfile.healthcheck();
        int port = containerPort(compose);
        assertThat(port).as("container port = the image's EXPOSE").isEqualTo(dockerfile.exposedPorts().get(0));
        @SuppressWarnings("unchecked")
        List<String> test = (List<String>) ((Map<String, Object>) compose.get("healthcheck")).get("test");
        assertThat(test).as("compose health check = the image's").containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of("CMD"), imageCheck.stream()).toList());

        service.assumePresent(CHECKOUT);
        SpringConfig effective = service.config(CHECKOUT).withEnv(dockerfile.env(), environment(compose));
        assertThat(effective.port()).as("server.port under compose").isEqualTo(port);
        service.assertServes(CHECKOUT, effective, port, test.get(3), COMPOSE + " " + service.deployName());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void wiresEachServiceToTheComposeDatabaseAndPlatform(Service service) {
        Map<String, Object> compose = service(service.deployName());
        Map<String, String> env = environment(compose);
        SpringConfig effective = service.present(CHECKOUT)
                ? service.config(CHECKOUT).withEnv(DockerfileTests.dockerfile(service).env(), env)
                : null;
        String platformUrl = "http://" + Service.PLATFORM.deployName() + ":" + containerPort(service(Service.PLATFORM.deployName()));
        ServiceEnvironment.check(CHECKOUT, service, effective, env, COMPOSE + " " + service.deployName(), DATABASE_HOST,
                databases(), platformUrl);
        if (service != Service.PLATFORM) {
            assertThat(env).as("%s: database and platform are set", service.deployName())
                    .containsKeys("SPRING_DATASOURCE_URL", "TRIBUTARY_OUTBOX_PLATFORM_URL");
        }
    }

    @Test
    void startsInHealthOrderPostgresThenPlatformThenSamples() {
        Map<String, Object> services = services();
        services.forEach((name, definition) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> dependsOn = (Map<String, Object>) ((Map<String, Object>) definition).getOrDefault("depends_on", Map.of());
            dependsOn.forEach((dependency, condition) -> {
                assertThat(condition).as("%s depends on %s until it is healthy", name, dependency)
                        .isEqualTo(Map.of("condition", "service_healthy"));
                assertThat(service(dependency)).as("%s has a health check", dependency).containsKey("healthcheck");
            });
        });
        for (Service sample : List.of(Service.ORDER_SAMPLE, Service.PAYMENT_SAMPLE, Service.OUTBOX_RELAY)) {
            assertThat(((Map<?, ?>) service(sample.deployName()).get("depends_on")).keySet().stream().map(String::valueOf).toList()).as(sample.deployName())
                    .contains(DATABASE_HOST, Service.PLATFORM.deployName());
        }
        assertThat(service(Service.OUTBOX_RELAY.deployName()).get("profiles")).as("the standalone relay is optional")
                .isEqualTo(List.of("relay"));
    }

    @Test
    void platformKeepsItsDataOnANamedVolumeAtItsDataDir() {
        Map<String, Object> platform = service(Service.PLATFORM.deployName());
        String dataDir = Service.PLATFORM.config(CHECKOUT)
                .withEnv(DockerfileTests.dockerfile(Service.PLATFORM).env(), environment(platform))
                .get("tributary.platform.data-dir").orElseThrow();
        List<?> volumes = (List<?>) platform.get("volumes");
        assertThat(volumes).hasSize(1);
        String[] mount = volumes.get(0).toString().split(":");
        assertThat(mount[1]).as("mounted at tributary.platform.data-dir").isEqualTo(dataDir);
        Map<String, Object> compose = new Yaml().load(CHECKOUT.read(COMPOSE));
        assertThat(((Map<?, ?>) compose.get("volumes")).keySet().stream().map(String::valueOf).toList()).as("a named volume").contains(mount[0]);
    }

    @Test
    void postgresCreatesTheSamplesDatabasesFromTheInitScript() {
        Map<String, Object> postgres = service(DATABASE_HOST);
        assertThat(databases()).containsExactlyInAnyOrder("orders", "payments");
        assertThat(((List<?>) postgres.get("volumes")).stream().map(String::valueOf).toList()).as("init script mounted")
                .contains("./postgres/create-databases.sql:/docker-entrypoint-initdb.d/create-databases.sql:ro");
        assertThat(postgres).containsKey("healthcheck");
    }

    @Test
    void standaloneRelayRoutesLikeOrderSamplesEmbeddedRelay() {
        Map<String, String> relayEnv = environment(service(Service.OUTBOX_RELAY.deployName()));
        Service.ORDER_SAMPLE.assumePresent(CHECKOUT);
        SpringConfig relay = Service.OUTBOX_RELAY.config(CHECKOUT).withEnv(DockerfileTests.dockerfile(Service.OUTBOX_RELAY).env(), relayEnv);
        SpringConfig order = Service.ORDER_SAMPLE.config(CHECKOUT)
                .withEnv(DockerfileTests.dockerfile(Service.ORDER_SAMPLE).env(), environment(service(Service.ORDER_SAMPLE.deployName())));
        ServiceEnvironment.assertRelayAgreesWithOrderSample(CHECKOUT, relay, order, COMPOSE);
    }
}
