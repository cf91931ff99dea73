package io.nextbest.engine.decision;

import java.time.Instant;
import java.util.List;

import io.nextbest.engine.ruleset.RuleSetVersion;
import io.nextbest.facts.Channel;

/**
 * A decision: one outcome per requested channel, made by one rule set version.
 *
 * @param decisionId unique id, to report outcomes against
 * @param ruleSet the rule set that made it
 * @param decidedAt when
 * @param channels one outcome per requested channel, in the order requested
 * @param firedRules the rules that fired, in firing order (for simulation and scenario
 * tests)
 */
public record Decision(String decisionId, RuleSetVersion ruleSet, Instant decidedAt, List<ChannelDecision> channels,
		List<String> firedRules) {

	/**
	 * The outcome for a channel.
	 * @param channel the channel
	 * @return its outcome
	 * @throws IllegalArgumentException when the channel was not requested
	 */
	public ChannelDecision channel(Channel channel) {
		return this.channels.stream()
			.filter((c) -> c.channel() == channel)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(channel + " was not requested"));
	}

}
