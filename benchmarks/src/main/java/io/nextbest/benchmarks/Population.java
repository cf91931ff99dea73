package io.nextbest.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.google.protobuf.Timestamp;

import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.JourneyStageChanged;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.OutcomeRecorded;
import io.nextbest.api.v1.ProfileUpdated;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ServiceCaseClosed;
import io.nextbest.api.v1.ServiceCaseOpened;
import io.nextbest.api.v1.SurveyAnswered;
import io.nextbest.api.v1.SurveyType;

/**
 * A synthetic but realistic customer base, as the events a CRM or CDP feed would send.
 * Deterministic: customer i always gets the same history, so runs compare. The mix:
 * segments gold/silver/bronze 10/30/60%; one journey for 70%, two for 25%, none for 5%,
 * stages weighted towards engagement; marketing consent per channel granted for 35-70%,
 * revoked or denied for some, never answered for the rest; 6% with an open service case
 * and 10% with one closed lately; 40% answered NPS, a quarter of them detractors; up to a
 * dozen contact outcomes in the last month. Each customer's events are spread evenly over
 * the 60 days before the last (a backfill, the default), or over another span of history.
 * {@link #next} gives the same customers' next events (the same segment and journeys, new
 * stages, consents, answers and contacts): after a backfill, the last hours of a live
 * feed.
 */
public final class Population {

	private static final String[] JOURNEYS = { "broadband", "mobile", "tv" };

	private static final String[] SEGMENTS = { "gold", "silver", "silver", "silver", "bronze", "bronze", "bronze",
			"bronze", "bronze", "bronze" };

	private static final JourneyStage[] STAGES = { JourneyStage.JOURNEY_STAGE_AWARENESS,
			JourneyStage.JOURNEY_STAGE_ENGAGED, JourneyStage.JOURNEY_STAGE_MARKETING_QUALIFIED,
			JourneyStage.JOURNEY_STAGE_EVALUATION, JourneyStage.JOURNEY_STAGE_PURCHASE,
			JourneyStage.JOURNEY_STAGE_ONBOARDING, JourneyStage.JOURNEY_STAGE_ONBOARDING,
			JourneyStage.JOURNEY_STAGE_ADOPTION, JourneyStage.JOURNEY_STAGE_ADOPTION,
			JourneyStage.JOURNEY_STAGE_ADOPTION, JourneyStage.JOURNEY_STAGE_VALUE_REALIZATION,
			JourneyStage.JOURNEY_STAGE_VALUE_REALIZATION, JourneyStage.JOURNEY_STAGE_LOYALTY,
			JourneyStage.JOURNEY_STAGE_LOYALTY, JourneyStage.JOURNEY_STAGE_LOYALTY,
			JourneyStage.JOURNEY_STAGE_ADVOCACY };

	private static final Channel[] CONSENT_CHANNELS = { Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB, Channel.CHANNEL_APP,
			Channel.CHANNEL_SMS, Channel.CHANNEL_PUSH };

	/** Per channel above, the share of customers who granted marketing consent. */
	private static final double[] GRANTED = { 0.55, 0.70, 0.50, 0.35, 0.40 };

	/** A backfill's span: each customer's events over the 60 days before the last. */
	private static final Duration BACKFILL = Duration.ofDays(60);

	private final int size;

	private final long now;

	private final String prefix;

	private final long history;

	/** 0 for the customers' first events, 1 for their next, and so on. */
	private final int round;

	/**
	 * @param size how many customers
	 * @param now the time the history leads up to
	 */
	public Population(int size, Instant now) {
		this(size, now, "c");
	}

	/**
	 * @param size how many customers
	 * @param now the time the history leads up to
	 * @param prefix what the customer ids start with: another prefix, other customers
	 * with the same histories (a warm-up population)
	 */
	Population(int size, Instant now, String prefix) {
		this(size, now.toEpochMilli(), prefix, BACKFILL.toMillis(), 0);
	}

	/**
	 * @param size how many customers
	 * @param now the time the history leads up to, in milliseconds
	 * @param prefix what the customer ids start with
	 * @param history the span of each customer's events in milliseconds, ending a
	 * sixtieth of it before {@code now} ({@link #BACKFILL}: the 60 days up to yesterday)
	 * @param round 0 for the customers' first events, 1 for their next, and so on
	 */
	private Population(int size, long now, String prefix, long history, int round) {
		this.size = size;
		this.now = now;
		this.prefix = prefix;
		this.history = history;
		this.round = round;
	}

	/**
	 * The same customers' next events, spread over the given span of history before
	 * {@code now}, with event ids of their own.
	 */
	Population next(Instant now, Duration history) {
		return new Population(this.size, now.toEpochMilli(), this.prefix, history.toMillis(), this.round + 1);
	}

	public int size() {
		return this.size;
	}

	public static String customerId(int index) {
		return customerId("c", index);
	}

	private static String customerId(String prefix, int index) {
		return prefix + String.format("%08d", index);
	}

	/** The events of customer i, oldest first, so that none is stale. */
	public List<Event> events(int index) {
		// Who the customer is comes first and is the same in every round; the first
		// round draws the rest from the same generator.
		SplittableRandom fixed = new SplittableRandom(0x5EEDL * 31 + index);
		String customer = customerId(this.prefix, index);
		List<Event.Builder> events = new ArrayList<>(16);
		long start = this.now - this.history;
		events.add(Event.newBuilder()
			.setProfileUpdated(ProfileUpdated.newBuilder()
				.putAttributes("segment", SEGMENTS[fixed.nextInt(SEGMENTS.length)])
				.putAttributes("region", "r" + fixed.nextInt(12))));
		int journeys = (fixed.nextDouble() < 0.05) ? 0 : (fixed.nextDouble() < 0.74) ? 1 : 2;
		int first = fixed.nextInt(JOURNEYS.length);
		SplittableRandom random = (this.round == 0) ? fixed
				: new SplittableRandom((0x5EEDL * 31 + index) * 1_000_003L + this.round);
		// In the ids of a later round's events and decisions, so that they are new ones.
		String roundTag = (this.round == 0) ? "" : this.round + "-";
		for (int j = 0; j < journeys; j++) {
			events.add(Event.newBuilder()
				.setJourneyStageChanged(JourneyStageChanged.newBuilder()
					.setJourney(JOURNEYS[(first + j) % JOURNEYS.length])
					.setStage(STAGES[random.nextInt(STAGES.length)])));
		}
		for (int c = 0; c < CONSENT_CHANNELS.length; c++) {
			double draw = random.nextDouble();
			ConsentStatus status = (draw < GRANTED[c]) ? ConsentStatus.CONSENT_STATUS_GRANTED
					: (draw < GRANTED[c] + 0.10) ? ConsentStatus.CONSENT_STATUS_REVOKED
							: (draw < GRANTED[c] + 0.15) ? ConsentStatus.CONSENT_STATUS_DENIED : null;
			if (status != null) {
				events.add(Event.newBuilder()
					.setConsentChanged(ConsentChanged.newBuilder()
						.setChannel(CONSENT_CHANNELS[c])
						.setPurpose(Purpose.PURPOSE_MARKETING)
						.setStatus(status)));
			}
		}
		double cases = random.nextDouble();
		if (cases < 0.16) {
			String caseId = customer + "-k" + (this.round + 1);
			events.add(Event.newBuilder()
				.setServiceCaseOpened(ServiceCaseOpened.newBuilder()
					.setCaseId(caseId)
					.setProduct(JOURNEYS[first])
					.setSeverity(CaseSeverity.forNumber(1 + random.nextInt(4)))));
			if (cases >= 0.06) {
				events.add(Event.newBuilder().setServiceCaseClosed(ServiceCaseClosed.newBuilder().setCaseId(caseId)));
			}
		}
		if (random.nextDouble() < 0.40) {
			double draw = random.nextDouble();
			int score = (draw < 0.25) ? random.nextInt(7)
					: (draw < 0.55) ? 7 + random.nextInt(2) : 9 + random.nextInt(2);
			events.add(Event.newBuilder()
				.setSurveyAnswered(SurveyAnswered.newBuilder().setSurvey(SurveyType.SURVEY_TYPE_NPS).setScore(score)));
		}
		int contacts = random.nextInt(13);
		for (int h = 0; h < contacts; h++) {
			boolean email = random.nextBoolean();
			events.add(Event.newBuilder()
				.setOutcomeRecorded(OutcomeRecorded.newBuilder()
					.setDecisionId("d-" + index + "-" + roundTag + h)
					.setActionId(email ? "cross-sell-offer" : "case-update")
					.setChannel(email ? Channel.CHANNEL_EMAIL : Channel.CHANNEL_WEB)
					.setOutcome(email ? Outcome.OUTCOME_SENT : Outcome.OUTCOME_IMPRESSION)));
		}
		List<Event> built = new ArrayList<>(events.size());
		long step = (this.now - this.history / 60 - start) / (events.size() + 1);
		for (int e = 0; e < events.size(); e++) {
			long at = start + step * (e + 1);
			built.add(events.get(e)
				.setEventId(customer + "-" + roundTag + e)
				.setCustomerId(customer)
				.setSource("benchmark")
				.setOccurredAt(Timestamp.newBuilder().setSeconds(at / 1000).setNanos((int) (at % 1000) * 1_000_000))
				.build());
		}
		return built;
	}

}
