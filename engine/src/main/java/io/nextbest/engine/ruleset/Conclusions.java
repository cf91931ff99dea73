package io.nextbest.engine.ruleset;

import java.util.List;

import io.nextbest.facts.Propose;
import io.nextbest.facts.Suppress;

/**
 * What the rules concluded for one decision, each conclusion with the rule that made it.
 *
 * @param proposals the proposed actions, in firing order
 * @param suppressions the suppressions, in firing order
 * @param firedRules the names of the rules that fired, in order
 */
public record Conclusions(List<Proposal> proposals, List<Suppression> suppressions, List<String> firedRules) {

	/**
	 * A proposal and its rule.
	 *
	 * @param rule the rule's name
	 * @param propose the proposal
	 */
	public record Proposal(String rule, Propose propose) {
	}

	/**
	 * A suppression and its rule.
	 *
	 * @param rule the rule's name
	 * @param suppress the suppression
	 */
	public record Suppression(String rule, Suppress suppress) {
	}

}
