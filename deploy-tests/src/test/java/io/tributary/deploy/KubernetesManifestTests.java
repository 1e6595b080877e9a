package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.yaml.snakeyaml.Yaml;

/** deploy/k8s: every object in the official model, wired together, probing what each service really serves. */
class KubernetesManifestTests {

    private static final Checkout CHECKOUT = Checkout.ROOT;
    private static final String DATABASE_HOST = "postgres";
    private static KubernetesManifests manifests;

    @BeforeAll
    static void readManifests() {
        manifests = KubernetesManifests.read(CHECKOUT);
    }

    private static Map<String, Object> kustomization() {
        return new Yaml().load(CHECKOUT.read(KubernetesManifests.KUSTOMIZATION));
    }

    private static PodTemplateSpec template(Service service) {
        PodTemplateSpec template = manifests.podTemplates().get(service.deployName());
        assertThat(template).as("a Deployment or StatefulSet named %s", service.deployName()).isNotNull();
        return template;
    }

    private static Container container(Service service) {
        List<Container> containers = template(service).getSpec().getContainers();
        assertThat(containers).as("%s: one container", service.deployName()).hasSize(1);
        Container container = containers.get(0);
        assertThat(container.getName()).isEqualTo(service.deployName());
        return container;
    }

    private static int containerPort(Container container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return container.getPorts().stream().filter(p -> port.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port));
    }

    private static SpringConfig effective(Service service, Container container) {
        return service.config(CHECKOUT).withEnv(DockerfileTests.dockerfile(service).env(),
                manifests.environment(container, service.deployName()));
    }

    private static Set<String> databases() {
        ConfigMap init = manifests.named(ConfigMap.class, "postgres-init").orElseThrow();
        return ServiceEnvironment.databasesCreatedBy(String.join("\n", init.getData().values()));
    }

    @Test
    void everyManifestIsInTheKustomizationAndEveryObjectHasANameAndTheNamespaceExists() {
        Map<String, Object> kustomization = kustomization();
        Set<String> files = new TreeSet<>();
        for (Path file : CHECKOUT.files(KubernetesManifests.DIR, ".yaml", ".yml")) {
            files.add(CHECKOUT.path(KubernetesManifests.DIR).relativize(file).toString());
        }
        files.remove("kustomization.yaml");
        assertThat(((List<?>) kustomization.get("resources")).stream().map(String::valueOf).toList()).as("kustomization resources = the manifest files")
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(manifests.all()).isNotEmpty().allSatisfy(m ->
                assertThat(m.object().getMetadata().getName()).as("%s: metadata.name", m.file()).isNotBlank());
        String namespace = (String) kustomization.get("namespace");
        assertThat(manifests.of(Namespace.class)).extracting(n -> n.getMetadata().getName()).containsExactly(namespace);
    }

    @Test
    void kustomizationPinsEveryImageToTheProjectVersion() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> images = (List<Map<String, Object>>) kustomization().get("images");
        Map<String, Object> tags = images.stream().collect(Collectors.toMap(i -> (String) i.get("name"), i -> i.get("newTag")));
        for (Service service : Service.values()) {
            assertThat(tags).as("kustomization images").containsEntry(service.image(), CHECKOUT.version());
            assertThat(container(service).getImage()).isEqualTo(service.image() + ":" + CHECKOUT.version());
        }
    }

    @Test
    void workloadSelectorsMatchTheirPodsAndServicesAndBudgetsSelectAWorkload() {
        Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
        manifests.podTemplates().forEach((name, template) -> podLabels.put(name, template.getMetadata().getLabels()));
        manifests.of(Deployment.class).forEach(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .as("Deployment %s selector", d.getMetadata().getName()).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels()));
        manifests.of(StatefulSet.class).forEach(s -> assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
                .as("StatefulSet %s selector", s.getMetadata().getName()).containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels()));

        for (io.fabric8.kubernetes.api.model.Service service : manifests.of(io.fabric8.kubernetes.api.model.Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<String> selected = podLabels.entrySet().stream()
                    .filter(e -> e.getValue().entrySet().containsAll(selector.entrySet())).map(Map.Entry::getKey).toList();
            assertThat(selected).as("Service %s selects one workload", service.getMetadata().getName()).hasSize(1);
            Container container = manifests.podTemplates().get(selected.get(0)).getSpec().getContainers().get(0);
            service.getSpec().getPorts().forEach(port -> {
                Object target = port.getTargetPort().getIntVal() != null ? port.getTargetPort().getIntVal() : port.getTargetPort().getStrVal();
                assertThat(containerPort(container, target)).as("Service %s port %s reaches the container port", service.getMetadata().getName(), port.getName())
                        .isEqualTo(port.getPort());
            });
        }
        for (StatefulSet set : manifests.of(StatefulSet.class)) {
            var governing = manifests.named(io.fabric8.kubernetes.api.model.Service.class, set.getSpec().getServiceName())
                    .orElseThrow(() -> new AssertionError("StatefulSet " + set.getMetadata().getName() + ": no Service " + set.getSpec().getServiceName()));
            assertThat(governing.getSpec().getClusterIP()).as("governing Service of %s is headless or the one Service", set.getMetadata().getName())
                    .satisfiesAnyOf(ip -> assertThat(ip).isEqualTo("None"), ip -> assertThat(set.getMetadata().getName()).isEqualTo("postgres"));
        }
        for (PodDisruptionBudget budget : manifests.of(PodDisruptionBudget.class)) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            List<Deployment> selected = manifests.of(Deployment.class).stream()
                    .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selected).as("PodDisruptionBudget %s selects one Deployment", budget.getMetadata().getName()).hasSize(1);
            assertThat(budget.getSpec().getMinAvailable().getIntVal())
                    .as("PodDisruptionBudget %s leaves room to drain a node", budget.getMetadata().getName())
                    .isLessThan(selected.get(0).getSpec().getReplicas());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void everyServiceHasProbesResourcesAndTheImagesNonRootUser(Service service) {
        Container container = container(service);
        ResourceRequirements resources = container.getResources();
        for (String resource : List.of("cpu", "memory")) {
            assertThat(resources.getRequests()).as("%s requests", service.deployName()).containsKey(resource);
            assertThat(resources.getLimits()).as("%s limits", service.deployName()).containsKey(resource);
            assertThat(Quantity.getAmountInBytes(resources.getLimits().get(resource)))
                    .as("%s %s limit >= request", service.deployName(), resource)
                    .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(resources.getRequests().get(resource)));
        }
        assertThat(container.getLivenessProbe()).as("%s liveness probe", service.deployName()).isNotNull();
        assertThat(container.getReadinessProbe()).as("%s readiness probe", service.deployName()).isNotNull();
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).as("liveness does not depend on readiness")
                .isNotEqualTo(container.getReadinessProbe().getHttpGet().getPath());

        int imagePort = DockerfileTests.dockerfile(service).exposedPorts().get(0);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(imagePort);
        String uid = DockerfileTests.dockerfile(service).user().orElseThrow().split(":")[0];
        PodSpec pod = template(service).getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("the image's USER").isEqualTo(Long.parseLong(uid));
        if (Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem())) {
            assertThat(container.getVolumeMounts()).as("%s: a writable /tmp (Tomcat's work directory)", service.deployName())
                    .anyMatch(m -> m.getMountPath().equals("/tmp"));
        }
        for (var mount : container.getVolumeMounts()) {
            boolean declared = pod.getVolumes().stream().map(Volume::getName).anyMatch(mount.getName()::equals)
                    || manifests.of(StatefulSet.class).stream()
                            .filter(s -> s.getMetadata().getName().equals(service.deployName()))
                            .flatMap(s -> s.getSpec().getVolumeClaimTemplates().stream())
                            .anyMatch(t -> t.getMetadata().getName().equals(mount.getName()));
            assertThat(declared).as("%s: volume %s is declared", service.deployName(), mount.getName()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void probesAndScrapeAnnotationsPointAtWhatTheServiceServes(Service service) {
        Container container = container(service);
        service.assumePresent(CHECKOUT);
        SpringConfig effective = effective(service, container);
        assertThat(container.getPorts().get(0).getContainerPort()).as("containerPort = server.port").isEqualTo(effective.port());
        for (Probe probe : java.util.stream.Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .filter(java.util.Objects::nonNull).toList()) {
            HTTPGetAction get = probe.getHttpGet();
            assertThat(get).as("%s: HTTP probes", service.deployName()).isNotNull();
            Object port = get.getPort().getIntVal() != null ? get.getPort().getIntVal() : get.getPort().getStrVal();
            service.assertServes(CHECKOUT, effective, containerPort(container, port), get.getPath(),
                    KubernetesManifests.DIR + " " + service.deployName() + " probe");
        }
        Map<String, String> annotations = template(service).getMetadata().getAnnotations();
        if (annotations != null && "true".equals(annotations.get("prometheus.io/scrape"))) {
            service.assertServes(CHECKOUT, effective, Integer.parseInt(annotations.get("prometheus.io/port")),
                    annotations.get("prometheus.io/path"), KubernetesManifests.DIR + " " + service.deployName() + " scrape annotations");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Service.class)
    void wiresEachServiceToTheClusterDatabaseAndPlatform(Service service) {
        Container container = container(service);
        Map<String, String> env = manifests.environment(container, service.deployName());
        var platformService = manifests.named(io.fabric8.kubernetes.api.model.Service.class, Service.PLATFORM.deployName()).orElseThrow();
        String platformUrl = "http://" + platformService.getMetadata().getName() + ":" + platformService.getSpec().getPorts().get(0).getPort();
        assertThat(manifests.named(io.fabric8.kubernetes.api.model.Service.class, DATABASE_HOST)).as("a Service named %s", DATABASE_HOST).isPresent();
        SpringConfig effective = service.present(CHECKOUT) ? effective(service, container) : null;
        ServiceEnvironment.check(CHECKOUT, service, effective, env, KubernetesManifests.DIR + " " + service.deployName(),
                DATABASE_HOST, databases(), platformUrl);
        if (service != Service.PLATFORM) {
            assertThat(env).containsKeys("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                    "TRIBUTARY_OUTBOX_PLATFORM_URL");
        }
    }

    @Test
    void platformIsOneStatefulReplicaWithItsDataOnAVolumeClaim() {
        StatefulSet platform = manifests.named(StatefulSet.class, Service.PLATFORM.deployName())
                .orElseThrow(() -> new AssertionError("the platform runs as a StatefulSet"));
        assertThat(platform.getSpec().getReplicas()).as("single-node platform").isOne();
        Container container = container(Service.PLATFORM);
        String dataDir = effective(Service.PLATFORM, container).get("tributary.platform.data-dir").orElseThrow();
        var claims = platform.getSpec().getVolumeClaimTemplates();
        assertThat(claims).hasSize(1);
        assertThat(container.getVolumeMounts()).as("the claim is mounted at tributary.platform.data-dir")
                .anyMatch(m -> m.getName().equals(claims.get(0).getMetadata().getName()) && m.getMountPath().equals(dataDir));
        assertThat(platform.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup())
                .as("fsGroup makes the volume writable for the non-root user").isNotNull();
        for (Service stateless : List.of(Service.ORDER_SAMPLE, Service.PAYMENT_SAMPLE, Service.OUTBOX_RELAY)) {
            assertThat(manifests.named(Deployment.class, stateless.deployName())).as("%s is a Deployment", stateless.deployName()).isPresent();
            Map<String, String> labels = template(stateless).getMetadata().getLabels();
            assertThat(manifests.of(PodDisruptionBudget.class)).as("%s has a PodDisruptionBudget", stateless.deployName())
                    .anyMatch(b -> labels.entrySet().containsAll(b.getSpec().getSelector().getMatchLabels().entrySet()));
        }
    }

    @Test
    void clusterAndComposeCreateTheSameDatabases() {
        assertThat(databases()).isEqualTo(ServiceEnvironment.databasesCreatedBy(CHECKOUT.read("deploy/postgres/create-databases.sql")));
    }

    @Test
    void standaloneRelayRoutesLikeOrderSamplesEmbeddedRelay() {
        Container relayContainer = container(Service.OUTBOX_RELAY);
        Service.ORDER_SAMPLE.assumePresent(CHECKOUT);
        ServiceEnvironment.assertRelayAgreesWithOrderSample(CHECKOUT, effective(Service.OUTBOX_RELAY, relayContainer),
                effective(Service.ORDER_SAMPLE, container(Service.ORDER_SAMPLE)), KubernetesManifests.DIR);
    }
}
