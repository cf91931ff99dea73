package io.nextbest.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callers file, read at startup and again whenever its content changes, so that a new
 * or revoked key takes effect without a restart. A file that cannot be read at startup
 * stops the server; a broken edit later is logged with every problem and the last good
 * callers stay in force, as with the rules.
 * <p>
 * The file is read again every few seconds rather than watched: it is small, and a file
 * system watch misses the way orchestrators swap mounted secrets (a symbolic link
 * replaced).
 */
final class CallersFileWatcher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CallersFileWatcher.class);

	private final Path file;

	private final ScheduledExecutorService scheduler;

	private volatile Callers callers;

	private byte[] lastRead;

	/**
	 * Reads the file and starts watching it.
	 * @param file the callers file
	 * @param interval how often to look for a change
	 * @throws IllegalStateException when the file cannot be read or has problems
	 */
	CallersFileWatcher(Path file, Duration interval) {
		this.file = file;
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"Cannot read the callers file " + file.toAbsolutePath() + " (NBA_CALLERS_FILE): " + ex.getMessage(),
					ex);
		}
		try {
			this.callers = CallersFile.parse(new String(content, StandardCharsets.UTF_8));
		}
		catch (CallersFileException ex) {
			throw new IllegalStateException("The callers file " + file.toAbsolutePath()
					+ " (NBA_CALLERS_FILE) has problems: " + ex.getMessage(), ex);
		}
		this.lastRead = content;
		log.info("Callers file {}: {} callers", file.toAbsolutePath(), this.callers.size());
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "callers-file");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, interval.toMillis());
		this.scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * @return the callers in force
	 */
	Callers callers() {
		return this.callers;
	}

	private void check() {
		byte[] content;
		try {
			content = Files.readAllBytes(this.file);
		}
		catch (IOException ex) {
			if (this.lastRead != null) {
				log.error("Cannot read the callers file {} ({}); the callers read before stay in force",
						this.file.toAbsolutePath(), ex.getMessage());
				this.lastRead = null;
			}
			return;
		}
		if (Arrays.equals(content, this.lastRead)) {
			return;
		}
		this.lastRead = content;
		try {
			Callers read = CallersFile.parse(new String(content, StandardCharsets.UTF_8));
			this.callers = read;
			log.info("Callers file {} changed: {} callers now", this.file.toAbsolutePath(), read.size());
		}
		catch (CallersFileException ex) {
			log.error("The callers file {} changed but has problems, so the callers read before stay in force: {}",
					this.file.toAbsolutePath(), String.join("; ", ex.problems()));
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
