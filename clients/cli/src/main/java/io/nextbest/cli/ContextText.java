package io.nextbest.cli;

import java.util.Map;
import java.util.TreeMap;

import io.nextbest.api.v1.ConsentState;
import io.nextbest.api.v1.ContactRecord;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.JourneyPosition;
import io.nextbest.api.v1.ServiceCase;
import io.nextbest.api.v1.SurveyScore;

/**
 * Prints a customer's context for people, one section per kind of fact.
 */
final class ContextText {

	private static final String NL = System.lineSeparator();

	private ContextText() {
	}

	static String of(String customerId, CustomerContext context) {
		if (!context.getKnown()) {
			return "customer " + customerId + " is not known" + NL;
		}
		StringBuilder out = new StringBuilder("customer ").append(context.getCustomerId());
		if (context.hasUpdatedAt()) {
			out.append("  updated ").append(Times.instant(context.getUpdatedAt()));
		}
		out.append(NL);
		Columns journeys = new Columns();
		for (JourneyPosition journey : context.getJourneysList()) {
			journeys.row(journey.getJourney(), EnumNames.of(journey.getStage()),
					journey.hasSince() ? "since " + Times.instant(journey.getSince()) : "");
		}
		section(out, "journeys", journeys);
		Columns cases = new Columns();
		for (ServiceCase serviceCase : context.getCasesList()) {
			cases.row(serviceCase.getCaseId(), serviceCase.getProduct().isEmpty() ? "-" : serviceCase.getProduct(),
					EnumNames.of(serviceCase.getSeverity()),
					serviceCase.hasOpenedAt() ? "opened " + Times.instant(serviceCase.getOpenedAt()) : "",
					serviceCase.hasClosedAt() ? "closed " + Times.instant(serviceCase.getClosedAt()) : "open");
		}
		section(out, "cases", cases);
		Columns consents = new Columns();
		for (ConsentState consent : context.getConsentsList()) {
			consents.row(EnumNames.of(consent.getChannel()), EnumNames.of(consent.getPurpose()),
					EnumNames.of(consent.getStatus()),
					consent.hasChangedAt() ? "since " + Times.instant(consent.getChangedAt()) : "");
		}
		section(out, "consents", consents);
		Columns surveys = new Columns();
		for (SurveyScore survey : context.getSurveysList()) {
			surveys.row(EnumNames.of(survey.getSurvey()), Integer.toString(survey.getScore()),
					survey.hasAnsweredAt() ? "answered " + Times.instant(survey.getAnsweredAt()) : "",
					(survey.getChannel() != io.nextbest.api.v1.Channel.CHANNEL_UNSPECIFIED)
							? "about " + EnumNames.of(survey.getChannel()) : "");
		}
		section(out, "surveys", surveys);
		Columns profile = new Columns();
		for (Map.Entry<String, String> attribute : new TreeMap<>(context.getProfileMap()).entrySet()) {
			profile.row(attribute.getKey(), attribute.getValue());
		}
		section(out, "profile", profile);
		Columns history = new Columns();
		for (ContactRecord contact : context.getContactHistoryList()) {
			history.row(contact.hasOccurredAt() ? Times.instant(contact.getOccurredAt()) : "-",
					EnumNames.of(contact.getChannel()), EnumNames.of(contact.getOutcome()), contact.getActionId(),
					contact.getDecisionId().isEmpty() ? "" : "decision " + contact.getDecisionId());
		}
		section(out, "history", history);
		return out.toString();
	}

	private static void section(StringBuilder out, String title, Columns rows) {
		out.append(title).append(':').append(NL);
		if (rows.isEmpty()) {
			out.append("  (none)").append(NL);
		}
		else {
			rows.appendTo(out, "  ");
		}
	}

}
