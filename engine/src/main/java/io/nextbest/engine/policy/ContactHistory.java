package io.nextbest.engine.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.model.ActionCatalogue;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;

/**
 * A customer's contact history summarised for one decision: one pass over the entries
 * counts contacts for the caps and looks up each action's purpose once; an action's own
 * history is gathered the first time a policy asks about it, and kept for the other
 * channels. Used by one decision only, so the cache needs no locking.
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
	public static final ContactHistory EMPTY = new ContactHistory(List.of(), new Purpose[0], new int[CHANNELS],
			new int[CHANNELS], 0, 0);

	private final List<CustomerContext.ContactRecord> entries;

	private final Purpose[] purposes;

	private final int[] today;

	private final int[] thisWeek;

	private final int todayAll;

	private final int thisWeekAll;

	/** Filled on demand: a decision asks about its few candidates only. */
	private Map<String, ActionHistory> actions;

	private ContactHistory(List<CustomerContext.ContactRecord> entries, Purpose[] purposes, int[] today, int[] thisWeek,
			int todayAll, int thisWeekAll) {
		this.entries = entries;
		this.purposes = purposes;
		this.today = today;
		this.thisWeek = thisWeek;
		this.todayAll = todayAll;
		this.thisWeekAll = thisWeekAll;
	}

	/**
	 * Summarises a customer's history.
	 * @param context the customer's context
	 * @param catalogue tells marketing from service actions
	 * @param now the time of the decision
	 * @return the summary
	 */
	public static ContactHistory of(CustomerContext context, ActionCatalogue catalogue, Instant now) {
		List<CustomerContext.ContactRecord> entries = context.history();
		if (entries.isEmpty()) {
			return EMPTY;
		}
		long nowMillis = now.toEpochMilli();
		Purpose[] purposes = new Purpose[entries.size()];
		int[] today = new int[CHANNELS];
		int[] thisWeek = new int[CHANNELS];
		int todayAll = 0;
		int thisWeekAll = 0;
		for (int i = 0; i < purposes.length; i++) {
			CustomerContext.ContactRecord entry = entries.get(i);
			ActionDefinition definition = catalogue.get(entry.actionId());
			purposes[i] = (definition != null) ? definition.purpose() : Purpose.MARKETING;
			if (isContact(entry.outcome()) && purposes[i] == Purpose.MARKETING) {
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
		return new ContactHistory(entries, purposes, today, thisWeek, todayAll, thisWeekAll);
	}

	/**
	 * The purpose of an entry's action in the catalogue.
	 * @param index the entry's index in the context's history
	 * @return its purpose; marketing for an action the catalogue does not list
	 */
	public Purpose purpose(int index) {
		return this.purposes[index];
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
		if (this.entries.isEmpty()) {
			return null;
		}
		if (this.actions == null) {
			this.actions = new HashMap<>();
		}
		ActionHistory past = this.actions.get(actionId);
		if (past == null && !this.actions.containsKey(actionId)) {
			for (CustomerContext.ContactRecord entry : this.entries) {
				if (entry.actionId().equals(actionId)) {
					past = (past != null) ? past : new ActionHistory();
					past.add(entry);
				}
			}
			this.actions.put(actionId, past);
		}
		return past;
	}

}
