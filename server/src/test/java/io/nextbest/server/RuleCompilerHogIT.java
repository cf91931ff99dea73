package io.nextbest.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.nextbest.api.v1.GetRuleSetRequest;
import io.nextbest.api.v1.GetRuleSetResponse;
import io.nextbest.api.v1.ReloadOutcome;
import io.nextbest.api.v1.RuleDiagnostic;
import io.nextbest.api.v1.RulesAdminServiceGrpc;
import io.nextbest.engine.ruleset.RuleFiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rule compiler cannot be hogged: on the real server process watching a copy of the
 * sample rules, junk saved in a rule file (over the file size limit, then under it) is
 * rejected without keeping the compiler busy, a correct save after it goes live, and the
 * server's log stays small. Once, 5 MB of junk kept the compiler busy for minutes, held
 * up the saves after it and wrote a 5.7 MB log line.
 */
class RuleCompilerHogIT {

	/** Far more than the log of a start and three reloads; far less than junk echoed. */
	private static final long LOG_BOUND = 300 * 1024;

	private ServerProcess server;

	private ManagedChannel channel;

	@AfterEach
	void stop() {
		if (this.channel != null) {
			this.channel.shutdownNow();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void junkRuleFilesAreRejectedQuicklyAndACorrectSaveAfterThemGoesLive() throws IOException {
		String run = "compiler-hog-" + UUID.randomUUID();
		Path rules = copyOfTheSampleRules(Path.of("target", run, "rules").toAbsolutePath());
		this.server = ServerProcess
			.start("compiler-hog", "--nextbest.rules.directory=" + rules,
					"--spring.datasource.url=jdbc:h2:file:" + Path.of("target", run, "contexts").toAbsolutePath()
							+ ";WRITE_DELAY=0",
					"--nextbest.cluster.name=" + run)
			.awaitServing();
		this.channel = Grpc.newChannelBuilder(this.server.target(), InsecureChannelCredentials.create()).build();
		RulesAdminServiceGrpc.RulesAdminServiceBlockingStub admin = RulesAdminServiceGrpc.newBlockingStub(this.channel);
		String good = admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion();

		// 5 MB of the rule keyword: over the limit of a file, not compiled at all.
		Path junk = rules.resolve("junk.drl");
		Files.writeString(junk, "rule ".repeat(1 << 20));
		GetRuleSetResponse tooLarge = await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()),
					(ruleSet) -> ruleSet.getLastReload().getOutcome() == ReloadOutcome.RELOAD_OUTCOME_REJECTED);
		assertThat(tooLarge.getLastReload().getProblemsList()).singleElement().satisfies((problem) -> {
			assertThat(problem.getFile()).isEqualTo("junk.drl");
			assertThat(problem.getMessage()).startsWith("larger than 1 MB");
		});
		assertThat(tooLarge.getVersion().getVersion()).isEqualTo(good);

		// 900 KB of it: compiled, a syntax error at every word, reported as the first
		// problems and a count of the rest (or stopped at the time limit on a slow host).
		Files.writeString(junk, "rule ".repeat(900 * 1024 / 5));
		GetRuleSetResponse junkRejected = awaitLastReload(admin, RuleFiles.read(rules).hash());
		assertThat(junkRejected.getLastReload().getOutcome()).isEqualTo(ReloadOutcome.RELOAD_OUTCOME_REJECTED);
		assertThat(junkRejected.getLastReload().getProblemsCount()).isBetween(1, 51);
		assertThat(junkRejected.getVersion().getVersion()).isEqualTo(good);

		// A correct save: it goes live.
		Files.writeString(junk, "package io.nextbest.rules;\n\n// Rules to come.\n");
		String correct = RuleFiles.read(rules).hash();
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()).getVersion().getVersion(),
					correct::equals);

		assertThat(Files.size(this.server.log())).isLessThan(LOG_BOUND);
	}

	/**
	 * Waits until the last reload is of the given files, and returns what is served then.
	 */
	private static GetRuleSetResponse awaitLastReload(RulesAdminServiceGrpc.RulesAdminServiceBlockingStub admin,
			String version) {
		return await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> admin.getRuleSet(GetRuleSetRequest.getDefaultInstance()),
					(ruleSet) -> ruleSet.getLastReload().getVersion().equals(version));
	}

	private static Path copyOfTheSampleRules(Path target) throws IOException {
		Path sample = Path.of("..", "rules").toAbsolutePath().normalize();
		try (Stream<Path> paths = Files.walk(sample)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				String name = sample.relativize(path).toString().replace('\\', '/');
				if (RuleFiles.isRuleFile(name)) {
					Path copy = target.resolve(name);
					Files.createDirectories(copy.getParent());
					Files.copy(path, copy);
				}
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		return target;
	}

}
