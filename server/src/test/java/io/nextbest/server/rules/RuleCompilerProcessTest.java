package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.CompileCancelledException;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.scenario.Scenario;
import io.nextbest.engine.scenario.ScenarioParser;
import io.nextbest.engine.scenario.ScenarioRunner;
import io.nextbest.engine.scenario.Validation;
import io.nextbest.server.system.NextBestProperties;
import io.nextbest.engine.testing.RuleDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The rule compiler process compiles as the server would, and the rules the server loads
 * from it decide as the rules it compiles itself; a process that died is replaced, and
 * when none starts, or one ends without an answer, that compile happens in the server. A
 * compile over the time limit, or cancelled, ends the process: the time limit is the
 * files' problem, and another process takes the next compile.
 */
class RuleCompilerProcessTest {

	private static final Instant NOW = Instant.parse("2025-03-03T10:00:00Z");

	/** The sample rule set: DRL, a decision table, a contact policy and scenarios. */
	private static final Path SAMPLE_RULES = Path.of("..", "rules");

	@TempDir
	Path folder;

	private final List<RuleCompilerProcess> processes = new ArrayList<>();

	@AfterEach
	void close() {
		this.processes.forEach(RuleCompilerProcess::close);
	}

	@Test
	void theSampleRulesCompileAndDecideAsInTheServer() {
		RuleFiles files = RuleFiles.read(SAMPLE_RULES);
		RuleCompilerProcess process = process();

		Validation inServer = RuleCompiler.IN_SERVER.validate(files, "rules", NOW);
		Validation viaProcess = process.validate(files, "rules", NOW);

		assertThat(process.pid()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
		assertThat(inServer.valid()).as("%s", inServer.problems()).isTrue();
		assertThat(viaProcess.valid()).as("%s", viaProcess.problems()).isTrue();
		assertThat(viaProcess.hash()).isEqualTo(inServer.hash()).isEqualTo(files.hash());
		assertThat(viaProcess.scenarios()).isEqualTo(inServer.scenarios()).isNotEmpty();
		RuleSet loaded = viaProcess.ruleSet();
		RuleSet compiled = inServer.ruleSet();
		assertThat(loaded.version()).isEqualTo(compiled.version());
		assertThat(loaded.files()).isEqualTo(compiled.files());
		assertThat(loaded.rules()).isEqualTo(compiled.rules());
		assertThat(loaded.catalogue().all()).containsExactlyElementsOf(compiled.catalogue().all());
		assertThat(loaded.contactPolicy()).isEqualTo(compiled.contactPolicy());
		// The scenarios again, this time on the rules the server loaded from the process:
		// every sample rule fires in one of them.
		assertThat(ScenarioRunner.run(loaded, scenarios(files))).isEqualTo(inServer.scenarios());
	}

	@Test
	void problemsAreReportedAsInTheServer() {
		RuleDirectory rules = new RuleDirectory(this.folder);
		rules.write("gift.drl", RuleDirectory.rule("Everyone gets a gift", "gift", 60));
		rules.write("broken.drl", RuleDirectory.rule("Broken", "welcome", 60).replace("then", ""));
		RuleFiles files = RuleFiles.read(this.folder);

		Validation inServer = RuleCompiler.IN_SERVER.validate(files, "folder", NOW);
		Validation viaProcess = process().validate(files, "folder", NOW);

		assertThat(inServer.diagnostics()).hasSizeGreaterThanOrEqualTo(2);
		assertThat(viaProcess.diagnostics()).isEqualTo(inServer.diagnostics());
		assertThat(viaProcess.ruleSet()).isNull();
		assertThat(viaProcess.valid()).isFalse();
	}

	@Test
	void aFailingScenarioIsReportedAsInTheServer() {
		RuleDirectory rules = new RuleDirectory(this.folder);
		rules.write("scenarios/welcome.yaml", """
				scenarios:
				  - name: Everyone gets the offer
				    expect:
				      web: offer
				""");
		RuleFiles files = RuleFiles.read(this.folder);

		Validation inServer = RuleCompiler.IN_SERVER.validate(files, "folder", NOW);
		Validation viaProcess = process().validate(files, "folder", NOW);

		assertThat(viaProcess.failedScenarios()).isEqualTo(inServer.failedScenarios())
			.singleElement()
			.satisfies(
					(failed) -> assertThat(failed.failures()).singleElement().asString().contains("offer", "welcome"));
		assertThat(viaProcess.valid()).isFalse();
	}

	@Test
	void aProcessThatDiedIsReplacedAtTheNextCompile() {
		new RuleDirectory(this.folder);
		RuleFiles files = RuleFiles.read(this.folder);
		RuleCompilerProcess process = process();
		assertThat(process.validate(files, "folder", NOW).valid()).isTrue();
		long first = process.pid();

		ProcessHandle.of(first).orElseThrow().destroyForcibly();
		await().until(() -> ProcessHandle.of(first).map((p) -> !p.isAlive()).orElse(true));

		assertThat(process.validate(files, "folder", NOW).valid()).isTrue();
		assertThat(process.pid()).isPositive().isNotEqualTo(first);
		assertThat(process.compilesInServer()).isZero();
	}

	@Test
	void aProcessThatEndsWithoutAnAnswerLeavesTheCompileToTheServer() {
		// A JVM that prints its version and ends, reading nothing.
		assertTheServerCompilesInsteadOf(List.of(java(), "-version"), RuleCompilerProcess.TIMEOUT);
	}

	@Test
	void whenNoProcessStartsTheServerCompiles() {
		assertTheServerCompilesInsteadOf(List.of(this.folder.resolve("no-such-java").toString()),
				RuleCompilerProcess.TIMEOUT);
	}

	@Test
	void aCompileOverTheTimeLimitIsAProblemAndTheProcessIsReplaced() {
		new RuleDirectory(this.folder);
		RuleFiles files = RuleFiles.read(this.folder);
		// A process that reads nothing and never answers: no compile ends within the
		// limit.
		RuleCompilerProcess process = process(silent(), Duration.ofSeconds(2));

		Validation validation = process.validate(files, "folder", NOW);

		assertThat(validation.valid()).isFalse();
		assertThat(validation.ruleSet()).isNull();
		assertThat(validation.problems()).singleElement()
			.hasToString("folder: compile took longer than 2 s (nextbest.rules.compile-timeout) and was stopped; "
					+ "the rule set is not used");
		// Not compiled in the server instead: that would hold the reload up as long
		// again.
		assertThat(process.compilesInServer()).isZero();
		long replacement = process.pid();
		assertThat(replacement).isPositive();
		Validation again = process.validate(files, "folder", NOW);
		assertThat(again.problems()).singleElement().asString().contains("compile took longer than 2 s");
		assertThat(process.pid()).isPositive().isNotEqualTo(replacement);
	}

	@Test
	void aCancelledCompileEndsTheProcessAndAnotherStarts() throws Exception {
		new RuleDirectory(this.folder);
		RuleFiles files = RuleFiles.read(this.folder);
		RuleCompilerProcess process = process(silent(), RuleCompilerProcess.TIMEOUT);
		CompletableFuture<Validation> compile = CompletableFuture
			.supplyAsync(() -> process.validate(files, "folder", NOW));
		await().until(process::compiling);
		long first = process.pid();

		process.cancel("superseded by a newer save");

		assertThatThrownBy(compile::join).hasCauseInstanceOf(CompileCancelledException.class)
			.cause()
			.hasMessage("superseded by a newer save");
		await().until(() -> ProcessHandle.of(first).map((p) -> !p.isAlive()).orElse(true));
		assertThat(process.pid()).isPositive().isNotEqualTo(first);
		assertThat(process.compilesInServer()).isZero();
	}

	/** The compile succeeds all the same, and no process is left. */
	private void assertTheServerCompilesInsteadOf(List<String> command, Duration timeout) {
		new RuleDirectory(this.folder);
		RuleFiles files = RuleFiles.read(this.folder);
		RuleCompilerProcess process = process(command, timeout);

		Validation validation = process.validate(files, "folder", NOW);

		assertThat(validation.valid()).as("%s", validation.problems()).isTrue();
		assertThat(validation.ruleSet().rules()).containsKey("welcome.drl");
		assertThat(process.pid()).isEqualTo(-1);
		assertThat(process.compilesInServer()).isEqualTo(1);
	}

	@Test
	void closingEndsTheProcess() {
		new RuleDirectory(this.folder);
		RuleCompilerProcess process = process();
		process.prepare(RuleFiles.read(this.folder));
		long pid = process.pid();
		assertThat(pid).isPositive();

		process.close();

		await().until(() -> ProcessHandle.of(pid).map((p) -> !p.isAlive()).orElse(true));
	}

	/** The command of a compiler process that hangs. */
	private static List<String> silent() {
		return List.of(java(), "-cp", System.getProperty("java.class.path"), Silent.class.getName());
	}

	private RuleCompilerProcess process() {
		return process(RuleCompilerProcess.command(19, List.of(NextBestProperties.COMPILER_JVM_OPTIONS.split(" "))),
				RuleCompilerProcess.TIMEOUT);
	}

	private RuleCompilerProcess process(List<String> command, Duration timeout) {
		RuleCompilerProcess process = new RuleCompilerProcess(command, timeout);
		this.processes.add(process);
		return process;
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static List<Scenario> scenarios(RuleFiles files) {
		List<RuleDiagnostic> diagnostics = new ArrayList<>();
		List<Scenario> scenarios = new ArrayList<>();
		for (String name : files.names()) {
			if (RuleFiles.isScenarioFile(name)) {
				scenarios.addAll(ScenarioParser.parse(name, files.text(name), NOW, diagnostics));
			}
		}
		assertThat(diagnostics).isEmpty();
		return scenarios;
	}

	/** Stands for a compiler process that hangs. */
	static final class Silent {

		public static void main(String[] args) throws InterruptedException {
			Thread.sleep(Duration.ofMinutes(5).toMillis());
		}

	}

}
