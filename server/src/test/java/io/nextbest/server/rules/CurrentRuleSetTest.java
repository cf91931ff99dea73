package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

import io.nextbest.engine.context.CustomerContext;
import io.nextbest.engine.decision.Decision;
import io.nextbest.engine.decision.DecisionEngine;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.facts.Channel;
import io.nextbest.server.system.NextBestProperties;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloading: a valid edit serves, a broken one never does and the last good rule set
 * keeps serving, with the problem reported and counted.
 */
class CurrentRuleSetTest {

	/**
	 * Longer than the default: the compiler process is a new JVM, which on a busy machine
	 * took more than 30 s to start and compile a one-rule edit. The timeout itself is
	 * tested in {@link RuleCompilerProcessTest} and {@link CompileLimitsTest}.
	 */
	private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(5);

	private static final Instant NOW = Instant.parse("2025-03-03T10:00:00Z");

	@TempDir
	Path folder;

	private RuleDirectory rules;

	private SimpleMeterRegistry registry;

	CurrentRuleSet current;

	@BeforeEach
	void start() {
		this.rules = new RuleDirectory(this.folder);
		this.registry = new SimpleMeterRegistry();
		this.current = currentRuleSet(this.folder, this.registry, compiler());
	}

	@AfterEach
	void stop() {
		this.current.close();
	}

	/** Where these tests' reloads compile: in the server here. */
	NextBestProperties.Compiler compiler() {
		return NextBestProperties.Compiler.IN_SERVER;
	}

	static CurrentRuleSet currentRuleSet(Path folder, SimpleMeterRegistry registry) {
		return currentRuleSet(folder, registry, NextBestProperties.Compiler.IN_SERVER);
	}

	static CurrentRuleSet currentRuleSet(Path folder, SimpleMeterRegistry registry,
			NextBestProperties.Compiler compiler) {
		return currentRuleSet(folder, registry, compiler, DataSize.ofMegabytes(1), DataSize.ofMegabytes(8));
	}

	static CurrentRuleSet currentRuleSet(Path folder, SimpleMeterRegistry registry,
			NextBestProperties.Compiler compiler, DataSize maxFileSize, DataSize maxRuleSetSize) {
		NextBestProperties properties = new NextBestProperties(
				TestRuleSets.rules(folder, false, Duration.ofMillis(300), compiler,
						NextBestProperties.COMPILER_JVM_OPTIONS, maxFileSize, maxRuleSetSize, COMPILE_TIMEOUT),
				null, null, null, null);
		return new CurrentRuleSet(properties, Clock.fixed(NOW, ZoneOffset.UTC), new RuleMetrics(registry));
	}

	@Test
	void validEditServesAfterReload() {
		String before = this.current.get().version().hash();
		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60));

		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
		assertThat(this.current.get().version().hash()).isNotEqualTo(before).isEqualTo(attempt.hash());
		assertThat(decide().channel(Channel.WEB).action().definition().id()).isEqualTo("offer");
		assertThat(this.current.get().rules()).containsEntry("welcome.drl",
				java.util.List.of("Everyone gets the offer"));
	}

	@Test
	void aValidEditIsWarmedUpBeforeItServesAndAFailedWarmUpDoesNotStopIt() {
		String before = this.current.get().version().hash();
		List<String> servingDuringWarmUp = new ArrayList<>();
		List<String> warmed = new ArrayList<>();
		this.current.warmUpWith((candidate) -> {
			servingDuringWarmUp.add(this.current.get().version().hash());
			warmed.add(candidate.version().hash());
			throw new IllegalStateException("a warm-up that fails");
		});
		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60));

		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
		assertThat(servingDuringWarmUp).containsExactly(before);
		assertThat(warmed).containsExactly(attempt.hash());
		assertThat(this.current.get().version().hash()).isEqualTo(attempt.hash());
	}

	@Test
	void aBrokenEditIsNotWarmedUp() {
		List<String> warmed = new ArrayList<>();
		this.current.warmUpWith((candidate) -> warmed.add(candidate.version().hash()));
		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60).replace("then", ""));

		assertThat(this.current.reload("test").outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
		assertThat(warmed).isEmpty();
	}

	@Test
	void brokenEditNeverServesAndTheLastGoodRuleSetKeepsServing() {
		String good = this.current.get().version().hash();
		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60).replace("then", ""));

		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
		assertThat(attempt.problems()).isNotEmpty().allSatisfy((d) -> assertThat(d.file()).isEqualTo("welcome.drl"));
		assertThat(attempt.problems().get(0).line()).isPositive();
		assertThat(this.current.get().version().hash()).isEqualTo(good);
		assertThat(decide().channel(Channel.WEB).action().definition().id()).isEqualTo("welcome");
		assertThat(this.current.lastAttempt()).isEqualTo(attempt);
		assertThat(this.registry.get("nextbest.rules.reload.failing").gauge().value()).isEqualTo(1.0);
		assertThat(this.registry.get("nextbest.rules.reloads").tag("outcome", "rejected").counter().count())
			.isEqualTo(1.0);

		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60));
		assertThat(this.current.reload("test").outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
		assertThat(this.registry.get("nextbest.rules.reload.failing").gauge().value()).isEqualTo(0.0);
	}

	@Test
	void unknownActionIsRejectedWithItsLine() {
		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone gets a gift", "gift", 60));

		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
		assertThat(attempt.problems()).singleElement().satisfies((d) -> {
			assertThat(d.toString()).startsWith("welcome.drl:9:").contains("unknown action 'gift'");
		});
	}

	@Test
	void aBadJourneysFileIsRejectedWithItsLineAndTheLastGoodJourneysKeepServing() {
		this.rules.write("journeys.yaml", """
				journeys:
				  broadband:
				    stages: { onboarding: { expected-days: 21, late-after-days: 30 } }
				""");
		assertThat(this.current.reload("test").outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
		String good = this.current.get().version().hash();
		this.rules.write("journeys.yaml", """
				journeys:
				  broadband:
				    stages: { onboarding: { expected-days: 21, late-after-days: 14 } }
				""");

		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
		assertThat(attempt.problems()).extracting(Object::toString)
			.containsExactly("journeys.yaml:3:65: journey 'broadband': stage onboarding: 'late-after-days' (14) "
					+ "must be at least 'expected-days' (21)");
		assertThat(this.current.get().version().hash()).isEqualTo(good);
		assertThat(this.current.get()
			.journeys()
			.get("broadband")
			.stage(io.nextbest.facts.Stage.ONBOARDING)
			.lateAfterDays()).isEqualTo(30);
	}

	@Test
	void failingScenarioRejectsTheRuleSetAndSaysWhichScenario() {
		this.rules.write("scenarios/welcome.yaml", """
				scenarios:
				  - name: Everyone is welcome on the web
				    expect:
				      web: welcome
				""");
		assertThat(this.current.reload("test").outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
		String good = this.current.get().version().hash();

		this.rules.write("welcome.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60));
		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
		assertThat(attempt.failedScenarios()).singleElement().satisfies((s) -> {
			assertThat(s.name()).isEqualTo("Everyone is welcome on the web");
			assertThat(s.failures()).containsExactly(
					"web: expected action welcome, got action offer (rule \"Everyone gets the offer\", priority 60)");
		});
		assertThat(attempt.problems()).singleElement()
			.satisfies((d) -> assertThat(d.toString())
				.startsWith("scenarios/welcome.yaml:2: scenario 'Everyone is welcome on the web' failed"));
		assertThat(this.current.get().version().hash()).isEqualTo(good);
	}

	@Test
	void sameFilesAreUnchanged() {
		ReloadAttempt attempt = this.current.reload("test");
		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.UNCHANGED);
	}

	@Test
	void validateChecksChangesWithoutServingThem() {
		String serving = this.current.get().version().hash();
		Validation validation = this.current.validate(
				java.util.Map.of("welcome.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60).getBytes()),
				false);

		assertThat(validation.valid()).isTrue();
		assertThat(validation.ruleSet().files()).containsExactly("actions.yaml", "welcome.drl");
		assertThat(this.current.get().version().hash()).isEqualTo(serving);
	}

	@Test
	void aFileOverTheSizeLimitIsRejectedNamingItAndTheLastGoodRuleSetKeepsServing() {
		String good = this.current.get().version().hash();
		// A valid rule padded past the default limit of 1 MB a file.
		this.rules.write("big.drl",
				RuleDirectory.rule("Everyone gets the offer", "offer", 60) + "// padding\n".repeat((1 << 20) / 11 + 1));

		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
		assertThat(attempt.problems()).singleElement()
			.hasToString("big.drl: larger than 1 MB, the limit for a rule file (nextbest.rules.max-file-size): "
					+ "not compiled");
		assertThat(this.current.get().version().hash()).isEqualTo(good);
		assertThat(this.registry.get("nextbest.rules.reload.failing").gauge().value()).isEqualTo(1.0);
	}

	@Test
	void aRuleSetOverTheSizeLimitIsRejectedAndValidationsOfItToo() {
		try (CurrentRuleSet small = currentRuleSet(this.folder, new SimpleMeterRegistry(), compiler(),
				DataSize.ofKilobytes(1), DataSize.ofKilobytes(1))) {
			String good = small.get().version().hash();
			this.rules.write("offers.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60));
			this.rules.write("more-offers.drl", RuleDirectory.rule("Everyone gets the offer again", "offer", 70));
			this.rules.write("even-more-offers.drl",
					RuleDirectory.rule("Everyone gets the offer once more", "offer", 80));

			ReloadAttempt attempt = small.reload("test");
			Validation validation = small
				.validate(java.util.Map.of("welcome.drl", ("// padding\n".repeat(200)).getBytes()), false);

			assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
			assertThat(attempt.problems()).singleElement().satisfies((d) -> {
				assertThat(d.file()).isEqualTo(this.folder.toAbsolutePath().normalize().toString());
				assertThat(d.message()).contains("more than 1 KB, the limit for a rule set");
			});
			assertThat(small.get().version().hash()).isEqualTo(good);
			assertThat(validation.valid()).isFalse();
			assertThat(validation.problems()).extracting(RuleDiagnostic::message)
				.anySatisfy((m) -> assertThat(m).startsWith("the rule files come to"));
		}
	}

	@Test
	void junkIsReportedAsTheFirstFiftyProblemsAndHowManyMoreInOneBoundedLogLine() {
		ListAppender<ILoggingEvent> logged = new ListAppender<>();
		logged.start();
		Logger logger = (Logger) LoggerFactory.getLogger(CurrentRuleSet.class);
		logger.addAppender(logged);
		try {
			// The keyword alone, over and over: a syntax error at every word.
			this.rules.write("junk.drl", "rule ".repeat(20_000));

			ReloadAttempt attempt = this.current.reload("test");

			assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
			assertThat(attempt.problems()).hasSize(51);
			assertThat(attempt.problems().subList(0, 50)).allSatisfy((d) -> assertThat(d.file()).isEqualTo("junk.drl"));
			assertThat(attempt.problems().get(50).message())
				.matches("and \\d+ more problems \\(only the first 50 are reported\\)");
			assertThat(logged.list).filteredOn((event) -> event.getLevel() == Level.ERROR)
				.singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).hasSizeLessThan(100_000)
					.contains("51 problems", "more problems"));
		}
		finally {
			logger.detachAppender(logged);
		}
	}

	@Test
	void validateRejectsAFileOverTheSizeLimitNamingIt() {
		Validation validation = this.current.validate(java.util.Map.of("big.drl", new byte[(1 << 20) + 1]), false);

		assertThat(validation.valid()).isFalse();
		assertThat(validation.problems()).singleElement()
			.satisfies((d) -> assertThat(d.toString()).startsWith("big.drl: larger than 1 MB"));
	}

	@Test
	void firedRulesAreCountedForServedDecisionsOnly() {
		decide();
		decide();
		DecisionEngine.decide(this.current.get().unobserved(), CustomerContext.empty("c"),
				DecisionRequest.of("c", Channel.WEB), NOW, "d");

		assertThat(this.registry.get("nextbest.rules.fired").tag("rule", "Everyone is welcome").counter().count())
			.isEqualTo(2.0);
	}

	private Decision decide() {
		return DecisionEngine.decide(this.current.get(), CustomerContext.empty("c"),
				DecisionRequest.of("c", Channel.WEB), NOW, "d");
	}

}
