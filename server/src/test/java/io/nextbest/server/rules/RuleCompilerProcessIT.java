package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.server.system.NextBestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server started from its executable jar ({@code java -jar}) starts the compiler
 * process from the same jar, through the jar's launcher; the build has made the jar by
 * the time this test runs.
 */
class RuleCompilerProcessIT {

	private static final Path EXECUTABLE_JAR = Path.of("target", "nextbest-server-exec.jar");

	@Test
	void theExecutableJarRunsTheCompilerProcess() {
		assertThat(EXECUTABLE_JAR).exists();
		List<String> command = RuleCompilerProcess.command(19,
				List.of(NextBestProperties.COMPILER_JVM_OPTIONS.split(" ")), EXECUTABLE_JAR.toString());
		assertThat(command).contains("-Dloader.main=" + RuleCompilerProcess.MAIN);
		RuleFiles files = RuleFiles.read(Path.of("..", "rules"));

		try (RuleCompilerProcess process = new RuleCompilerProcess(command, RuleCompilerProcess.TIMEOUT)) {
			Validation validation = process.validate(files, "rules", Instant.now());

			assertThat(process.pid()).as("the process still runs: the compile was its").isPositive();
			assertThat(validation.valid()).as("%s", validation.problems()).isTrue();
			assertThat(validation.ruleSet().rules()).isNotEmpty();
		}
	}

}
