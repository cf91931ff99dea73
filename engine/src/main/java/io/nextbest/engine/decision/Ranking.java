package io.nextbest.engine.decision;

import java.util.Comparator;

import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.policy.ActionHistory;
import io.nextbest.engine.policy.Arbitration;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.policy.Propensity;
import io.nextbest.facts.Channel;

/**
 * The arbitration formula and its deterministic order. A candidate scores
 * {@code priority x value x propensity x lever}; the higher score wins. The propensity is
 * the rule's, or the customer's own response rate smoothed towards the population's (see
 * {@link Arbitration}), read from a snapshot of the population's counts that the decision
 * takes once, so the ranking is a function of its inputs. Ties go to the journey of the
 * decision's best candidate (so that channels tell one story), then to the higher
 * priority, then to the smaller action id, then to the smaller rule name, so the same
 * inputs always give the same answer.
 */
final class Ranking {

	/** The order without a focus journey, to find the decision's best candidate. */
	static final Comparator<Scored> BEST_FIRST = Comparator.comparingDouble(Scored::score)
		.reversed()
		.thenComparing(Comparator.comparingInt(Scored::priority).reversed())
		.thenComparing((s) -> s.definition().id())
		.thenComparing(Scored::rule);

	private Ranking() {
	}

	/**
	 * Scores a candidate.
	 * @param definition the action
	 * @param priority the rule's priority
	 * @param rulePropensity the rule's propensity, or a negative number for none
	 * @param past the customer's history with the action, or null
	 * @param population the population's counts of the action, or null
	 * @param channel the channel the candidate is scored for
	 * @param arbitration the formula's settings
	 * @param journey the journey served
	 * @param rule the proposing rule
	 * @param reason the rule's sentence
	 * @return the scored candidate
	 */
	static Scored score(ActionDefinition definition, int priority, double rulePropensity, ActionHistory past,
			PopulationRates.Counts population, Channel channel, Arbitration arbitration, String journey, String rule,
			String reason) {
		Propensity propensity = (rulePropensity >= 0) ? Propensity.ofRule(rulePropensity, channel)
				: arbitration.propensity(past, population, channel);
		double lever = arbitration.lever(definition);
		double score = priority * definition.value() * propensity.value() * lever;
		return new Scored(definition, journey, priority, rule, reason, propensity, lever, score);
	}

	/**
	 * The order of a channel's candidates.
	 * @param focus the journey of the decision's best candidate, or an empty string
	 * @return best first
	 */
	static Comparator<Scored> order(String focus) {
		return Comparator.comparingDouble(Scored::score)
			.reversed()
			.thenComparing((s) -> focus.isEmpty() || !s.journey().equals(focus))
			.thenComparing(Comparator.comparingInt(Scored::priority).reversed())
			.thenComparing((s) -> s.definition().id())
			.thenComparing(Scored::rule);
	}

}
