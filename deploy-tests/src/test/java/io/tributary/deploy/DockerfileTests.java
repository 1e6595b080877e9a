package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** deploy/docker/*.Dockerfile against the root pom's JVM flags and each service's real configuration. */
class DockerfileTests {

    private static final Checkout CHECKOUT = Checkout.ROOT;
    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    private static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
    /**
     * Images that start from a JDK AOT cache made by a training run at build time, and so run the application jar
     * with its libraries on the class path (the cache cannot hold classes of JarLauncher's class loader). Only
     * services that can start without a database to train against.
     */
    private static final Set<Service> AOT_CACHED = EnumSet.of(Service.PLATFORM);

    static Dockerfile dockerfile(Service service) {
        assertThat(CHECKOUT.exists(service.dockerfile())).as(service.dockerfile()).isTrue();
        return Dockerfile.parse(CHECKOUT.read(service.dockerfile()));
    }

    /** The JVM options of the ENTRYPOINT that Chronicle Queue needs (module-system opens/exports and its properties). */
    static List<String> chronicleFlags(List<String> jvmOptions) {
        return jvmOptions.stream()
                .filter(o -> o.startsWith("--add-") || o.startsWith("--enable-native-access") || o.startsWith("--sun-misc-")
                        || o.startsWith("-Dchronicle."))
                .toList();
    }

    /** The JVM options of a {@code java} command: what comes before the main class or {@code -jar <jar>}. */
    static List<String> jvmOptions(List<String> command) {
        int jar = command.indexOf("-jar");
        return command.subList(1, jar >= 0 ? jar : command.size() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void entrypointCarriesExactlyTheRootPomsChronicleFlags(Service service) {
        Dockerfile dockerfile = dockerfile(service);
        List<String> entrypoint = dockerfile.entrypoint();
        assertThat(entrypoint.get(0)).as("ENTRYPOINT runs java").isEqualTo("java");
        if (AOT_CACHED.contains(service)) {
            assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size())).as("ENTRYPOINT runs the application jar")
                    .containsExactly("-jar", service.module() + ".jar");
        } else {
            assertThat(entrypoint.get(entrypoint.size() - 1)).as("ENTRYPOINT main class (layered jar)").isEqualTo(LAUNCHER);
        }
        List<String> jvmOptions = jvmOptions(entrypoint);

        int runtimeJdk = Dockerfile.temurin(dockerfile.stages().get(dockerfile.stages().size() - 1).image())
                .orElseThrow(() -> new AssertionError("runtime image is not eclipse-temurin"))[0];
        List<String> expected = new ArrayList<>(CHECKOUT.flags(CHECKOUT.property("chronicle.jvm.args")));
        List<String> modern = CHECKOUT.flags(CHECKOUT.profileProperty("jdk24+", "chronicle.jvm.args.modern"));
        assertThat(expected).as("root pom chronicle.jvm.args").isNotEmpty();
        assertThat(modern).as("root pom chronicle.jvm.args.modern (profile jdk24+)").isNotEmpty();
        if (runtimeJdk >= 24) {
            expected.addAll(modern); // JDK 17 would refuse --sun-misc-unsafe-memory-access: only on 24+
        }
        assertThat(chronicleFlags(jvmOptions))
                .as("%s ENTRYPOINT flags = root pom chronicle.jvm.args%s (runtime JDK %d)", service.dockerfile(),
                        runtimeJdk >= 24 ? " + chronicle.jvm.args.modern" : "", runtimeJdk)
                .containsExactlyElementsOf(expected);
        assertThat(jvmOptions).as("container-aware heap").contains("-XX:MaxRAMPercentage=75");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void buildsTheModulesExecJarWithTheWrapperAndRunsItsLayersOnAJre(Service service) {
        Dockerfile dockerfile = dockerfile(service);
        List<Dockerfile.Stage> stages = dockerfile.stages();
        assertThat(stages).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
        int[] build = Dockerfile.temurin(stages.get(0).image()).orElseThrow();
        int[] run = Dockerfile.temurin(stages.get(stages.size() - 1).image()).orElseThrow();
        assertThat(build[1]).as("build stage is a JDK image").isZero();
        assertThat(run[1]).as("runtime stage is a JRE image").isOne();
        assertThat(build[0]).as("build and runtime use the same Java release").isEqualTo(run[0]);
        assertThat(build[0]).as("Java release at least the project's baseline")
                .isGreaterThanOrEqualTo(Integer.parseInt(CHECKOUT.property("java.version")));

        String buildStage = stages.get(0).name();
        String run0 = dockerfile.all("RUN").get(0).arguments();
        assertThat(run0).as("builds with the Maven wrapper, only the module and what it needs")
                .contains("./mvnw").contains("-pl " + service.module() + " -am").contains("package");
        assertThat(run0).as("extracts the module's exec jar into layers")
                .contains("-Djarmode=tools -jar " + service.module() + "/target/" + service.module() + "-*-exec.jar")
                .contains("extract --layers");
        if (AOT_CACHED.contains(service)) {
            assertThat(run0).as("extracts the application jar for the class path, without the launcher")
                    .doesNotContain("--launcher").contains("--application-filename " + service.module() + ".jar");
        } else {
            assertThat(run0).as("extracts the launcher").contains("extract --layers --launcher");
        }
        List<String> copiedLayers = dockerfile.runtimeStage().stream()
                .filter(i -> i.keyword().equals("COPY") && i.arguments().startsWith("--from=" + buildStage + " "))
                .map(i -> i.arguments().split("\\s+")[1].replaceAll(".*/layers/([^/]+)/?$", "$1"))
                .toList();
        assertThat(copiedLayers).as("copies the layers, least changing first").containsExactlyElementsOf(LAYERS);
        service.assumePresent(CHECKOUT);
        assertThat(CHECKOUT.read("pom.xml")).as("the root pom builds the module").contains("<module>" + service.module() + "</module>");
    }

    @Test
    void platformImageStartsFromAnAotCacheTrainedWithTheEntrypointsOptions() {
        Dockerfile dockerfile = dockerfile(Service.PLATFORM);
        List<String> entrypoint = dockerfile.entrypoint();
        List<String> started = new ArrayList<>(jvmOptions(entrypoint));
        String cacheOption = started.stream().filter(o -> o.startsWith("-XX:AOTCache=")).findFirst()
                .orElseThrow(() -> new AssertionError("ENTRYPOINT has no -XX:AOTCache="));
        started.remove(cacheOption);
        String cache = cacheOption.substring("-XX:AOTCache=".length());

        List<String> training = dockerfile.runtimeStage().stream()
                .filter(i -> i.keyword().equals("RUN") && i.arguments().contains("-XX:AOTCacheOutput="))
                .map(i -> List.of(i.arguments().split("&&")[0].strip().split("\\s+")))
                .findFirst().orElseThrow(() -> new AssertionError("the runtime stage has no training RUN with -XX:AOTCacheOutput="));
        assertThat(training.get(0)).as("the training runs the runtime image's java").isEqualTo("java");
        List<String> trained = new ArrayList<>(jvmOptions(training));
        assertThat(trained).as("the training writes the cache the ENTRYPOINT reads and stops once the context is refreshed")
                .contains("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh");
        trained.removeAll(List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh"));
        assertThat(trained).as("training JVM options = ENTRYPOINT JVM options (the JVM ignores a cache made with other options)")
                .containsExactlyElementsOf(started);
        int jar = training.indexOf("-jar");
        assertThat(training.get(jar + 1)).as("the training runs the ENTRYPOINT's jar").isEqualTo(entrypoint.get(entrypoint.size() - 1));
        assertThat(training.subList(jar + 2, training.size())).as("the training opens a throw-away data directory on a free port")
                .anyMatch(a -> a.startsWith("--tributary.platform.data-dir=/tmp/")).contains("--server.port=0");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void runsAsANonRootUser(Service service) {
        String user = dockerfile(service).user().orElseThrow(() -> new AssertionError(service.dockerfile() + " has no USER"));
        String uid = user.split(":")[0];
        assertThat(uid).as("USER").isNotIn("root", "0");
        assertThat(uid).as("numeric uid, so Kubernetes runAsNonRoot can verify it").matches("\\d+");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void exposesAndHealthChecksThePortAndPathTheServiceServes(Service service) {
        Dockerfile dockerfile = dockerfile(service);
        List<String> check = dockerfile.healthcheck();
        assertThat(check).as("HEALTHCHECK CMD healthcheck PORT PATH").hasSize(3).startsWith("healthcheck");
        int port = Integer.parseInt(check.get(1));
        assertThat(dockerfile.exposedPorts()).as("EXPOSE").containsExactly(port);
        assertThat(dockerfile.runtimeStage()).as("the health probe is in the image")
                .anyMatch(i -> i.keyword().equals("COPY") && i.arguments().endsWith("deploy/docker/healthcheck.sh /usr/local/bin/healthcheck"));

        service.assumePresent(CHECKOUT);
        SpringConfig effective = service.config(CHECKOUT).withEnv(dockerfile.env());
        assertThat(effective.port()).as("server.port in the image").isEqualTo(port);
        service.assertServes(CHECKOUT, effective, port, check.get(2), service.dockerfile() + " HEALTHCHECK");
        dockerfile.env().keySet().forEach(variable ->
                assertThat(effective.binds(variable)).as("%s ENV %s binds to a setting of %s", service.dockerfile(), variable, service.module()).isTrue());
    }

    @Test
    void platformImageKeepsItsDataOnAVolumeAtTheConfiguredDataDir() {
        Dockerfile dockerfile = dockerfile(Service.PLATFORM);
        String dataDir = Service.PLATFORM.config(CHECKOUT).withEnv(dockerfile.env()).get("tributary.platform.data-dir").orElseThrow();
        assertThat(dataDir).as("data dir in the image is absolute").startsWith("/");
        assertThat(dockerfile.volumes()).as("VOLUME").containsExactly(dataDir);
        assertThat(dockerfile.runtimeStage()).as("the data dir belongs to the service user")
                .anyMatch(i -> i.keyword().equals("RUN") && i.arguments().contains("mkdir -p " + dataDir) && i.arguments().contains("chown"));
        Stream.of(Service.OUTBOX_RELAY, Service.ORDER_SAMPLE, Service.PAYMENT_SAMPLE).forEach(stateless ->
                assertThat(dockerfile(stateless).volumes()).as("%s keeps no state on disk", stateless.module()).isEmpty());
    }

    @Test
    void standaloneRelayDoesNotTakeOrderSamplesPort() {
        int relay = Integer.parseInt(dockerfile(Service.OUTBOX_RELAY).healthcheck().get(1));
        int order = Integer.parseInt(dockerfile(Service.ORDER_SAMPLE).healthcheck().get(1));
        assertThat(relay).isNotEqualTo(order);
        // Its own default (8081) is order-sample's port: the image must move it.
        assertThat(Service.OUTBOX_RELAY.config(CHECKOUT).withEnv(dockerfile(Service.OUTBOX_RELAY).env()).port()).isEqualTo(relay);
    }

    @Test
    void everyFileTheDockerfilesCopyFromTheContextExistsAndTheContextSkipsBuildOutput() {
        for (Service service : Service.values()) {
            dockerfile(service).all("COPY").stream()
                    .filter(i -> !i.arguments().startsWith("--from="))
                    .map(i -> i.arguments().replaceAll("--chmod=\\S+\\s+", "").split("\\s+"))
                    .forEach(args -> {
                        for (int k = 0; k < args.length - 1; k++) {
                            assertThat(CHECKOUT.exists(args[k])).as("%s COPY source %s", service.dockerfile(), args[k]).isTrue();
                        }
                    });
        }
        assertThat(CHECKOUT.read(".dockerignore").lines().map(String::strip))
                .as(".dockerignore (the build context is the repository root)").contains(".git", "**/target");
    }
}
