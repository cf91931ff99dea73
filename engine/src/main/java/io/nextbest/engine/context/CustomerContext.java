package io.nextbest.engine.context;

import java.util.List;

import io.nextbest.facts.Channel;
import io.nextbest.facts.ConsentStatus;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Severity;
import io.nextbest.facts.Stage;
import io.nextbest.facts.SurveyType;

/**
 * The single customer view as it is stored, one entry per customer in the Hazelcast map.
 * Times are epoch milliseconds (0 for unknown) and collections are small lists rather
 * than maps: a context holds a handful of items of each kind, and flat lists keep the
 * serialized form and the heap footprint small.
 *
 * @param customerId the customer
 * @param updatedAt when the context last changed (the newest applied event time)
 * @param journeys position in each journey
 * @param cases open and recently closed service cases
 * @param consents consent per channel and purpose
 * @param surveys the latest score per survey type
 * @param profile CRM attributes (removed ones kept as tombstones with a null value, so a
 * late older update cannot bring them back)
 * @param history recent contact outcomes, oldest first
 * @param recentEventIds fingerprints of the most recent applied event ids, oldest first
 * @param revision how many events have changed the context (the durable store never
 * replaces a row by one of a lower revision)
 * @param stageHistory the customer's last stage changes across journeys, oldest first, at
 * most {@link #MAX_STAGE_HISTORY}
 */
public record CustomerContext(String customerId, long updatedAt, List<JourneyPosition> journeys,
		List<ServiceCase> cases, List<ConsentRecord> consents, List<SurveyRecord> surveys,
		List<ProfileAttribute> profile, List<ContactRecord> history, long[] recentEventIds, long revision,
		List<StageChange> stageHistory) {

	/**
	 * The most stage changes a context keeps: enough for the single customer view and to
	 * tell a regression, bounded so that a context does not grow with a customer's age.
	 */
	public static final int MAX_STAGE_HISTORY = 20;

	/**
	 * A context without stage history.
	 * @param customerId the customer
	 * @param updatedAt when the context last changed
	 * @param journeys position in each journey
	 * @param cases service cases
	 * @param consents consents
	 * @param surveys survey answers
	 * @param profile CRM attributes
	 * @param history contact outcomes
	 * @param recentEventIds fingerprints of recent event ids
	 * @param revision how many events have changed the context
	 */
	public CustomerContext(String customerId, long updatedAt, List<JourneyPosition> journeys, List<ServiceCase> cases,
			List<ConsentRecord> consents, List<SurveyRecord> surveys, List<ProfileAttribute> profile,
			List<ContactRecord> history, long[] recentEventIds, long revision) {
		this(customerId, updatedAt, journeys, cases, consents, surveys, profile, history, recentEventIds, revision,
				List.of());
	}

	/**
	 * A context of revision 0, as built before it is stored.
	 * @param customerId the customer
	 * @param updatedAt when the context last changed
	 * @param journeys position in each journey
	 * @param cases service cases
	 * @param consents consents
	 * @param surveys survey answers
	 * @param profile CRM attributes
	 * @param history contact outcomes
	 * @param recentEventIds fingerprints of recent event ids
	 */
	public CustomerContext(String customerId, long updatedAt, List<JourneyPosition> journeys, List<ServiceCase> cases,
			List<ConsentRecord> consents, List<SurveyRecord> surveys, List<ProfileAttribute> profile,
			List<ContactRecord> history, long[] recentEventIds) {
		this(customerId, updatedAt, journeys, cases, consents, surveys, profile, history, recentEventIds, 0);
	}

	/**
	 * The context of a customer the server knows nothing about.
	 * @param customerId the customer
	 * @return an empty context
	 */
	public static CustomerContext empty(String customerId) {
		return new CustomerContext(customerId, 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
				new long[0]);
	}

	/**
	 * The same context at another revision.
	 * @param newRevision the revision
	 * @return a copy
	 */
	public CustomerContext withRevision(long newRevision) {
		return new CustomerContext(this.customerId, this.updatedAt, this.journeys, this.cases, this.consents,
				this.surveys, this.profile, this.history, this.recentEventIds, newRevision, this.stageHistory);
	}

	/**
	 * The same context with other journey positions.
	 * @param positions the position in each journey
	 * @return a copy
	 */
	public CustomerContext withJourneys(List<JourneyPosition> positions) {
		return new CustomerContext(this.customerId, this.updatedAt, List.copyOf(positions), this.cases, this.consents,
				this.surveys, this.profile, this.history, this.recentEventIds, this.revision, this.stageHistory);
	}

	/**
	 * The same context with another stage history.
	 * @param changes the stage changes, oldest first
	 * @return a copy
	 */
	public CustomerContext withStageHistory(List<StageChange> changes) {
		return new CustomerContext(this.customerId, this.updatedAt, this.journeys, this.cases, this.consents,
				this.surveys, this.profile, this.history, this.recentEventIds, this.revision, changes);
	}

	/**
	 * Whether anything was ever recorded for the customer.
	 * @return false for an empty context
	 */
	public boolean isKnown() {
		return this.updatedAt != 0 || !this.journeys.isEmpty() || !this.consents.isEmpty();
	}

	/**
	 * The recorded consent for a channel and purpose.
	 * @param channel the channel
	 * @param purpose the purpose
	 * @return the status, or null when nothing was recorded
	 */
	public ConsentStatus consent(Channel channel, Purpose purpose) {
		for (ConsentRecord consent : this.consents) {
			if (consent.channel() == channel && consent.purpose() == purpose) {
				return consent.status();
			}
		}
		return null;
	}

	/**
	 * A profile attribute.
	 * @param name the attribute name
	 * @return its value, or null when absent
	 */
	public String attribute(String name) {
		for (ProfileAttribute attribute : this.profile) {
			if (attribute.name().equals(name)) {
				return attribute.value();
			}
		}
		return null;
	}

	/**
	 * Where the customer is in one journey.
	 *
	 * @param journey the journey, usually a product
	 * @param stage the current stage
	 * @param since when the customer reached it
	 * @param counted whether the journey analytics counted the customer into the stage's
	 * stock on reaching it, so that leaving it takes one away: a journey listed after the
	 * customer reached the stage did not
	 * @param entered when the customer entered the journey (their cohort), 0 when not
	 * known (kept since a later version than the position)
	 */
	public record JourneyPosition(String journey, Stage stage, long since, boolean counted, long entered) {

		/**
		 * A position not counted in the journey analytics' stock, with no known entry
		 * into the journey.
		 * @param journey the journey, usually a product
		 * @param stage the current stage
		 * @param since when the customer reached it
		 */
		public JourneyPosition(String journey, Stage stage, long since) {
			this(journey, stage, since, false, 0);
		}

		/**
		 * @param counted whether the stock counted the customer in
		 * @return this position, counted in or not
		 */
		public JourneyPosition withCounted(boolean counted) {
			return new JourneyPosition(this.journey, this.stage, this.since, counted, this.entered);
		}

	}

	/**
	 * A change of stage in a journey, as the stage history keeps it.
	 *
	 * @param journey the journey
	 * @param from the stage left, or null when the customer entered the journey
	 * @param to the stage reached
	 * @param at when the stage was reached
	 * @param fromSince when the customer had reached the stage left (0 on entry)
	 */
	public record StageChange(String journey, Stage from, Stage to, long at, long fromSince) {

		/**
		 * @return whole days spent in the stage left (0 on entry)
		 */
		public long daysInFrom() {
			return (this.from == null) ? 0 : Math.max(0, (this.at - this.fromSince) / 86_400_000L);
		}

		/**
		 * @return whether the customer went back to an earlier stage
		 */
		public boolean regressed() {
			return this.from != null && this.to.ordinal() < this.from.ordinal();
		}

	}

	/**
	 * A service case.
	 *
	 * @param caseId the id in the service desk
	 * @param product the product it is about, or empty
	 * @param severity how bad it is (null when only its closing is known)
	 * @param openedAt when it was opened (0 when only its closing is known)
	 * @param closedAt when it was closed (0 while open)
	 * @param updatedAt the time of the newest event applied to it
	 */
	public record ServiceCase(String caseId, String product, Severity severity, long openedAt, long closedAt,
			long updatedAt) {

		/**
		 * Whether the case is still open.
		 * @return true while not closed
		 */
		public boolean isOpen() {
			return this.closedAt == 0;
		}

	}

	/**
	 * Consent for one channel and purpose.
	 *
	 * @param channel the channel
	 * @param purpose the purpose
	 * @param status the status
	 * @param changedAt when it was given, denied or revoked
	 */
	public record ConsentRecord(Channel channel, Purpose purpose, ConsentStatus status, long changedAt) {
	}

	/**
	 * The latest answer to one survey type.
	 *
	 * @param type the survey
	 * @param score the score
	 * @param answeredAt when it was answered
	 * @param channel the channel of the interaction it was about, or null when it named
	 * none
	 */
	public record SurveyRecord(SurveyType type, int score, long answeredAt, Channel channel) {

		/**
		 * An answer about no named channel.
		 * @param type the survey
		 * @param score the score
		 * @param answeredAt when it was answered
		 */
		public SurveyRecord(SurveyType type, int score, long answeredAt) {
			this(type, score, answeredAt, null);
		}

	}

	/**
	 * One CRM attribute.
	 *
	 * @param name the name
	 * @param value the value, or null once removed
	 * @param updatedAt when it was last set or removed
	 */
	public record ProfileAttribute(String name, String value, long updatedAt) {
	}

	/**
	 * One entry of the contact history.
	 *
	 * @param decisionId the decision, as reported
	 * @param actionId the action
	 * @param channel the channel
	 * @param outcome what happened
	 * @param occurredAt when it happened
	 */
	public record ContactRecord(String decisionId, String actionId, Channel channel, Outcome outcome, long occurredAt) {
	}

}
