package io.nextbest.server.connect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.WhatIfReport;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.api.v1.WhatIfUpdate;
import io.nextbest.engine.testing.WhatIfRules;
import io.nextbest.server.NextBestServer;
import io.nextbest.server.system.ListeningSockets;
import io.nextbest.server.whatif.WhatIfFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RulesAdminService.WhatIf as a Connect server stream on the HTTP port of the whole
 * server in this JVM, with callers configured: the envelopes read here byte by byte, in
 * JSON and binary, checked against the same what-if over gRPC; refusals before any
 * message as an end-stream alone; the flush of each message, the caller going away and
 * the deadline, with a run held at its second message by the test.
 */
class ConnectStreamTest {

	static final String CONSOLE = "https://console.example.com";

	static final String EDITOR = "key-rules-editor-0123456789abcdef";

	static final String SITE = "key-site-0123456789abcdef";

	static final String FEED = "key-feed-0123456789abcdef";

	static final String STREAM_JSON = "application/connect+json";

	static final String STREAM_PROTO = "application/connect+proto";

	private static final int CUSTOMERS = 24;

	@TempDir
	static Path directory;

	static ConfigurableApplicationContext server;

	static ConnectCalls connect;

	static ManagedChannel grpc;

	private static WhatIfReport overGrpc;

	@BeforeAll
	static void start() throws IOException {
		Path root = directory.resolve("what-if");
		WhatIfRules.write(root.resolve("rules"), true);
		WhatIfRules.write(root.resolve("rules-branch"), false);
		Path callers = directory.resolve("callers.yaml");
		Files.writeString(callers,
				"callers:\n" + caller("console", "rules-editor", EDITOR)
						+ caller("held-console", "rules-editor", HeldStreams.KEY) + caller("shop", "site", SITE)
						+ caller("feed", "feed", FEED));
		server = SpringApplication.run(new Class<?>[] { NextBestServer.class, HeldStreams.class },
				new String[] { "--spring.grpc.server.port=0", "--management.server.port=0", "--server.port=0",
						"--nextbest.rules.directory=" + root.resolve("rules"), "--nextbest.rules.watch=false",
						"--nextbest.rules.compiler=in-server", "--nextbest.what-if.threads=2",
						"--nextbest.what-if.page-size=5",
						"--nextbest.cluster.name=connect-stream-" + ProcessHandle.current().pid(),
						"--nextbest.security.callers-file=" + callers,
						"--nextbest.audit.file=" + directory.resolve("audit.log"),
						"--nextbest.http.cors-origins=" + CONSOLE, "--nextbest.http.max-request-size=64KB" });
		connect = new ConnectCalls(ListeningSockets.httpPort(server));
		grpc = ManagedChannelBuilder.forAddress("127.0.0.1", ListeningSockets.grpcPort(server)).usePlaintext().build();
		// Events dated by the server's own clock: the server may serve with a test clock
		// (TestClock, noon today), and events ahead of it by minutes are refused.
		seed(server.getBean(Clock.class).instant());
	}

	@AfterAll
	static void stop() throws InterruptedException {
		grpc.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		server.close();
	}

	@Test
	void whatIfInJsonStreamsProgressThenTheReportThenAnEmptyEnd() {
		HttpResponse<byte[]> response = connect
			.sendForBytes(whatIf(STREAM_JSON, json(WhatIfFixture.request("../rules-branch")), EDITOR).build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(STREAM_JSON);
		ConnectStream stream = ConnectStream.of(response.body());
		assertThat(stream.end()).as("the end-stream of a call that succeeded").isEqualTo(new JsonObject());
		checkUpdates(stream.messages().stream().map(ConnectStreamTest::fromJson).toList());
	}

	@Test
	void whatIfInBinaryStreamsTheSame() {
		HttpResponse<byte[]> response = connect
			.sendForBytes(whatIf(STREAM_PROTO, WhatIfFixture.request("../rules-branch").toByteArray(), EDITOR).build());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(STREAM_PROTO);
		ConnectStream stream = ConnectStream.of(response.body());
		assertThat(stream.end()).isEqualTo(new JsonObject());
		checkUpdates(stream.messages().stream().map(ConnectStreamTest::fromProto).toList());
	}

	@Test
	void aBrowserOfTheConsoleStreamsThroughCors() {
		HttpResponse<String> preflight = connect.send(connect.post("RulesAdminService/WhatIf")
			.header("Origin", CONSOLE)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers",
					"content-type,connect-protocol-version,connect-timeout-ms,authorization")
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.build());
		HttpResponse<byte[]> response = connect.sendForBytes(
				whatIf(STREAM_JSON, json(WhatIfFixture.request(".")), EDITOR).header("Origin", CONSOLE).build());

		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(CONSOLE);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(CONSOLE);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(STREAM_JSON);
		ConnectStream stream = ConnectStream.of(response.body());
		assertThat(stream.end()).isEqualTo(new JsonObject());
		List<WhatIfUpdate> updates = stream.messages().stream().map(ConnectStreamTest::fromJson).toList();
		assertThat(updates.subList(0, updates.size() - 1)).isNotEmpty().allMatch(WhatIfUpdate::hasProgress);
		WhatIfReport report = updates.get(updates.size() - 1).getReport();
		assertThat(report.getCustomers()).isEqualTo(CUSTOMERS);
		assertThat(report.getChangedCustomers()).as("the serving rules against themselves").isZero();
	}

	@Test
	void progressReachesTheCallerWhileTheWhatIfRuns() throws IOException {
		HeldStreams.Hold hold = HeldStreams.next();

		HttpResponse<InputStream> response = connect.sendForStream(
				whatIf(STREAM_JSON, json(WhatIfFixture.request("../rules-branch")), HeldStreams.KEY).build());

		assertThat(response.statusCode()).isEqualTo(200);
		try (InputStream body = response.body()) {
			Envelope first = Envelope.read(body);
			// The run waits for the test before its second message: the first came alone.
			assertThat(hold.done.getCount()).as("the what-if still runs").isOne();
			assertThat(first.flags()).isZero();
			WhatIfUpdate start = fromJson(first.message());
			assertThat(start.getProgress().getRead()).isZero();
			assertThat(start.getProgress().getStored()).isEqualTo(CUSTOMERS);
			hold.release();
			List<byte[]> rest = new ArrayList<>(List.of(first.message()));
			ConnectStream stream = ConnectStream.of(body.readAllBytes());
			rest.addAll(stream.messages());
			assertThat(stream.end()).isEqualTo(new JsonObject());
			checkUpdates(rest.stream().map(ConnectStreamTest::fromJson).toList());
		}
	}

	@Test
	void aCallerThatGoesAwayCancelsTheCall() throws Exception {
		HeldStreams.Hold hold = HeldStreams.next();

		HttpResponse<InputStream> response = connect.sendForStream(
				whatIf(STREAM_JSON, json(WhatIfFixture.request("../rules-branch")), HeldStreams.KEY).build());
		InputStream body = response.body();
		assertThat(Envelope.read(body).flags()).isZero();
		body.close();

		assertThat(hold.cancelled.await(1, TimeUnit.MINUTES)).as("the gRPC call was cancelled").isTrue();
		assertThat(hold.done.await(1, TimeUnit.MINUTES)).as("the what-if ended").isTrue();
	}

	@Test
	void theConnectTimeoutIsTheStreamsDeadline() throws InterruptedException {
		// Never released: only the deadline ends the run.
		HeldStreams.Hold hold = HeldStreams.next();

		HttpResponse<byte[]> response = connect
			.sendForBytes(whatIf(STREAM_JSON, json(WhatIfFixture.request("../rules-branch")), HeldStreams.KEY)
				.header("Connect-Timeout-Ms", "1000")
				.build());

		assertThat(response.statusCode()).isEqualTo(200);
		ConnectStream stream = ConnectStream.of(response.body());
		assertThat(code(stream)).isEqualTo("deadline_exceeded");
		assertThat(stream.messages().stream().map(ConnectStreamTest::fromJson)).allMatch(WhatIfUpdate::hasProgress);
		assertThat(hold.done.await(1, TimeUnit.MINUTES)).as("the what-if ended").isTrue();
	}

	@Test
	void neitherCandidateIsAnEndStreamAloneNamingTheField() {
		ConnectStream stream = refused(whatIf(STREAM_JSON,
				json(WhatIfRequest.newBuilder().addChannels(Channel.CHANNEL_EMAIL).build()), EDITOR));

		assertThat(code(stream)).isEqualTo("invalid_argument");
		assertThat(error(stream).get("message").getAsString()).startsWith("candidate_directory: is required");
		assertThat(badRequestField(stream)).isEqualTo("candidate_directory");
	}

	@Test
	void anUnknownJsonFieldIsAnEndStreamNamingIt() {
		ConnectStream stream = refused(whatIf(STREAM_JSON, utf8("{\"candidate\":\"../rules-branch\"}"), EDITOR));

		assertThat(code(stream)).isEqualTo("invalid_argument");
		assertThat(error(stream).get("message").getAsString()).startsWith("candidate: ");
		assertThat(badRequestField(stream)).isEqualTo("candidate");
	}

	@Test
	void aCallerWithoutTheRulesEditorRoleIsDeniedInTheEndStream() {
		ConnectStream site = refused(whatIf(STREAM_JSON, json(WhatIfFixture.request("../rules-branch")), SITE));
		ConnectStream nobody = refused(
				whatIf(STREAM_PROTO, WhatIfFixture.request("../rules-branch").toByteArray(), null));

		assertThat(code(site)).isEqualTo("permission_denied");
		assertThat(code(nobody)).isEqualTo("unauthenticated");
	}

	@Test
	void aRequestThatIsNotOneUncompressedEnvelopeIsRefusedInTheEndStream() {
		byte[] message = json(WhatIfFixture.request("../rules-branch"));
		byte[] two = ByteBuffer.allocate(2 * (5 + message.length))
			.put(Envelope.of(0, message))
			.put(Envelope.of(0, message))
			.array();
		HttpRequest.Builder compressed = whatIf(STREAM_JSON, message, EDITOR);
		compressed.POST(HttpRequest.BodyPublishers.ofByteArray(Envelope.of(1, message)));

		assertThat(
				code(refused(whatIf(STREAM_JSON, message, EDITOR).POST(HttpRequest.BodyPublishers.ofByteArray(two)))))
			.isEqualTo("invalid_argument");
		assertThat(code(refused(whatIf(STREAM_JSON, message, EDITOR)
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 0, 0 }))))).isEqualTo("invalid_argument");
		assertThat(code(refused(compressed))).isEqualTo("unimplemented");
		assertThat(code(refused(whatIf(STREAM_JSON, message, EDITOR).header("Connect-Content-Encoding", "gzip"))))
			.isEqualTo("unimplemented");
		ConnectStream timeout = refused(whatIf(STREAM_JSON, message, EDITOR).header("Connect-Timeout-Ms", "soon"));
		assertThat(code(timeout)).isEqualTo("invalid_argument");
		assertThat(badRequestField(timeout)).isEqualTo("Connect-Timeout-Ms");
	}

	@Test
	void aRequestOverTheSizeLimitIsResourceExhaustedInTheEndStream() {
		WhatIfRequest large = WhatIfFixture.request("x".repeat(100 * 1024));

		ConnectStream declared = refused(whatIf(STREAM_PROTO, large.toByteArray(), EDITOR));
		ConnectStream streamed = refused(
				whatIf(STREAM_PROTO, large.toByteArray(), EDITOR).POST(HttpRequest.BodyPublishers
					.ofInputStream(() -> new ByteArrayInputStream(Envelope.of(0, large.toByteArray())))));

		assertThat(code(declared)).isEqualTo("resource_exhausted");
		assertThat(code(streamed)).isEqualTo("resource_exhausted");
	}

	@Test
	void aStreamSentAsAUnaryCallIsUnsupportedMediaType() {
		HttpResponse<String> response = connect.send(connect.post("RulesAdminService/WhatIf")
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + EDITOR)
			.POST(HttpRequest.BodyPublishers.ofString(ConnectCalls.print(WhatIfFixture.request("../rules-branch"))))
			.build());

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(ConnectCalls.code(response)).isEqualTo("unimplemented");
		assertThat(ConnectCalls.error(response).get("message").getAsString()).contains(STREAM_JSON, STREAM_PROTO);
		assertThat(response.headers().firstValue("Accept-Post")).hasValue(STREAM_JSON + ", " + STREAM_PROTO);
	}

	@Test
	void aUnaryCallSentAsAStreamIsUnsupportedMediaType() {
		byte[] decide = DecideRequest.newBuilder()
			.setCustomerId("c-00")
			.addChannels(Channel.CHANNEL_WEB)
			.build()
			.toByteArray();

		HttpResponse<String> response = connect.send(connect.post("DecisionService/Decide")
			.header("Content-Type", STREAM_PROTO)
			.header("Authorization", "Bearer " + SITE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(Envelope.of(0, decide)))
			.build());

		assertThat(response.statusCode()).isEqualTo(415);
		assertThat(ConnectCalls.error(response).get("message").getAsString()).contains("unary", "application/json",
				"application/proto");
		assertThat(response.headers().firstValue("Accept-Post")).hasValue("application/json, application/proto");
	}

	@Test
	void clientAndBidirectionalStreamsStayGrpcOnly() {
		for (String procedure : List.of("ContextService/RecordEvents", "SuppressionService/Check")) {
			HttpResponse<String> response = connect.send(connect.post(procedure)
				.header("Content-Type", STREAM_JSON)
				.header("Authorization", "Bearer " + FEED)
				.POST(HttpRequest.BodyPublishers.ofByteArray(Envelope.of(0, utf8("{}"))))
				.build());

			assertThat(response.statusCode()).as(procedure).isEqualTo(501);
			assertThat(ConnectCalls.code(response)).as(procedure).isEqualTo("unimplemented");
			assertThat(ConnectCalls.error(response).get("message").getAsString()).as(procedure)
				.contains("gRPC port only");
		}
	}

	/**
	 * Progress first, read from none to every stored customer, then the report, whose
	 * figures are those of the same what-if over gRPC.
	 */
	private static void checkUpdates(List<WhatIfUpdate> updates) {
		assertThat(updates).hasSizeGreaterThan(2);
		List<WhatIfUpdate> progress = updates.subList(0, updates.size() - 1);
		assertThat(progress).allMatch(WhatIfUpdate::hasProgress);
		assertThat(progress.get(0).getProgress().getRead()).isZero();
		assertThat(progress.get(progress.size() - 1).getProgress().getRead()).isEqualTo(CUSTOMERS);
		assertThat(progress.get(progress.size() - 1).getProgress().getRangesDone())
			.isEqualTo(progress.get(progress.size() - 1).getProgress().getRanges());
		assertThat(updates.get(updates.size() - 1).hasReport()).isTrue();
		WhatIfReport report = updates.get(updates.size() - 1).getReport();
		WhatIfReport expected = overGrpc();
		assertThat(report.getCustomers()).isEqualTo(expected.getCustomers()).isEqualTo(CUSTOMERS);
		assertThat(report.getChangedCustomers()).isEqualTo(expected.getChangedCustomers());
		// Open cases with email consent, every sixth customer, are no longer suppressed.
		assertThat(report.getNewlyMarketed().getCount()).isEqualTo(expected.getNewlyMarketed().getCount())
			.isEqualTo(CUSTOMERS / 6);
		assertThat(report.getChannelsList()).isEqualTo(expected.getChannelsList());
		assertThat(report.getCandidate().getVersion()).isEqualTo(expected.getCandidate().getVersion());
	}

	/** The same what-if through the generated stub on the gRPC port, once. */
	private static synchronized WhatIfReport overGrpc() {
		if (overGrpc == null) {
			Iterator<WhatIfUpdate> updates = withKey(RulesAdminServiceGrpc.newBlockingStub(grpc), EDITOR)
				.whatIf(WhatIfFixture.request("../rules-branch"));
			WhatIfUpdate last = null;
			while (updates.hasNext()) {
				last = updates.next();
			}
			overGrpc = last.getReport();
		}
		return overGrpc;
	}

	/** A call refused before any message: HTTP 200 and the end-stream alone. */
	private static ConnectStream refused(HttpRequest.Builder request) {
		HttpResponse<byte[]> response = connect.sendForBytes(request.build());
		assertThat(response.statusCode()).isEqualTo(200);
		ConnectStream stream = ConnectStream.of(response.body());
		assertThat(stream.messages()).isEmpty();
		return stream;
	}

	private static HttpRequest.Builder whatIf(String type, byte[] message, String key) {
		HttpRequest.Builder post = connect.post("RulesAdminService/WhatIf")
			.header("Content-Type", type)
			.header("Connect-Protocol-Version", "1")
			.POST(HttpRequest.BodyPublishers.ofByteArray(Envelope.of(0, message)));
		if (key != null) {
			post.header("Authorization", "Bearer " + key);
		}
		return post;
	}

	private static String code(ConnectStream stream) {
		return error(stream).get("code").getAsString();
	}

	private static JsonObject error(ConnectStream stream) {
		assertThat(stream.end().keySet()).contains("error");
		return stream.end().getAsJsonObject("error");
	}

	private static String badRequestField(ConnectStream stream) {
		return error(stream).getAsJsonArray("details")
			.get(0)
			.getAsJsonObject()
			.getAsJsonObject("debug")
			.getAsJsonArray("fieldViolations")
			.get(0)
			.getAsJsonObject()
			.get("field")
			.getAsString();
	}

	private static byte[] json(WhatIfRequest request) {
		return utf8(ConnectCalls.print(request));
	}

	private static WhatIfUpdate fromJson(byte[] message) {
		return ConnectCalls.parse(new String(message, StandardCharsets.UTF_8), WhatIfUpdate.newBuilder()).build();
	}

	private static WhatIfUpdate fromProto(byte[] message) {
		try {
			return WhatIfUpdate.parseFrom(message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Customer {@code c-<i>}: marketing consent on the web for all and on email for even
	 * i; an open case for every third.
	 */
	private static void seed(Instant now) {
		ContextServiceGrpc.ContextServiceBlockingStub contexts = withKey(ContextServiceGrpc.newBlockingStub(grpc),
				FEED);
		for (Event event : WhatIfFixture.events(CUSTOMERS, (i) -> String.format("c-%02d", i), (i) -> null,
				now.minusSeconds(60))) {
			assertThat(contexts.recordEvent(RecordEventRequest.newBuilder().setEvent(event).build()).getDisposition())
				.isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
		}
	}

	private static <S extends AbstractStub<S>> S withKey(S stub, String key) {
		Metadata headers = new Metadata();
		headers.put(HeldStreams.AUTHORIZATION, "Bearer " + key);
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	/**
	 * Everyone gets the promo; open cases the case update, and with the suppression no
	 * marketing.
	 */
	private static String caller(String name, String role, String key) {
		try {
			String hash = HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
			return "  - name: " + name + "\n    roles: [" + role + "]\n    api-key-sha256: " + hash + "\n";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A Connect stream's envelope.
	 *
	 * @param flags 0 for a message, 2 for the end-stream
	 * @param message the message, or the end-stream's JSON
	 */
	record Envelope(int flags, byte[] message) {

		static byte[] of(int flags, byte[] message) {
			return ByteBuffer.allocate(5 + message.length)
				.put((byte) flags)
				.putInt(message.length)
				.put(message)
				.array();
		}

		/**
		 * @return the next envelope of a body, or null at its end; one cut short fails
		 * the test
		 */
		static Envelope read(InputStream body) {
			try {
				byte[] prefix = body.readNBytes(5);
				if (prefix.length == 0) {
					return null;
				}
				assertThat(prefix).as("an envelope's prefix").hasSize(5);
				int length = ByteBuffer.wrap(prefix, 1, 4).getInt();
				byte[] message = body.readNBytes(length);
				assertThat(message).as("an envelope's message").hasSize(length);
				return new Envelope(prefix[0] & 0xff, message);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * A well-formed Connect stream: messages, each in an envelope of flags 0, then one
	 * end-stream envelope, last.
	 *
	 * @param messages the messages
	 * @param end the end-stream's JSON
	 */
	record ConnectStream(List<byte[]> messages, JsonObject end) {

		static ConnectStream of(byte[] body) {
			List<Envelope> envelopes = new ArrayList<>();
			InputStream in = new ByteArrayInputStream(body);
			for (Envelope envelope = Envelope.read(in); envelope != null; envelope = Envelope.read(in)) {
				envelopes.add(envelope);
			}
			assertThat(envelopes).as("a stream's envelopes").isNotEmpty();
			Envelope end = envelopes.get(envelopes.size() - 1);
			assertThat(end.flags()).as("the last envelope is the end-stream").isEqualTo(2);
			List<byte[]> messages = new ArrayList<>();
			for (Envelope envelope : envelopes.subList(0, envelopes.size() - 1)) {
				assertThat(envelope.flags()).as("a message's flags").isZero();
				messages.add(envelope.message());
			}
			return new ConnectStream(messages,
					JsonParser.parseString(new String(end.message(), StandardCharsets.UTF_8)).getAsJsonObject());
		}

	}

	/**
	 * Holds the what-if of the caller with {@link #KEY} before its second message (the
	 * first is the progress at the start) until the test releases it or the call is
	 * cancelled, and tells the test when the call was cancelled and when the run ended: a
	 * stream that is certainly still running, without a clock in the test.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HeldStreams {

		static final String KEY = "key-held-rules-editor-0123456789abcdef";

		static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
				Metadata.ASCII_STRING_MARSHALLER);

		private static volatile Hold hold = new Hold();

		/** The hold of the next call with the key. */
		static Hold next() {
			hold = new Hold();
			return hold;
		}

		@Bean
		@GlobalServerInterceptor
		ServerInterceptor holdAfterTheFirstMessage() {
			return new ServerInterceptor() {

				@Override
				public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
						ServerCallHandler<Q, R> next) {
					if (!("Bearer " + KEY).equals(headers.get(AUTHORIZATION))) {
						return next.startCall(call, headers);
					}
					Hold hold = HeldStreams.hold;
					// The call's context ends when the call does, cancelled or not.
					Context.current().addListener((context) -> hold.go.countDown(), Runnable::run);
					ServerCall<Q, R> held = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {

						private int sent;

						@Override
						public void sendMessage(R message) {
							if (++this.sent == 2) {
								hold.await(hold.go);
							}
							super.sendMessage(message);
						}

					};
					// A call's callbacks run one at a time: once any of these has run,
					// the
					// rpc's method (the what-if) has returned.
					return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
							next.startCall(held, headers)) {

						@Override
						public void onHalfClose() {
							try {
								super.onHalfClose();
							}
							finally {
								hold.done.countDown();
							}
						}

						@Override
						public void onCancel() {
							hold.cancelled.countDown();
							hold.done.countDown();
							super.onCancel();
						}

						@Override
						public void onComplete() {
							hold.done.countDown();
							super.onComplete();
						}

					};
				}

			};
		}

		/** One held call. */
		static final class Hold {

			/** Lets the second message go: released by the test, or the call ended. */
			final CountDownLatch go = new CountDownLatch(1);

			/** The call was cancelled (its caller went away, or its deadline passed). */
			final CountDownLatch cancelled = new CountDownLatch(1);

			/** The rpc's method has returned, or will never run. */
			final CountDownLatch done = new CountDownLatch(1);

			void release() {
				this.go.countDown();
			}

			void await(CountDownLatch latch) {
				try {
					latch.await(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}

		}

	}

}
