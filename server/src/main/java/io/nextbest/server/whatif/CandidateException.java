package io.nextbest.server.whatif;

import java.util.List;

import io.nextbest.engine.model.RuleDiagnostic;

/** A what-if's candidate rule set does not compile (or is too large): its problems. */
public final class CandidateException extends RuntimeException {

	private final transient List<RuleDiagnostic> problems;

	CandidateException(List<RuleDiagnostic> problems) {
		super("the candidate rule set has " + problems.size() + " problem(s): "
				+ String.join("; ", problems.stream().limit(5).map(RuleDiagnostic::toString).toList())
				+ ((problems.size() > 5) ? "; ..." : ""));
		this.problems = List.copyOf(problems);
	}

	/**
	 * @return every problem, with file, line and column
	 */
	public List<RuleDiagnostic> problems() {
		return this.problems;
	}

}
