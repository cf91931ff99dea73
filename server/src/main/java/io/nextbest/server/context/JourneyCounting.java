package io.nextbest.server.context;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import com.hazelcast.core.HazelcastInstance;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.StageChange;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.ruleset.RuleSet;

/**
 * Turns the stage changes an event applied into journey counts, on the member that owns
 * the customer, with the journeys and the version of the rule set in force there. Only
 * the journeys listed in {@code journeys.yaml} are counted, so the stored counts stay
 * bounded whatever journey names the CRM sends. Found by the entry processors in the
 * member's user context.
 */
public final class JourneyCounting {

	/** The key of a member's instance in the Hazelcast user context. */
	public static final String USER_CONTEXT_KEY = "nextbest.journey-counting";

	private static final long DAY = Duration.ofDays(1).toMillis();

	private final Supplier<RuleSet> ruleSet;

	/**
	 * Counts with the rule set serving on this member.
	 * @param ruleSet the rule set in force at each call
	 */
	public JourneyCounting(Supplier<RuleSet> ruleSet) {
		this.ruleSet = ruleSet;
	}

	/**
	 * @param hazelcast a member
	 * @return its counting, or null when it counts nothing
	 */
	static JourneyCounting on(HazelcastInstance hazelcast) {
		return (hazelcast != null
				&& hazelcast.getUserContext().get(USER_CONTEXT_KEY) instanceof JourneyCounting counting) ? counting
						: null;
	}

	/**
	 * The counts of stage changes.
	 * @param context the customer's context after them, for the segment values
	 * @param changes the stage changes, in the order they were applied
	 * @return what to add to the aggregates, empty when no journey of theirs is listed
	 */
	JourneyTally count(CustomerContext context, List<StageChange> changes) {
		JourneyTally tally = new JourneyTally();
		RuleSet rules = this.ruleSet.get();
		if (rules == null) {
			return tally;
		}
		JourneyMap journeys = rules.journeys();
		for (StageChange change : changes) {
			JourneyMap.JourneyDefinition journey = journeys.get(change.journey());
			if (journey == null) {
				continue;
			}
			String from = (change.from() != null) ? change.from().name() : "";
			tally.transition(new JourneyTally.TransitionKey(change.journey(), from, change.to().name(),
					day(change.at()), journey.segmentOf(context::attribute), rules.version().hash(),
					DwellDays.bucket(change.daysInFrom())));
			tally.stock(new JourneyTally.StockKey(change.journey(), change.to().name(), day(change.at())), 1);
			if (change.from() != null) {
				tally.stock(new JourneyTally.StockKey(change.journey(), from, day(change.fromSince())), -1);
			}
		}
		return tally;
	}

	private static int day(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY);
	}

}
