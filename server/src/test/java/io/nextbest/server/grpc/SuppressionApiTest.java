package io.nextbest.server.grpc;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.EchoRequest;
import io.nextbest.api.v1.EchoServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.SuppressionServiceGrpc;
import io.nextbest.api.v1.SurveyAnswered;
import io.nextbest.api.v1.SurveyType;
import io.nextbest.api.v1.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bulk suppression and the echo diagnostics through the real generated stubs over the
 * in-process transport, against a server of its own (a name generated for it), with a
 * channel per test.
 */
@SpringBootTest(
		properties = { "spring.grpc.server.port=0", "nextbest.rules.directory=src/test/resources/engine-rules" })
class SuppressionApiTest {

	/**
	 * The in-process server's name: generated, so that no other test's server can answer.
	 */
	private static final String SERVER = InProcessServerBuilder.generateName();

	@DynamicPropertySource
	static void inProcessServer(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.server.inprocess.name", () -> SERVER);
	}

	private static final Campaign MARKETING_EMAIL = Campaign.newBuilder()
		.setCampaignId("spring-sale")
		.setChannel(Channel.CHANNEL_EMAIL)
		.setPurpose(Purpose.PURPOSE_MARKETING)
		.build();

	private ManagedChannel channel;

	/** The application's clock: events are dated by it, as a sender in sync would. */
	@Autowired
	private Clock clock;

	@BeforeEach
	void connect() {
		this.channel = InProcessChannelBuilder.forName(SERVER).build();
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void eachRecipientGetsAVerdictInTheOrderSent() {
		record("bulk-happy", consent(ConsentStatus.CONSENT_STATUS_GRANTED));
		record("bulk-unhappy", consent(ConsentStatus.CONSENT_STATUS_GRANTED));
		record("bulk-unhappy", Event.newBuilder()
			.setSurveyAnswered(SurveyAnswered.newBuilder().setSurvey(SurveyType.SURVEY_TYPE_NPS).setScore(1)));

		List<CheckResponse> responses = check(batch("b1", MARKETING_EMAIL, "bulk-unhappy", "bulk-stranger"),
				batch("b2", MARKETING_EMAIL, "bulk-happy"));

		assertThat(responses).extracting(CheckResponse::getBatchId).containsExactly("b1", "b2");
		assertThat(responses.get(0).getVerdictsList())
			.extracting((v) -> v.getCustomerId() + ":" + v.getSend() + ":" + v.getCode())
			.containsExactly("bulk-unhappy:false:REASON_CODE_DETRACTOR", "bulk-stranger:false:REASON_CODE_NO_CONSENT");
		Verdict detractor = responses.get(0).getVerdicts(0);
		assertThat(detractor.getRule()).isEqualTo("No email for detractors");
		assertThat(detractor.getMessage()).isNotBlank();
		assertThat(responses.get(1).getVerdicts(0).getSend()).isTrue();
		assertThat(responses.get(1).getRuleSet().getVersion()).hasSize(12);
	}

	@Test
	void aLargeBatchIsAnsweredInFullAndInOrder() {
		String[] ids = new String[SuppressionMapper.MAX_BATCH];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = "bulk-large-" + i;
		}

		CheckResponse response = check(batch("large", MARKETING_EMAIL, ids)).get(0);

		assertThat(response.getVerdictsList()).extracting(Verdict::getCustomerId).containsExactly(ids);
		assertThat(response.getVerdictsList()).allMatch((v) -> v.getCode() == ReasonCode.REASON_CODE_NO_CONSENT);
	}

	@Test
	void serviceSendTakesItsPurposeFromTheAction() {
		Campaign tip = Campaign.newBuilder().setChannel(Channel.CHANNEL_EMAIL).setActionId("tip").build();

		assertThat(check(batch("s", tip, "bulk-stranger")).get(0).getVerdicts(0).getSend()).isTrue();
	}

	@Test
	void invalidBatchesEndTheStreamNamingTheField() {
		assertInvalid(CheckRequest.newBuilder().addCustomerIds("c").build(), "campaign", "is required");
		assertInvalid(batch("x", MARKETING_EMAIL.toBuilder().clearChannel().build(), "c"), "campaign.channel",
				"must be one of");
		assertInvalid(batch("x", MARKETING_EMAIL), "customer_ids", "at least one");
		assertInvalid(batch("x", MARKETING_EMAIL, "ok", ""), "customer_ids[1]", "is required");
		assertInvalid(batch("x", MARKETING_EMAIL, "ok", "ok\u200B"), "customer_ids[1]",
				"invisible format character (U+200B)");
		assertInvalid(batch("x", MARKETING_EMAIL.toBuilder().setCampaignId("sale\u200E").build(), "c"),
				"campaign.campaign_id", "invisible format character (U+200E)");
		assertInvalid(batch("x", MARKETING_EMAIL.toBuilder().setActionId("nope").build(), "c"), "campaign.action_id",
				"not in the catalogue");
		assertInvalid(batch("x", MARKETING_EMAIL.toBuilder().setActionId("tip").build(), "c"), "campaign.purpose",
				"is marketing but action 'tip' is service");
		String[] tooMany = new String[SuppressionMapper.MAX_BATCH + 1];
		java.util.Arrays.fill(tooMany, "c");
		assertInvalid(batch("x", MARKETING_EMAIL, tooMany), "customer_ids", "at most 10000");
	}

	@Test
	void serverReadsTheNextBatchOnlyOnceTheClientTakesTheAnswer() throws Exception {
		LinkedBlockingQueue<CheckResponse> answers = new LinkedBlockingQueue<>();
		LinkedBlockingQueue<Boolean> readiness = new LinkedBlockingQueue<>();
		List<ClientCallStreamObserver<CheckRequest>> call = new ArrayList<>();
		SuppressionServiceGrpc.newStub(channel).check(new ClientResponseObserver<CheckRequest, CheckResponse>() {
			@Override
			public void beforeStart(ClientCallStreamObserver<CheckRequest> requests) {
				call.add(requests);
				requests.disableAutoRequestWithInitial(0);
				requests.setOnReadyHandler(() -> readiness.add(requests.isReady()));
			}

			@Override
			public void onNext(CheckResponse value) {
				answers.add(value);
			}

			@Override
			public void onError(Throwable t) {
			}

			@Override
			public void onCompleted() {
			}
		});
		ClientCallStreamObserver<CheckRequest> requests = call.get(0);
		assertThat(readiness.poll(10, TimeUnit.SECONDS)).isTrue();

		requests.onNext(batch("first", MARKETING_EMAIL, "bulk-slow"));
		requests.request(1);
		assertThat(answers.poll(10, TimeUnit.SECONDS).getBatchId()).isEqualTo("first");

		// The answer was taken but no further one is wanted: the server asks for nothing.
		readiness.clear();
		assertThat(requests.isReady()).isFalse();

		requests.request(1);
		assertThat(readiness.poll(10, TimeUnit.SECONDS)).isTrue();
		requests.onNext(batch("second", MARKETING_EMAIL, "bulk-slow"));
		assertThat(answers.poll(10, TimeUnit.SECONDS).getBatchId()).isEqualTo("second");
		requests.onCompleted();
	}

	@Test
	void echoReturnsThePayload() {
		var payload = com.google.protobuf.ByteString.copyFromUtf8("ping");

		assertThat(EchoServiceGrpc.newBlockingStub(channel)
			.echo(EchoRequest.newBuilder().setPayload(payload).build())
			.getPayload()).isEqualTo(payload);
	}

	private static CheckRequest batch(String batchId, Campaign campaign, String... customerIds) {
		return CheckRequest.newBuilder()
			.setBatchId(batchId)
			.setCampaign(campaign)
			.addAllCustomerIds(List.of(customerIds))
			.build();
	}

	private List<CheckResponse> check(CheckRequest... batches) {
		var iterator = SuppressionServiceGrpc.newBlockingV2Stub(channel).check();
		List<CheckResponse> responses = new ArrayList<>();
		try {
			// One batch at a time: the server reads the next batch only once its answer
			// is taken.
			for (CheckRequest batch : batches) {
				iterator.write(batch);
				CheckResponse response = iterator.read();
				if (response != null) {
					responses.add(response);
				}
			}
			iterator.halfClose();
			CheckResponse response;
			while ((response = iterator.read()) != null) {
				responses.add(response);
			}
		}
		catch (io.grpc.StatusException ex) {
			throw ex.getStatus().asRuntimeException(ex.getTrailers());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return responses;
	}

	private void assertInvalid(CheckRequest request, String field, String problem) {
		StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> check(request));
		assertThat(error).as("expected INVALID_ARGUMENT on " + field).isNotNull();
		assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(error.getStatus().getDescription()).startsWith(field + ": ").contains(problem);
	}

	private static Event.Builder consent(ConsentStatus status) {
		return Event.newBuilder()
			.setConsentChanged(ConsentChanged.newBuilder()
				.setChannel(Channel.CHANNEL_EMAIL)
				.setPurpose(Purpose.PURPOSE_MARKETING)
				.setStatus(status));
	}

	private void record(String customer, Event.Builder event) {
		Instant at = this.clock.instant().minusSeconds(60);
		ContextServiceGrpc.newBlockingStub(channel)
			.recordEvent(RecordEventRequest.newBuilder()
				.setEvent(event.setEventId(customer + "-" + System.nanoTime())
					.setCustomerId(customer)
					.setOccurredAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond())))
				.build());
	}

}
