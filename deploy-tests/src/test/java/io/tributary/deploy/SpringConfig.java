package io.tributary.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * A service's Spring configuration as a deployment sees it: the defaults of its config files (flattened to
 * {@code a.b-c} keys) overlaid by environment variables, bound the way Spring Boot's relaxed binding binds them
 * ({@code TRIBUTARY_PLATFORM_DATA_DIR} and {@code TRIBUTARY_PLATFORM_DATADIR} both set
 * {@code tributary.platform.data-dir}).
 */
final class SpringConfig {

    /** Standard Spring Boot settings a deployment may set although a service's config file does not mention them. */
    private static final Set<String> SPRING_BOOT_SETTINGS = Set.of(
            "server.port", "server.shutdown", "spring.profiles.active", "spring.datasource.url",
            "spring.datasource.username", "spring.datasource.password", "management.server.port",
            "management.endpoint.health.probes.enabled", "management.endpoints.web.exposure.include",
            "spring.threads.virtual.enabled");
    /** JVM variables, not Spring settings. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private final Map<String, Object> defaults;
    private final Map<String, String> env;

    private SpringConfig(Map<String, Object> defaults, Map<String, String> env) {
        this.defaults = defaults;
        this.env = env;
    }

    /** Reads {@code .yml}/{@code .yaml} and {@code .properties} files, later files overriding earlier ones. */
    static SpringConfig read(Checkout checkout, List<String> files) {
        Map<String, Object> flat = new LinkedHashMap<>();
        for (String file : files) {
            String text = checkout.read(file);
            if (file.endsWith(".properties")) {
                Properties properties = new Properties();
                try {
                    properties.load(new StringReader(text));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                properties.forEach((k, v) -> flat.put(k.toString(), v));
            } else {
                for (Object document : new Yaml().loadAll(text)) {
                    if (document instanceof Map<?, ?> map) {
                        flatten("", map, flat);
                    }
                }
            }
        }
        return new SpringConfig(flat, Map.of());
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
        if (map.isEmpty() && !prefix.isEmpty()) {
            into.put(prefix.substring(0, prefix.length() - 1), Map.of());
        }
        map.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, into);
            } else {
                into.put(key, v);
            }
        });
    }

    /** This configuration plus the defaults of {@code library} under {@code prefix} that it does not set itself. */
    SpringConfig withLibraryDefaults(SpringConfig library, String prefix) {
        Map<String, Object> merged = new LinkedHashMap<>();
        library.defaults.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                merged.put(k, v);
            }
        });
        merged.putAll(defaults);
        return new SpringConfig(merged, env);
    }

    /** This configuration with environment variables on top (later maps win). */
    @SafeVarargs
    final SpringConfig withEnv(Map<String, String>... environments) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        for (Map<String, String> e : environments) {
            merged.putAll(e);
        }
        return new SpringConfig(defaults, merged);
    }

    Map<String, String> environment() {
        return env;
    }

    Map<String, Object> defaults() {
        return defaults;
    }

    /**
     * The effective value of a property: an environment variable that binds to it, else the file default with its
     * {@code ${name:default}} placeholders resolved (a name is an environment variable or another property).
     */
    Optional<String> get(String property) {
        for (String name : envNames(property)) {
            if (env.containsKey(name)) {
                return Optional.of(env.get(name));
            }
        }
        return Optional.ofNullable(defaults.get(property)).map(v -> resolve(String.valueOf(v)));
    }

    private String resolve(String value) {
        int start = value.indexOf("${");
        if (start < 0) {
            return value;
        }
        int depth = 0;
        int end = start;
        for (int i = start; i < value.length(); i++) {
            if (value.startsWith("${", i)) {
                depth++;
                i++;
            } else if (value.charAt(i) == '}' && --depth == 0) {
                end = i;
                break;
            }
        }
        String inner = value.substring(start + 2, end);
        int colon = inner.indexOf(':');
        String name = colon < 0 ? inner : inner.substring(0, colon);
        String resolved = env.containsKey(name) ? env.get(name)
                : get(name).orElseGet(() -> colon < 0 ? "${" + inner + "}" : resolve(inner.substring(colon + 1)));
        return value.substring(0, start) + resolved + resolve(value.substring(end + 1));
    }

    /** Names the config files' placeholders look up ({@code ${TRIBUTARY_PLATFORM_URL:...}}). */
    private Set<String> placeholderNames() {
        Set<String> names = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^:}$]+)").matcher(defaults.values().toString());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    int port() {
        return get("server.port").map(Integer::parseInt).orElse(8080);
    }

    /** The port actuator endpoints are served on. */
    int managementPort() {
        return get("management.server.port").map(Integer::parseInt).orElse(port());
    }

    boolean probesEnabled() {
        return get("management.endpoint.health.probes.enabled").map(Boolean::parseBoolean).orElse(false);
    }

    boolean exposesOverWeb(String endpoint) {
        String include = get("management.endpoints.web.exposure.include").orElse("health");
        return List.of(include.split("\\s*,\\s*")).stream().anyMatch(e -> e.equals("*") || e.equals(endpoint));
    }

    /**
     * Whether an environment variable binds to anything this service knows: a property of its config files (or
     * below a map-valued one, as {@code TRIBUTARY_OUTBOX_TOPICS_ORDER} below {@code tributary.outbox.topics}), a
     * standard Spring Boot setting, or a JVM variable. A variable that binds to nothing is a typo that Spring ignores.
     */
    boolean binds(String variable) {
        if (JVM_VARIABLES.contains(variable) || variable.startsWith("LOGGING_LEVEL_") || placeholderNames().contains(variable)) {
            return true;
        }
        for (String property : defaults.keySet()) {
            boolean isMap = defaults.get(property) instanceof Map<?, ?>;
            for (String name : envNames(property)) {
                if (variable.equals(name) || (isMap && variable.startsWith(name + "_"))) {
                    return true;
                }
            }
        }
        return SPRING_BOOT_SETTINGS.stream().anyMatch(p -> envNames(p).contains(variable));
    }

    /** The environment variable names Spring Boot binds to a property: dashes removed, or (legacy) as underscores. */
    static List<String> envNames(String property) {
        String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
        return List.of(upper.replace("-", ""), upper.replace('-', '_'));
    }
}
