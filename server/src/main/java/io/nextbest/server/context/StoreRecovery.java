package io.nextbest.server.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.server.logging.LogThrottle;

/**
 * Notices that the durable store failed and brings it back without a restart.
 * <p>
 * The first read or commit that fails marks the {@link StoreHealth store down} (the
 * server is then not ready) and is logged once with its stack trace. While the store is
 * down, writes and reads that would need it are refused at once ({@link #requireUp()})
 * rather than queued behind a dead database; reads of contexts in memory go on. A probe
 * thread tries a test commit with backoff ({@code retryMin} doubling to
 * {@code retryMax}): the pool's connections are dropped first, so that an embedded H2
 * database, which closes itself after an I/O error (a full disk), is opened anew, and a
 * PostgreSQL that restarted is reached by new connections. When the test commit works,
 * the store is up again, and the recovery is logged with how long it took.
 * <p>
 * The embedded database's file is checked every second: a data directory deleted under
 * the running server would otherwise take writes into a file that no longer has a name.
 * The store is then down until the file is back at its path (restored by an operator);
 * the probe closes the database it had open and opens the restored file.
 */
public final class StoreRecovery implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StoreRecovery.class);

	/** How often the embedded database's file is checked while the store is up. */
	static final Duration FILE_CHECK = Duration.ofSeconds(1);

	/** Problems are cut to this length in logs and health. */
	private static final int MAX_PROBLEM = 300;

	private final LogThrottle throttle = new LogThrottle(LogThrottle.MINUTE);

	private final StoreHealth health;

	private final ContextTable table;

	private final Runnable reconnect;

	private final Path file;

	private final long retryMinNanos;

	private final long retryMaxNanos;

	private final ScheduledExecutorService probe;

	/** Failures and refusals since the store went down. */
	private final AtomicLong refusedWhileDown = new AtomicLong();

	/** Only touched on the probe thread. */
	private long retryNanos;

	/** Only touched on the probe thread: the database open was found without its file. */
	private boolean fileLost;

	/** Only touched on the probe thread: a probe is scheduled while down. */
	private boolean retrying;

	/** When the store last went down, by {@link System#nanoTime()}. */
	private volatile long downSince;

	private volatile boolean closed;

	/**
	 * Watches a store and brings it back.
	 * @param health where the store's state is kept
	 * @param table the table the test commit writes to
	 * @param reconnect drops the pool's connections, so that the next ones are new
	 * @param file the embedded database's file, or null for a database server
	 * @param retryMin the first wait before trying again
	 * @param retryMax the longest wait between tries
	 */
	public StoreRecovery(StoreHealth health, ContextTable table, Runnable reconnect, Path file, Duration retryMin,
			Duration retryMax) {
		this.health = health;
		this.table = table;
		this.reconnect = reconnect;
		this.file = file;
		this.retryMinNanos = retryMin.toNanos();
		this.retryMaxNanos = Math.max(retryMin.toNanos(), retryMax.toNanos());
		this.retryNanos = this.retryMinNanos;
		this.probe = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "durable-store-probe");
			thread.setDaemon(true);
			return thread;
		});
		if (file != null) {
			this.probe.scheduleWithFixedDelay(this::checkFile, FILE_CHECK.toMillis(), FILE_CHECK.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * A recovery that only keeps the state: for stores made by tests, with nothing to
	 * reconnect.
	 * @param table the table
	 * @return the recovery
	 */
	static StoreRecovery of(ContextTable table) {
		return new StoreRecovery(new StoreHealth(Clock.systemUTC()), table, () -> {
		}, null, Duration.ofMillis(100), Duration.ofSeconds(5));
	}

	/**
	 * @return whether the store is up
	 */
	boolean isUp() {
		return this.health.isUp();
	}

	/**
	 * Refuses at once while the store is down.
	 * @throws DurableStoreException when it is down
	 */
	void requireUp() {
		StoreHealth.State state = this.health.state();
		if (!state.up()) {
			this.refusedWhileDown.incrementAndGet();
			throw refusal(state.problem());
		}
	}

	/**
	 * A read or commit failed: the store is down until the probe finds it works again.
	 * @param failure what failed
	 * @return the exception to give the callers in its place, without the database's
	 * details (logged here)
	 */
	DurableStoreException failed(DurableStoreException failure) {
		String problem = problem(failure);
		if (this.health.markDown(problem)) {
			this.downSince = System.nanoTime();
			this.refusedWhileDown.set(1);
			// The stack trace once a minute at most, should the store go down again and
			// again.
			Throwable trace = (this.throttle.admit("store-down-trace") >= 0) ? failure : null;
			log.error("Durable store down: {}. Writes, and reads of customers not in memory, are refused "
					+ "(UNAVAILABLE) until it works again; retrying in the background.", problem, trace);
			schedule(0);
		}
		else {
			this.refusedWhileDown.incrementAndGet();
			long heldBack = this.throttle.admit("store-failure");
			if (heldBack >= 0) {
				log.warn("Durable store still down: {}{}", problem, LogThrottle.heldBack(heldBack));
			}
		}
		return refusal(problem);
	}

	private void checkFile() {
		if (this.closed || Files.exists(this.file)) {
			return;
		}
		if (!this.fileLost) {
			this.fileLost = true;
			String what = Files.isDirectory(this.file.getParent()) ? "the database file " + this.file
					: "the data directory " + this.file.getParent() + " (with the database file " + this.file + ")";
			String problem = what + " was deleted; restore it, or restart the server to start an empty store";
			boolean changed = this.health.markDown(problem);
			log.error("Durable store down: {}. Writes, and reads of customers not in memory, are refused "
					+ "(UNAVAILABLE) until the file is back at its path.", problem);
			if (changed) {
				this.downSince = System.nanoTime();
				this.refusedWhileDown.set(0);
			}
			schedule(0);
		}
	}

	private void schedule(long delayNanos) {
		try {
			this.probe.execute(() -> {
				if (!this.retrying) {
					this.retrying = true;
					this.retryNanos = this.retryMinNanos;
					this.probe.schedule(this::retry, delayNanos, TimeUnit.NANOSECONDS);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// Closed: the server is stopping.
		}
	}

	/** On the probe thread: one try, then the next one later unless it worked. */
	private void retry() {
		if (this.closed) {
			return;
		}
		String problem = null;
		if (this.file != null && !Files.exists(this.file)) {
			this.fileLost = true;
			problem = "no file " + this.file;
		}
		else {
			try {
				if (this.fileLost) {
					// The database open is the deleted file: close it, and the next
					// connection opens the one now at the path.
					this.table.closeEmbedded();
				}
				this.reconnect.run();
				this.table.probe();
				this.fileLost = false;
			}
			catch (RuntimeException ex) {
				problem = problem(ex);
			}
		}
		if (problem == null) {
			this.retrying = false;
			if (this.health.markUp()) {
				Duration downFor = Duration.ofNanos(System.nanoTime() - this.downSince);
				log.info("Durable store is back after {}; reads and writes refused while it was down: {}",
						format(downFor), this.refusedWhileDown.getAndSet(0));
			}
			return;
		}
		long heldBack = this.throttle.admit("store-retry");
		if (heldBack >= 0) {
			log.warn("Durable store still down, retrying: {}{}", problem, LogThrottle.heldBack(heldBack));
		}
		long delay = this.retryNanos;
		this.retryNanos = Math.min(this.retryMaxNanos, this.retryNanos * 2);
		try {
			this.probe.schedule(this::retry, delay, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed: the server is stopping.
		}
	}

	/**
	 * What failed, for operators: the database's own message (which names no customer:
	 * statements carry values as parameters), on one line.
	 */
	static String problem(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		String sqlState = null;
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof SQLException sql && sql.getSQLState() != null) {
				sqlState = sql.getSQLState();
			}
		}
		String line = message.replaceAll("\\s+", " ").strip();
		if (sqlState != null && !line.contains(sqlState)) {
			line = line + " [SQL state " + sqlState + "]";
		}
		return (line.length() > MAX_PROBLEM) ? line.substring(0, MAX_PROBLEM) + "..." : line;
	}

	private static DurableStoreException refusal(String problem) {
		return new DurableStoreException("The durable store is down (" + problem + ")");
	}

	private static String format(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	@Override
	public void close() {
		this.closed = true;
		this.probe.shutdownNow();
	}

}
