package io.nextbest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate} and {@code test} over a rules directory, without a server. */
class RulesCommandsTest {

	private static final String SAMPLE_RULES = "../../rules";

	@TempDir
	Path rules;

	@BeforeEach
	void writeRules() throws IOException {
		Files.writeString(this.rules.resolve("actions.yaml"), """
				actions:
				  - id: welcome
				    kind: message
				    purpose: service
				    channels: [web, email]
				    content: welcome
				""");
		Files.writeString(this.rules.resolve("welcome.drl"), """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "Onboarding is welcome"
				when
				    Journey(stage == Stage.ONBOARDING)
				then
				    insert(Propose.action("welcome").priority(60));
				end
				""");
		Files.createDirectories(this.rules.resolve("scenarios"));
		Files.writeString(this.rules.resolve("scenarios/welcome.yaml"), """
				scenarios:
				  - name: A new customer is welcome
				    customer:
				      journeys:
				        - { journey: broadband, stage: onboarding, days-in-stage: 2 }
				    expect:
				      web: welcome
				  - name: A prospect is welcome too
				    customer:
				      journeys:
				        - { journey: broadband, stage: evaluation, days-in-stage: 2 }
				    expect:
				      email: welcome
				""");
	}

	@Test
	void validateAcceptsTheSampleRules() {
		Run run = run("validate", SAMPLE_RULES);

		assertThat(run.exitCode()).as(run.out()).isZero();
		assertThat(run.out()).contains("is valid (version ").contains("scenarios passed");
	}

	@Test
	void validateListsEveryProblemWithFileAndLine() throws IOException {
		Files.writeString(this.rules.resolve("gift.drl"), """
				package io.nextbest.rules;

				import io.nextbest.facts.*;

				rule "Everyone gets a gift"
				when
				    Customer()
				then
				    insert(Propose.action("gift"));
				end
				""");

		Run run = run("validate", this.rules.toString());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.out()).contains("gift.drl:9:").contains("unknown action 'gift'").contains("is invalid");
	}

	@Test
	void testShowsExpectedAgainstGotAndTheRulesThatFired() {
		Run run = run("test", this.rules.toString());

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.out()).contains("PASS  scenarios/welcome.yaml:2  A new customer is welcome")
			.contains("FAIL  scenarios/welcome.yaml:8  A prospect is welcome too")
			.contains("email: expected action welcome, got suppressed no-consent (policy:consent)")
			.contains("fired: (no rule)")
			.contains("2 scenarios: 1 passed, 1 failed");
	}

	@Test
	void testRunsOnlyTheScenariosNamed() {
		Run run = run("test", "--name", "new customer", "--verbose", this.rules.toString());

		assertThat(run.exitCode()).isZero();
		assertThat(run.out()).contains("fired: Onboarding is welcome").contains("1 scenario: 1 passed, 0 failed");
	}

	@Test
	void testPassesOnTheSampleRules() {
		Run run = run("test", SAMPLE_RULES);

		assertThat(run.exitCode()).as(run.out()).isZero();
		assertThat(run.out()).contains(" failed").doesNotContain("FAIL ");
	}

	private static Run run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = NextBestCli.commandLine(Connector.NETWORK)
			.setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
		return new Run(exitCode, out + err.toString());
	}

	private record Run(int exitCode, String out) {
	}

}
