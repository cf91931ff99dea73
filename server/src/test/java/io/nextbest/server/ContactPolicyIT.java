package io.nextbest.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.FunnelStatus;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.Placement;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.client.Events;
import io.nextbest.client.NextBestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes change the next decision, end to end: the real server on a TCP port with the
 * sample rules and contact policy ({@code rules/}), the Java client, and a clock the test
 * sets (a Thursday in January, noon in London).
 */
class ContactPolicyIT {

	private static final Instant NOON = Instant.parse("2026-01-15T12:00:00Z");

	private static InJvmServer server;

	private static NextBestClient client;

	private static TestClock clock;

	@BeforeAll
	static void start() {
		server = InJvmServer.start();
		client = server.client;
		clock = server.clock;
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@BeforeEach
	void noon() {
		clock.set(NOON);
	}

	@Test
	void aSentMarketingEmailReachesTheDailyEmailCap() {
		String customer = loyalCustomer("it-cap");
		DecideResponse first = client.decide(customer, Channel.CHANNEL_EMAIL);
		assertThat(first.getChannels(0).getAction().getActionId()).isEqualTo("cross-sell-offer");

		client.record(Events.outcome(customer, first.getDecisionId(), "cross-sell-offer", Channel.CHANNEL_EMAIL,
				Outcome.OUTCOME_SENT, minutesAgo(1)));

		DecideResponse next = client.decide(customer, Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB);
		assertThat(next.getChannels(0).getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_FREQUENCY_CAP);
		assertThat(next.getChannels(1).getAction().getActionId()).isEqualTo("cross-sell-offer");
	}

	@Test
	void anOfferRejectedOnTheWebCoolsDownOnEveryChannel() {
		String customer = loyalCustomer("it-cool-down");
		DecideResponse shown = client.decide(customer, Channel.CHANNEL_WEB);
		assertThat(shown.getChannels(0).getAction().getActionId()).isEqualTo("cross-sell-offer");

		var reject = Events.forCustomer(customer)
			.id("reject-1")
			.at(minutesAgo(1))
			.outcome(shown.getDecisionId(), "cross-sell-offer", Channel.CHANNEL_WEB, Outcome.OUTCOME_REJECT);
		assertThat(client.record(reject).getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
		assertThat(client.record(reject).getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_DUPLICATE);

		DecideResponse next = client.decide(customer, Channel.CHANNEL_WEB, Channel.CHANNEL_EMAIL);
		for (ChannelDecision channel : next.getChannelsList()) {
			assertThat(channel.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_COOL_DOWN);
			assertThat(channel.getSuppression().getAllowedAt().getSeconds())
				.isEqualTo(minutesAgo(1).plus(Duration.ofDays(30)).getEpochSecond());
		}
		assertThat(client.context(customer).getContactHistoryList()).hasSize(1);
	}

	@Test
	void anAcceptedOneTimeOfferIsNotOfferedAgainElsewhere() {
		String customer = loyalCustomer("it-accepted");
		// Reported by another system, against a decision this server never made.
		client.record(Events.outcome(customer, "crm-campaign-7", "cross-sell-offer", Channel.CHANNEL_CONTACT_CENTRE,
				Outcome.OUTCOME_ACCEPT, minutesAgo(5)));

		ChannelDecision soon = client.decide(customer, Channel.CHANNEL_EMAIL).getChannels(0);
		assertThat(soon.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_ALREADY_ACCEPTED);

		// Long after the cool-down that follows any accepted offer.
		clock.advance(Duration.ofDays(60));
		ChannelDecision later = client.decide(customer, Channel.CHANNEL_EMAIL).getChannels(0);
		assertThat(later.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_ALREADY_ACCEPTED);
	}

	@Test
	void quietHoursHoldEmailUntilMorningInTheCustomersTimeZone() {
		String customer = loyalCustomer("it-quiet");
		client.record(Events.profile(customer, Map.of("time_zone", "Asia/Tokyo"), minutesAgo(5)));

		// Noon in London is 21:00 in Tokyo.
		DecideResponse night = client.decide(customer, Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB);
		ChannelDecision email = night.getChannels(0);
		assertThat(email.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_QUIET_HOURS);
		assertThat(email.getSuppression().getAllowedAt().getSeconds())
			.isEqualTo(Instant.parse("2026-01-15T23:00:00Z").getEpochSecond());
		assertThat(night.getChannels(1).hasAction()).isTrue();

		clock.set(Instant.parse("2026-01-15T23:00:00Z"));
		assertThat(client.decide(customer, Channel.CHANNEL_EMAIL).getChannels(0).getAction().getActionId())
			.isEqualTo("cross-sell-offer");
	}

	@Test
	void explainShowsTheFunnelAndPlacementsNeverRepeatAnAction() {
		String customer = loyalCustomer("it-explain", 320);
		DecideRequest request = DecideRequest.newBuilder()
			.setCustomerId(customer)
			.addChannels(Channel.CHANNEL_EMAIL)
			.addPlacements(Placement.newBuilder().setName("hero").setChannel(Channel.CHANNEL_WEB))
			.addPlacements(Placement.newBuilder().setName("carousel").setChannel(Channel.CHANNEL_WEB).setMaxActions(3))
			.setExplain(true)
			.build();

		DecideResponse response = client.decide(request);

		assertThat(response.getChannelsList()).extracting(ChannelDecision::getPlacement)
			.containsExactly("", "hero", "carousel");
		assertThat(response.getChannels(1).getAction().getActionId()).isEqualTo("renewal-offer");
		assertThat(response.getChannels(2).getActionsList()).extracting((a) -> a.getActionId())
			.containsExactly("cross-sell-offer");
		assertThat(response.getChannels(2).getFunnelList()).extracting((f) -> f.getActionId(), (f) -> f.getStatus())
			.contains(org.assertj.core.groups.Tuple.tuple("renewal-offer", FunnelStatus.FUNNEL_STATUS_ALREADY_PLACED));
		assertThat(response.getChannels(0).getFunnelList()).isNotEmpty()
			.allSatisfy((f) -> assertThat(f.getScore()).isPositive());
		assertThat(client.decide(customer, Channel.CHANNEL_EMAIL).getChannels(0).getFunnelList()).isEmpty();
	}

	/** A customer 40 days into loyalty on one product, with consent on email and web. */
	private static String loyalCustomer(String customer) {
		return loyalCustomer(customer, 40);
	}

	/**
	 * A customer so many days into loyalty on one product, with consent on email and web.
	 */
	private static String loyalCustomer(String customer, int days) {
		for (Channel channel : List.of(Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB)) {
			client.record(Events.consent(customer, channel, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_GRANTED, NOON.minus(Duration.ofDays(100))));
		}
		client.record(Events.stageChanged(customer, "broadband", JourneyStage.JOURNEY_STAGE_LOYALTY,
				NOON.minus(Duration.ofDays(days))));
		return customer;
	}

	private static Instant minutesAgo(int minutes) {
		return clock.instant().minus(Duration.ofMinutes(minutes));
	}

}
