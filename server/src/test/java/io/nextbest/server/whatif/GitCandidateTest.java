package io.nextbest.server.whatif;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nextbest.engine.ruleset.RuleSetLimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A what-if candidate from a git ref: the rules directory's files at that commit, read
 * from the repository without touching the work tree.
 */
class GitCandidateTest {

	private static final PersonIdent MARKETER = new PersonIdent("Marketer", "marketer@example.org");

	private static final RuleSetLimits LIMITS = new RuleSetLimits(1_000, 5_000);

	@TempDir
	Path repository;

	private Path rules;

	@BeforeEach
	void commits() throws Exception {
		this.rules = this.repository.resolve("config/rules");
		Files.createDirectories(this.rules.resolve("tables"));
		Files.writeString(this.repository.resolve("README.md"), "not a rule file\n");
		Files.writeString(this.rules.resolve("offers.drl"), "first\n");
		Files.writeString(this.rules.resolve("tables/segments.drl.csv"), "a,b\n");
		try (Git git = Git.init().setDirectory(this.repository.toFile()).setInitialBranch("main").call()) {
			git.add().addFilepattern(".").call();
			git.commit().setMessage("First").setAuthor(MARKETER).setCommitter(MARKETER).setSign(false).call();
			Files.writeString(this.rules.resolve("offers.drl"), "second\n");
			git.add().addFilepattern(".").call();
			git.commit().setMessage("Second").setAuthor(MARKETER).setCommitter(MARKETER).setSign(false).call();
			git.tag().setName("v2").call();
		}
		// Not committed: a candidate is what a ref holds, never the work tree.
		Files.writeString(this.rules.resolve("offers.drl"), "edited, not committed\n");
	}

	@Test
	void aRefGivesTheRulesDirectorysFilesAtItsCommit() throws IOException {
		try (GitCandidate first = GitCandidate.at(this.rules, "main~1", LIMITS);
				GitCandidate tagged = GitCandidate.at(this.rules, "v2", LIMITS)) {
			assertThat(Files.readString(first.directory().resolve("offers.drl"))).isEqualTo("first\n");
			assertThat(Files.readString(first.directory().resolve("tables/segments.drl.csv"))).isEqualTo("a,b\n");
			assertThat(first.directory().resolve("README.md")).doesNotExist();
			assertThat(Files.readString(tagged.directory().resolve("offers.drl"))).isEqualTo("second\n");
		}
		assertThat(Files.readString(this.rules.resolve("offers.drl"))).isEqualTo("edited, not committed\n");
	}

	@Test
	void closingRemovesTheFiles() {
		GitCandidate candidate = GitCandidate.at(this.rules, "main", LIMITS);
		Path directory = candidate.directory();

		candidate.close();

		assertThat(directory).doesNotExist();
	}

	@Test
	void aRefThatNamesNoCommitIsRefusedNamingIt() {
		assertThatThrownBy(() -> GitCandidate.at(this.rules, "no-such-branch", LIMITS))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("'no-such-branch' names no commit in the repository at");
		assertThatThrownBy(() -> GitCandidate.at(this.rules, "main^^^^", LIMITS))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("'main^^^^' names no commit");
	}

	@Test
	void aCommitWithoutTheRulesDirectoryIsRefused() throws Exception {
		Path other = this.repository.resolve("other");
		Files.createDirectories(other);
		Files.writeString(other.resolve("x.drl"), "x\n");

		assertThatThrownBy(() -> GitCandidate.at(other, "main", LIMITS)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("has no files at 'other'");
	}

	@Test
	void filesOverTheLimitsAreRefusedBeforeTheyAreWritten() throws Exception {
		Files.writeString(this.rules.resolve("huge.drl"), "x".repeat(1_001));
		try (Git git = Git.open(this.repository.toFile())) {
			git.add().addFilepattern(".").call();
			git.commit().setMessage("Huge").setAuthor(MARKETER).setCommitter(MARKETER).setSign(false).call();
		}

		assertThatThrownBy(() -> GitCandidate.at(this.rules, "main", LIMITS))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("'huge.drl' at 'main' has 1001 bytes, more than a rule file may have (1000)");
	}

	@Test
	void aDirectoryOutsideAnyRepositoryHasNoRefs(@TempDir Path elsewhere) {
		assertThatThrownBy(() -> GitCandidate.at(elsewhere, "main", LIMITS))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageEndingWith("is not in a git repository, so it has no refs");
	}

}
