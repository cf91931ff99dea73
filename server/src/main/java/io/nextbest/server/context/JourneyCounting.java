package io.nextbest.server.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.hazelcast.core.HazelcastInstance;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
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
	 * The counts of stage changes. A stage reached in a listed journey is counted into
	 * its stock (and its position marked so); a stage left is taken out of the stock only
	 * if it was counted in, whether its journey is listed still or not, so the stock
	 * neither goes below zero for a journey listed after the customer entered it nor
	 * keeps customers who left it after it was taken out of the list.
	 * @param before the customer's context before the changes
	 * @param after the customer's context after them, for the segment values
	 * @param changes the stage changes, in the order they were applied
	 * @return what to add to the aggregates, and the journeys whose stage reached last
	 * was counted in
	 */
	Counted count(CustomerContext before, CustomerContext after, List<StageChange> changes) {
		JourneyTally tally = new JourneyTally();
		RuleSet rules = this.ruleSet.get();
		JourneyMap journeys = (rules != null) ? rules.journeys() : null;
		Map<String, Boolean> counted = new HashMap<>();
		for (StageChange change : changes) {
			boolean fromCounted = counted.computeIfAbsent(change.journey(), (journey) -> countedIn(before, journey));
			String from = (change.from() != null) ? change.from().name() : "";
			if (change.from() != null && fromCounted) {
				tally.stock(new JourneyTally.StockKey(change.journey(), from, day(change.fromSince())), -1);
			}
			JourneyMap.JourneyDefinition journey = (journeys != null) ? journeys.get(change.journey()) : null;
			counted.put(change.journey(), journey != null);
			if (journey == null) {
				continue;
			}
			tally.transition(new JourneyTally.TransitionKey(change.journey(), from, change.to().name(),
					day(change.at()), journey.segmentOf(after::attribute), rules.version().hash(),
					DwellDays.bucket(change.daysInFrom()), cohort(after, change.journey())));
			tally.stock(new JourneyTally.StockKey(change.journey(), change.to().name(), day(change.at())), 1);
		}
		Set<String> in = new HashSet<>();
		counted.forEach((journey, yes) -> {
			if (yes) {
				in.add(journey);
			}
		});
		return new Counted(tally, Set.copyOf(in));
	}

	/**
	 * Marks the positions the changes left as counted in or not: the same on the owner
	 * and on its backups, which are told the owner's answer.
	 * @param context the context after the changes
	 * @param changes the changes
	 * @param counted the journeys of the changes whose last stage was counted in
	 * @return the context with its positions marked
	 */
	static CustomerContext mark(CustomerContext context, List<StageChange> changes, Set<String> counted) {
		Set<String> changed = new HashSet<>();
		for (StageChange change : changes) {
			changed.add(change.journey());
		}
		List<JourneyPosition> positions = new ArrayList<>(context.journeys().size());
		boolean differs = false;
		for (JourneyPosition position : context.journeys()) {
			boolean in = changed.contains(position.journey()) ? counted.contains(position.journey())
					: position.counted();
			differs |= in != position.counted();
			positions.add((in != position.counted()) ? position.withCounted(in) : position);
		}
		return differs ? context.withJourneys(positions) : context;
	}

	/**
	 * What forgetting a customer takes out of the stock: every stage counted in.
	 * @param context the context forgotten
	 * @return the counts to add
	 */
	static JourneyTally forgotten(CustomerContext context) {
		JourneyTally tally = new JourneyTally();
		for (JourneyPosition position : context.journeys()) {
			if (position.counted()) {
				tally.stock(
						new JourneyTally.StockKey(position.journey(), position.stage().name(), day(position.since())),
						-1);
			}
		}
		return tally;
	}

	/**
	 * @return the month the customer entered a journey, as yyyymm (UTC), 0 when not known
	 */
	static int cohort(CustomerContext context, String journey) {
		for (JourneyPosition position : context.journeys()) {
			if (position.journey().equals(journey) && position.entered() > 0) {
				java.time.LocalDate day = java.time.LocalDate.ofEpochDay(day(position.entered()));
				return day.getYear() * 100 + day.getMonthValue();
			}
		}
		return 0;
	}

	private static boolean countedIn(CustomerContext context, String journey) {
		if (context == null) {
			return false;
		}
		for (JourneyPosition position : context.journeys()) {
			if (position.journey().equals(journey)) {
				return position.counted();
			}
		}
		return false;
	}

	/**
	 * @param tally the counts to add
	 * @param journeys the journeys whose last stage reached was counted in
	 */
	record Counted(JourneyTally tally, Set<String> journeys) {
	}

	private static int day(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY);
	}

}
