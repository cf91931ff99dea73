package io.nextbest.server.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ConsentState;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.GetRuleSetRequest;
import io.nextbest.api.v1.GetRuleSetResponse;
import io.nextbest.api.v1.JourneyPosition;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.ReloadOutcome;
import io.nextbest.api.v1.ReloadRequest;
import io.nextbest.api.v1.ReloadResponse;
import io.nextbest.api.v1.RuleFileContent;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.SimulateRequest;
import io.nextbest.api.v1.SimulateResponse;
import io.nextbest.api.v1.ValidateRequest;
import io.nextbest.api.v1.ValidateResponse;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The rules admin API through the generated stubs over the in-process transport, against
 * the whole application with a rules directory of its own, and the management endpoint
 * over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.grpc.server.port=0", "management.server.port=0", "nextbest.rules.watch=false",
				"management.server.address=127.0.0.1", "nextbest.rules.max-rule-set-size=2MB" })
class RulesAdminApiTest {

	/**
	 * The in-process server's name: generated, so that no other test's server can answer.
	 */
	private static final String SERVER = InProcessServerBuilder.generateName();

	private static final Path RULES = temporaryFolder();

	private static final String CATALOGUE = """
			actions:
			  - id: welcome
			    kind: message
			    purpose: service
			    channels: [web, email]
			    content: welcome
			  - id: offer
			    kind: offer
			    purpose: marketing
			    channels: [web, email]
			    content: offer
			""";

	private ManagedChannel channel;

	@Value("${local.management.port}")
	private int managementPort;

	private RulesAdminServiceGrpc.RulesAdminServiceBlockingStub admin;

	private DecisionServiceGrpc.DecisionServiceBlockingStub decisions;

	@DynamicPropertySource
	static void rules(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.server.inprocess.name", () -> SERVER);
		writeVersion(0);
		registry.add("nextbest.rules.directory", RULES::toString);
	}

	@BeforeEach
	void connect() {
		this.channel = InProcessChannelBuilder.forName(SERVER).directExecutor().build();
		admin = RulesAdminServiceGrpc.newBlockingStub(channel);
		decisions = DecisionServiceGrpc.newBlockingStub(channel);
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@BeforeEach
	void servesVersionZero() {
		writeVersion(0);
		admin.reload(ReloadRequest.getDefaultInstance());
	}

	@Test
	void getRuleSetListsTheFilesAndTheRulesOfEach() {
		GetRuleSetResponse ruleSet = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance());

		assertThat(ruleSet.getVersion().getVersion()).hasSize(12);
		assertThat(ruleSet.getFilesList()).extracting((f) -> f.getPath())
			.containsExactly("actions.yaml", "email.drl", "web.drl");
		assertThat(ruleSet.getFiles(2).getRulesList()).containsExactly("Web marker");
		// Each rule with the line it starts on, for a link to its source.
		assertThat(ruleSet.getFiles(2).getLinesList()).containsExactly(5);
		assertThat(ruleSet.getLastReload().getOutcome()).isIn(ReloadOutcome.RELOAD_OUTCOME_APPLIED,
				ReloadOutcome.RELOAD_OUTCOME_UNCHANGED);
		assertThat(ruleSet.getMembersList()).singleElement().satisfies((member) -> {
			assertThat(member.getLocal()).isTrue();
			assertThat(member.getVersion()).isEqualTo(ruleSet.getVersion().getVersion());
		});
	}

	@Test
	void getRuleSetCountsEachRulesFiringsInServedDecisionsNeverFiredRulesIncluded() throws IOException {
		write("never.drl", """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "Advocates get a thank-you"
				when
				    Journey(stage == Stage.ADVOCACY)
				then
				    insert(Propose.action("welcome").because("thanks"));
				end
				""");
		try {
			admin.reload(ReloadRequest.getDefaultInstance());
			long before = fired(admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()), "Web marker");

			decide();

			GetRuleSetResponse ruleSet = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance());
			assertThat(fired(ruleSet, "Web marker")).isEqualTo(before + 1);
			assertThat(fired(ruleSet, "Advocates get a thank-you")).isZero();
			assertThat(ruleSet.getFiringsList()).extracting((f) -> f.getFile() + ": " + f.getRule())
				.containsExactly("email.drl: Email marker", "never.drl: Advocates get a thank-you",
						"web.drl: Web marker");
		}
		finally {
			Files.delete(RULES.resolve("never.drl"));
		}
	}

	private static long fired(GetRuleSetResponse ruleSet, String rule) {
		return ruleSet.getFiringsList()
			.stream()
			.filter((f) -> f.getRule().equals(rule))
			.findFirst()
			.orElseThrow()
			.getFired();
	}

	@Test
	void validateReportsProblemsWithoutServingAnything() {
		String serving = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();

		ValidateResponse broken = admin.validate(ValidateRequest.newBuilder()
			.addFiles(file("web.drl", rule("Web marker", "welcome", "CHANNEL.WEB", "x")))
			.build());
		ValidateResponse fine = admin.validate(ValidateRequest.newBuilder()
			.addFiles(file("scenarios/web.yaml", "scenarios:\n  - name: Web\n    expect: { web: welcome }\n"))
			.build());

		assertThat(broken.getValid()).isFalse();
		assertThat(broken.getDiagnosticsList()).isNotEmpty()
			.allSatisfy((d) -> assertThat(d.getFile()).isEqualTo("web.drl"));
		assertThat(fine.getValid()).isTrue();
		assertThat(fine.getScenariosList()).singleElement().satisfies((s) -> {
			assertThat(s.getPassed()).isTrue();
			assertThat(s.getFiredRulesList()).contains("Web marker");
		});
		assertThat(admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion())
			.isEqualTo(serving);
	}

	@Test
	void validateRefusesAFileOverTheSizeLimitNamingIt() {
		ValidateRequest request = ValidateRequest.newBuilder()
			.addFiles(file("welcome.drl", "// small"))
			.addFiles(RuleFileContent.newBuilder()
				.setPath("junk.drl")
				.setContent(ByteString.copyFrom(new byte[(1 << 20) + 1])))
			.build();

		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> admin.validate(request));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription())
			.isEqualTo("files[1].content: larger than 1 MB, the limit for a rule file (nextbest.rules.max-file-size): "
					+ "not compiled");
	}

	@Test
	void validateRefusesFilesOverTheRuleSetLimitInAll() {
		ValidateRequest.Builder request = ValidateRequest.newBuilder();
		for (int i = 0; i < 3; i++) {
			request.addFiles(RuleFileContent.newBuilder()
				.setPath("junk-" + i + ".drl")
				.setContent(ByteString.copyFrom(new byte[800 * 1024])));
		}

		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> admin.validate(request.build()));

		// The limit of a rule set is 2 MB in this test.
		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription())
			.isEqualTo("files: the rule files come to 2.3 MB, more than 2 MB, the limit for a rule set "
					+ "(nextbest.rules.max-rule-set-size): not compiled");
	}

	@Test
	void validateNamesABadPath() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> admin.validate(ValidateRequest.newBuilder().addFiles(file("../etc/passwd.drl", "")).build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).startsWith("files[0].path: must be relative");
	}

	@Test
	void aRejectedReloadKeepsTheLastGoodRuleSetAndIsReportedEverywhere() throws Exception {
		String good = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();
		write("web.drl", rule("Web marker", "welcome", "Channel.WEB", "v1").replace("then", ""));

		ReloadResponse reload = admin.reload(ReloadRequest.getDefaultInstance());

		assertThat(reload.getAttempt().getOutcome()).isEqualTo(ReloadOutcome.RELOAD_OUTCOME_REJECTED);
		assertThat(reload.getAttempt().getProblemsList()).isNotEmpty().allSatisfy((d) -> {
			assertThat(d.getFile()).isEqualTo("web.drl");
			assertThat(d.getLine()).isPositive();
		});
		assertThat(reload.getServing().getVersion()).isEqualTo(good);
		assertThat(admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getLastReload().getProblemsCount())
			.isPositive();
		assertThat(marker(decide())).isEqualTo("v0");
		assertThat(http("/health/readiness")).contains("\"status\":\"UP\"")
			.contains("\"outcome\":\"REJECTED\"")
			.contains("\"file\":\"web.drl\"");
		// The last good rule set serves: a load balancer must keep sending traffic (the
		// status is set every period from /health, so a just-started server gets there).
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(HealthGrpc.newBlockingStub(channel)
				.check(HealthCheckRequest.newBuilder().setService("").build())
				.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING));
		assertThat(http("/metrics")).contains("nextbest_rules_reload_failing 1.0")
			.contains("nextbest_rules_reloads_total{outcome=\"rejected\"}")
			.contains("nextbest_rules_fired_total{rule=\"Web marker\"}");

		writeVersion(1);
		assertThat(admin.reload(ReloadRequest.getDefaultInstance()).getAttempt().getOutcome())
			.isEqualTo(ReloadOutcome.RELOAD_OUTCOME_APPLIED);
		assertThat(marker(decide())).isEqualTo("v1");
		assertThat(http("/metrics")).contains("nextbest_rules_reload_failing 0.0");
	}

	@Test
	void simulateDecidesForAnInlineCustomerAndListsTheRulesThatFired() {
		Instant at = Instant.parse("2025-03-03T10:00:00Z");
		SimulateResponse response = admin.simulate(SimulateRequest.newBuilder()
			.setCustomer(CustomerContext.newBuilder()
				.addJourneys(JourneyPosition.newBuilder()
					.setJourney("broadband")
					.setStage(JourneyStage.JOURNEY_STAGE_LOYALTY)
					.setSince(timestamp(at.minusSeconds(86_400))))
				.addConsents(ConsentState.newBuilder()
					.setChannel(Channel.CHANNEL_EMAIL)
					.setPurpose(Purpose.PURPOSE_MARKETING)
					.setStatus(ConsentStatus.CONSENT_STATUS_GRANTED)))
			.addChannels(Channel.CHANNEL_WEB)
			.addChannels(Channel.CHANNEL_EMAIL)
			.setAt(timestamp(at))
			.build());

		assertThat(response.getFiredRulesList()).containsExactlyInAnyOrder("Web marker", "Email marker");
		assertThat(response.getDecision().getChannels(1).getAction().getActionId()).isEqualTo("welcome");
		assertThat(response.getDecision().getDecidedAt()).isEqualTo(timestamp(at));
		// Asked to explain, each channel has its funnel: the candidate and its rule.
		assertThat(response.getDecision().getChannels(0).getFunnelList()).isEmpty();
		SimulateResponse explained = admin.simulate(SimulateRequest.newBuilder()
			.setCustomer(CustomerContext.getDefaultInstance())
			.addChannels(Channel.CHANNEL_WEB)
			.setAt(timestamp(at))
			.setExplain(true)
			.build());
		assertThat(explained.getDecision().getChannels(0).getFunnelList()).singleElement().satisfies((entry) -> {
			assertThat(entry.getActionId()).isEqualTo("welcome");
			assertThat(entry.getRule()).isEqualTo("Web marker");
		});
	}

	@Test
	void simulateNamesTheBadField() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> admin
			.simulate(SimulateRequest.newBuilder()
				.setCustomer(CustomerContext.newBuilder()
					.addJourneys(
							JourneyPosition.newBuilder().setJourney("broadband").setSince(timestamp(Instant.now()))))
				.addChannels(Channel.CHANNEL_WEB)
				.build()));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).startsWith("customer.journeys[0].stage:");
	}

	/**
	 * Each version's two rule files carry its number; a response mixing two versions, or
	 * naming a version that never served, would show.
	 */
	@Test
	void decisionsNeverFailAndEachRunsOnOneVersionWhileRulesAreSwapped() throws Exception {
		Map<String, String> markers = new ConcurrentHashMap<>();
		markers.put(admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion(), "v0");
		AtomicBoolean swapping = new AtomicBoolean(true);
		AtomicInteger decided = new AtomicInteger();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		List<DecideResponse> responses = new CopyOnWriteArrayList<>();
		Set<String> seen = ConcurrentHashMap.newKeySet();
		List<Thread> callers = List.of(1, 2).stream().map((n) -> new Thread(() -> {
			while (swapping.get()) {
				try {
					DecideResponse response = decide();
					responses.add(response);
					seen.add(response.getRuleSet().getVersion());
					decided.incrementAndGet();
				}
				catch (RuntimeException ex) {
					failures.add(ex);
				}
			}
		})).toList();
		callers.forEach(Thread::start);
		for (int version = 1; version <= 30; version++) {
			writeVersion(version);
			ReloadResponse reload = admin.reload(ReloadRequest.getDefaultInstance());
			assertThat(reload.getAttempt().getOutcome()).isEqualTo(ReloadOutcome.RELOAD_OUTCOME_APPLIED);
			String serving = reload.getAttempt().getVersion();
			markers.put(serving, "v" + version);
			// The callers decide on each version before the next swap, however the
			// threads are scheduled.
			await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains(serving));
		}
		swapping.set(false);
		for (Thread caller : callers) {
			caller.join();
		}

		assertThat(failures).isEmpty();
		assertThat(decided.get()).isPositive();
		assertThat(responses).allSatisfy((response) -> {
			String expected = markers.get(response.getRuleSet().getVersion());
			assertThat(expected).as("a version that served").isNotNull();
			assertThat(response.getChannels(0).getReasons(0).getMessage()).isEqualTo(expected);
			assertThat(response.getChannels(1).getReasons(0).getMessage()).isEqualTo(expected);
		});
		assertThat(seen).as("versions seen by the callers")
			.containsAll(markers.keySet().stream().filter((version) -> !markers.get(version).equals("v0")).toList());
	}

	private DecideResponse decide() {
		return decisions.decide(DecideRequest.newBuilder()
			.setCustomerId("swap")
			.addChannels(Channel.CHANNEL_WEB)
			.addChannels(Channel.CHANNEL_EMAIL)
			.build());
	}

	private static String marker(DecideResponse response) {
		return response.getChannels(0).getReasons(0).getMessage();
	}

	/** Version n of the rule set: one rule per file, each saying "vn". */
	private static void writeVersion(int version) {
		write("actions.yaml", CATALOGUE);
		write("web.drl", rule("Web marker", "welcome", "Channel.WEB", "v" + version));
		write("email.drl", rule("Email marker", "welcome", "Channel.EMAIL", "v" + version));
		try {
			Files.deleteIfExists(RULES.resolve("scenarios/web.yaml"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String rule(String name, String action, String channel, String marker) {
		return """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "%s"
				when
				    Customer()
				then
				    insert(Propose.action("%s").on(%s).because("%s"));
				end
				""".formatted(name, action, channel, marker);
	}

	private static RuleFileContent file(String path, String content) {
		return RuleFileContent.newBuilder().setPath(path).setContent(ByteString.copyFromUtf8(content)).build();
	}

	private static void write(String name, String content) {
		RuleDirectory.empty(RULES).write(name, content);
	}

	private String http(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.build()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	private static Path temporaryFolder() {
		try {
			Path folder = Files.createTempDirectory("rules-admin-test");
			folder.toFile().deleteOnExit();
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
