package io.nextbest.server.whatif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.ContextServiceGrpc;
import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.api.v1.Event;
import io.nextbest.api.v1.EventDisposition;
import io.nextbest.api.v1.FunnelStatus;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.RecordEventRequest;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.WhatIfCell;
import io.nextbest.api.v1.WhatIfExample;
import io.nextbest.api.v1.WhatIfMatrix;
import io.nextbest.api.v1.WhatIfPopulation;
import io.nextbest.api.v1.WhatIfReport;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.api.v1.WhatIfUpdate;
import io.nextbest.engine.testing.RuleDirectory;
import io.nextbest.engine.testing.WhatIfRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * RulesAdminService.WhatIf through the generated stubs over the in-process transport,
 * against the whole application: customers stored with events, the serving rules in a
 * directory, a candidate beside it without the open-case suppression.
 */
@SpringBootTest(properties = { "spring.grpc.server.port=0", "nextbest.rules.watch=false",
		"nextbest.rules.compiler=in-server", "nextbest.what-if.threads=2", "nextbest.what-if.page-size=7" })
class WhatIfApiTest {

	private static final String SERVER = InProcessServerBuilder.generateName();

	private static final Path ROOT = temporaryFolder();

	private static final int CUSTOMERS = 60;

	private static boolean seeded;

	@Autowired
	private Clock clock;

	private ManagedChannel channel;

	private RulesAdminServiceGrpc.RulesAdminServiceBlockingStub admin;

	private DecisionServiceGrpc.DecisionServiceBlockingStub decisions;

	@DynamicPropertySource
	static void rules(DynamicPropertyRegistry registry) {
		registry.add("spring.grpc.server.inprocess.name", () -> SERVER);
		WhatIfRules.write(ROOT.resolve("rules"), true);
		WhatIfRules.write(ROOT.resolve("rules-branch"), false);
		RuleDirectory broken = RuleDirectory.empty(ROOT.resolve("rules-broken"));
		broken.write("actions.yaml", WhatIfRules.CATALOGUE);
		broken.write("promo.drl", "package io.nextbest.rules;\n\nrule \"Broken\"\nwhen\n    Nonsense(\nthen\nend\n");
		registry.add("nextbest.rules.directory", () -> ROOT.resolve("rules").toString());
		branchWithoutTheSuppression();
	}

	/**
	 * Makes the folder a git repository: everything committed on the default branch, and
	 * a branch {@code no-suppression} whose rules directory lacks the suppression; the
	 * work tree stays on the default branch, with it.
	 */
	private static void branchWithoutTheSuppression() {
		try (Git git = Git.init().setDirectory(ROOT.toFile()).setInitialBranch("main").call()) {
			PersonIdent marketer = new PersonIdent("Marketer", "marketer@example.org");
			git.add().addFilepattern(".").call();
			git.commit().setMessage("Serving rules").setAuthor(marketer).setCommitter(marketer).setSign(false).call();
			git.checkout().setCreateBranch(true).setName("no-suppression").call();
			git.rm().addFilepattern("rules/suppression.drl").call();
			git.commit()
				.setMessage("Open cases no longer suppress")
				.setAuthor(marketer)
				.setCommitter(marketer)
				.setSign(false)
				.call();
			git.checkout().setName("main").call();
		}
		catch (GitAPIException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Everyone gets the promo; open cases the case update, and with the suppression no
	 * marketing.
	 */
	@BeforeEach
	void connect() {
		this.channel = InProcessChannelBuilder.forName(SERVER).directExecutor().build();
		this.admin = RulesAdminServiceGrpc.newBlockingStub(this.channel);
		this.decisions = DecisionServiceGrpc.newBlockingStub(this.channel);
		if (!seeded) {
			seed(ContextServiceGrpc.newBlockingStub(this.channel), this.clock.instant());
			seeded = true;
		}
	}

	@AfterEach
	void disconnect() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void theBaseArmAgreesWithLiveDecideForEveryStoredCustomer() {
		List<WhatIfUpdate> updates = whatIf(WhatIfFixture.request("../rules-branch"));
		WhatIfReport report = updates.get(updates.size() - 1).getReport();

		assertThat(report.getCustomers()).isEqualTo(CUSTOMERS);
		// What live Decide gives each customer, counted per channel and outcome.
		Map<String, Map<String, Long>> live = new TreeMap<>();
		Map<String, Map<String, String>> liveByCustomer = new HashMap<>();
		for (int i = 0; i < CUSTOMERS; i++) {
			String customer = customer(i);
			List<ChannelDecision> outcomes = this.decisions
				.decide(DecideRequest.newBuilder()
					.setCustomerId(customer)
					.addChannels(Channel.CHANNEL_EMAIL)
					.addChannels(Channel.CHANNEL_WEB)
					.build())
				.getChannelsList();
			for (int c = 0; c < 2; c++) {
				String name = (c == 0) ? "email" : "web";
				String label = label(outcomes.get(c));
				live.computeIfAbsent(name, (n) -> new TreeMap<>()).merge(label, 1L, Long::sum);
				liveByCustomer.computeIfAbsent(customer, (k) -> new HashMap<>()).put(name, label);
			}
		}
		Map<String, Map<String, Long>> baseArm = new TreeMap<>();
		for (WhatIfMatrix matrix : report.getChannelsList()) {
			for (WhatIfCell cell : matrix.getCellsList()) {
				baseArm.computeIfAbsent(matrix.getChannel(), (n) -> new TreeMap<>())
					.merge(cell.getBase().getLabel(), cell.getCustomers(), Long::sum);
				for (String example : cell.getExamplesList()) {
					assertThat(liveByCustomer.get(example).get(matrix.getChannel()))
						.as("live Decide of example %s on %s", example, matrix.getChannel())
						.isEqualTo(cell.getBase().getLabel());
				}
			}
		}
		assertThat(baseArm).isEqualTo(live);
		// Open cases with email consent: 0, 6, 12, ... (every sixth customer).
		assertThat(report.getNewlyMarketed().getCount()).isEqualTo(CUSTOMERS / 6);
		assertThat(report.getChannels(0).getCells(0).getExamplesList()).containsExactly("w-00", "w-06", "w-12", "w-18",
				"w-24", "w-30", "w-36", "w-42", "w-48", "w-54");
		assertThat(report.getMarkdown()).contains("**10 changed** on at least one channel: 10 newly marketed to");
		// Each example explained with both arms' funnels: suppressed by the open case,
		// then proposed by the promotion's rule once the suppression is gone.
		assertThat(report.getExamplesList()).extracting(WhatIfExample::getCustomerId)
			.containsExactly("w-00", "w-06", "w-12", "w-18", "w-24", "w-30", "w-36", "w-42", "w-48", "w-54");
		WhatIfExample first = report.getExamples(0);
		assertThat(first.getBase().getChannels(0).getSuppression().getCode())
			.isEqualTo(ReasonCode.REASON_CODE_OPEN_SERVICE_CASE);
		assertThat(first.getBase().getChannels(0).getFunnelList()).isNotEmpty()
			.allSatisfy((entry) -> assertThat(entry.getStatus()).isNotEqualTo(FunnelStatus.FUNNEL_STATUS_SELECTED));
		assertThat(first.getCandidate().getChannels(0).getAction().getActionId()).isEqualTo("promo");
		assertThat(first.getCandidate().getChannels(0).getFunnelList())
			.anySatisfy((entry) -> assertThat(entry.getStatus()).isEqualTo(FunnelStatus.FUNNEL_STATUS_SELECTED));
	}

	@Test
	void progressComesFirstAndCountsEveryStoredCustomer() {
		List<WhatIfUpdate> updates = whatIf(WhatIfFixture.request("../rules-branch")
			.toBuilder()
			.setPopulation(WhatIfPopulation.newBuilder().setJourney("broadband"))
			.build());

		assertThat(updates.subList(0, updates.size() - 1)).allMatch(WhatIfUpdate::hasProgress);
		assertThat(updates.get(0).getProgress().getRead()).isZero();
		assertThat(updates.get(0).getProgress().getStored()).isEqualTo(CUSTOMERS);
		WhatIfUpdate last = updates.get(updates.size() - 2);
		assertThat(last.getProgress().getRead()).isEqualTo(CUSTOMERS);
		assertThat(last.getProgress().getDecided()).isEqualTo(CUSTOMERS / 2);
		assertThat(last.getProgress().getRangesDone()).isEqualTo(last.getProgress().getRanges()).isGreaterThan(1);
		assertThat(updates.get(updates.size() - 1).getReport().getCustomers()).isEqualTo(CUSTOMERS / 2);
	}

	@Test
	void theServingRulesAgainstThemselvesChangeNothing() {
		List<WhatIfUpdate> updates = whatIf(WhatIfFixture.request("."));
		WhatIfReport report = updates.get(updates.size() - 1).getReport();

		assertThat(report.getCustomers()).isEqualTo(CUSTOMERS);
		assertThat(report.getChangedCustomers()).isZero();
		assertThat(report.getCandidate().getVersion()).isEqualTo(report.getBase().getVersion());
	}

	@Test
	void aBranchOfTheRulesRepositoryIsACandidateLikeADirectory() {
		List<WhatIfUpdate> fromBranch = whatIf(
				WhatIfFixture.request("").toBuilder().setCandidateRef("no-suppression").build());
		List<WhatIfUpdate> fromDirectory = whatIf(WhatIfFixture.request("../rules-branch"));
		WhatIfReport branch = fromBranch.get(fromBranch.size() - 1).getReport();
		WhatIfReport directory = fromDirectory.get(fromDirectory.size() - 1).getReport();

		assertThat(ROOT.resolve("rules/suppression.drl")).as("the work tree is left as it was").exists();
		assertThat(branch.getNewlyMarketed().getCount()).isEqualTo(CUSTOMERS / 6);
		assertThat(branch.getChannelsList()).isEqualTo(directory.getChannelsList());
		assertThat(branch.getCandidate().getVersion()).isEqualTo(directory.getCandidate().getVersion());
		List<WhatIfUpdate> fromMain = whatIf(WhatIfFixture.request("").toBuilder().setCandidateRef("main").build());
		assertThat(fromMain.get(fromMain.size() - 1).getReport().getChangedCustomers())
			.as("the serving rules' own commit changes nothing")
			.isZero();
	}

	@Test
	void aRefThatNamesNoCommitOrBothCandidatesAreRefusedNamingTheField() {
		StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class,
				() -> whatIf(WhatIfFixture.request("").toBuilder().setCandidateRef("no-such-branch").build()));
		StatusRuntimeException both = catchThrowableOfType(StatusRuntimeException.class, () -> whatIf(
				WhatIfFixture.request("../rules-branch").toBuilder().setCandidateRef("no-suppression").build()));
		StatusRuntimeException neither = catchThrowableOfType(StatusRuntimeException.class,
				() -> whatIf(WhatIfFixture.request("")));

		assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(unknown.getStatus().getDescription())
			.startsWith("candidate_ref: 'no-such-branch' names no commit in the repository at");
		assertThat(both.getStatus().getDescription())
			.isEqualTo("candidate_ref: give candidate_directory or candidate_ref, not both");
		assertThat(neither.getStatus().getDescription()).startsWith("candidate_directory: is required");
	}

	@Test
	void aCandidateOutsideTheRootIsRefusedNamingTheField() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> whatIf(WhatIfFixture.request("../../..")));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).startsWith("candidate_directory: '../../..' is outside");
	}

	@Test
	void aCandidateThatDoesNotCompileIsRefusedWithItsProblems() {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
				() -> whatIf(WhatIfFixture.request("../rules-broken")));

		assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(failure.getStatus().getDescription()).startsWith("candidate_directory: the candidate rule set has")
			.contains("promo.drl:");
	}

	private List<WhatIfUpdate> whatIf(WhatIfRequest request) {
		List<WhatIfUpdate> updates = new ArrayList<>();
		Iterator<WhatIfUpdate> stream = this.admin.whatIf(request);
		stream.forEachRemaining(updates::add);
		assertThat(updates.get(updates.size() - 1).hasReport()).isTrue();
		return updates;
	}

	private static String label(ChannelDecision outcome) {
		if (outcome.hasAction()) {
			return outcome.getAction().getActionId();
		}
		if (outcome.hasSuppression()) {
			return "suppressed " + outcome.getSuppression()
				.getCode()
				.name()
				.substring("REASON_CODE_".length())
				.toLowerCase(java.util.Locale.ROOT);
		}
		return "none";
	}

	private static String customer(int i) {
		return String.format("w-%02d", i);
	}

	/**
	 * Customer {@code w-<i>}: broadband for even i, mobile for odd, at loyalty; the
	 * fixture's consents and cases.
	 */
	private static void seed(ContextServiceGrpc.ContextServiceBlockingStub contexts, Instant now) {
		for (Event event : WhatIfFixture.events(CUSTOMERS, WhatIfApiTest::customer,
				(i) -> (i % 2 == 0) ? "broadband" : "mobile", now.minusSeconds(60))) {
			assertThat(contexts.recordEvent(RecordEventRequest.newBuilder().setEvent(event).build()).getDisposition())
				.isEqualTo(EventDisposition.EVENT_DISPOSITION_APPLIED);
		}
	}

	private static Path temporaryFolder() {
		try {
			Path folder = Files.createTempDirectory("what-if");
			folder.toFile().deleteOnExit();
			return folder;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
