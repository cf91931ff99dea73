package io.nextbest.server.decision;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nextbest.facts.Channel;
import io.nextbest.facts.Consent;
import io.nextbest.facts.Contact;
import io.nextbest.facts.Customer;
import io.nextbest.facts.Journey;
import io.nextbest.facts.Moment;
import io.nextbest.facts.Purpose;
import io.nextbest.facts.Request;
import io.nextbest.facts.RequestedChannel;
import io.nextbest.facts.ServiceCase;
import io.nextbest.facts.Survey;
import io.nextbest.server.context.CustomerContext;
import io.nextbest.server.rules.ActionCatalogue;
import io.nextbest.server.rules.ActionDefinition;

/** Turns a stored context and a request into the facts rules see. */
final class FactAssembler {

	private FactAssembler() {
	}

	/**
	 * The facts of a decision.
	 * @param channels the requested channels and those of the requested placements
	 * @param zone the customer's time zone, for the {@link Moment}
	 * @param catalogue gives each contact its purpose
	 */
	static List<Object> facts(CustomerContext context, DecisionRequest request, List<Channel> channels, Instant now,
			ZoneId zone, ActionCatalogue catalogue) {
		long nowMillis = now.toEpochMilli();
		List<Object> facts = new ArrayList<>(9 + context.journeys().size() + context.cases().size()
				+ context.consents().size() + context.history().size());
		Map<String, String> attributes = new HashMap<>();
		for (CustomerContext.ProfileAttribute attribute : context.profile()) {
			if (attribute.value() != null) {
				attributes.put(attribute.name(), attribute.value());
			}
		}
		facts.add(new Customer(context.customerId(), context.isKnown(), attributes));
		facts.add(new Request(channels, request.page(), request.placement(), request.device(), request.locale(),
				request.attributes()));
		facts.add(new Moment(now, zone));
		channels.forEach((channel) -> facts.add(new RequestedChannel(channel)));
		for (CustomerContext.JourneyPosition j : context.journeys()) {
			facts.add(new Journey(j.journey(), j.stage(), Instant.ofEpochMilli(j.since()), days(j.since(), nowMillis)));
		}
		for (CustomerContext.ServiceCase k : context.cases()) {
			long daysOpen = (k.openedAt() != 0) ? days(k.openedAt(), nowMillis) : 0;
			long daysSinceClosed = k.isOpen() ? -1 : days(k.closedAt(), nowMillis);
			facts.add(new ServiceCase(k.caseId(), k.product(), k.severity(), k.isOpen(), daysOpen, daysSinceClosed));
		}
		for (CustomerContext.ConsentRecord k : context.consents()) {
			facts.add(new Consent(k.channel(), k.purpose(), k.status()));
		}
		for (CustomerContext.SurveyRecord s : context.surveys()) {
			facts.add(new Survey(s.type(), s.score(), days(s.answeredAt(), nowMillis)));
		}
		for (CustomerContext.ContactRecord h : context.history()) {
			ActionDefinition action = catalogue.get(h.actionId());
			facts.add(new Contact(h.actionId(), h.channel(), h.outcome(), days(h.occurredAt(), nowMillis),
					(action != null) ? action.purpose() : Purpose.MARKETING));
		}
		return facts;
	}

	/** Whole days from then to now; an event time in the future counts as today. */
	private static long days(long then, long now) {
		return Math.max(0, Duration.ofMillis(now - then).toDays());
	}

}
