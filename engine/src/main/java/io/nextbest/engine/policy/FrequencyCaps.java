package io.nextbest.engine.policy;

import java.util.EnumMap;
import java.util.Map;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ReasonCode;

/**
 * Caps on marketing contacts, per channel and across channels, per day (the last 24
 * hours) and per week (the last 7 days). Rolling windows rather than calendar days: they
 * need no time zone and never let two contacts through either side of midnight. Service
 * actions are exempt: they are never counted nor capped.
 *
 * @param allChannels the cap across every channel
 * @param channels the cap of each channel that has one
 */
public record FrequencyCaps(Limit allChannels, Map<Channel, Limit> channels) {

	/** How reasons name this policy. */
	public static final String NAME = "policy:frequency-cap";

	/** No caps. */
	public static final FrequencyCaps NONE = new FrequencyCaps(Limit.NONE, Map.of());

	/**
	 * Caps.
	 * @param allChannels the cap across every channel
	 * @param channels the cap of each channel that has one
	 */
	public FrequencyCaps {
		channels = channels.isEmpty() ? Map.of() : new EnumMap<>(channels);
	}

	/**
	 * Whether marketing may go out on a channel.
	 * @param channel the channel
	 * @param history the customer's history
	 * @return the refusal, or null when the caps allow another contact
	 */
	public Refusal check(Channel channel, ContactHistory history) {
		if (history == ContactHistory.EMPTY) {
			return null;
		}
		Limit limit = this.channels.get(channel);
		String where = channel.words();
		if (limit != null) {
			if (limit.perDay() > 0 && history.today(channel) >= limit.perDay()) {
				return refusal(history.today(channel) + " marketing contacts on " + where
						+ " in the last 24 hours: the limit is " + limit.perDay() + " a day.");
			}
			if (limit.perWeek() > 0 && history.thisWeek(channel) >= limit.perWeek()) {
				return refusal(history.thisWeek(channel) + " marketing contacts on " + where
						+ " in the last 7 days: the limit is " + limit.perWeek() + " a week.");
			}
		}
		if (this.allChannels.perDay() > 0 && history.todayAllChannels() >= this.allChannels.perDay()) {
			return refusal(history.todayAllChannels() + " marketing contacts across channels in the last 24 hours: "
					+ "the limit is " + this.allChannels.perDay() + " a day.");
		}
		if (this.allChannels.perWeek() > 0 && history.thisWeekAllChannels() >= this.allChannels.perWeek()) {
			return refusal(history.thisWeekAllChannels() + " marketing contacts across channels in the last 7 days: "
					+ "the limit is " + this.allChannels.perWeek() + " a week.");
		}
		return null;
	}

	private static Refusal refusal(String message) {
		return new Refusal(NAME, ReasonCode.FREQUENCY_CAP, message, null);
	}

	/**
	 * A cap.
	 *
	 * @param perDay most contacts in 24 hours, 0 for no cap
	 * @param perWeek most contacts in 7 days, 0 for no cap
	 */
	public record Limit(int perDay, int perWeek) {

		/** No cap. */
		public static final Limit NONE = new Limit(0, 0);

	}

}
