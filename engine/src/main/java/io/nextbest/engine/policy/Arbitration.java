package io.nextbest.engine.policy;

import java.util.EnumMap;
import java.util.Map;

import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.facts.Channel;

/**
 * The settings of the ranking formula, {@code score = priority x value x propensity x
 * lever}, and the fallback actions.
 * <ul>
 * <li><b>priority</b>: from the proposing rule.</li>
 * <li><b>value</b>: from the action's catalogue entry (1 by default).</li>
 * <li><b>propensity</b>: from the rule when it sets one, otherwise the customer's own
 * response rate to the action, smoothed towards a base rate (a Beta prior worth
 * {@code weight} impressions): {@code (clicks and accepts + rate x weight) / (impressions
 * and sends + weight)}. A customer never shown the action gets the base rate; every
 * ignored impression lowers it a little, every click raises it. The base rate is the
 * population's response rate to the action on the channel, from every customer's outcomes
 * ({@link PopulationRates}), once the population has at least
 * {@code minPopulationExposures} impressions and sends of it there; else its rate on
 * every channel, once that reaches the minimum; else the configured prior.</li>
 * <li><b>lever</b>: the marketer's business lever for the action, or for its group (1 by
 * default).</li>
 * </ul>
 *
 * @param prior the response rate assumed while the population has too few impressions of
 * an action, 0 to 1
 * @param priorWeight how many of the customer's own impressions weigh as much as the base
 * rate (the population's rate or the prior)
 * @param minPopulationExposures the population's impressions and sends of an action (on a
 * channel, or on every channel) from which its rate replaces the prior
 * @param levers lever by action id and by group (the action's own lever wins)
 * @param channelFallbacks action id shown on a channel when nothing qualifies
 * @param placementFallbacks action id shown in a placement when nothing qualifies
 */
public record Arbitration(double prior, double priorWeight, long minPopulationExposures, Map<String, Double> levers,
		Map<Channel, String> channelFallbacks, Map<String, String> placementFallbacks) {

	/**
	 * Prior 0.1, the population's rate from 500 impressions, weighing as 10 impressions;
	 * no levers, no fallbacks.
	 */
	public static final Arbitration DEFAULT = new Arbitration(0.1, 10, 500, Map.of(), Map.of(), Map.of());

	/**
	 * Settings.
	 * @param prior the response rate assumed without population counts
	 * @param priorWeight the weight of the base rate
	 * @param minPopulationExposures the population's exposures from which its rate counts
	 * @param levers levers by action id and group
	 * @param channelFallbacks fallbacks by channel
	 * @param placementFallbacks fallbacks by placement
	 */
	public Arbitration {
		levers = Map.copyOf(levers);
		channelFallbacks = channelFallbacks.isEmpty() ? Map.of() : new EnumMap<>(channelFallbacks);
		placementFallbacks = Map.copyOf(placementFallbacks);
	}

	/**
	 * An action's business lever.
	 * @param action the action
	 * @return its lever, its group's, or 1
	 */
	public double lever(ActionDefinition action) {
		Double lever = this.levers.get(action.id());
		if (lever == null && !action.group().isEmpty()) {
			lever = this.levers.get(action.group());
		}
		return (lever != null) ? lever : 1.0;
	}

	/**
	 * The estimated propensity of a customer to respond to an action on a channel.
	 * @param past the customer's history with the action, or null when none
	 * @param population the population's counts of the action, or null when none
	 * @param channel the channel
	 * @return from 0 to 1, with where it came from
	 */
	public Propensity propensity(ActionHistory past, PopulationRates.Counts population, Channel channel) {
		Propensity.Source source = Propensity.Source.PRIOR;
		double rate = this.prior;
		long exposures = 0;
		if (population != null) {
			exposures = population.exposures();
			if (population.exposures(channel) >= this.minPopulationExposures) {
				source = Propensity.Source.POPULATION_ON_CHANNEL;
				exposures = population.exposures(channel);
				rate = rate(population.positives(channel), exposures);
			}
			else if (exposures >= this.minPopulationExposures) {
				source = Propensity.Source.POPULATION;
				rate = rate(population.positives(), exposures);
			}
		}
		if (past == null) {
			return new Propensity(rate, source, channel, rate, exposures, 0, 0);
		}
		// Clicks reported without their impression still count as seen.
		int seen = Math.max(past.exposures(), past.positives());
		double value = (past.positives() + rate * this.priorWeight) / (seen + this.priorWeight);
		return new Propensity(value, source, channel, rate, exposures, past.positives(), past.exposures());
	}

	/** A response rate; clicks reported without their impression cap it at 1. */
	private static double rate(long positives, long exposures) {
		return Math.min(1.0, (double) positives / exposures);
	}

}
