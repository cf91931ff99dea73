package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.scenario.Validation;
import io.nextbest.server.system.NextBestProperties;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What keeps a compile from holding up the next save, with compiles in the server held by
 * the test ({@link HeldCompile}) rather than timed: the time limit, and validations on a
 * compiler of their own, one at a time.
 */
class CompileLimitsTest {

	private static final Instant NOW = Instant.parse("2025-03-03T10:00:00Z");

	@TempDir
	Path folder;

	private final HeldCompile held = new HeldCompile();

	private CurrentRuleSet current;

	@AfterEach
	void close() {
		this.held.release();
		if (this.current != null) {
			this.current.close();
		}
	}

	@Test
	void aCompileOverTheTimeLimitIsRejectedAndStoppedAndTheLastGoodRuleSetKeepsServing() {
		RuleDirectory rules = new RuleDirectory(this.folder);
		this.current = currentRuleSet(this.held.compiler(Duration.ofMillis(200)),
				this.held.compiler(Duration.ofSeconds(30)));
		String good = this.current.get().version().hash();
		rules.write("offers.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60) + HeldCompile.MARKER);

		ReloadAttempt attempt = this.current.reload("test");

		assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.REJECTED);
		assertThat(attempt.problems()).singleElement()
			.satisfies((d) -> assertThat(d.message())
				.isEqualTo("compile took longer than 200 ms (nextbest.rules.compile-timeout) and was stopped; "
						+ "the rule set is not used"));
		assertThat(this.current.get().version().hash()).isEqualTo(good);
		// The abandoned compile stops at its next step.
		await().until(() -> !this.held.stopped.isEmpty());
		assertThat(this.held.stopped).containsExactly("took longer than 200 ms");

		rules.write("offers.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60));
		assertThat(this.current.reload("test").outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
	}

	@Test
	void aValidationRunningHoldsUpNoReloadAndAnotherValidationIsRefusedAtOnce() throws Exception {
		RuleDirectory rules = new RuleDirectory(this.folder);
		this.current = currentRuleSet(RuleCompiler.IN_SERVER, this.held.compiler(Duration.ofMinutes(5)));
		CompletableFuture<Validation> first = CompletableFuture.supplyAsync(() -> this.current.validate(
				Map.of("held.drl", (RuleDirectory.rule("Held", "offer", 60) + HeldCompile.MARKER).getBytes()), false));
		this.held.awaitEntered();

		assertThatThrownBy(() -> this.current.validate(Map.of("other.drl", new byte[0]), false))
			.isInstanceOf(ValidationBusyException.class);
		rules.write("offers.drl", RuleDirectory.rule("Everyone gets the offer", "offer", 60));
		ReloadAttempt reload = this.current.reload("test");
		assertThat(reload.outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
		assertThat(first).isNotDone();

		this.held.release();
		assertThat(first.get().valid()).isTrue();
		assertThat(
				this.current.validate(Map.of("other.drl", RuleDirectory.rule("Other", "offer", 70).getBytes()), false)
					.valid())
			.isTrue();
	}

	private CurrentRuleSet currentRuleSet(RuleCompiler reloads, RuleCompiler validations) {
		NextBestProperties properties = new NextBestProperties(TestRuleSets.rules(this.folder, false,
				Duration.ofMillis(150), NextBestProperties.Compiler.IN_SERVER, ""), null, null, null, null);
		return new CurrentRuleSet(properties, Clock.fixed(NOW, ZoneOffset.UTC),
				new RuleMetrics(new SimpleMeterRegistry()), reloads, validations);
	}

}
