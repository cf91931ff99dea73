package io.nextbest.server.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.server.context.CustomerContext;
import io.nextbest.server.rules.ActionCatalogue;
import io.nextbest.server.rules.ActionDefinition;

/**
 * A customer's contact history summarised for one decision, in a single pass over the
 * entries, so that every policy and the propensity estimate read counters instead of
 * scanning the history once per candidate.
 * <p>
 * A <em>contact</em> is an impression (the action was shown) or a send (an outbound
 * channel sent it); a delivery confirms a send and is not counted again. Only marketing
 * contacts count towards frequency caps; an action the catalogue does not list counts as
 * marketing, the safe side.
 */
public final class ContactHistory {

	private static final long DAY = Duration.ofDays(1).toMillis();

	private static final long WEEK = Duration.ofDays(7).toMillis();

	private static final int CHANNELS = Channel.values().length;

	/** The summary of an empty history. */
	public static final ContactHistory EMPTY = new ContactHistory(new int[CHANNELS], new int[CHANNELS], 0, 0, Map.of());

	private final int[] today;

	private final int[] thisWeek;

	private final int todayAll;

	private final int thisWeekAll;

	private final Map<String, ActionHistory> actions;

	private ContactHistory(int[] today, int[] thisWeek, int todayAll, int thisWeekAll,
			Map<String, ActionHistory> actions) {
		this.today = today;
		this.thisWeek = thisWeek;
		this.todayAll = todayAll;
		this.thisWeekAll = thisWeekAll;
		this.actions = actions;
	}

	/**
	 * Summarises a customer's history.
	 * @param context the customer's context
	 * @param catalogue tells marketing from service actions
	 * @param now the time of the decision
	 * @return the summary
	 */
	public static ContactHistory of(CustomerContext context, ActionCatalogue catalogue, Instant now) {
		if (context.history().isEmpty()) {
			return EMPTY;
		}
		long nowMillis = now.toEpochMilli();
		int[] today = new int[CHANNELS];
		int[] thisWeek = new int[CHANNELS];
		int todayAll = 0;
		int thisWeekAll = 0;
		Map<String, ActionHistory> actions = new HashMap<>();
		for (CustomerContext.ContactRecord entry : context.history()) {
			ActionHistory action = actions.computeIfAbsent(entry.actionId(), (id) -> new ActionHistory());
			action.add(entry);
			if (isContact(entry.outcome()) && isMarketing(catalogue.get(entry.actionId()))) {
				long age = nowMillis - entry.occurredAt();
				if (age < WEEK) {
					thisWeek[entry.channel().ordinal()]++;
					thisWeekAll++;
					if (age < DAY) {
						today[entry.channel().ordinal()]++;
						todayAll++;
					}
				}
			}
		}
		return new ContactHistory(today, thisWeek, todayAll, thisWeekAll, actions);
	}

	/**
	 * Whether an outcome is a contact (counted by caps and as an exposure).
	 * @param outcome the outcome
	 * @return true for an impression or a send
	 */
	static boolean isContact(Outcome outcome) {
		return outcome == Outcome.IMPRESSION || outcome == Outcome.SENT;
	}

	private static boolean isMarketing(ActionDefinition definition) {
		return definition == null || definition.purpose() == Purpose.MARKETING;
	}

	/**
	 * @param channel a channel
	 * @return marketing contacts on the channel in the last 24 hours
	 */
	public int today(Channel channel) {
		return this.today[channel.ordinal()];
	}

	/**
	 * @param channel a channel
	 * @return marketing contacts on the channel in the last 7 days
	 */
	public int thisWeek(Channel channel) {
		return this.thisWeek[channel.ordinal()];
	}

	/**
	 * @return marketing contacts on every channel in the last 24 hours
	 */
	public int todayAllChannels() {
		return this.todayAll;
	}

	/**
	 * @return marketing contacts on every channel in the last 7 days
	 */
	public int thisWeekAllChannels() {
		return this.thisWeekAll;
	}

	/**
	 * The history of one action, on every channel.
	 * @param actionId the action
	 * @return its history, or null when it was never recorded
	 */
	public ActionHistory action(String actionId) {
		return this.actions.get(actionId);
	}

}
