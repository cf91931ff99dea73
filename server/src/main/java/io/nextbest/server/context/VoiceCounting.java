package io.nextbest.server.context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.hazelcast.core.HazelcastInstance;

import io.nextbest.engine.context.ContextEvent;
import io.nextbest.engine.context.ContextEvent.OutcomeRecorded;
import io.nextbest.engine.context.ContextEvent.SurveyAnswered;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.context.CustomerContext.ContactRecord;
import io.nextbest.engine.context.CustomerContext.JourneyPosition;
import io.nextbest.engine.context.CustomerContext.StageChange;
import io.nextbest.engine.context.CustomerContext.SurveyRecord;
import io.nextbest.engine.model.ActionCatalogue;
import io.nextbest.engine.model.ActionDefinition;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * Turns the survey answers and outcomes an update applied into voice of the customer
 * counts, on the member that owns the customer, with the journeys, action catalogue and
 * version of the rule set in force there. Found by the entry processors in the member's
 * user context, like {@link JourneyCounting}; only applied events reach it, so a
 * duplicate or a stale event counts nothing.
 * <p>
 * An answer is counted under each journey listed in {@code journeys.yaml} the customer
 * was in when they answered, with the stage they were in then (from the stage history, so
 * that a stage change applied before an older answer does not move it), or under journey
 * '' when they were in none.
 * <p>
 * A detractor (NPS 0 to 6) is recovered when a recovery action ({@code recovery: true} in
 * {@code actions.yaml}) is sent to them within the recovery window after their answer
 * while that answer is their latest NPS. Counted once, whichever of the answer and the
 * send is applied first: by the send when the answer is known, by the answer when the
 * send is in the contact history already; a send is not counted when another recovery
 * send within the window is in the history, which holds every send of the window unless
 * more outcomes than the history keeps arrived in it.
 */
public final class VoiceCounting {

	/** The key of a member's instance in the Hazelcast user context. */
	public static final String USER_CONTEXT_KEY = "nextbest.voice-counting";

	private static final long DAY = Duration.ofDays(1).toMillis();

	private final Supplier<RuleSet> ruleSet;

	private final long recoveryWindow;

	/**
	 * Counts with the rule set serving on this member.
	 * @param ruleSet the rule set in force at each call
	 * @param recoveryWindow how soon after a detractor's answer a recovery action counts
	 */
	public VoiceCounting(Supplier<RuleSet> ruleSet, Duration recoveryWindow) {
		this.ruleSet = ruleSet;
		this.recoveryWindow = recoveryWindow.toMillis();
	}

	/**
	 * Counts one applied event, if it is an answer or an outcome, with the member's
	 * counting.
	 * @param hazelcast the member, or null
	 * @param tally the counts of the update so far, or null
	 * @param before the context before the event
	 * @param event the event, applied
	 * @param after the context after it
	 * @return the counts so far, null while there are none
	 */
	static VoiceTally count(HazelcastInstance hazelcast, VoiceTally tally, CustomerContext before, ContextEvent event,
			CustomerContext after) {
		if (!(event instanceof SurveyAnswered || event instanceof OutcomeRecorded) || hazelcast == null
				|| !(hazelcast.getUserContext().get(USER_CONTEXT_KEY) instanceof VoiceCounting counting)) {
			return tally;
		}
		return counting.count(tally, before, event, after);
	}

	/**
	 * Counts one applied event.
	 * @param tally the counts so far, or null
	 * @param before the context before the event (null for a new customer)
	 * @param event the event, applied
	 * @param after the context after it
	 * @return the counts so far, null while there are none
	 */
	VoiceTally count(VoiceTally tally, CustomerContext before, ContextEvent event, CustomerContext after) {
		RuleSet rules = this.ruleSet.get();
		if (rules == null) {
			return tally;
		}
		if (event instanceof SurveyAnswered answer) {
			VoiceTally counts = (tally != null) ? tally : new VoiceTally();
			String version = rules.version().hash();
			String channel = channel(answer.channel());
			int day = day(answer.occurredAt());
			List<Place> places = placesAt(after, answer.occurredAt(), rules.journeys());
			for (Place place : places) {
				counts.answer(new VoiceTally.AnswerKey(place.journey(), place.stage(), channel, day,
						answer.type().name(), answer.score(), place.segment(), version));
			}
			if (answer.type().isDetractor(answer.score())
					&& recoverySent(after.history(), rules.catalogue(), answer.occurredAt())) {
				recovered(counts, places, channel, day);
			}
			return counts;
		}
		OutcomeRecorded outcome = (OutcomeRecorded) event;
		ActionDefinition action = rules.catalogue().get(outcome.actionId());
		if (outcome.outcome() != Outcome.SENT || action == null || !action.recovery()) {
			return tally;
		}
		SurveyRecord nps = latestNps(after);
		if (nps == null || !nps.type().isDetractor(nps.score()) || outcome.occurredAt() < nps.answeredAt()
				|| outcome.occurredAt() > nps.answeredAt() + this.recoveryWindow) {
			return tally;
		}
		List<ContactRecord> earlier = (before != null) ? before.history() : List.of();
		if (recoverySent(earlier, rules.catalogue(), nps.answeredAt())) {
			return tally;
		}
		VoiceTally counts = (tally != null) ? tally : new VoiceTally();
		recovered(counts, placesAt(after, nps.answeredAt(), rules.journeys()), channel(nps.channel()),
				day(nps.answeredAt()));
		return counts;
	}

	private static void recovered(VoiceTally counts, List<Place> places, String channel, int day) {
		for (Place place : places) {
			counts.recovered(new VoiceTally.RecoveryKey(place.journey(), place.stage(), channel, day));
		}
	}

	/**
	 * Whether the history holds a recovery action sent within the window of an answer.
	 */
	private boolean recoverySent(List<ContactRecord> history, ActionCatalogue catalogue, long answeredAt) {
		for (ContactRecord contact : history) {
			if (contact.outcome() == Outcome.SENT && contact.occurredAt() >= answeredAt
					&& contact.occurredAt() <= answeredAt + this.recoveryWindow) {
				ActionDefinition action = catalogue.get(contact.actionId());
				if (action != null && action.recovery()) {
					return true;
				}
			}
		}
		return false;
	}

	private static SurveyRecord latestNps(CustomerContext context) {
		for (SurveyRecord survey : context.surveys()) {
			if (survey.type() == SurveyType.NPS) {
				return survey;
			}
		}
		return null;
	}

	/**
	 * Where a customer was at a time: their stage in each listed journey they were in, or
	 * journey '' when none. The stage at a time is the one the first change after it
	 * left, or the current one when nothing changed since.
	 */
	static List<Place> placesAt(CustomerContext context, long at, JourneyMap journeys) {
		List<Place> places = new ArrayList<>(2);
		for (JourneyPosition position : context.journeys()) {
			JourneyMap.JourneyDefinition journey = journeys.get(position.journey());
			if (journey == null) {
				continue;
			}
			Stage stage = (position.since() <= at) ? position.stage() : stageBefore(context, position.journey(), at);
			if (stage != null) {
				places.add(new Place(journey.name(), stage.name(), journey.segmentOf(context::attribute)));
			}
		}
		if (places.isEmpty()) {
			places.add(new Place("", "", ""));
		}
		return places;
	}

	private static Stage stageBefore(CustomerContext context, String journey, long at) {
		for (StageChange change : context.stageHistory()) {
			if (change.journey().equals(journey) && change.at() > at) {
				return change.from();
			}
		}
		return null;
	}

	private static String channel(Channel channel) {
		return (channel != null) ? channel.name() : "";
	}

	private static int day(long epochMillis) {
		return (int) Math.floorDiv(epochMillis, DAY);
	}

	/**
	 * A journey, the stage in it and the segment an answer is counted under.
	 *
	 * @param journey the journey, '' for none
	 * @param stage the stage, '' for none
	 * @param segment the segment values, '' for none
	 */
	record Place(String journey, String stage, String segment) {
	}

}
