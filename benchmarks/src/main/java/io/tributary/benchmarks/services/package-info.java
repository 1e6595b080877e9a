/**
 * The rest of the system as the relay and saga benchmarks run it: services from their executable jars in
 * child processes ({@link io.tributary.benchmarks.services.ServiceProcess}), each on a fresh PostgreSQL database
 * ({@link io.tributary.benchmarks.services.PostgresDatabase}), and open-loop pacing of work that is not one HTTP
 * request ({@link io.tributary.benchmarks.services.FixedRate}).
 */
@NullMarked
package io.tributary.benchmarks.services;

import org.jspecify.annotations.NullMarked;
