package io.nextbest.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.SuppressionServiceGrpc;
import io.nextbest.api.v1.Verdict;
import io.nextbest.client.Events;
import io.nextbest.client.NextBestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Fault: the systems that send events disagree about the time. The real server process
 * (default settings: five minutes of clock skew allowed), driven over gRPC: a customer's
 * "no" to marketing email, recorded by a system whose clock is behind the one that
 * recorded their earlier "yes", still stops Decide and bulk suppression from marketing to
 * them.
 */
class ClockSkewIT {

	private static final Campaign MARKETING_EMAIL = Campaign.newBuilder()
		.setCampaignId("newsletter")
		.setChannel(Channel.CHANNEL_EMAIL)
		.setPurpose(Purpose.PURPOSE_MARKETING)
		.build();

	private static ServerProcess server;

	private static NextBestClient client;

	private static ManagedChannel channel;

	@BeforeAll
	static void start() {
		server = ServerProcess
			.start("clock-skew",
					"--spring.datasource.url=jdbc:h2:file:"
							+ Path.of("target", "clock-skew-" + UUID.randomUUID(), "contexts").toAbsolutePath()
							+ ";WRITE_DELAY=0",
					"--nextbest.cluster.name=clock-skew-" + ProcessHandle.current().pid())
			.awaitServing();
		client = NextBestClient.builder().target(server.target()).deadline(Duration.ofSeconds(30)).build();
		channel = Grpc.newChannelBuilder(server.target(), InsecureChannelCredentials.create()).build();
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (channel != null) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (client != null) {
			client.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void revocationWinsOverAGrantFromAClockRunningMinutesAhead() {
		String customer = "skew-ann";
		Instant now = ServerProcess.CLOCK;
		loyalCustomer(customer, now);
		// The CRM's clock is four minutes fast: its "yes" is dated ahead of the "no" that
		// the preference centre records a moment later.
		assertThat(client
			.record(Events.consent(customer, Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_GRANTED, now.plus(Duration.ofMinutes(4))))
			.getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
		assertThat(email(customer).getAction().getPurpose()).isEqualTo(Purpose.PURPOSE_MARKETING);
		assertThat(check(customer).getSend()).isTrue();

		assertThat(client
			.record(Events.consent(customer, Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_REVOKED, now))
			.getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);

		assertSuppressed(customer);
	}

	@Test
	void grantDatedHoursAheadIsRefusedAndTheLaterRevocationHolds() {
		String customer = "skew-bob";
		Instant now = ServerProcess.CLOCK;
		loyalCustomer(customer, now);

		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> client.record(Events.consent(customer, Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
						ConsentStatus.CONSENT_STATUS_GRANTED, now.plus(Duration.ofHours(23)))));
		assertThat(refused).as("a grant dated 23 hours ahead").isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(refused.getStatus().getDescription()).startsWith("event.occurred_at: ")
			.contains("more than 5 minutes in the future");

		assertThat(client
			.record(Events.consent(customer, Channel.CHANNEL_EMAIL, Purpose.PURPOSE_MARKETING,
					ConsentStatus.CONSENT_STATUS_REVOKED, now))
			.getDisposition()).isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);

		assertSuppressed(customer);
	}

	/** A broadband customer in the loyalty stage, whom the sample rules market to. */
	private static void loyalCustomer(String customer, Instant now) {
		client.record(Events.stageChanged(customer, "broadband", JourneyStage.JOURNEY_STAGE_LOYALTY,
				now.minus(Duration.ofMinutes(10))));
	}

	private static void assertSuppressed(String customer) {
		assertThat(client.context(customer).getConsentsList()).singleElement()
			.satisfies((consent) -> assertThat(consent.getStatus()).isEqualTo(ConsentStatus.CONSENT_STATUS_REVOKED));
		ChannelDecision email = email(customer);
		assertThat(email.getAction().getPurpose()).isNotEqualTo(Purpose.PURPOSE_MARKETING);
		assertThat(email.getSuppression().getCode()).isEqualTo(ReasonCode.REASON_CODE_NO_CONSENT);
		Verdict verdict = check(customer);
		assertThat(verdict.getSend()).isFalse();
		assertThat(verdict.getCode()).isEqualTo(ReasonCode.REASON_CODE_NO_CONSENT);
	}

	private static ChannelDecision email(String customer) {
		return client.decide(customer, Channel.CHANNEL_EMAIL).getChannels(0);
	}

	/** The customer's verdict for a marketing email, from a bulk check of one. */
	private static Verdict check(String customer) {
		var stream = SuppressionServiceGrpc.newBlockingV2Stub(channel).withDeadlineAfter(30, TimeUnit.SECONDS).check();
		try {
			stream.write(CheckRequest.newBuilder().setCampaign(MARKETING_EMAIL).addCustomerIds(customer).build());
			CheckResponse response = stream.read();
			stream.halfClose();
			while (stream.read() != null) {
				// Drains the stream to its end.
			}
			return response.getVerdicts(0);
		}
		catch (StatusException ex) {
			throw ex.getStatus().asRuntimeException(ex.getTrailers());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
