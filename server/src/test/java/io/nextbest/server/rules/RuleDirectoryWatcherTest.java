package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.server.system.NextBestProperties;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Saving files reloads the rules, once per burst of writes. */
class RuleDirectoryWatcherTest {

	@TempDir
	Path folder;

	private RuleDirectory rules;

	private SimpleMeterRegistry registry;

	private CurrentRuleSet current;

	private RuleDirectoryWatcher watcher;

	@BeforeEach
	void start() {
		this.rules = new RuleDirectory(this.folder);
		this.registry = new SimpleMeterRegistry();
		NextBestProperties properties = properties(Duration.ofMillis(500));
		this.current = new CurrentRuleSet(properties,
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC), new RuleMetrics(this.registry));
		this.watcher = new RuleDirectoryWatcher(this.current, properties);
		this.watcher.start();
	}

	private NextBestProperties properties(Duration reloadDelay) {
		return new NextBestProperties(
				TestRuleSets.rules(this.folder, true, reloadDelay, NextBestProperties.Compiler.IN_SERVER, ""), null,
				null, null, null);
	}

	@AfterEach
	void stop() {
		this.watcher.stop();
	}

	@Test
	void aBurstOfWritesIsOneReload() {
		// A delay no test outlasts: the burst is reloaded when the test says the
		// directory is quiet, not when a clock on a busy machine does.
		this.watcher.stop();
		this.watcher = new RuleDirectoryWatcher(this.current, properties(Duration.ofHours(1)));
		this.watcher.start();
		List<Path> written = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			written.add(this.rules.write("offers-" + i + ".drl", RuleDirectory.rule("Offer " + i, "offer", 60 + i)));
		}
		written.add(this.rules.write("welcome.drl", RuleDirectory.rule("Everyone is welcome", "welcome", 99)));
		String expected = RuleFiles.read(this.folder).hash();
		await().atMost(Duration.ofMinutes(1))
			.untilAsserted(() -> assertThat(this.watcher.pendingChanges()).containsAll(written));
		assertThat(reloads()).as("nothing reloaded before the directory is quiet").isZero();

		assertThat(this.watcher.reloadPendingNow()).isTrue();

		assertThat(this.current.get().version().hash()).isEqualTo(expected);
		assertThat(this.watcher.reloadPendingNow()).as("one reload for the burst").isFalse();
		assertThat(reloads()).isEqualTo(1.0);
		assertThat(this.current.get().rules()).hasSize(6);
		assertThat(this.current.lastAttempt().trigger()).isEqualTo("file change");
	}

	@Test
	void aNewScenarioFolderIsWatchedAndABrokenEditIsReported() {
		this.rules.write("scenarios/welcome.yaml", "scenarios:\n  - name: Welcome\n    expect: { web: offer }\n");

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.current.lastAttempt().outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED));
		assertThat(this.current.lastAttempt().failedScenarios()).singleElement()
			.satisfies((s) -> assertThat(s.name()).isEqualTo("Welcome"));

		this.rules.write("scenarios/welcome.yaml", "scenarios:\n  - name: Welcome\n    expect: { web: welcome }\n");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.current.lastAttempt().outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED));
	}

	@Test
	void reloadsBelowThePriorityOfRequestThreads() {
		AtomicInteger priority = new AtomicInteger();
		this.current.listen((attempt, announce) -> priority.set(Thread.currentThread().getPriority()));

		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone is welcome", "welcome", 99));

		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(priority).hasValue(Thread.MIN_PRIORITY));
	}

	@Test
	void aNewerSaveCancelsTheCompileInProgressAndServes() throws Exception {
		this.watcher.stop();
		this.current.close();
		HeldCompile held = new HeldCompile();
		NextBestProperties properties = new NextBestProperties(TestRuleSets.rules(this.folder, true,
				Duration.ofMillis(200), NextBestProperties.Compiler.IN_SERVER, ""), null, null, null, null);
		// No time limit to speak of: only the newer save ends the held compile.
		this.current = new CurrentRuleSet(properties,
				Clock.fixed(Instant.parse("2025-03-03T10:00:00Z"), ZoneOffset.UTC), new RuleMetrics(this.registry),
				held.compiler(Duration.ofMinutes(10)), RuleCompiler.IN_SERVER);
		List<ReloadAttempt> attempts = new CopyOnWriteArrayList<>();
		this.current.listen((attempt, announce) -> attempts.add(attempt));
		this.watcher = new RuleDirectoryWatcher(this.current, properties);
		this.watcher.start();
		try {
			this.rules.write("offers.drl",
					RuleDirectory.rule("Everyone gets the offer", "offer", 60) + HeldCompile.MARKER);
			held.awaitEntered();

			this.rules.write("offers.drl", RuleDirectory.rule("Everyone gets the newer offer", "offer", 70));
			String newer = RuleFiles.read(this.folder).hash();

			await().atMost(Duration.ofSeconds(60))
				.untilAsserted(() -> assertThat(this.current.get().version().hash()).isEqualTo(newer));
			assertThat(this.current.get().rules()).containsEntry("offers.drl",
					List.of("Everyone gets the newer offer"));
			assertThat(held.stopped).containsExactly("superseded by a newer save");
			assertThat(attempts).extracting(ReloadAttempt::outcome)
				.filteredOn((outcome) -> outcome != ReloadAttempt.Outcome.UNCHANGED)
				.containsExactly(ReloadAttempt.Outcome.SUPERSEDED, ReloadAttempt.Outcome.APPLIED);
			assertThat(attempts.stream()
				.filter((a) -> a.outcome() == ReloadAttempt.Outcome.SUPERSEDED)
				.findFirst()
				.orElseThrow()
				.problems()).singleElement()
				.satisfies((d) -> assertThat(d.message()).isEqualTo("compile cancelled: superseded by a newer save"));
			assertThat(this.registry.get("nextbest.rules.reloads").tag("outcome", "superseded").counter().count())
				.isEqualTo(1.0);
		}
		finally {
			held.release();
		}
	}

	private double reloads() {
		return this.registry.find("nextbest.rules.reloads")
			.counters()
			.stream()
			.filter((c) -> !"startup".equals(c.getId().getTag("outcome")))
			.mapToDouble((c) -> c.count())
			.sum() - 1;
	}

}
