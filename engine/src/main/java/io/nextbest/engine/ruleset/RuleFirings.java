package io.nextbest.engine.ruleset;

import java.util.List;

/** Told which rules fired in each evaluation of a serving rule set. */
public interface RuleFirings {

	/** Tells nobody. */
	RuleFirings NONE = (rules) -> {
	};

	/**
	 * Rules fired in one evaluation.
	 * @param rules their names, in firing order
	 */
	void fired(List<String> rules);

}
