package io.nextbest.server.policy;

import java.util.EnumMap;
import java.util.Map;

import io.nextbest.facts.Channel;
import io.nextbest.server.rules.ActionDefinition;

/**
 * The settings of the ranking formula, {@code score = priority x value x propensity x
 * lever}, and the fallback actions.
 * <ul>
 * <li><b>priority</b>: from the proposing rule.</li>
 * <li><b>value</b>: from the action's catalogue entry (1 by default).</li>
 * <li><b>propensity</b>: from the rule when it sets one, otherwise the customer's own
 * response rate to the action, smoothed towards the population's rate: {@code (clicks and
 * accepts + prior x weight) / (impressions and sends + weight)}. A customer never shown
 * the action gets the prior; every ignored impression lowers it a little, every click
 * raises it.</li>
 * <li><b>lever</b>: the marketer's business lever for the action, or for its group (1 by
 * default).</li>
 * </ul>
 *
 * @param prior the population's response rate, 0 to 1
 * @param priorWeight how many of the customer's own impressions weigh as much as the
 * prior
 * @param levers lever by action id and by group (the action's own lever wins)
 * @param channelFallbacks action id shown on a channel when nothing qualifies
 * @param placementFallbacks action id shown in a placement when nothing qualifies
 */
public record Arbitration(double prior, double priorWeight, Map<String, Double> levers,
		Map<Channel, String> channelFallbacks, Map<String, String> placementFallbacks) {

	/** Prior 0.1 weighing as 10 impressions, no levers, no fallbacks. */
	public static final Arbitration DEFAULT = new Arbitration(0.1, 10, Map.of(), Map.of(), Map.of());

	/**
	 * Settings.
	 * @param prior the population's response rate
	 * @param priorWeight the weight of the prior
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
	 * The estimated propensity of a customer to respond to an action.
	 * @param past the customer's history with the action, or null when none
	 * @return from 0 to 1
	 */
	public double propensity(ActionHistory past) {
		if (past == null) {
			return this.prior;
		}
		int exposures = Math.max(past.exposures(), past.positives());
		return (past.positives() + this.prior * this.priorWeight) / (exposures + this.priorWeight);
	}

}
