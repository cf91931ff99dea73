package io.nextbest.engine.decision;

import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.policy.Propensity;

/**
 * A candidate that passed every policy, with its arbitration score.
 *
 * @param definition the action
 * @param journey the journey it serves, or an empty string
 * @param priority the rule's priority
 * @param rule the proposing rule
 * @param reason the rule's sentence
 * @param propensity the propensity used, and where it came from
 * @param lever the business lever used
 * @param score priority x value x propensity x lever
 */
record Scored(ActionDefinition definition, String journey, int priority, String rule, String reason,
		Propensity propensity, double lever, double score) {

	ChannelDecision.Candidate trace(ChannelDecision.Status status, String message) {
		return new ChannelDecision.Candidate(this.definition.id(), this.rule, this.priority, this.definition.value(),
				this.propensity.value(), this.lever, this.score, status, "", null, message, this.propensity.source(),
				this.propensity.basis());
	}

}
