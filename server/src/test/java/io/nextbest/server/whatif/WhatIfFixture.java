package io.nextbest.server.whatif;

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
import io.nextbest.engine.testing.WhatIfRules;

/**
 * The what-if's test population and request, for the tests that run what-ifs over gRPC
 * and over Connect (the rules are {@link WhatIfRules}): customers with web consent, email
 * consent for every second one, and an open case for every third.
 */
public final class WhatIfFixture {

	private WhatIfFixture() {
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
