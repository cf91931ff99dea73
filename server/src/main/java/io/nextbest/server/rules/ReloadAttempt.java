package io.nextbest.server.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.scenario.ScenarioResult;

/**
 * One attempt to replace the serving rule set with what the rules directory holds now.
 *
 * @param at when it started
 * @param trigger what asked for it: {@code startup}, {@code file change} or
 * {@code admin api}
 * @param outcome what came of it
 * @param hash the content hash of the files it read
 * @param problems why it was rejected, failed scenarios included, or superseded: the
 * first 50 and how many more (empty otherwise)
 * @param failedScenarios the scenarios that failed, the first 50 (empty unless rejected
 * for them)
 * @param took how long reading, compiling and checking took (and, for a rule set that
 * serves, warming it up)
 */
public record ReloadAttempt(Instant at, String trigger, Outcome outcome, String hash, List<RuleDiagnostic> problems,
		List<ScenarioResult> failedScenarios, Duration took) {

	/** What came of a reload attempt. */
	public enum Outcome {

		/** The new rule set is valid and serves now. */
		APPLIED,

		/** The files are those of the serving rule set; nothing changed. */
		UNCHANGED,

		/** The new rule set is invalid; the previous one keeps serving. */
		REJECTED,

		/**
		 * The files changed again while they compiled: the compile was cancelled, the
		 * previous rule set keeps serving, and the newer files reload next.
		 */
		SUPERSEDED

	}

}
