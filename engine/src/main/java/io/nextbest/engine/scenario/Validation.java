package io.nextbest.engine.scenario;

import java.util.List;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.Problems;
import io.nextbest.engine.ruleset.RuleSet;

/**
 * The outcome of building and checking a rule set: the rule set when it compiled, every
 * problem found, and the scenarios' results. Only a valid rule set may serve.
 *
 * @param hash the content hash of the files
 * @param ruleSet the compiled rule set, or null when it did not compile
 * @param diagnostics every problem in the files (syntax, compile errors, unknown actions,
 * bad catalogue entries, bad scenario files)
 * @param scenarios the result of every scenario (empty when the rules did not compile)
 */
public record Validation(String hash, RuleSet ruleSet, List<RuleDiagnostic> diagnostics,
		List<ScenarioResult> scenarios) {

	/**
	 * @return true when the rule set compiled, has no problem and passes every scenario
	 */
	public boolean valid() {
		return this.ruleSet != null && this.diagnostics.isEmpty() && failedScenarios().isEmpty();
	}

	/**
	 * @return the scenarios that failed
	 */
	public List<ScenarioResult> failedScenarios() {
		return this.scenarios.stream().filter((s) -> !s.passed()).toList();
	}

	/**
	 * Every problem, failed scenarios included, as diagnostics: the first
	 * {@value Problems#MAX} and how many more.
	 * @return the problems; empty when valid
	 */
	public List<RuleDiagnostic> problems() {
		List<RuleDiagnostic> failed = failedScenarios().stream()
			.map((s) -> new RuleDiagnostic(s.file(), s.line(), 0,
					"scenario '" + s.name() + "' failed: " + String.join("; ", s.failures())))
			.toList();
		return Problems.capped(java.util.stream.Stream.concat(this.diagnostics.stream(), failed.stream()).toList(),
				ScenarioParser.FOLDER);
	}

}
