package io.nextbest.engine.ruleset;

import java.util.List;
import java.util.stream.Collectors;

import io.nextbest.engine.model.RuleDiagnostic;

/** The rule files do not make a valid rule set; nothing of them may serve. */
public class RuleSetException extends RuntimeException {

	private final transient List<RuleDiagnostic> diagnostics;

	/**
	 * A failed load.
	 * @param directory the rules directory
	 * @param diagnostics every problem found
	 */
	public RuleSetException(String directory, List<RuleDiagnostic> diagnostics) {
		super("The rule set in " + directory + " is invalid (" + diagnostics.size() + " problem"
				+ ((diagnostics.size() == 1) ? "" : "s") + "):\n"
				+ diagnostics.stream().map((d) -> "  " + d).collect(Collectors.joining("\n")));
		this.diagnostics = List.copyOf(diagnostics);
	}

	/**
	 * @return every problem found
	 */
	public List<RuleDiagnostic> getDiagnostics() {
		return this.diagnostics;
	}

}
