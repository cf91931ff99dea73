package io.nextbest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.Action;
import io.nextbest.api.v1.Channel;
import io.nextbest.api.v1.ChannelDecision;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.FunnelEntry;
import io.nextbest.api.v1.FunnelStatus;
import io.nextbest.api.v1.JourneyStage;
import io.nextbest.api.v1.ReasonCode;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.api.v1.Suppression;
import io.nextbest.api.v1.WhatIfExample;
import io.nextbest.api.v1.WhatIfProgress;
import io.nextbest.api.v1.WhatIfReport;
import io.nextbest.api.v1.WhatIfRequest;
import io.nextbest.api.v1.WhatIfUpdate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nextbest whatif} against an in-process server that answers with a fixed stream.
 */
class WhatIfCommandTest {

	private static final String MARKDOWN = "## What-if: `bbb` against serving `aaa`\n\n**3 changed**\n";

	private final List<WhatIfRequest> received = new CopyOnWriteArrayList<>();

	private final String name = InProcessServerBuilder.generateName();

	private final Server server = start();

	@AfterEach
	void stop() {
		this.server.shutdownNow();
	}

	@Test
	void sendsTheCandidateChannelsAndFilterThenPrintsProgressAndTheMarkdown() {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();

		int exit = NextBestCli.commandLine((target, credentials) -> InProcessChannelBuilder.forName(this.name).build())
			.setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute("whatif", "--candidate", "../rules-branch", "--channels", "email,web", "--journey", "broadband",
					"--stage", "loyalty", "--sample", "0.25", "--seed", "7");

		assertThat(exit).isZero();
		assertThat(this.received).singleElement().satisfies((request) -> {
			assertThat(request.getCandidateDirectory()).isEqualTo("../rules-branch");
			assertThat(request.getChannelsList()).containsExactly(Channel.CHANNEL_EMAIL, Channel.CHANNEL_WEB);
			assertThat(request.getPopulation().getJourney()).isEqualTo("broadband");
			assertThat(request.getPopulation().getStage()).isEqualTo(JourneyStage.JOURNEY_STAGE_LOYALTY);
			assertThat(request.getPopulation().getSample()).isEqualTo(0.25);
			assertThat(request.getPopulation().getSeed()).isEqualTo(7);
		});
		assertThat(err.toString()).contains("\r[....................] 0 of 2,000 customers read, 0 decided")
			.contains("\r[##########..........] 1,000 of 2,000 customers read, 250 decided");
		assertThat(out.toString()).isEqualTo(MARKDOWN);
	}

	@Test
	void explainPrintsEachExampleWithBothDecisionsAfterTheMarkdown() {
		StringWriter out = new StringWriter();

		int exit = NextBestCli.commandLine((target, credentials) -> InProcessChannelBuilder.forName(this.name).build())
			.setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(new StringWriter(), true))
			.execute("whatif", "--candidate", "../rules-branch", "--channels", "email", "--explain");

		assertThat(exit).isZero();
		assertThat(out.toString()).startsWith(MARKDOWN)
			.contains("### case-0")
			.containsPattern("serving: +decision d-1.*\\R+email +SUPPRESS +open_service_case: \"Open case.\"")
			.containsPattern("candidate: decision d-2.*\\R+email +ACTION +promo \\(")
			.contains("SELECTED       promo (rule Everyone gets the promo)");
	}

	@Test
	void aGitRefIsSentAsTheCandidateRef() {
		int exit = cli(new StringWriter()).execute("whatif", "--candidate-ref", "feature/no-case-suppression",
				"--channels", "email");

		assertThat(exit).isZero();
		assertThat(this.received).singleElement().satisfies((request) -> {
			assertThat(request.getCandidateRef()).isEqualTo("feature/no-case-suppression");
			assertThat(request.getCandidateDirectory()).isEmpty();
		});
	}

	@Test
	void aDirectoryAndARefTogetherOrNeitherIsAUsageError() {
		StringWriter both = new StringWriter();
		StringWriter neither = new StringWriter();

		int bothExit = cli(both).execute("whatif", "--candidate", "../rules-branch", "--candidate-ref", "main",
				"--channels", "email");
		int neitherExit = cli(neither).execute("whatif", "--channels", "email");

		assertThat(bothExit).isEqualTo(2);
		assertThat(both.toString()).contains("--candidate=DIR, --candidate-ref=REF are mutually exclusive");
		assertThat(neitherExit).isEqualTo(2);
		assertThat(neither.toString()).contains("Missing required argument");
		assertThat(this.received).isEmpty();
	}

	private picocli.CommandLine cli(StringWriter err) {
		return NextBestCli.commandLine((target, credentials) -> InProcessChannelBuilder.forName(this.name).build())
			.setOut(new PrintWriter(new StringWriter(), true))
			.setErr(new PrintWriter(err, true));
	}

	private Server start() {
		try {
			return InProcessServerBuilder.forName(this.name)
				.directExecutor()
				.addService(new RulesAdminServiceGrpc.RulesAdminServiceImplBase() {

					@Override
					public void whatIf(WhatIfRequest request, StreamObserver<WhatIfUpdate> responses) {
						WhatIfCommandTest.this.received.add(request);
						responses.onNext(progress(0, 0, 0));
						responses.onNext(progress(1_000, 250, 2));
						responses.onNext(WhatIfUpdate.newBuilder()
							.setReport(WhatIfReport.newBuilder()
								.setMarkdown(MARKDOWN)
								.setChangedCustomers(3)
								.addExamples(WhatIfExample.newBuilder()
									.setCustomerId("case-0")
									.setBase(DecideResponse.newBuilder()
										.setDecisionId("d-1")
										.addChannels(ChannelDecision.newBuilder()
											.setChannel(Channel.CHANNEL_EMAIL)
											.setSuppression(Suppression.newBuilder()
												.setCode(ReasonCode.REASON_CODE_OPEN_SERVICE_CASE)
												.setMessage("Open case."))))
									.setCandidate(DecideResponse.newBuilder()
										.setDecisionId("d-2")
										.addChannels(ChannelDecision.newBuilder()
											.setChannel(Channel.CHANNEL_EMAIL)
											.setAction(Action.newBuilder().setActionId("promo"))
											.addFunnel(FunnelEntry.newBuilder()
												.setActionId("promo")
												.setRule("Everyone gets the promo")
												.setStatus(FunnelStatus.FUNNEL_STATUS_SELECTED))))))
							.build());
						responses.onCompleted();
					}

				})
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static WhatIfUpdate progress(long read, long decided, int rangesDone) {
		return WhatIfUpdate.newBuilder()
			.setProgress(WhatIfProgress.newBuilder()
				.setRead(read)
				.setDecided(decided)
				.setStored(2_000)
				.setRangesDone(rangesDone)
				.setRanges(4))
			.build();
	}

}
