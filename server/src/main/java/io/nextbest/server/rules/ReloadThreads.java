package io.nextbest.server.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that compile rule sets in the background: a reload after a save, and a member
 * following a rule set another member loaded. Compiling a large rule set keeps a core
 * busy for a second or more, and the decisions served meanwhile must not wait for it.
 * Java thread priorities do nothing on Linux by default, so on Linux each such thread
 * lowers its own scheduling priority when it starts ({@code renice}, which any user may
 * do for its own threads): the serving threads then always win a core, and the compile
 * runs on what they leave. Elsewhere the thread keeps the normal priority; on Linux, when
 * {@code renice} fails, it keeps it too and says so in the log.
 */
public final class ReloadThreads {

	private static final Logger log = LoggerFactory.getLogger(ReloadThreads.class);

	/** Where Linux names the calling thread: {@code <pid>/task/<tid>}. */
	private static final Path THREAD_SELF = Path.of("/proc/thread-self");

	private ReloadThreads() {
	}

	/**
	 * @param name the threads' name
	 * @param nice the Linux nice value to run at, from 0 (that of the serving threads) to
	 * 19 (only what they leave)
	 * @return daemon threads that lower their own priority as they start
	 */
	public static ThreadFactory factory(String name, int nice) {
		if (nice < 0 || nice > 19) {
			throw new IllegalArgumentException("A reload's nice value must be from 0 to 19, got " + nice);
		}
		return (task) -> {
			Thread thread = new Thread(() -> {
				lowerPriority(nice);
				task.run();
			}, name);
			thread.setDaemon(true);
			thread.setPriority(Thread.MIN_PRIORITY);
			return thread;
		};
	}

	/** Lowers the calling thread's priority to a nice value, on Linux. */
	static void lowerPriority(int nice) {
		if (nice == 0 || !Files.isSymbolicLink(THREAD_SELF)) {
			return;
		}
		try {
			String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
			Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", tid)
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
				renice.destroy();
				log.warn("Could not lower the priority of {}: rule compiles compete with decisions",
						Thread.currentThread().getName());
				return;
			}
			log.debug("{} runs at nice {}", Thread.currentThread().getName(), nice);
		}
		catch (IOException ex) {
			log.warn("Could not lower the priority of {} ({}): rule compiles compete with decisions",
					Thread.currentThread().getName(), ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
