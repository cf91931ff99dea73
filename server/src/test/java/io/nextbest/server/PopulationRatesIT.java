package io.nextbest.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.FunnelEntry;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.PropensitySource;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.client.Events;
import io.nextbest.client.NextBestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Everybody's outcomes change the ranking for a customer with no history of their own,
 * end to end: the real server with the sample rules (renewal-offer outranks
 * cross-sell-offer for a customer long in loyalty, at equal propensity), outcomes of many
 * customers streamed over gRPC, and the explain funnel saying where each propensity came
 * from. Re-sent outcomes do not count again.
 */
class PopulationRatesIT {

	private static final Instant NOON = Instant.parse("2026-01-15T12:00:00Z");

	/** Customers whose outcomes make the population. */
	private static final int CUSTOMERS = 120;

	private static InJvmServer server;

	private static NextBestClient client;

	@BeforeAll
	static void start() {
		server = InJvmServer.start();
		client = server.client;
		server.clock.set(NOON);
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void everybodysResponsesRankTheOffersForACustomerWithNoHistory() {
		String fresh = loyalCustomer("it-population-fresh");
		ChannelDecision before = explainedWeb(fresh);
		assertThat(before.getAction().getActionId()).isEqualTo("renewal-offer");
		assertThat(entry(before, "cross-sell-offer").getPropensitySource())
			.isEqualTo(PropensitySource.PROPENSITY_SOURCE_PRIOR);
		assertThat(entry(before, "cross-sell-offer").getPropensity()).isEqualTo(0.1);

		// On the web, 600 impressions of each offer: the cross-sell is clicked 240 times,
		// the renewal 12 times.
		List<Event> population = population();
		RecordEventsResponse recorded = client.recordAll(population.iterator());
		assertThat(recorded.getApplied()).isEqualTo(population.size());

		// Within a refresh of the population's snapshot (about a second).
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> explainedWeb(fresh).getFunnelList()
				.stream()
				.allMatch((f) -> f.getPropensityBasis().contains("600 impressions and sends")));
		ChannelDecision after = explainedWeb(fresh);
		assertThat(after.getAction().getActionId()).isEqualTo("cross-sell-offer");
		FunnelEntry crossSell = entry(after, "cross-sell-offer");
		FunnelEntry renewal = entry(after, "renewal-offer");
		assertThat(crossSell.getPropensitySource()).isEqualTo(PropensitySource.PROPENSITY_SOURCE_POPULATION_ON_CHANNEL);
		assertThat(crossSell.getPropensity()).isCloseTo(240.0 / 600, within(1e-12));
		assertThat(crossSell.getPropensityBasis()).contains("no history").contains("600 impressions and sends");
		assertThat(renewal.getPropensity()).isCloseTo(12.0 / 600, within(1e-12));

		// The same feed again: every event is a duplicate, and nothing is counted twice.
		RecordEventsResponse again = client.recordAll(population.iterator());
		assertThat(again.getDuplicates()).isEqualTo(population.size());
		client.record(Events.outcome("it-population-late", "d-late", "renewal-offer", Channel.CHANNEL_WEB,
				Outcome.OUTCOME_IMPRESSION, NOON.minus(Duration.ofMinutes(1))));
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> entry(explainedWeb(fresh), "renewal-offer").getPropensityBasis()
				.contains("601 impressions and sends"));
		assertThat(entry(explainedWeb(fresh), "cross-sell-offer").getPropensityBasis())
			.contains("600 impressions and sends");
	}

	private static List<Event> population() {
		List<Event> events = new ArrayList<>();
		for (int c = 0; c < CUSTOMERS; c++) {
			String customer = "it-population-" + c;
			Instant at = NOON.minus(Duration.ofHours(1 + c));
			for (int i = 0; i < 5; i++) {
				events.add(outcome(customer, "cross-sell-offer", Outcome.OUTCOME_IMPRESSION, at.plusSeconds(i)));
				events.add(outcome(customer, "renewal-offer", Outcome.OUTCOME_IMPRESSION, at.plusSeconds(i)));
			}
			events.add(outcome(customer, "cross-sell-offer", Outcome.OUTCOME_CLICK, at.plusSeconds(10)));
			events.add(outcome(customer, "cross-sell-offer", Outcome.OUTCOME_CLICK, at.plusSeconds(11)));
			if (c % 10 == 0) {
				events.add(outcome(customer, "renewal-offer", Outcome.OUTCOME_CLICK, at.plusSeconds(12)));
			}
		}
		return events;
	}

	private static Event outcome(String customer, String action, Outcome outcome, Instant at) {
		return Events.outcome(customer, "d-" + customer, action, Channel.CHANNEL_WEB, outcome, at);
	}

	private static ChannelDecision explainedWeb(String customer) {
		return client
			.decide(DecideRequest.newBuilder()
				.setCustomerId(customer)
				.addChannels(Channel.CHANNEL_WEB)
				.setExplain(true)
				.build())
			.getChannels(0);
	}

	private static FunnelEntry entry(ChannelDecision decision, String action) {
		return decision.getFunnelList()
			.stream()
			.filter((f) -> f.getActionId().equals(action))
			.findFirst()
			.orElseThrow(() -> new AssertionError(action + " is not in the funnel: " + decision.getFunnelList()));
	}

	/** A customer 320 days into loyalty on one product, with consent on email and web. */
	private static String loyalCustomer(String customer) {
		for (Channel channel : List.of(Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB)) {
			client.record(Events.consent(customer, channel, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_GRANTED, NOON.minus(Duration.ofDays(100))));
		}
		client.record(Events.stageChanged(customer, "broadband", JourneyStage.JOURNEY_STAGE_LOYALTY,
				NOON.minus(Duration.ofDays(320))));
		return customer;
	}

}
