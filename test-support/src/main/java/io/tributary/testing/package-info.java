/**
 * Test fixtures shared by the tests of platform-client, outbox-relay and the sample services: the real platform
 * in-process, a throwaway PostgreSQL database per suite, and a small HTTP client. Test code only; every module
 * depends on it in test scope.
 */
@NullMarked
package io.tributary.testing;

import org.jspecify.annotations.NullMarked;
