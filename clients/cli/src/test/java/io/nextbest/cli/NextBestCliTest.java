package io.nextbest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.nextbest.api.v1.Action;
import io.nextbest.api.v1.ActionKind;
import io.nextbest.api.v1.CaseSeverity;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.ConsentState;
import io.nextbest.api.v1.ConsentStatus;
import io.nextbest.api.v1.ContactRecord;
import io.nextbest.api.v1.CustomerContext;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.JourneyPosition;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.NoAction;
import io.nextbest.api.v1.Outcome;
import io.nextbest.api.v1.Purpose;
import io.nextbest.api.v1.Reason;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.RequestContext;
import io.nextbest.api.v1.RuleSetVersion;
import io.nextbest.api.v1.ServiceCase;
import io.nextbest.api.v1.Suppression;
import io.nextbest.api.v1.SurveyAnswered;
import io.nextbest.api.v1.SurveyScore;
import io.nextbest.api.v1.SurveyType;
import io.nextbest.client.DeadlineWindow;
import io.nextbest.client.RecordingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class NextBestCliTest {

	private static final String NOON = "2025-03-01T12:00:00Z";

	private static final Timestamp NOON_TIMESTAMP = Timestamp.newBuilder()
		.setSeconds(Instant.parse(NOON).getEpochSecond())
		.build();

	private final RecordingServer server = new RecordingServer();

	private final List<String> targets = new CopyOnWriteArrayList<>();

	private final Connector connector = (target, credentials) -> {
		this.targets.add(target);
		return this.server.newChannel();
	};

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void eventStageSendsTheStageChange() {
		Run run = run("event", "stage", "--customer", "c-1", "--journey", "broadband", "--stage", "onboarding", "--at",
				NOON, "--id", "evt-1", "--source", "crm");

		assertThat(run.exitCode).isZero();
		assertThat(this.server.recorded).singleElement().satisfies((event) -> {
			assertThat(event.getEventId()).isEqualTo("evt-1");
			assertThat(event.getCustomerId()).isEqualTo("c-1");
			assertThat(event.getSource()).isEqualTo("crm");
			assertThat(event.getOccurredAt()).isEqualTo(NOON_TIMESTAMP);
			assertThat(event.getJourneyStageChanged().getJourney()).isEqualTo("broadband");
			assertThat(event.getJourneyStageChanged().getStage()).isEqualTo(JourneyStage.JOURNEY_STAGE_ONBOARDING);
		});
		assertThat(run.out).isEqualTo("event evt-1: applied\n");
	}

	@Test
	void eventWithoutIdOrTimeGetsARandomIdTheCurrentTimeAndTheToolAsSource() {
		long before = Instant.now().getEpochSecond();

		run("event", "case-close", "--customer", "c-1", "--case", "K-1");

		Event event = this.server.recorded.get(0);
		assertThat(UUID.fromString(event.getEventId())).isNotNull();
		assertThat(event.getOccurredAt().getSeconds()).isBetween(before, Instant.now().getEpochSecond());
		assertThat(event.getSource()).isEqualTo("nextbest-cli");
		assertThat(event.getServiceCaseClosed().getCaseId()).isEqualTo("K-1");
	}

	@Test
	void eventCaseOpenSendsTheCase() {
		run("event", "case-open", "--customer", "c-1", "--case", "K-1", "--product", "mobile", "--severity", "HIGH");

		Event event = this.server.recorded.get(0);
		assertThat(event.getServiceCaseOpened().getCaseId()).isEqualTo("K-1");
		assertThat(event.getServiceCaseOpened().getProduct()).isEqualTo("mobile");
		assertThat(event.getServiceCaseOpened().getSeverity()).isEqualTo(CaseSeverity.CASE_SEVERITY_HIGH);
	}

	@Test
	void eventConsentAcceptsHyphensAndUnderscoresInValues() {
		run("event", "consent", "--customer", "c-1", "--channel", "contact-centre", "--purpose", "marketing",
				"--status", "granted");
		run("event", "consent", "--customer", "c-1", "--channel", "contact_centre", "--purpose", "service", "--status",
				"revoked");

		assertThat(this.server.recorded).extracting(Event::getConsentChanged)
			.extracting((consent) -> List.of(consent.getChannel(), consent.getPurpose(), consent.getStatus()))
			.containsExactly(
					List.of(Channel.CHANNEL_CONTACT_CENTRE, Purpose.PURPOSE_MARKETING,
							ConsentStatus.CONSENT_STATUS_GRANTED),
					List.of(Channel.CHANNEL_CONTACT_CENTRE, Purpose.PURPOSE_SERVICE,
							ConsentStatus.CONSENT_STATUS_REVOKED));
	}

	@Test
	void eventSurveySendsTypeAndScore() {
		run("event", "survey", "--customer", "c-1", "--type", "nps", "--score", "3");

		Event event = this.server.recorded.get(0);
		assertThat(event.getSurveyAnswered().getSurvey()).isEqualTo(SurveyType.SURVEY_TYPE_NPS);
		assertThat(event.getSurveyAnswered().getScore()).isEqualTo(3);
	}

	@Test
	void eventSurveySendsWhatTheAnswerIsAbout() {
		run("event", "survey", "--customer", "c-1", "--type", "csat", "--score", "2", "--about-channel",
				"contact-centre", "--about-decision", "d-7", "--about-case", "K-1");

		SurveyAnswered answer = this.server.recorded.get(0).getSurveyAnswered();
		assertThat(List.of(answer.getChannel(), answer.getDecisionId(), answer.getCaseId()))
			.containsExactly(Channel.CHANNEL_CONTACT_CENTRE, "d-7", "K-1");
	}

	@Test
	void eventProfileSendsEveryAttributeIncludingEmptyOnes() {
		run("event", "profile", "--customer", "c-1", "--set", "segment=gold", "--set", "time_zone=Europe/Paris",
				"--set", "locale=");

		assertThat(this.server.recorded.get(0).getProfileUpdated().getAttributesMap())
			.containsExactlyInAnyOrderEntriesOf(Map.of("segment", "gold", "time_zone", "Europe/Paris", "locale", ""));
	}

	@Test
	void eventOutcomeSendsTheOutcome() {
		run("event", "outcome", "--customer", "c-1", "--decision", "d-1", "--action", "offer-1", "--channel", "web",
				"--outcome", "click");

		Event event = this.server.recorded.get(0);
		assertThat(event.getOutcomeRecorded().getDecisionId()).isEqualTo("d-1");
		assertThat(event.getOutcomeRecorded().getActionId()).isEqualTo("offer-1");
		assertThat(event.getOutcomeRecorded().getChannel()).isEqualTo(Channel.CHANNEL_WEB);
		assertThat(event.getOutcomeRecorded().getOutcome()).isEqualTo(Outcome.OUTCOME_CLICK);
	}

	@Test
	void eventJsonPrintsTheServersAnswer() {
		Run run = run("event", "case-close", "--customer", "c-1", "--case", "K-1", "--id", "evt-9", "--json");

		assertThat(run.out).contains("\"eventId\": \"evt-9\"")
			.contains("\"disposition\": \"EVENT_DISPOSITION_APPLIED\"");
	}

	@Test
	void unknownStageFailsNamingTheValidValues() {
		Run run = run("event", "stage", "--customer", "c-1", "--journey", "broadband", "--stage", "boarding");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).isEqualTo("error: Invalid value for option '--stage': expected one of awareness, engaged, "
				+ "marketing-qualified, evaluation, purchase, onboarding, adoption, value-realization, loyalty, "
				+ "advocacy but was 'boarding'\nTry 'nextbest event stage --help' for more information.\n");
		assertThat(this.server.recorded).isEmpty();
	}

	@Test
	void unspecifiedIsNotAValidValue() {
		Run run = run("decide", "--customer", "c-1", "--channels", "web,unspecified");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err)
			.contains("expected one of web, app, email, sms, push, contact-centre but was 'unspecified'");
	}

	@Test
	void decideSendsChannelsAndContext() {
		run("decide", "--customer", "c-1", "--channels", "web,app,email", "--page", "/account", "--placement", "hero",
				"--device", "mobile", "--locale", "en-GB", "--attr", "campaign=spring", "--attr", "ab=b");

		assertThat(this.server.decided).containsExactly(DecideRequest.newBuilder()
			.setCustomerId("c-1")
			.addChannels(Channel.CHANNEL_WEB)
			.addChannels(Channel.CHANNEL_APP)
			.addChannels(Channel.CHANNEL_EMAIL)
			.setContext(RequestContext.newBuilder()
				.setPage("/account")
				.setPlacement("hero")
				.setDevice("mobile")
				.setLocale("en-GB")
				.putAttributes("campaign", "spring")
				.putAttributes("ab", "b"))
			.build());
	}

	@Test
	void decideWithoutContextOptionsSendsNoContext() {
		run("decide", "--customer", "c-1", "--channels", "sms");

		assertThat(this.server.decided.get(0).hasContext()).isFalse();
	}

	@Test
	void decidePrintsEachChannelsOutcomeAndReasons() {
		this.server.decideWith((request) -> decision());

		Run run = run("decide", "--customer", "c-1", "--channels", "web,email,contact-centre");

		assertThat(run.exitCode).isZero();
		assertThat(run.out).isEqualTo("""
				decision d-7  rule set 3a9f0c1d2e4b  at 2025-03-01T12:00:00Z
				web             ACTION    onboarding-guide (message, service, journey broadband, priority 60)
				    - onboarding-help: The customer is onboarding broadband.
				email           SUPPRESS  open_service_case: "The customer has an open service case."
				    - policy:open-service-case: Marketing waits until the case is closed.
				contact-centre  NONE
				""");
	}

	@Test
	void decideSendsMaxActionsPlacementsAndExplain() {
		run("decide", "--customer", "c-1", "--channels", "email", "--max", "2", "--slot", "web:hero", "--slot",
				"web:carousel:3", "--explain");

		assertThat(this.server.decided).containsExactly(DecideRequest.newBuilder()
			.setCustomerId("c-1")
			.addChannels(Channel.CHANNEL_EMAIL)
			.setMaxActions(2)
			.addPlacements(io.nextbest.api.v1.Placement.newBuilder().setName("hero").setChannel(Channel.CHANNEL_WEB))
			.addPlacements(io.nextbest.api.v1.Placement.newBuilder()
				.setName("carousel")
				.setChannel(Channel.CHANNEL_WEB)
				.setMaxActions(3))
			.setExplain(true)
			.build());
	}

	@Test
	void decideNeedsChannelsOrSlots() {
		Run run = run("decide", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).contains("--channels or --slot is required");
		assertThat(run("decide", "--customer", "c-1", "--slot", "fax:hero").err).contains("'fax:hero'");
	}

	@Test
	void decidePrintsPlacementsSeveralActionsQuietHoursAndTheFunnel() {
		Action tip = Action.newBuilder()
			.setActionId("tip")
			.setKind(ActionKind.ACTION_KIND_MESSAGE)
			.setPurpose(Purpose.PURPOSE_SERVICE)
			.setContentKey("tip")
			.setPriority(30)
			.setScore(3)
			.build();
		Action promo = tip.toBuilder()
			.setActionId("promo")
			.setKind(ActionKind.ACTION_KIND_OFFER)
			.setPurpose(Purpose.PURPOSE_MARKETING)
			.setContentKey("promo")
			.setPriority(50)
			.setScore(15)
			.build();
		this.server.decideWith((request) -> DecideResponse.newBuilder()
			.setDecisionId("d-8")
			.addChannels(ChannelDecision.newBuilder()
				.setChannel(Channel.CHANNEL_EMAIL)
				.setSuppression(Suppression.newBuilder()
					.setCode(ReasonCode.REASON_CODE_QUIET_HOURS)
					.setMessage("Night.")
					.setAllowedAt(NOON_TIMESTAMP)))
			.addChannels(ChannelDecision.newBuilder()
				.setChannel(Channel.CHANNEL_WEB)
				.setPlacement("carousel")
				.setAction(promo)
				.addActions(promo)
				.addActions(tip)
				.addFunnel(io.nextbest.api.v1.FunnelEntry.newBuilder()
					.setActionId("promo")
					.setRule("Promo")
					.setPriority(50)
					.setValue(2)
					.setPropensity(0.1)
					.setLever(1.5)
					.setScore(15)
					.setStatus(io.nextbest.api.v1.FunnelStatus.FUNNEL_STATUS_SELECTED)
					.setPropensitySource(io.nextbest.api.v1.PropensitySource.PROPENSITY_SOURCE_POPULATION_ON_CHANNEL)
					.setPropensityBasis(
							"The customer has no history with this action: the population's response rate on web, 0.1000 (1,200 impressions and sends)."))
				.addFunnel(io.nextbest.api.v1.FunnelEntry.newBuilder()
					.setActionId("other")
					.setRule("Other")
					.setStatus(io.nextbest.api.v1.FunnelStatus.FUNNEL_STATUS_REMOVED)
					.setRemovedBy("policy:cool-down")
					.setCode(ReasonCode.REASON_CODE_COOL_DOWN)
					.setMessage("Rejected 3 days ago.")))
			.build());

		Run run = run("decide", "--customer", "c-1", "--slot", "web:carousel:2", "--channels", "email", "--explain");

		assertThat(run.out).isEqualTo(
				"""
						decision d-8
						email         SUPPRESS  quiet_hours: "Night." (allowed from 2025-03-01T12:00:00Z)
						web/carousel  ACTION    promo (offer, marketing, priority 50, score 15.00)
						                        tip (message, service, priority 30, score 3.000)
						    funnel:
						      SELECTED       promo (rule Promo) score 15.00 = priority 50 x value 2 x propensity 0.100 x lever 1.5
						                     propensity from population-on-channel: The customer has no history with this action: the population's response rate on web, 0.1000 (1,200 impressions and sends).
						      REMOVED        other (rule Other) removed by policy:cool-down, cool_down: Rejected 3 days ago.
						""");
	}

	@Test
	void decideJsonPrintsTheExactAnswer() throws Exception {
		this.server.decideWith((request) -> decision());

		Run run = run("decide", "--customer", "c-1", "--channels", "web", "--json");

		DecideResponse.Builder parsed = DecideResponse.newBuilder();
		JsonFormat.parser().merge(run.out, parsed);
		assertThat(parsed.build()).isEqualTo(decision());
	}

	@Test
	void contextPrintsEverySection() {
		this.server.contextIs(context());

		Run run = run("context", "--customer", "c-1");

		assertThat(run.exitCode).isZero();
		assertThat(run.out).isEqualTo("""
				customer c-1  updated 2025-03-01T12:00:00Z
				journeys:
				  broadband  onboarding         since 2025-03-01T12:00:00Z
				  mobile     value-realization  since 2025-03-01T12:00:00Z
				cases:
				  K-1  broadband  high  opened 2025-03-01T12:00:00Z  open
				consents:
				  email  marketing  granted  since 2025-03-01T12:00:00Z
				surveys:
				  nps  3  answered 2025-03-01T12:00:00Z  about contact-centre
				profile:
				  segment    gold
				  time_zone  Europe/Paris
				history:
				  2025-03-01T12:00:00Z  web  click  onboarding-guide  decision d-7
				""");
		assertThat(this.server.contextsRead).containsExactly("c-1");
	}

	@Test
	void contextOfAnUnknownCustomerSaysSo() {
		Run run = run("context", "--customer", "c-9");

		assertThat(run.out).isEqualTo("customer c-9 is not known\n");
	}

	@Test
	void contextJsonPrintsTheExactContext() throws Exception {
		this.server.contextIs(context());

		Run run = run("context", "--customer", "c-1", "--json");

		CustomerContext.Builder parsed = CustomerContext.newBuilder();
		JsonFormat.parser().merge(run.out, parsed);
		assertThat(parsed.build()).isEqualTo(context());
	}

	@Test
	void forgetReportsWhetherTheCustomerExisted() {
		Run forgotten = run("forget", "--customer", "c-1");
		this.server.customerExisted(false);
		Run unknown = run("forget", "--customer", "c-2");

		assertThat(forgotten.out).isEqualTo("forgot customer c-1\n");
		assertThat(unknown.out).isEqualTo("customer c-2 was not known; nothing to forget\n");
		assertThat(unknown.exitCode).isZero();
		assertThat(this.server.forgotten).containsExactly("c-1", "c-2");
	}

	@Test
	void exportPrintsTheDocumentAndSaysWhenTheCustomerIsUnknown() {
		Run known = run("export", "--customer", "c-1");
		this.server.customerExisted(false);
		Run unknown = run("export", "--customer", "c-2");

		assertThat(known.out).isEqualTo("{\"customerId\": \"c-1\"}\n");
		assertThat(known.err).isEmpty();
		assertThat(unknown.out).isEqualTo("{\"customerId\": \"c-2\"}\n");
		assertThat(unknown.err).isEqualTo("customer c-2 is not known; the document says so and holds nothing else\n");
		assertThat(this.server.exported).containsExactly("c-1", "c-2");
	}

	@Test
	void apiKeyPrintsANewKeyAndTheEntryWithItsHash() {
		Run first = run("api-key", "--name", "web-shop", "--role", "site,monitor");
		Run second = run("api-key", "--name", "web-shop", "--role", "site");

		assertThat(first.exitCode).isZero();
		String key = first.out.lines().skip(1).findFirst().orElseThrow().trim();
		assertThat(key).matches("nbk_[0-9a-f]{64}");
		assertThat(first.out).contains("  - name: web-shop\n    roles: [site, monitor]\n    api-key-sha256: "
				+ ApiKeyCommand.sha256(key) + "\n");
		assertThat(second.out.lines().skip(1).findFirst().orElseThrow().trim()).as("a new key each time")
			.isNotEqualTo(key);
		assertThat(this.server.forgotten).isEmpty();
	}

	@Test
	void apiKeyRefusesAnUnknownRole() {
		Run run = run("api-key", "--name", "web-shop", "--role", "site,admin");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).startsWith("error: --role: 'admin' is not a role (site, feed, engine,");
	}

	@Test
	void serverErrorPrintsTheStatusAndExitsWithTwo() {
		this.server.failWith(Status.INVALID_ARGUMENT.withDescription("customer_id is longer than 128 characters"));

		Run run = run("forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).isEqualTo("error: INVALID_ARGUMENT: customer_id is longer than 128 characters\n");
		assertThat(run.out).isEmpty();
	}

	@Test
	void unreachableServerNamesTheTargetAndExitsWithThree() {
		Run run = run((target, credentials) -> InProcessChannelBuilder.forName("nobody-listens-here").build(),
				"--target", "decisions.example:9090", "decide", "--customer", "c-1", "--channels", "web");

		assertThat(run.exitCode).isEqualTo(3);
		assertThat(run.err).startsWith("error: cannot reach the server at decisions.example:9090: UNAVAILABLE");
	}

	@Test
	void refusedConnectionExitsWithThree() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}

		Run run = run(Connector.NETWORK, "--target", "127.0.0.1:" + closedPort, "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(3);
		assertThat(run.err).startsWith("error: cannot reach the server at 127.0.0.1:" + closedPort + ": UNAVAILABLE");
	}

	@Test
	void serverThatNeverAnswersTheConnectionExitsWithThree() throws IOException {
		// Accepts TCP connections but never speaks HTTP/2, so the channel never gets
		// ready.
		try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String target = "127.0.0.1:" + silent.getLocalPort();

			Run run = run(Connector.NETWORK, "--target", target, "--deadline", "300ms", "forget", "--customer", "c-1");

			assertThat(run.exitCode).isEqualTo(3);
			assertThat(run.err)
				.isEqualTo("error: cannot reach the server at " + target + ": no connection within 300ms\n");
		}
	}

	@Test
	void slowAnswerIsADeadlineErrorNotAConnectionProblem() {
		// Connected before the call, to a server that never answers: only the deadline
		// ends the call, and never before there is a connection.
		this.server.holdAnswers();
		Connector connected = (target, credentials) -> ready(this.server.newChannel());

		Run run = run(connected, "--deadline", "100ms", "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).startsWith("error: DEADLINE_EXCEEDED");
		assertThat(this.server.forgotten).containsExactly("c-1");
	}

	@Test
	void targetAndDeadlineReachTheServerBeforeOrAfterTheCommand() {
		DeadlineWindow before = DeadlineWindow.around(
				() -> run("--target", "decisions.example:9090", "--deadline", "90s", "forget", "--customer", "c-1"));
		DeadlineWindow after = DeadlineWindow
			.around(() -> run("forget", "--customer", "c-1", "--target", "other.example:9090", "--deadline", "2m"));

		assertThat(this.targets).containsExactly("decisions.example:9090", "other.example:9090");
		before.assertCarried(this.server.deadlines.get(0), Duration.ofSeconds(90));
		after.assertCarried(this.server.deadlines.get(1), Duration.ofMinutes(2));
	}

	@Test
	void targetDefaultsToTheEnvironmentElseLocalhost() {
		DeadlineWindow call = DeadlineWindow.around(() -> run("forget", "--customer", "c-1"));

		String fromEnvironment = System.getenv("NEXTBEST_TARGET");
		assertThat(this.targets).containsExactly((fromEnvironment != null) ? fromEnvironment : "localhost:9090");
		call.assertCarried(this.server.deadlines.get(0), Duration.ofSeconds(5));
	}

	@Test
	void invalidTargetIsAUsageError() {
		Run run = run(Connector.NETWORK, "--target", "dns:///not a host", "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).startsWith("error: Invalid value for option '--target'");
	}

	@Test
	void invalidDeadlineIsAUsageError() {
		Run run = run("--deadline", "soon", "forget", "--customer", "c-1");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).contains("expected a positive duration");
		assertThat(this.server.forgotten).isEmpty();
	}

	@Test
	void missingRequiredOptionIsAUsageError() {
		Run run = run("event", "survey", "--customer", "c-1", "--type", "nps");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err).contains("Missing required option: '--score=SCORE'");
	}

	@Test
	void missingCommandPointsToHelp() {
		Run run = run("event");

		assertThat(run.exitCode).isEqualTo(2);
		assertThat(run.err)
			.isEqualTo("error: Missing required subcommand\nTry 'nextbest event --help' for more information.\n");
	}

	@Test
	void helpWorksForEveryCommand() {
		List<List<String>> paths = new ArrayList<>();
		collect(NextBestCli.commandLine(this.connector), new ArrayList<>(), paths);

		assertThat(paths).hasSize(24);
		for (List<String> path : paths) {
			List<String> args = new ArrayList<>(path);
			args.add("--help");
			Run run = run(args.toArray(String[]::new));
			assertThat(run.exitCode).as("exit code of %s", args).isZero();
			assertThat(run.out).as("help of %s", args)
				.startsWith(String.join(" ", "Usage: nextbest", String.join(" ", path)).trim());
		}
	}

	@Test
	void helpListsTheValidValuesOfAnOption() {
		Run run = run("event", "consent", "--help");

		assertThat(run.out.replaceAll("\\s+", " ")).contains("web, app, email, sms, push, contact-centre")
			.contains("marketing, service")
			.contains("granted, denied, revoked");
	}

	private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
		paths.add(path);
		command.getSubcommands().forEach((name, subcommand) -> {
			List<String> subpath = new ArrayList<>(path);
			subpath.add(name);
			collect(subcommand, subpath, paths);
		});
	}

	/** The channel once it is connected. */
	private static ManagedChannel ready(ManagedChannel channel) {
		CountDownLatch connected = new CountDownLatch(1);
		awaitReady(channel, connected);
		try {
			assertThat(connected.await(30, TimeUnit.SECONDS)).as("connected to the test server").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return channel;
	}

	private static void awaitReady(ManagedChannel channel, CountDownLatch connected) {
		ConnectivityState state = channel.getState(true);
		if (state == ConnectivityState.READY) {
			connected.countDown();
		}
		else {
			channel.notifyWhenStateChanged(state, () -> awaitReady(channel, connected));
		}
	}

	private Run run(String... args) {
		return run(this.connector, args);
	}

	private static Run run(Connector connector, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = NextBestCli.commandLine(connector)
			.setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
		return new Run(exitCode, out.toString(), err.toString());
	}

	private static DecideResponse decision() {
		return DecideResponse.newBuilder()
			.setDecisionId("d-7")
			.setRuleSet(RuleSetVersion.newBuilder().setVersion("3a9f0c1d2e4b"))
			.setDecidedAt(NOON_TIMESTAMP)
			.addChannels(ChannelDecision.newBuilder()
				.setChannel(Channel.CHANNEL_WEB)
				.setAction(Action.newBuilder()
					.setActionId("onboarding-guide")
					.setKind(ActionKind.ACTION_KIND_MESSAGE)
					.setPurpose(Purpose.PURPOSE_SERVICE)
					.setJourney("broadband")
					.setContentKey("onboarding-guide")
					.setPriority(60))
				.addReasons(Reason.newBuilder()
					.setRule("onboarding-help")
					.setMessage("The customer is onboarding broadband.")))
			.addChannels(ChannelDecision.newBuilder()
				.setChannel(Channel.CHANNEL_EMAIL)
				.setSuppression(Suppression.newBuilder()
					.setCode(ReasonCode.REASON_CODE_OPEN_SERVICE_CASE)
					.setMessage("The customer has an open service case."))
				.addReasons(Reason.newBuilder()
					.setRule("policy:open-service-case")
					.setMessage("Marketing waits until the case is closed.")
					.setCode(ReasonCode.REASON_CODE_OPEN_SERVICE_CASE)))
			.addChannels(ChannelDecision.newBuilder()
				.setChannel(Channel.CHANNEL_CONTACT_CENTRE)
				.setNone(NoAction.getDefaultInstance()))
			.build();
	}

	private static CustomerContext context() {
		return CustomerContext.newBuilder()
			.setCustomerId("c-1")
			.setKnown(true)
			.setUpdatedAt(NOON_TIMESTAMP)
			.addJourneys(JourneyPosition.newBuilder()
				.setJourney("broadband")
				.setStage(JourneyStage.JOURNEY_STAGE_ONBOARDING)
				.setSince(NOON_TIMESTAMP))
			.addJourneys(JourneyPosition.newBuilder()
				.setJourney("mobile")
				.setStage(JourneyStage.JOURNEY_STAGE_VALUE_REALIZATION)
				.setSince(NOON_TIMESTAMP))
			.addCases(ServiceCase.newBuilder()
				.setCaseId("K-1")
				.setProduct("broadband")
				.setSeverity(CaseSeverity.CASE_SEVERITY_HIGH)
				.setOpenedAt(NOON_TIMESTAMP))
			.addConsents(ConsentState.newBuilder()
				.setChannel(Channel.CHANNEL_EMAIL)
				.setPurpose(Purpose.PURPOSE_MARKETING)
				.setStatus(ConsentStatus.CONSENT_STATUS_GRANTED)
				.setChangedAt(NOON_TIMESTAMP))
			.addSurveys(SurveyScore.newBuilder()
				.setSurvey(SurveyType.SURVEY_TYPE_NPS)
				.setScore(3)
				.setAnsweredAt(NOON_TIMESTAMP)
				.setChannel(Channel.CHANNEL_CONTACT_CENTRE))
			.putProfile("time_zone", "Europe/Paris")
			.putProfile("segment", "gold")
			.addContactHistory(ContactRecord.newBuilder()
				.setDecisionId("d-7")
				.setActionId("onboarding-guide")
				.setChannel(Channel.CHANNEL_WEB)
				.setOutcome(Outcome.OUTCOME_CLICK)
				.setOccurredAt(NOON_TIMESTAMP))
			.build();
	}

	private record Run(int exitCode, String out, String err) {
	}

}
