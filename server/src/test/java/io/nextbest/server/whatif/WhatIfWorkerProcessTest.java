package io.nextbest.server.whatif;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.decision.Placement;
import io.nextbest.engine.policy.PopulationRates;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.testing.MixedPopulation;
import io.nextbest.engine.testing.WhatIfRules;
import io.nextbest.engine.whatif.PopulationFilter;
import io.nextbest.engine.whatif.WhatIf;
import io.nextbest.engine.whatif.WhatIfReport;
import io.nextbest.engine.whatif.WhatIfTally;
import io.nextbest.facts.Channel;
import io.nextbest.facts.Stage;
import io.nextbest.server.context.ContextCodec;
import io.nextbest.server.rules.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A what-if decided in a worker process counts exactly what the server would have
 * counted, and a worker that fails or dies fails the run saying why.
 */
class WhatIfWorkerProcessTest {

	private static final Instant AT = Instant.parse("2026-06-01T12:00:00Z");

	private static final DecisionRequest EMAIL_AND_WEB = new DecisionRequest("", List.of(Channel.EMAIL, Channel.WEB),
			"home", "", "mobile", "en-GB", Map.of("tier", "gold"));

	private static final List<String> COMMAND = ChildJvm.command(WhatIfWorkerMain.class.getName(), 0,
			List.of("-Xmx256m"));

	@TempDir
	Path root;

	@Test
	void theWorkerCountsWhatTheServerWouldCount() throws Exception {
		RuleSet base = rules("base", true);
		RuleSet candidate = rules("candidate", false);
		PopulationRates rates = PopulationRates.builder().add("promo", Channel.WEB, 1000, 30).build();
		WhatIf whatIf = new WhatIf(base, candidate, EMAIL_AND_WEB, AT, rates, PopulationFilter.EVERYONE);
		List<byte[]> stored = MixedPopulation.of(500).stream().map(ContextCodec::encode).toList();
		LocalDecider inServer = new LocalDecider(whatIf);
		send(stored, inServer);

		WhatIfTally counted;
		long decided;
		try (WhatIfWorkerProcess worker = WhatIfWorkerProcess.start(COMMAND, job(base, candidate, rates))) {
			send(stored, worker);
			counted = worker.finish(() -> false);
			decided = worker.decided();
		}

		WhatIfReport expected = whatIf.report(inServer.finish(() -> false));
		assertThat(expected.customers()).isEqualTo(500);
		assertThat(expected.changedCustomers()).isPositive();
		assertThat(whatIf.report(counted)).isEqualTo(expected);
		assertThat(decided).isEqualTo(500);
	}

	@Test
	void aCandidateTheWorkerCannotBuildFailsTheRunWithItsReason() throws Exception {
		RuleSet base = rules("base", true);
		RuleFiles broken = base.sources()
			.with(Map.of("broken.drl", "rule \"Half\" when".getBytes(StandardCharsets.UTF_8)));
		WhatIfWorkerProtocol.Job job = new WhatIfWorkerProtocol.Job(base.sources(), broken, EMAIL_AND_WEB, AT,
				PopulationRates.NONE, PopulationFilter.EVERYONE, 2);

		try (WhatIfWorkerProcess worker = WhatIfWorkerProcess.start(COMMAND, job)) {
			assertThatThrownBy(() -> {
				send(List.of(ContextCodec.encode(MixedPopulation.of(1).get(0))), worker);
				worker.finish(() -> false);
			}).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("The what-if worker process failed")
				.hasMessageContaining("candidate rule set does not build")
				.hasMessageContaining("broken.drl");
		}
	}

	@Test
	void aWorkerThatDiesFailsTheRunSayingSo() throws Exception {
		RuleSet base = rules("base", true);
		WhatIfWorkerProcess worker = WhatIfWorkerProcess.start(COMMAND, job(base, base, PopulationRates.NONE));

		worker.close();

		assertThatThrownBy(() -> worker.finish(() -> false)).hasMessageContaining("ended without a tally");
	}

	@Test
	void aCallerWhoGivesUpIsNotKeptWaitingForTheTally() throws Exception {
		RuleSet base = rules("base", true);
		// A process that takes the job and never answers, as a worker stuck would.
		try (WhatIfWorkerProcess silent = WhatIfWorkerProcess.start(List.of("sleep", "600"),
				job(base, base, PopulationRates.NONE))) {
			AtomicInteger asked = new AtomicInteger();

			assertThatThrownBy(() -> silent.finish(() -> asked.incrementAndGet() >= 2))
				.isInstanceOf(CancellationException.class);
			assertThat(asked).hasValue(2);
		}
	}

	@Test
	void aJobReadsBackAsItWasWritten() throws IOException {
		RuleSet base = rules("base", true);
		RuleSet candidate = rules("candidate", false);
		DecisionRequest placed = new DecisionRequest("", List.of(Channel.WEB), "home", "", "", "", Map.of("a", "b"), 2,
				List.of(new Placement("hero", Channel.WEB, 1)), false);
		PopulationFilter filter = new PopulationFilter("broadband", Stage.LOYALTY, "gold", 0.25, 42);
		PopulationRates rates = PopulationRates.builder()
			.add("promo", Channel.WEB, 1000, 30)
			.add("promo", Channel.EMAIL, 0, 0)
			.build();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		WhatIfWorkerProtocol.write(new DataOutputStream(bytes),
				new WhatIfWorkerProtocol.Job(base.sources(), candidate.sources(), placed, AT, rates, filter, 3));

		WhatIfWorkerProtocol.Job read = WhatIfWorkerProtocol
			.readJob(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

		assertThat(read.base().hash()).isEqualTo(base.sources().hash());
		assertThat(read.candidate().hash()).isEqualTo(candidate.sources().hash());
		assertThat(read.template()).isEqualTo(placed);
		assertThat(read.at()).isEqualTo(AT);
		assertThat(read.filter()).isEqualTo(filter);
		assertThat(read.threads()).isEqualTo(3);
		assertThat(read.rates().size()).isEqualTo(1);
		assertThat(read.rates().counts("promo").exposures(Channel.WEB)).isEqualTo(1000);
		assertThat(read.rates().counts("promo").positives()).isEqualTo(30);
	}

	private RuleSet rules(String name, boolean suppression) {
		Path directory = this.root.resolve(name);
		WhatIfRules.write(directory, suppression);
		return RuleSetLoader.load(directory, Clock.fixed(AT, ZoneOffset.UTC));
	}

	private static WhatIfWorkerProtocol.Job job(RuleSet base, RuleSet candidate, PopulationRates rates) {
		return new WhatIfWorkerProtocol.Job(base.sources(), candidate.sources(), EMAIL_AND_WEB, AT, rates,
				PopulationFilter.EVERYONE, 2);
	}

	/** The stored contexts as two key ranges, in pages of 64. */
	private static void send(List<byte[]> stored, WhatIfDecider decider) {
		int half = stored.size() / 2;
		for (List<byte[]> range : List.of(stored.subList(0, half), stored.subList(half, stored.size()))) {
			Consumer<List<byte[]>> pages = decider.range();
			for (int from = 0; from < range.size(); from += 64) {
				pages.accept(range.subList(from, Math.min(range.size(), from + 64)));
			}
		}
	}

}
