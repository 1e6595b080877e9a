package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/k8s read into the official fabric8 model classes: each document becomes the class registered for its
 * apiVersion and kind (an unknown kind fails), and a field the model does not know (a typo such as
 * {@code readinesProbe}, which the API server would reject or drop) fails too.
 */
final class KubernetesManifests {

    static final String DIR = "deploy/k8s";
    static final String KUSTOMIZATION = DIR + "/kustomization.yaml";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** One object and the file it came from. */
    record Manifest(String file, HasMetadata object) {
    }

    private final List<Manifest> manifests;

    private KubernetesManifests(List<Manifest> manifests) {
        this.manifests = manifests;
    }

    static KubernetesManifests read(Checkout checkout) {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : checkout.files(DIR, ".yaml", ".yml")) {
            String relative = checkout.relative(file);
            if (relative.equals(KUSTOMIZATION)) {
                continue;
            }
            for (Object document : new Yaml().loadAll(checkout.read(relative))) {
                if (document == null) {
                    continue;
                }
                Map<?, ?> map = (Map<?, ?>) document;
                String apiVersion = String.valueOf(map.get("apiVersion"));
                String kind = String.valueOf(map.get("kind"));
                Class<? extends KubernetesResource> type = SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
                assertThat(type).as("%s: %s/%s is a Kubernetes kind the model knows", relative, apiVersion, kind).isNotNull();
                KubernetesResource object = SERIALIZATION.convertValue(document, type);
                assertThat(object).as("%s: %s", relative, kind).isInstanceOf(HasMetadata.class).isNotInstanceOf(GenericKubernetesResource.class);
                List<String> unknown = new ArrayList<>();
                unknownFields(object, kind, unknown);
                assertThat(unknown).as("%s: fields the Kubernetes model does not know", relative).isEmpty();
                manifests.add(new Manifest(relative, (HasMetadata) object));
            }
        }
        return new KubernetesManifests(manifests);
    }

    /** Collects the paths of fields that ended in a model object's {@code additionalProperties}. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object field = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        extra.keySet().forEach(k -> unknown.add(path + "." + k));
                    }
                } else {
                    unknownFields(field, path + "." + decapitalize(getter.getName().substring(3)), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    List<Manifest> all() {
        return manifests;
    }

    <T extends HasMetadata> List<T> of(Class<T> type) {
        return manifests.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return of(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /** Pod templates of Deployments and StatefulSets, by workload name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        of(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        of(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        return templates;
    }

    /**
     * The environment a container gets, as far as the manifests say: ConfigMaps from {@code envFrom}, literal
     * {@code env} values, and {@code <secret name/key>} for values from Secrets (which must exist with that key).
     */
    Map<String, String> environment(Container container, String where) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            assertThat(source.getConfigMapRef()).as("%s: envFrom uses ConfigMaps", where).isNotNull();
            String name = source.getConfigMapRef().getName();
            ConfigMap configMap = named(ConfigMap.class, name)
                    .orElseThrow(() -> new AssertionError(where + ": envFrom ConfigMap " + name + " is not in " + DIR));
            env.putAll(configMap.getData());
        }
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValueFrom() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                assertThat(ref).as("%s: %s comes from a Secret", where, variable.getName()).isNotNull();
                Secret secret = named(Secret.class, ref.getName())
                        .orElseThrow(() -> new AssertionError(where + ": Secret " + ref.getName() + " is not in " + DIR));
                Map<String, String> keys = new LinkedHashMap<>();
                if (secret.getData() != null) keys.putAll(secret.getData());
                if (secret.getStringData() != null) keys.putAll(secret.getStringData());
                assertThat(keys).as("%s: Secret %s has key %s", where, ref.getName(), ref.getKey()).containsKey(ref.getKey());
                env.put(variable.getName(), "<secret " + ref.getName() + "/" + ref.getKey() + ">");
            } else {
                env.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
            }
        }
        return env;
    }
}
