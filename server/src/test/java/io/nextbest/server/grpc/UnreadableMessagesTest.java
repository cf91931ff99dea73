package io.nextbest.server.grpc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.ProfileUpdated;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request messages the server cannot read: bytes that are not a valid message, and
 * messages over the size limit (64 KB here), sent as raw bytes through generic calls to
 * the real methods, over the in-process transport and over TCP on loopback.
 */
@SpringBootTest(properties = { "spring.grpc.server.port=0", "spring.grpc.server.address=127.0.0.1",
		"spring.grpc.server.inbound.message.max-size=64KB", "nextbest.rules.directory=src/test/resources/engine-rules",
		"management.server.port=-1" })
@ExtendWith(OutputCaptureExtension.class)
class UnreadableMessagesTest {

	/**
	 * The in-process server's name: generated, so that no other test's server can answer.
	 */
	private static final String SERVER = InProcessServerBuilder.generateName();

	@DynamicPropertySource
	static void inProcessServer(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.server.inprocess.name", () -> SERVER);
	}

	private static final int LIMIT = 64 * 1024;

	/** Field 1 announces 127 bytes, and none follow. */
	private static final byte[] GARBAGE = { 0x0A, 0x7F, 0x01 };

	/** Field 1 (a string: customer_id, event) holding bytes that are not UTF-8. */
	private static final byte[] INVALID_UTF8 = { 0x0A, 0x02, (byte) 0xC3, 0x28 };

	private static final MethodDescriptor<byte[], byte[]> DECIDE = RawMessages.method("nba.v1.DecisionService/Decide",
			MethodDescriptor.MethodType.UNARY);

	private static final MethodDescriptor<byte[], byte[]> RECORD_EVENTS = RawMessages
		.method("nba.v1.ContextService/RecordEvents", MethodDescriptor.MethodType.CLIENT_STREAMING);

	private static final MethodDescriptor<byte[], byte[]> CHECK = RawMessages.method("nba.v1.SuppressionService/Check",
			MethodDescriptor.MethodType.BIDI_STREAMING);

	/** The server's clock, which dates the events: tests may serve on a fixed one. */
	@Autowired
	private java.time.Clock clock;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private MeterRegistry registry;

	private final List<ManagedChannel> channels = new ArrayList<>();

	private int sequence;

	@AfterEach
	void disconnect() throws InterruptedException {
		for (ManagedChannel channel : this.channels) {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "in-process", "tcp" })
	void garbageAndInvalidUtf8AreInvalidArgumentAndLoggedOnceAMinute(String transport, CapturedOutput output) {
		ManagedChannel channel = connect(transport);
		double before = refused("malformed");
		int logged = output.length();

		for (int i = 0; i < 300; i++) {
			for (byte[] bytes : List.of(GARBAGE, INVALID_UTF8)) {
				Status status = unary(channel, bytes);
				assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(status.getDescription())
					.startsWith("malformed request: the message is not a valid " + "nba.v1.DecideRequest (");
			}
		}
		assertThat(unary(channel, INVALID_UTF8).getDescription()).contains("invalid UTF-8");

		assertThat(refused("malformed") - before).isEqualTo(601);
		String log = output.toString().substring(logged);
		// Two transports, one minute: one line between them, and no stack trace.
		assertThat(log.lines().filter((line) -> line.contains("nba.v1.DecisionService/Decide")))
			.hasSizeLessThanOrEqualTo(1);
		assertThat(log).doesNotContain("\tat ").doesNotContain("Exception");
	}

	@ParameterizedTest
	@ValueSource(strings = { "in-process", "tcp" })
	void aMessageOverTheLimitIsResourceExhaustedNamingItsSize(String transport) {
		ManagedChannel channel = connect(transport);
		byte[] large = DecideRequest.newBuilder()
			.setCustomerId("x".repeat(LIMIT))
			.addChannels(Channel.CHANNEL_WEB)
			.build()
			.toByteArray();

		Status status = unary(channel, large);

		assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(status.getDescription()).isEqualTo(
				"the message is " + String.format("%,d", large.length) + " bytes, over the limit of 65,536 bytes");
	}

	@Test
	void aMessageBeyondWhatTheTransportReadsIsCutOffThereAndLoggedOnceAMinute(CapturedOutput output) {
		ManagedChannel channel = connect("tcp");
		byte[] huge = DecideRequest.newBuilder().setCustomerId("x".repeat(3 * LIMIT)).build().toByteArray();
		int logged = output.length();

		for (int i = 0; i < 50; i++) {
			Status status = unary(channel, huge);
			assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
			assertThat(status.getDescription()).contains("exceeds maximum");
		}

		String log = output.toString().substring(logged);
		assertThat(log.lines().filter((line) -> line.contains("exceeds maximum"))).hasSizeLessThanOrEqualTo(1);
		assertThat(log).doesNotContain("\tat ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "in-process", "tcp" })
	void anEventStreamEndedByAnOversizedMessageSaysWhatItRecordedBefore(String transport)
			throws InvalidProtocolBufferException {
		ManagedChannel channel = connect(transport);
		String customer = "oversized-" + transport;
		List<byte[]> messages = List.of(message(profile(customer, "a", "1")), message(profile(customer, "b", "2")),
				message(profile(customer, "b", "2").setEventId(customer + "-2")),
				RecordEventRequest.newBuilder()
					.addEvents(profile(customer, "c", "x".repeat(LIMIT)))
					.build()
					.toByteArray(),
				message(profile(customer, "d", "never")));

		Closed closed = stream(channel, RECORD_EVENTS, messages);

		assertThat(closed.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(closed.status().getDescription()).startsWith("message 4 is ")
			.endsWith(" bytes, over the limit of 65,536 bytes; the 3 events before it were taken: 2 applied, "
					+ "1 duplicates, 0 stale, 0 rejected (a RecordEventsResponse in the status details)");
		RecordEventsResponse summary = StatusProto.fromStatusAndTrailers(closed.status(), closed.trailers())
			.getDetails(0)
			.unpack(RecordEventsResponse.class);
		assertThat(summary.getApplied()).isEqualTo(2);
		assertThat(summary.getDuplicates()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "in-process", "tcp" })
	void anEventStreamEndedByAMalformedMessageSaysWhatItRecordedBefore(String transport) {
		ManagedChannel channel = connect(transport);
		String customer = "malformed-" + transport;

		Closed closed = stream(channel, RECORD_EVENTS,
				List.of(message(profile(customer, "a", "1")), message(profile(customer, "b", "2")), GARBAGE));

		assertThat(closed.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(closed.status().getDescription())
			.startsWith("malformed request: message 3 is not a valid nba.v1.RecordEventRequest (")
			.endsWith("; the 2 events before it were taken: 2 applied, 0 duplicates, 0 stale, 0 rejected"
					+ " (a RecordEventsResponse in the status details)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "in-process", "tcp" })
	void aCheckStreamEndedByAnOversizedRequestSaysHowManyBatchesWereAnswered(String transport) {
		ManagedChannel channel = connect(transport);

		Closed closed = stream(channel, CHECK, List.of(batch("b1", "c1", "c2").toByteArray(),
				batch("b2", "c3").toByteArray(), batch("b3", "c".repeat(LIMIT)).toByteArray()));

		assertThat(closed.messages()).hasSize(2);
		assertThat(closed.status().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(closed.status().getDescription()).startsWith("message 3 is ")
			.endsWith(" bytes, over the limit of 65,536 bytes; the 2 batches before it (3 recipients) were answered");
	}

	@Test
	void unreadableMessagesAreCountedByReasonAndMethod() {
		ManagedChannel channel = connect("in-process");
		double before = this.registry.get("nextbest.grpc.messages.refused")
			.tags("reason", "too-large", "method", "nba.v1.DecisionService/Decide")
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();

		unary(channel, DecideRequest.newBuilder().setCustomerId("x".repeat(LIMIT)).build().toByteArray());

		assertThat(this.registry.get("nextbest.grpc.messages.refused")
			.tags("reason", "too-large", "method", "nba.v1.DecisionService/Decide")
			.counter()
			.count()).isEqualTo(before + 1);
	}

	private ManagedChannel connect(String transport) {
		ManagedChannel channel = switch (transport) {
			case "in-process" -> InProcessChannelBuilder.forName(SERVER).build();
			case "tcp" -> Grpc.newChannelBuilder("127.0.0.1:" + tcpPort(), InsecureChannelCredentials.create())
				.maxInboundMessageSize(4 * LIMIT)
				.build();
			default -> throw new IllegalArgumentException(transport);
		};
		this.channels.add(channel);
		return channel;
	}

	private int tcpPort() {
		return this.context.getBeansOfType(GrpcServerLifecycle.class)
			.values()
			.stream()
			.mapToInt(GrpcServerLifecycle::getPort)
			.filter((port) -> port > 0)
			.findFirst()
			.orElseThrow();
	}

	private double refused(String reason) {
		return this.registry.find("nextbest.grpc.messages.refused")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private static Status unary(ManagedChannel channel, byte[] request) {
		try {
			ClientCalls.blockingUnaryCall(channel, DECIDE, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
					request);
			return Status.OK;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

	/** Sends the messages, half-closes, and waits for the end of the call. */
	private static Closed stream(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method,
			List<byte[]> messages) {
		ClientCall<byte[], byte[]> call = channel.newCall(method,
				CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
		List<byte[]> received = new ArrayList<>();
		CompletableFuture<Closed> closed = new CompletableFuture<>();
		call.start(new ClientCall.Listener<>() {

			@Override
			public void onMessage(byte[] message) {
				received.add(message);
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				closed.complete(new Closed(status, trailers, List.copyOf(received)));
			}

		}, new Metadata());
		call.request(Integer.MAX_VALUE);
		messages.forEach(call::sendMessage);
		call.halfClose();
		return closed.join();
	}

	private record Closed(Status status, Metadata trailers, List<byte[]> messages) {

	}

	private Event.Builder profile(String customer, String attribute, String value) {
		return Event.newBuilder()
			.setEventId(customer + "-" + (++this.sequence))
			.setCustomerId(customer)
			.setOccurredAt(
					Timestamp.newBuilder().setSeconds(this.clock.instant().getEpochSecond() - 60 + this.sequence))
			.setProfileUpdated(ProfileUpdated.newBuilder().putAttributes(attribute, value));
	}

	private static byte[] message(Event.Builder event) {
		return RecordEventRequest.newBuilder().setEvent(event).build().toByteArray();
	}

	private static CheckRequest batch(String batchId, String... customerIds) {
		return CheckRequest.newBuilder()
			.setBatchId(batchId)
			.setCampaign(Campaign.newBuilder()
				.setCampaignId("spring-sale")
				.setChannel(Channel.CHANNEL_EMAIL)
				.setPurpose(Purpose.PURPOSE_MARKETING))
			.addAllCustomerIds(Arrays.asList(customerIds))
			.build();
	}

}
