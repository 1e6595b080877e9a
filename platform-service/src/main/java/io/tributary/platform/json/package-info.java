/**
 * JSON text as bytes, shared by the features that take and give JSON values without building trees:
 * {@link io.tributary.platform.json.JsonSyntax} checks (and scans) values in one pass. No Spring, no HTTP.
 */
@NullMarked
package io.tributary.platform.json;

import org.jspecify.annotations.NullMarked;
