package io.nextbest.server.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import io.nextbest.api.v1.AnalyticsServiceGrpc;
import io.nextbest.api.v1.Campaign;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.ConsentChanged;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.CustomerExport;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.EchoRequest;
import io.nextbest.api.v1.EchoServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.ExportCustomerRequest;
import io.nextbest.api.v1.ExportCustomerResponse;
import io.nextbest.api.v1.FlowsRequest;
import io.nextbest.api.v1.ForgetCustomerRequest;
import io.nextbest.api.v1.FunnelRequest;
import io.nextbest.api.v1.GetContextRequest;
import io.nextbest.api.v1.GetRuleSetRequest;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.OutcomeRecorded;
import io.nextbest.api.v1.OverdueRequest;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RecordEventsResponse;
import io.nextbest.api.v1.ReloadRequest;
import io.nextbest.api.v1.RuleFileContent;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.SimulateRequest;
import io.nextbest.api.v1.StockRequest;
import io.nextbest.api.v1.SuppressionServiceGrpc;
import io.nextbest.api.v1.TimelineRequest;
import io.nextbest.api.v1.ValidateRequest;
import io.nextbest.api.v1.VerifyRequest;
import io.nextbest.api.v1.VoiceRequest;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.server.NextBestServer;
import io.nextbest.server.system.ListeningSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every rpc against the real server over TCP, with no credential, a wrong one, each role
 * that may not call it and each that may, by API key and by JWT: deny by default, and
 * exactly the roles of the README's table let through. Also the rules that look into the
 * request (outcome events only for sites and engines, a token restricted to one
 * customer), a key added to the callers file without a restart, and the audit log.
 */
class AccessMatrixTest {

	/**
	 * The servers' time ({@link io.nextbest.server.TestClock}), and the time events are
	 * dated: an event dated by the machine's clock is in the future of the test clock's
	 * noon every afternoon.
	 */
	static final Instant NOW = io.nextbest.server.TestClock.noonToday();

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	@TempDir
	static Path directory;

	static TestCredentials credentials;

	static ConfigurableApplicationContext server;

	static ManagedChannel channel;

	static ListAppender<ILoggingEvent> audit;

	@BeforeAll
	static void start() {
		credentials = new TestCredentials(directory);
		server = SpringApplication.run(NextBestServer.class, "--test.clock=" + NOW, "--spring.grpc.server.port=0",
				"--management.server.port=0", "--server.port=0", "--nextbest.rules.directory=../rules",
				"--nextbest.rules.watch=false", "--nextbest.rules.compiler=in-server",
				"--nextbest.cluster.name=access-" + ProcessHandle.current().pid(),
				"--nextbest.security.callers-file=" + credentials.callersFile,
				"--nextbest.security.callers-check-interval=100ms",
				"--nextbest.security.jwt.public-key=" + credentials.publicKey,
				"--nextbest.audit.file=" + directory.resolve("audit.log"));
		channel = NettyChannelBuilder.forAddress("127.0.0.1", ListeningSockets.grpcPort(server)).usePlaintext().build();
		audit = new ListAppender<>();
		audit.start();
		((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).addAppender(audit);
	}

	@AfterAll
	static void stop() {
		((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(audit);
		channel.shutdownNow();
		server.close();
	}

	/** The README's table, written out again here rather than read from the code. */
	static List<Rpc> rpcs() {
		return List.of(new Rpc(DecisionServiceGrpc.getDecideMethod(), decide("c-1"), EnumSet.of(Role.SITE)),
				new Rpc(ContextServiceGrpc.getRecordEventMethod(), record(outcome("c-1")),
						EnumSet.of(Role.SITE, Role.FEED, Role.ENGINE)),
				new Rpc(ContextServiceGrpc.getRecordEventsMethod(), record(outcome("c-1")),
						EnumSet.of(Role.FEED, Role.ENGINE)),
				new Rpc(SuppressionServiceGrpc.getCheckMethod(), check("c-1"), EnumSet.of(Role.ENGINE)),
				new Rpc(RulesAdminServiceGrpc.getGetRuleSetMethod(), GetRuleSetRequest.getDefaultInstance(),
						EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR)),
				new Rpc(RulesAdminServiceGrpc.getSimulateMethod(),
						SimulateRequest.newBuilder()
							.setCustomer(CustomerContext.newBuilder().setCustomerId("simulated"))
							.addChannels(Channel.CHANNEL_WEB)
							.build(),
						EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR)),
				new Rpc(RulesAdminServiceGrpc.getValidateMethod(),
						ValidateRequest.newBuilder()
							.addFiles(RuleFileContent.newBuilder()
								.setPath("scenarios/extra.yaml")
								.setContent(com.google.protobuf.ByteString
									.copyFromUtf8("scenarios:\n  - name: Nothing\n    expect: {}\n")))
							.build(),
						EnumSet.of(Role.RULES_EDITOR)),
				new Rpc(RulesAdminServiceGrpc.getReloadMethod(), ReloadRequest.getDefaultInstance(),
						EnumSet.of(Role.RULES_EDITOR)),
				new Rpc(RulesAdminServiceGrpc.getWhatIfMethod(),
						WhatIfRequest.newBuilder()
							.setCandidateDirectory(".")
							.addChannels(Channel.CHANNEL_EMAIL)
							.build(),
						EnumSet.of(Role.RULES_EDITOR)),
				new Rpc(ContextServiceGrpc.getGetContextMethod(),
						GetContextRequest.newBuilder().setCustomerId("c-1").build(), EnumSet.of(Role.PRIVACY)),
				new Rpc(ContextServiceGrpc.getForgetCustomerMethod(),
						ForgetCustomerRequest.newBuilder().setCustomerId("c-forgotten").build(),
						EnumSet.of(Role.PRIVACY)),
				new Rpc(ContextServiceGrpc.getExportCustomerMethod(),
						ExportCustomerRequest.newBuilder().setCustomerId("c-1").build(), EnumSet.of(Role.PRIVACY)),
				new Rpc(AnalyticsServiceGrpc.getFunnelMethod(),
						FunnelRequest.newBuilder().setJourney("broadband").setFrom(daysAgo(90)).build(),
						EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR)),
				new Rpc(AnalyticsServiceGrpc.getFlowsMethod(),
						FlowsRequest.newBuilder().setJourney("broadband").setFrom(daysAgo(90)).build(),
						EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR)),
				new Rpc(AnalyticsServiceGrpc.getTimelineMethod(),
						TimelineRequest.newBuilder().setJourney("broadband").setFrom(daysAgo(90)).build(),
						EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR)),
				new Rpc(AnalyticsServiceGrpc.getStockMethod(),
						StockRequest.newBuilder().setJourney("broadband").build(),
						EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR)),
				new Rpc(AnalyticsServiceGrpc.getOverdueMethod(),
						OverdueRequest.newBuilder().setJourney("broadband").build(),
						EnumSet.of(Role.RULES_EDITOR, Role.ENGINE)),
				new Rpc(AnalyticsServiceGrpc.getVerifyMethod(),
						VerifyRequest.newBuilder().setJourney("broadband").build(), EnumSet.of(Role.RULES_EDITOR)),
				new Rpc(AnalyticsServiceGrpc.getVoiceMethod(),
						VoiceRequest.newBuilder().setJourney("broadband").setFrom(daysAgo(90)).build(),
						EnumSet.of(Role.RULES_READER, Role.RULES_EDITOR)),
				new Rpc(EchoServiceGrpc.getEchoMethod(), EchoRequest.getDefaultInstance(), EnumSet.allOf(Role.class)));
	}

	private static com.google.protobuf.Timestamp daysAgo(int days) {
		return com.google.protobuf.Timestamp.newBuilder()
			.setSeconds(java.time.Instant.now().minus(java.time.Duration.ofDays(days)).getEpochSecond())
			.build();
	}

	@Test
	void theMatrixCoversEveryRpcTheServerServes() {
		List<String> served = Stream
			.of(DecisionServiceGrpc.getServiceDescriptor(), ContextServiceGrpc.getServiceDescriptor(),
					SuppressionServiceGrpc.getServiceDescriptor(), RulesAdminServiceGrpc.getServiceDescriptor(),
					EchoServiceGrpc.getServiceDescriptor(), AnalyticsServiceGrpc.getServiceDescriptor())
			.map(ServiceDescriptor::getMethods)
			.flatMap((methods) -> methods.stream().map(MethodDescriptor::getFullMethodName))
			.toList();

		assertThat(rpcs()).extracting((rpc) -> rpc.method().getFullMethodName())
			.containsExactlyInAnyOrderElementsOf(served);
	}

	@TestFactory
	Stream<DynamicTest> everyRpcByEveryCredential() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Rpc rpc : rpcs()) {
			String name = rpc.method().getBareMethodName();
			tests.add(DynamicTest.dynamicTest(name + " without a credential: UNAUTHENTICATED",
					() -> assertThat(call(rpc, null)).isEqualTo(Status.Code.UNAUTHENTICATED)));
			tests.add(DynamicTest.dynamicTest(name + " with an unknown API key: UNAUTHENTICATED",
					() -> assertThat(call(rpc, "key-nobody-0123456789")).isEqualTo(Status.Code.UNAUTHENTICATED)));
			tests.add(DynamicTest.dynamicTest(name + " with a token signed by someone else: UNAUTHENTICATED",
					() -> assertThat(call(rpc, credentials.foreignJwt("mallory", TestCredentials.roles(Role.values()))))
						.isEqualTo(Status.Code.UNAUTHENTICATED)));
			for (Role role : Role.values()) {
				Status.Code expected = rpc.allowed().contains(role) ? Status.Code.OK : Status.Code.PERMISSION_DENIED;
				tests.add(DynamicTest.dynamicTest(name + " with a " + role.id() + " API key: " + expected,
						() -> assertThat(call(rpc, TestCredentials.key(role))).isEqualTo(expected)));
			}
			Role allowed = rpc.allowed().iterator().next();
			tests.add(DynamicTest.dynamicTest(name + " with a " + allowed.id() + " JWT: OK",
					() -> assertThat(call(rpc, credentials.jwt("app-" + allowed.id(), TestCredentials.roles(allowed))))
						.isEqualTo(Status.Code.OK)));
			EnumSet.complementOf(EnumSet.copyOf(rpc.allowed()))
				.stream()
				.findFirst()
				.ifPresent((denied) -> tests
					.add(DynamicTest.dynamicTest(name + " with a " + denied.id() + " JWT: PERMISSION_DENIED",
							() -> assertThat(
									call(rpc, credentials.jwt("app-" + denied.id(), TestCredentials.roles(denied))))
								.isEqualTo(Status.Code.PERMISSION_DENIED))));
		}
		return tests.stream();
	}

	@Test
	void theManagementPortKeepsHealthOpenAndTheRestForMonitors() throws Exception {
		int management = ListeningSockets.managementPort(server);

		assertThat(get(management, "/health/readiness", null)).isEqualTo(200);
		assertThat(get(management, "/metrics", null)).isEqualTo(401);
		assertThat(get(management, "/info", null)).isEqualTo(401);
		assertThat(get(management, "/metrics", "key-nobody-0123456789")).isEqualTo(401);
		assertThat(get(management, "/metrics", TestCredentials.key(Role.PRIVACY))).isEqualTo(403);
		assertThat(get(management, "/metrics", TestCredentials.key(Role.MONITOR))).isEqualTo(200);
		assertThat(get(management, "/info", credentials.jwt("prometheus", TestCredentials.roles(Role.MONITOR))))
			.isEqualTo(200);
		assertThat(get(ListeningSockets.httpPort(server), "/", TestCredentials.key(Role.SITE))).isEqualTo(403);
	}

	private static int get(int port, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofMinutes(1));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(request.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	@Test
	void anExpiredTokenIsRefused() {
		Rpc decide = new Rpc(DecisionServiceGrpc.getDecideMethod(), decide("c-1"), EnumSet.of(Role.SITE));

		assertThat(call(decide, credentials.expiredJwt("web", TestCredentials.roles(Role.SITE))))
			.isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void forgedTokensAreRefused() {
		Rpc forget = new Rpc(ContextServiceGrpc.getForgetCustomerMethod(),
				ForgetCustomerRequest.newBuilder().setCustomerId("c-1").build(), EnumSet.of(Role.PRIVACY));
		Map<String, Object> everything = TestCredentials.roles(Role.values());

		assertThat(call(forget, credentials.unsignedJwt("mallory", everything))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(call(forget, credentials.hmacWithPublicKey("mallory", everything)))
			.isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(call(forget, "")).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(callWithHeader(forget,
				"Basic " + Base64.getEncoder()
					.encodeToString(("privacy-caller:" + TestCredentials.key(Role.PRIVACY)).getBytes())))
			.isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(callWithHeader(forget, TestCredentials.key(Role.PRIVACY))).as("a key without the Bearer scheme")
			.isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	@Test
	void healthAndReflectionStayOpen() {
		// Answered without a credential; SERVING once the status has been set from
		// /health.
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(
					HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
				.isEqualTo(io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING));
	}

	@Test
	void refusalsGiveNoHintOfWhatFailed() {
		Rpc forget = new Rpc(ContextServiceGrpc.getForgetCustomerMethod(),
				ForgetCustomerRequest.newBuilder().setCustomerId("c-1").build(), EnumSet.of(Role.PRIVACY));

		Status none = callStatus(forget, null);
		Status unknown = callStatus(forget, "key-nobody-0123456789");
		Status badToken = callStatus(forget, credentials.foreignJwt("mallory", Map.of()));

		assertThat(List.of(unknown.getDescription(), badToken.getDescription())).containsOnly(none.getDescription());
	}

	@Test
	void sitesAndEnginesRecordOutcomesOnly() {
		Rpc consent = new Rpc(ContextServiceGrpc.getRecordEventMethod(), record(consent("c-2")), EnumSet.of(Role.FEED));

		assertThat(call(consent, TestCredentials.key(Role.SITE))).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(call(consent, TestCredentials.key(Role.ENGINE))).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(call(consent, TestCredentials.key(Role.FEED))).isEqualTo(Status.Code.OK);
	}

	@Test
	void anEngineStreamingAConsentEventHasItRejectedInTheSummary() throws Exception {
		CompletableFuture<RecordEventsResponse> summary = new CompletableFuture<>();
		Status status = callStatus(ContextServiceGrpc.getRecordEventsMethod(),
				RecordEventRequest.newBuilder().setEvent(consent("c-3")).addEvents(outcome("c-3")).build(),
				TestCredentials.key(Role.ENGINE), summary::complete);

		assertThat(status.getCode()).isEqualTo(Status.Code.OK);
		RecordEventsResponse response = summary.get(1, TimeUnit.MINUTES);
		assertThat(response.getApplied()).isEqualTo(1);
		assertThat(response.getRejectionsList()).singleElement()
			.satisfies((rejection) -> assertThat(rejection.getMessage()).contains("needs the feed role"));
	}

	@Test
	void aTokenForOneCustomerActsForThatCustomerAlone() {
		String token = credentials.jwt("browser-of-ann", Map.of("roles", List.of("site"), "customer_id", "ann"));

		assertThat(call(new Rpc(DecisionServiceGrpc.getDecideMethod(), decide("ann"), Set.of()), token))
			.isEqualTo(Status.Code.OK);
		assertThat(call(new Rpc(DecisionServiceGrpc.getDecideMethod(), decide("bob"), Set.of()), token))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(call(new Rpc(ContextServiceGrpc.getRecordEventMethod(), record(outcome("ann")), Set.of()), token))
			.isEqualTo(Status.Code.OK);
		assertThat(call(new Rpc(ContextServiceGrpc.getRecordEventMethod(), record(outcome("bob")), Set.of()), token))
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void aKeyAddedToTheCallersFileWorksWithoutARestart() throws IOException {
		Rpc decide = new Rpc(DecisionServiceGrpc.getDecideMethod(), decide("c-1"), EnumSet.of(Role.SITE));
		String newKey = "key-added-later-0123456789";
		assertThat(call(decide, newKey)).isEqualTo(Status.Code.UNAUTHENTICATED);
		String before = Files.readString(credentials.callersFile);

		Files.writeString(credentials.callersFile, before + "  - name: new-web-shop\n    roles: [site]\n"
				+ "    api-key-sha256: " + Callers.sha256(newKey) + "\n");
		await().atMost(Duration.ofMinutes(1)).until(() -> call(decide, newKey) == Status.Code.OK);

		Files.writeString(credentials.callersFile, before + "  - this is not: [a caller\n");
		Files.writeString(credentials.callersFile, before);
		await().atMost(Duration.ofMinutes(1)).until(() -> call(decide, newKey) == Status.Code.UNAUTHENTICATED);
	}

	@Test
	void exportReturnsWhatIsHeldAsProtoJson() throws Exception {
		assertThat(call(new Rpc(ContextServiceGrpc.getRecordEventMethod(), record(consent("dora")), Set.of()),
				TestCredentials.key(Role.FEED)))
			.isEqualTo(Status.Code.OK);
		CompletableFuture<ExportCustomerResponse> answer = new CompletableFuture<>();

		callStatus(ContextServiceGrpc.getExportCustomerMethod(),
				ExportCustomerRequest.newBuilder().setCustomerId("dora").build(), TestCredentials.key(Role.PRIVACY),
				answer::complete);

		ExportCustomerResponse response = answer.get(1, TimeUnit.MINUTES);
		assertThat(response.getKnown()).isTrue();
		CustomerExport.Builder export = CustomerExport.newBuilder();
		JsonFormat.parser().merge(response.getDocumentJson(), export);
		assertThat(export.getCustomerId()).isEqualTo("dora");
		assertThat(export.getContext().getConsentsList()).singleElement()
			.satisfies((consent) -> assertThat(consent.getStatus()).isEqualTo(ConsentStatus.CONSENT_STATUS_DENIED));
		assertThat(export.getRememberedEventIds()).isEqualTo(1);
	}

	@Test
	@SuppressWarnings("unchecked")
	void auditLogNamesCallerCustomerAndOutcome() throws IOException {
		audit.list.clear();
		call(new Rpc(ContextServiceGrpc.getForgetCustomerMethod(),
				ForgetCustomerRequest.newBuilder().setCustomerId("erin").build(), Set.of()),
				TestCredentials.key(Role.PRIVACY));
		call(new Rpc(ContextServiceGrpc.getForgetCustomerMethod(),
				ForgetCustomerRequest.newBuilder().setCustomerId("erin").build(), Set.of()), null);
		call(new Rpc(ContextServiceGrpc.getForgetCustomerMethod(),
				ForgetCustomerRequest.newBuilder().setCustomerId("erin").build(), Set.of()),
				TestCredentials.key(Role.SITE));

		assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage)
			.anySatisfy((line) -> assertThat(line).contains("\"rpc\":\"nba.v1.ContextService/ForgetCustomer\"")
				.contains("\"caller\":\"privacy-caller\"")
				.contains("\"customer\":\"erin\"")
				.contains("\"outcome\":\"OK\""))
			.anySatisfy((line) -> assertThat(line).contains("\"caller\":\"(no credential)\"")
				.contains("\"outcome\":\"UNAUTHENTICATED\""))
			.anySatisfy((line) -> assertThat(line).contains("\"caller\":\"site-caller\"")
				.contains("\"outcome\":\"PERMISSION_DENIED\""));
		assertThat(((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).isAdditive())
			.as("audit lines stay out of the ordinary log")
			.isFalse();
		// Logging is configured once per JVM, by whichever server started last: the
		// audit logger's own file appender is asserted, wherever it writes.
		FileAppender<ILoggingEvent> file = (FileAppender<ILoggingEvent>) ((Logger) LoggerFactory
			.getLogger(AuditLog.LOGGER)).getAppender("AUDIT");
		assertThat(file).as("the audit logger writes to a file of its own").isNotNull();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> Files.exists(Path.of(file.getFile()))
					&& Files.readString(Path.of(file.getFile())).contains("\"customer\":\"erin\""));
	}

	record Rpc(MethodDescriptor<?, ?> method, Message request, Set<Role> allowed) {
	}

	static Status.Code call(Rpc rpc, String token) {
		return callStatus(rpc, token).getCode();
	}

	static Status.Code callWithHeader(Rpc rpc, String authorization) {
		return callStatus(rpc.method(), rpc.request(), null, authorization, (response) -> {
		}).getCode();
	}

	static Status callStatus(Rpc rpc, String token) {
		return callStatus(rpc.method(), rpc.request(), token, (response) -> {
		});
	}

	static <Q, R> Status callStatus(MethodDescriptor<Q, R> method, Message request, String token,
			Consumer<R> responses) {
		return callStatus(method, request, token, null, responses);
	}

	@SuppressWarnings("unchecked")
	static <Q, R> Status callStatus(MethodDescriptor<Q, R> method, Message request, String token, String authorization,
			Consumer<R> responses) {
		ClientCall<Q, R> call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.MINUTES));
		CompletableFuture<Status> closed = new CompletableFuture<>();
		Metadata headers = new Metadata();
		if (token != null) {
			headers.put(AUTHORIZATION, "Bearer " + token);
		}
		if (authorization != null) {
			headers.put(AUTHORIZATION, authorization);
		}
		call.start(new ClientCall.Listener<>() {

			@Override
			public void onMessage(R message) {
				responses.accept(message);
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				closed.complete(status);
			}

		}, headers);
		call.request(100);
		call.sendMessage((Q) request);
		call.halfClose();
		return closed.join();
	}

	private static DecideRequest decide(String customer) {
		return DecideRequest.newBuilder().setCustomerId(customer).addChannels(Channel.CHANNEL_WEB).build();
	}

	private static RecordEventRequest record(Event event) {
		return RecordEventRequest.newBuilder().setEvent(event).build();
	}

	private static int sequence;

	private static Event outcome(String customer) {
		return event(customer)
			.setOutcomeRecorded(OutcomeRecorded.newBuilder()
				.setActionId("welcome")
				.setChannel(Channel.CHANNEL_WEB)
				.setOutcome(Outcome.OUTCOME_IMPRESSION))
			.build();
	}

	private static Event consent(String customer) {
		return event(customer)
			.setConsentChanged(ConsentChanged.newBuilder()
				.setChannel(Channel.CHANNEL_EMAIL)
				.setPurpose(Purpose.PURPOSE_MARKETING)
				.setStatus(ConsentStatus.CONSENT_STATUS_DENIED))
			.build();
	}

	private static synchronized Event.Builder event(String customer) {
		Instant now = NOW;
		return Event.newBuilder()
			.setEventId("access-" + (++sequence) + "-" + System.nanoTime())
			.setCustomerId(customer)
			.setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()));
	}

	private static CheckRequest check(String customer) {
		return CheckRequest.newBuilder()
			.setBatchId("b-1")
			.setCampaign(Campaign.newBuilder()
				.setCampaignId("spring-sale")
				.setChannel(Channel.CHANNEL_EMAIL)
				.setPurpose(Purpose.PURPOSE_MARKETING))
			.addCustomerIds(customer)
			.build();
	}

}
