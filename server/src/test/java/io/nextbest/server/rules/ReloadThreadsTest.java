package io.nextbest.server.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReloadThreadsTest {

	@Test
	@EnabledOnOs(OS.LINUX)
	void aReloadThreadRunsAtTheNiceValueItWasGiven() {
		assertThat(niceOn(ReloadThreads.factory("test-reload", 19))).isEqualTo(19);
		assertThat(niceOn(ReloadThreads.factory("test-reload", 7))).isEqualTo(7);
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void niceZeroLeavesTheThreadAtTheServingThreadsPriority() {
		int serving = nice();

		assertThat(niceOn(ReloadThreads.factory("test-reload", 0))).isEqualTo(serving);
	}

	@Test
	void aNiceValueOutsideLinuxsRangeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ReloadThreads.factory("test-reload", 20))
			.withMessageContaining("from 0 to 19");
		assertThatIllegalArgumentException().isThrownBy(() -> ReloadThreads.factory("test-reload", -1));
	}

	private static int niceOn(ThreadFactory threads) {
		CompletableFuture<Integer> nice = new CompletableFuture<>();
		Thread thread = threads.newThread(() -> nice.complete(nice()));
		assertThat(thread.isDaemon()).isTrue();
		thread.start();
		return nice.join();
	}

	/** The calling thread's nice value: field 19 of its stat line. */
	private static int nice() {
		try {
			String stat = Files.readString(Path.of("/proc/thread-self/stat"));
			// The command name (field 2) is in parentheses and may hold spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Integer.parseInt(fields[19 - 3]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
