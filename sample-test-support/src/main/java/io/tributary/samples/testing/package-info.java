/**
 * Test fixtures shared by the sample services' tests: the platform in-process, a throwaway PostgreSQL
 * database per suite, and a small HTTP client. Test code only; the samples depend on it in test scope.
 */
@NullMarked
package io.tributary.samples.testing;

import org.jspecify.annotations.NullMarked;
