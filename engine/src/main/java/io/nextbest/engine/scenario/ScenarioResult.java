package io.nextbest.engine.scenario;

import java.util.List;

/**
 * The result of running one scenario.
 *
 * @param file the scenario file
 * @param line the line the scenario starts on
 * @param name the scenario's name
 * @param failures what differed from the expectation, one sentence each (empty when it
 * passed)
 * @param got what each requested channel got, for example {@code email: suppressed
 * open-service-case}
 * @param firedRules the rules that fired, in order
 */
public record ScenarioResult(String file, int line, String name, List<String> failures, List<String> got,
		List<String> firedRules) {

	/**
	 * @return true when the rules did what the scenario expects
	 */
	public boolean passed() {
		return this.failures.isEmpty();
	}

}
