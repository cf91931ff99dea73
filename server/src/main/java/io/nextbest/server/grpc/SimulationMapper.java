package io.nextbest.server.grpc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.SimulateRequest;
import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.facts.SurveyType;

/**
 * Turns a simulation request into a customer context and a decision request, checked
 * field by field like any other request: the customer is made up, the validation is not.
 */
final class SimulationMapper {

	static final int MAX_ITEMS = 100;

	/**
	 * How far ahead a simulation may be set, and its customer's times ahead of it: a
	 * simulation stores nothing, and a marketer may ask about tomorrow morning.
	 */
	static final Duration MAX_AHEAD = Duration.ofHours(24);

	private SimulationMapper() {
	}

	static DecisionRequest request(SimulateRequest request) {
		return RequestMapper.decision(DecideRequest.newBuilder()
			.setCustomerId(customerId(request))
			.addAllChannelsValue(request.getChannelsValueList())
			.setContext(request.getContext())
			.setExplain(request.getExplain())
			.build());
	}

	static Instant at(SimulateRequest request, Instant now) {
		return request.hasAt() ? Instant.ofEpochMilli(FieldCheck.time(true, request.getAt(), "at", now, MAX_AHEAD))
				: now;
	}

	static CustomerContext customer(SimulateRequest request, Instant at) {
		io.nextbest.api.v1.CustomerContext c = request.getCustomer();
		String f = "customer";
		size(c.getJourneysCount(), f + ".journeys");
		size(c.getCasesCount(), f + ".cases");
		size(c.getConsentsCount(), f + ".consents");
		size(c.getSurveysCount(), f + ".surveys");
		size(c.getContactHistoryCount(), f + ".contact_history");
		List<CustomerContext.JourneyPosition> journeys = new ArrayList<>();
		for (int i = 0; i < c.getJourneysCount(); i++) {
			var j = c.getJourneys(i);
			String g = f + ".journeys[" + i + "]";
			journeys.add(new CustomerContext.JourneyPosition(FieldCheck.name(j.getJourney(), g + ".journey"),
					Enums.STAGE.fromProto(j.getStage(), g + ".stage"),
					FieldCheck.time(j.hasSince(), j.getSince(), g + ".since", at, MAX_AHEAD)));
		}
		List<CustomerContext.ServiceCase> cases = new ArrayList<>();
		for (int i = 0; i < c.getCasesCount(); i++) {
			var k = c.getCases(i);
			String g = f + ".cases[" + i + "]";
			if (!k.hasOpenedAt() && !k.hasClosedAt()) {
				throw new InvalidArgumentException(g + ".opened_at", "is required (or closed_at, for a closed case)");
			}
			long openedAt = k.hasOpenedAt() ? FieldCheck.time(true, k.getOpenedAt(), g + ".opened_at", at, MAX_AHEAD)
					: 0;
			long closedAt = k.hasClosedAt() ? FieldCheck.time(true, k.getClosedAt(), g + ".closed_at", at, MAX_AHEAD)
					: 0;
			cases.add(new CustomerContext.ServiceCase(FieldCheck.id(k.getCaseId(), g + ".case_id"),
					FieldCheck.optionalName(k.getProduct(), g + ".product"),
					Enums.SEVERITY.fromProto(k.getSeverity(), g + ".severity"), openedAt, closedAt,
					Math.max(openedAt, closedAt)));
		}
		List<CustomerContext.ConsentRecord> consents = new ArrayList<>();
		for (int i = 0; i < c.getConsentsCount(); i++) {
			var k = c.getConsents(i);
			String g = f + ".consents[" + i + "]";
			long changedAt = k.hasChangedAt()
					? FieldCheck.time(true, k.getChangedAt(), g + ".changed_at", at, MAX_AHEAD) : at.toEpochMilli();
			consents.add(new CustomerContext.ConsentRecord(Enums.CHANNEL.fromProto(k.getChannel(), g + ".channel"),
					Enums.PURPOSE.fromProto(k.getPurpose(), g + ".purpose"),
					Enums.CONSENT.fromProto(k.getStatus(), g + ".status"), changedAt));
		}
		List<CustomerContext.SurveyRecord> surveys = new ArrayList<>();
		for (int i = 0; i < c.getSurveysCount(); i++) {
			var s = c.getSurveys(i);
			String g = f + ".surveys[" + i + "]";
			SurveyType type = Enums.SURVEY.fromProto(s.getSurvey(), g + ".survey");
			if (s.getScore() < type.getMin() || s.getScore() > type.getMax()) {
				throw new InvalidArgumentException(g + ".score", "is " + s.getScore() + ", a " + type
						+ " score is from " + type.getMin() + " to " + type.getMax());
			}
			surveys.add(new CustomerContext.SurveyRecord(type, s.getScore(),
					FieldCheck.time(s.hasAnsweredAt(), s.getAnsweredAt(), g + ".answered_at", at, MAX_AHEAD),
					(s.getChannelValue() == 0) ? null : Enums.CHANNEL.fromProto(s.getChannel(), g + ".channel")));
		}
		List<CustomerContext.ProfileAttribute> profile = new ArrayList<>();
		for (Map.Entry<String, String> entry : FieldCheck
			.attributes(c.getProfileMap(), f + ".profile", RequestMapper.MAX_PROFILE_ATTRIBUTES)
			.entrySet()) {
			profile.add(new CustomerContext.ProfileAttribute(entry.getKey(), entry.getValue(), at.toEpochMilli()));
		}
		List<CustomerContext.ContactRecord> history = new ArrayList<>();
		for (int i = 0; i < c.getContactHistoryCount(); i++) {
			var h = c.getContactHistory(i);
			String g = f + ".contact_history[" + i + "]";
			history.add(new CustomerContext.ContactRecord(FieldCheck.optionalId(h.getDecisionId(), g + ".decision_id"),
					FieldCheck.id(h.getActionId(), g + ".action_id"),
					Enums.CHANNEL.fromProto(h.getChannel(), g + ".channel"),
					Enums.OUTCOME.fromProto(h.getOutcome(), g + ".outcome"),
					FieldCheck.time(h.hasOccurredAt(), h.getOccurredAt(), g + ".occurred_at", at, MAX_AHEAD)));
		}
		boolean known = !(journeys.isEmpty() && cases.isEmpty() && consents.isEmpty() && surveys.isEmpty()
				&& profile.isEmpty() && history.isEmpty());
		return new CustomerContext(customerId(request), known ? at.toEpochMilli() : 0, journeys, cases, consents,
				surveys, profile, history, new long[0]);
	}

	private static String customerId(SimulateRequest request) {
		String id = request.getCustomer().getCustomerId();
		return id.isEmpty() ? "simulated" : FieldCheck.id(id, "customer.customer_id");
	}

	private static void size(int count, String field) {
		if (count > MAX_ITEMS) {
			throw new InvalidArgumentException(field,
					"has " + count + " entries, at most " + MAX_ITEMS + " are allowed");
		}
	}

}
