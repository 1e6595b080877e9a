package io.tributary.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks shared by compose and Kubernetes on the environment a deployment gives a service: every variable binds to a
 * setting, datasource URLs name a database host and a database that the deployment creates, platform URLs point at
 * the deployed platform, nothing is left pointing at localhost, and the standalone relay routes like order-sample's
 * embedded one.
 */
final class ServiceEnvironment {

    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(\\w+).*");
    private static final Pattern CREATE_DATABASE = Pattern.compile("CREATE DATABASE (\\w+)", Pattern.CASE_INSENSITIVE);
    private static final List<String> SHARED_OUTBOX_SETTINGS =
            List.of("tributary.outbox.topic-prefix", "tributary.outbox.shards", "tributary.outbox.lock-key");

    private ServiceEnvironment() {
    }

    static Set<String> databasesCreatedBy(String sql) {
        Set<String> databases = new TreeSet<>();
        Matcher m = CREATE_DATABASE.matcher(sql);
        while (m.find()) {
            databases.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return databases;
    }

    /**
     * @param env            what the deployment sets (image ENV already merged in by the caller where it matters)
     * @param databaseHost   the host name the deployment gives PostgreSQL
     * @param databases      the databases the deployment creates
     * @param platformUrl    the platform's URL inside the deployment, e.g. {@code http://platform:8080}
     */
    static void check(Checkout checkout, Service service, SpringConfig effective, Map<String, String> env, String where,
            String databaseHost, Set<String> databases, String platformUrl) {
        env.forEach((variable, value) -> {
            if (value.startsWith("jdbc:")) {
                Matcher m = JDBC.matcher(value);
                assertThat(m.matches()).as("%s: %s=%s is a PostgreSQL JDBC URL", where, variable, value).isTrue();
                assertThat(m.group(1)).as("%s: %s host", where, variable).isEqualTo(databaseHost);
                assertThat(m.group(3)).as("%s: %s database is created by the deployment", where, variable).isIn(databases);
            }
            if (value.startsWith("http://") || value.startsWith("https://")) {
                assertThat(value).as("%s: %s points at the deployed platform", where, variable).isEqualTo(platformUrl);
            }
            assertThat(value).as("%s: %s does not point at localhost inside a container", where, variable)
                    .doesNotContain("localhost").doesNotContain("127.0.0.1");
        });
        if (!service.present(checkout)) {
            return; // the rest needs the module's configuration (skipped by the callers' assumptions too)
        }
        env.keySet().forEach(variable -> assertThat(effective.binds(variable))
                .as("%s: %s binds to a setting of %s (a typo would be ignored by Spring)", where, variable, service.module())
                .isTrue());
        effective.defaults().forEach((property, value) -> {
            if (String.valueOf(value).contains("localhost") || String.valueOf(value).contains("127.0.0.1")) {
                assertThat(effective.get(property).orElseThrow())
                        .as("%s: %s defaults to %s; the deployment must set it (e.g. %s)", where, property, value,
                                SpringConfig.envNames(property).get(1))
                        .doesNotContain("localhost").doesNotContain("127.0.0.1");
            }
        });
    }

    /**
     * The standalone relay and order-sample's embedded relay share one outbox's shards, so an aggregate's rows may be
     * published by either: topic routing, shard count and lock key must be equal, or events would change topic (or
     * partition order) depending on which instance owns the shard.
     */
    static void assertRelayAgreesWithOrderSample(Checkout checkout, SpringConfig relay, SpringConfig orderSample, String where) {
        Service.ORDER_SAMPLE.assumePresent(checkout);
        Set<String> settings = new LinkedHashSet<>(SHARED_OUTBOX_SETTINGS);
        for (SpringConfig config : List.of(relay, orderSample)) {
            config.defaults().keySet().stream().filter(k -> k.startsWith("tributary.outbox.topics.")).forEach(settings::add);
        }
        relay.environment().keySet().stream().filter(v -> v.startsWith("TRIBUTARY_OUTBOX_TOPICS_"))
                .map(v -> "tributary.outbox.topics." + v.substring("TRIBUTARY_OUTBOX_TOPICS_".length()).toLowerCase(Locale.ROOT))
                .forEach(settings::add);
        for (String setting : settings) {
            assertThat(relay.get(setting)).as("%s: the standalone relay's %s equals order-sample's", where, setting)
                    .isEqualTo(orderSample.get(setting));
        }
    }
}
