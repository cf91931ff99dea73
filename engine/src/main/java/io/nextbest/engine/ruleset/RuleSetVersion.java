package io.nextbest.engine.ruleset;

import java.time.Instant;

/**
 * Identifies a rule set: a content hash of its files, and when it was loaded.
 *
 * @param hash the first 12 hex digits of a SHA-256 over the files' paths and contents
 * @param loadedAt when the rule set was loaded
 */
public record RuleSetVersion(String hash, Instant loadedAt) {
}
