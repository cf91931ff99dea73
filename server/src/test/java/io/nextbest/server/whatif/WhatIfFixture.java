package io.nextbest.server.whatif;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import com.google.protobuf.Timestamp;

import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.JourneyStageChanged;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ServiceCaseOpened;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.engine.testing.RuleDirectory;

/**
 * The what-if's test rules and population, for the tests that run what-ifs over gRPC and
 * over Connect: a promotion for everyone, a case update on open cases, and (serving, not
 * the candidate) the open-case suppression; customers with web consent, email consent for
 * every second one, and an open case for every third.
 */
public final class WhatIfFixture {

	/** A promo, and a case update on open cases. */
	public static final String CATALOGUE = """
			actions:
			  - { id: promo, kind: offer, purpose: marketing, channels: [web, email], content: promo }
			  - { id: case-update, kind: message, purpose: service, channels: [web], content: case }
			""";

	private static final String CASE_UPDATE = """
			package io.nextbest.rules;
			import io.nextbest.facts.*;

			rule "Open case gets a case update"
			when
			    ServiceCase(open)
			then
			    insert(Propose.action("case-update").on(Channel.WEB).priority(95).because("Case open."));
			end
			""";

	private static final String SUPPRESSION = """
			package io.nextbest.rules;
			import io.nextbest.facts.*;

			rule "Open case suppresses marketing"
			when
			    exists ServiceCase(open)
			then
			    insert(Suppress.marketing(ReasonCode.OPEN_SERVICE_CASE, "Open case."));
			end
			""";

	private WhatIfFixture() {
	}

	/**
	 * Writes the rules.
	 * @param directory where
	 * @param suppression with the open-case suppression (the serving rules) or without
	 * (the candidate)
	 */
	public static void rulesDirectory(Path directory, boolean suppression) {
		RuleDirectory rules = RuleDirectory.empty(directory);
		rules.write("actions.yaml", CATALOGUE);
		rules.write("promo.drl", RuleDirectory.rule("Everyone gets the promo", "promo", 50));
		rules.write("case.drl", CASE_UPDATE);
		if (suppression) {
			rules.write("suppression.drl", SUPPRESSION);
		}
	}

	/**
	 * The population's events, each with its id, customer and time set: customer
	 * {@code i} has marketing consent on the web, on email too for even i, and an open
	 * case for every third.
	 * @param customers how many
	 * @param id customer i's id
	 * @param journey customer i's journey, at loyalty; null for none
	 * @param at when the events happened
	 * @return the events, customer by customer
	 */
	public static List<Event> events(int customers, IntFunction<String> id, IntFunction<String> journey, Instant at) {
		Timestamp when = Timestamp.newBuilder().setSeconds(at.getEpochSecond()).build();
		List<Event> all = new ArrayList<>();
		int sequence = 0;
		for (int i = 0; i < customers; i++) {
			String customer = id.apply(i);
			List<Event.Builder> events = new ArrayList<>();
			String name = journey.apply(i);
			if (name != null) {
				events.add(Event.newBuilder()
					.setJourneyStageChanged(JourneyStageChanged.newBuilder()
						.setJourney(name)
						.setStage(JourneyStage.JOURNEY_STAGE_LOYALTY)));
			}
			events.add(Event.newBuilder().setConsentChanged(consent(Channel.CHANNEL_WEB)));
			if (i % 2 == 0) {
				events.add(Event.newBuilder().setConsentChanged(consent(Channel.CHANNEL_EMAIL)));
			}
			if (i % 3 == 0) {
				events.add(Event.newBuilder()
					.setServiceCaseOpened(ServiceCaseOpened.newBuilder()
						.setCaseId("k-" + i)
						.setSeverity(CaseSeverity.CASE_SEVERITY_HIGH)));
			}
			for (Event.Builder event : events) {
				all.add(event.setEventId(customer + "-" + (++sequence))
					.setCustomerId(customer)
					.setOccurredAt(when)
					.build());
			}
		}
		return all;
	}

	/**
	 * @param candidate the candidate directory, relative to the serving rules
	 * @return a what-if of every stored customer on email and web
	 */
	public static WhatIfRequest request(String candidate) {
		return WhatIfRequest.newBuilder()
			.setCandidateDirectory(candidate)
			.addChannels(Channel.CHANNEL_EMAIL)
			.addChannels(Channel.CHANNEL_WEB)
			.build();
	}

	private static ConsentChanged.Builder consent(Channel channel) {
		return ConsentChanged.newBuilder()
			.setChannel(channel)
			.setPurpose(Purpose.PURPOSE_MARKETING)
			.setStatus(ConsentStatus.CONSENT_STATUS_GRANTED);
	}

}
