package io.nextbest.engine.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.nextbest.facts.Channel;

/**
 * How every customer responded to each action, per channel: impressions and sends (the
 * exposures) and clicks and accepts (the positive responses), as counted cluster-wide by
 * the server ({@code PopulationResponses}). An immutable snapshot, so that a decision
 * reads it without a remote call and the same snapshot always ranks the same way.
 */
public final class PopulationRates {

	/** No counts at all: every action gets the configured prior. */
	public static final PopulationRates NONE = new PopulationRates(Map.of());

	private static final int CHANNELS = Channel.values().length;

	private final Map<String, Counts> actions;

	private PopulationRates(Map<String, Counts> actions) {
		this.actions = actions;
	}

	/**
	 * A builder of a snapshot.
	 * @return an empty builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The counts of one action.
	 * @param actionId the action
	 * @return its counts, or null when nobody's response to it was counted
	 */
	public Counts counts(String actionId) {
		return this.actions.get(actionId);
	}

	/**
	 * Tells every action with counts, to copy the snapshot elsewhere (into another
	 * process) with a {@link #builder}.
	 * @param action told each action's id and counts
	 */
	public void forEach(BiConsumer<String, Counts> action) {
		this.actions.forEach(action);
	}

	/**
	 * @return how many actions have counts
	 */
	public int size() {
		return this.actions.size();
	}

	/** One action's counts, per channel and in total. */
	public static final class Counts {

		private final long[] exposures = new long[CHANNELS];

		private final long[] positives = new long[CHANNELS];

		private long totalExposures;

		private long totalPositives;

		private Counts() {
		}

		/**
		 * @param channel a channel
		 * @return impressions and sends of the action on the channel
		 */
		public long exposures(Channel channel) {
			return this.exposures[channel.ordinal()];
		}

		/**
		 * @param channel a channel
		 * @return clicks and accepts of the action on the channel
		 */
		public long positives(Channel channel) {
			return this.positives[channel.ordinal()];
		}

		/**
		 * @return impressions and sends of the action on every channel
		 */
		public long exposures() {
			return this.totalExposures;
		}

		/**
		 * @return clicks and accepts of the action on every channel
		 */
		public long positives() {
			return this.totalPositives;
		}

	}

	/** Collects counts; not thread-safe, used by one refresh at a time. */
	public static final class Builder {

		private final Map<String, Counts> actions = new HashMap<>();

		private Builder() {
		}

		/**
		 * Adds counts of an action on a channel.
		 * @param actionId the action
		 * @param channel the channel
		 * @param exposures impressions and sends
		 * @param positives clicks and accepts
		 * @return this builder
		 */
		public Builder add(String actionId, Channel channel, long exposures, long positives) {
			Counts counts = this.actions.computeIfAbsent(actionId, (id) -> new Counts());
			counts.exposures[channel.ordinal()] += exposures;
			counts.positives[channel.ordinal()] += positives;
			counts.totalExposures += exposures;
			counts.totalPositives += positives;
			return this;
		}

		/**
		 * @return the snapshot; the builder must not be used afterwards
		 */
		public PopulationRates build() {
			return this.actions.isEmpty() ? NONE : new PopulationRates(Map.copyOf(this.actions));
		}

	}

}
