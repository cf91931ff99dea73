package io.nextbest.engine.decision;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.model.JourneyMap;
import io.nextbest.engine.policy.ContactHistory;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Consent;
import io.nextbest.facts.Contact;
import io.nextbest.facts.Customer;
import io.nextbest.facts.History;
import io.nextbest.facts.Journey;
import io.nextbest.facts.Moment;
import io.nextbest.facts.Outcome;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Request;
import io.nextbest.facts.RequestedChannel;
import io.nextbest.facts.ServiceCase;
import io.nextbest.facts.Stage;
import io.nextbest.facts.Survey;

/** Turns a stored context and a request into the facts rules see. */
final class FactAssembler {

	private FactAssembler() {
	}

	/**
	 * The facts of a decision.
	 * @param channels the requested channels and those of the requested placements
	 * @param zone the customer's time zone, for the {@link Moment}
	 * @param history the summary of the contact history, which knows each entry's purpose
	 * @param journeys the expected journeys, for the {@link Journey} facts
	 * @param seen which fact types the rules can see: the others are left out, each would
	 * cost the rule engine an insert on every decision for nothing (a {@link Contact}
	 * fact per history entry, above all)
	 */
	static List<Object> facts(CustomerContext context, DecisionRequest request, List<Channel> channels, Instant now,
			ZoneId zone, ContactHistory history, JourneyMap journeys, Predicate<Class<?>> seen) {
		long nowMillis = now.toEpochMilli();
		boolean contacts = seen.test(Contact.class);
		List<Object> facts = new ArrayList<>(10 + context.journeys().size() + context.cases().size()
				+ context.consents().size() + (contacts ? context.history().size() : 0));
		boolean journeyFacts = seen.test(Journey.class);
		Map<String, String> attributes = null;
		if (seen.test(Customer.class) || journeyFacts) {
			attributes = new HashMap<>();
			for (CustomerContext.ProfileAttribute attribute : context.profile()) {
				if (attribute.value() != null) {
					attributes.put(attribute.name(), attribute.value());
				}
			}
			attributes = Map.copyOf(attributes);
		}
		if (seen.test(Customer.class)) {
			facts.add(new Customer(context.customerId(), context.isKnown(), attributes));
		}
		if (seen.test(Request.class)) {
			facts.add(new Request(channels, request.page(), request.placement(), request.device(), request.locale(),
					request.attributes()));
		}
		if (seen.test(Moment.class)) {
			facts.add(new Moment(now, zone));
		}
		if (seen.test(RequestedChannel.class)) {
			channels.forEach((channel) -> facts.add(new RequestedChannel(channel)));
		}
		if (journeyFacts) {
			boolean detractor = false;
			for (CustomerContext.SurveyRecord survey : context.surveys()) {
				detractor |= survey.type().isDetractor(survey.score());
			}
			for (CustomerContext.JourneyPosition j : context.journeys()) {
				facts.add(journey(j, attributes, context, journeys, nowMillis, detractor));
			}
		}
		if (seen.test(ServiceCase.class)) {
			for (CustomerContext.ServiceCase k : context.cases()) {
				long daysOpen = (k.openedAt() != 0) ? days(k.openedAt(), nowMillis) : 0;
				long daysSinceClosed = k.isOpen() ? -1 : days(k.closedAt(), nowMillis);
				facts
					.add(new ServiceCase(k.caseId(), k.product(), k.severity(), k.isOpen(), daysOpen, daysSinceClosed));
			}
		}
		if (seen.test(Consent.class)) {
			for (CustomerContext.ConsentRecord k : context.consents()) {
				facts.add(new Consent(k.channel(), k.purpose(), k.status()));
			}
		}
		if (seen.test(Survey.class)) {
			for (CustomerContext.SurveyRecord s : context.surveys()) {
				facts.add(new Survey(s.type(), s.score(), days(s.answeredAt(), nowMillis)));
			}
		}
		boolean summary = seen.test(History.class);
		if (summary || contacts) {
			History fact = history(context.history(), nowMillis, history, contacts, facts);
			if (summary) {
				facts.add(fact);
			}
		}
		return facts;
	}

	private static Journey journey(CustomerContext.JourneyPosition position, Map<String, String> attributes,
			CustomerContext context, JourneyMap journeys, long nowMillis, boolean detractor) {
		List<CustomerContext.StageChange> changes = context.stageHistory();
		boolean openCase = false;
		for (CustomerContext.ServiceCase k : context.cases()) {
			openCase |= k.isOpen() && position.journey().equals(k.product());
		}
		JourneyMap.JourneyDefinition definition = journeys.get(position.journey());
		JourneyMap.StageExpectation expected = (definition != null) ? definition.stage(position.stage()) : null;
		Stage previous = null;
		for (int i = changes.size() - 1; i >= 0; i--) {
			CustomerContext.StageChange change = changes.get(i);
			if (change.journey().equals(position.journey())) {
				// Only the change that brought the customer here tells where they came
				// from.
				previous = (change.to() == position.stage() && change.at() == position.since()) ? change.from() : null;
				break;
			}
		}
		return new Journey(position.journey(), attributes, position.stage(), Instant.ofEpochMilli(position.since()),
				days(position.since(), nowMillis), (expected != null) ? expected.expectedDays() : 0,
				(expected != null) ? expected.lateAfterDays() : 0, previous, openCase, detractor);
	}

	/**
	 * The {@link History} fact, and with {@code contacts} a {@link Contact} fact per
	 * entry.
	 */
	private static History history(List<CustomerContext.ContactRecord> entries, long nowMillis, ContactHistory summary,
			boolean contacts, List<Object> facts) {
		int size = entries.size();
		String[] actionIds = new String[size];
		Outcome[] outcomes = new Outcome[size];
		Purpose[] purposes = new Purpose[size];
		long[] daysAgo = new long[size];
		for (int i = 0; i < size; i++) {
			CustomerContext.ContactRecord entry = entries.get(i);
			actionIds[i] = entry.actionId();
			outcomes[i] = entry.outcome();
			purposes[i] = summary.purpose(i);
			daysAgo[i] = days(entry.occurredAt(), nowMillis);
			if (contacts) {
				facts.add(new Contact(actionIds[i], entry.channel(), outcomes[i], daysAgo[i], purposes[i]));
			}
		}
		return new History(actionIds, outcomes, purposes, daysAgo);
	}

	/** Whole days from then to now; an event time in the future counts as today. */
	private static long days(long then, long now) {
		return Math.max(0, Duration.ofMillis(now - then).toDays());
	}

}
