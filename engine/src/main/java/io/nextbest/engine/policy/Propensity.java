package io.nextbest.engine.policy;

import java.util.Locale;

import io.nextbest.facts.Channel;

/**
 * The propensity a candidate was scored with, and where it came from, so that the
 * decision funnel can say it.
 *
 * @param value from 0 to 1
 * @param source where it came from
 * @param channel the channel it was estimated for
 * @param rate the rate the customer's own responses were smoothed towards: the
 * population's on the channel, the population's on every channel, or the configured prior
 * (the rule's propensity for {@link Source#RULE})
 * @param populationExposures the population's impressions and sends the rate comes from
 * (for {@link Source#PRIOR}, those of the action on every channel, too few to use)
 * @param customerPositives the customer's own clicks and accepts of the action
 * @param customerExposures the customer's own impressions and sends of the action
 */
public record Propensity(double value, Source source, Channel channel, double rate, long populationExposures,
		int customerPositives, int customerExposures) {

	/**
	 * A propensity set by the proposing rule.
	 * @param value the rule's propensity
	 * @param channel the channel
	 * @return it, sourced to the rule
	 */
	public static Propensity ofRule(double value, Channel channel) {
		return new Propensity(value, Source.RULE, channel, value, 0, 0, 0);
	}

	/**
	 * Where the propensity came from, in a sentence a marketer understands.
	 * @return the sentence
	 */
	public String basis() {
		if (this.source == Source.RULE) {
			return "Set by the proposing rule.";
		}
		String towards = switch (this.source) {
			case POPULATION_ON_CHANNEL ->
				String.format(Locale.ROOT, "the population's response rate on %s, %.4g (%,d impressions and sends)",
						this.channel.words(), this.rate, this.populationExposures);
			case POPULATION -> String.format(Locale.ROOT,
					"the population's response rate on every channel, %.4g (%,d impressions and sends)", this.rate,
					this.populationExposures);
			default -> String.format(Locale.ROOT,
					"the configured prior %.4g (the population's %,d impressions and sends are too few)", this.rate,
					this.populationExposures);
		};
		if (this.customerExposures == 0 && this.customerPositives == 0) {
			return "The customer has no history with this action: " + towards + ".";
		}
		return String.format(Locale.ROOT,
				"The customer's %d clicks and accepts in %d impressions and sends, smoothed towards %s.",
				this.customerPositives, this.customerExposures, towards);
	}

	/** Where a propensity came from. */
	public enum Source {

		/** The proposing rule set it. */
		RULE,
		/**
		 * The customer's responses smoothed towards the population's rate on the channel.
		 */
		POPULATION_ON_CHANNEL,
		/**
		 * The customer's responses smoothed towards the population's rate on every
		 * channel: the channel alone has too few impressions.
		 */
		POPULATION,
		/**
		 * The customer's responses smoothed towards the configured prior: the population
		 * has too few impressions of the action.
		 */
		PRIOR

	}

}
