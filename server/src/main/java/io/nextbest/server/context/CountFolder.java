package io.nextbest.server.context;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.server.logging.LogThrottle;

/**
 * Adds the counts that group commits append ({@link CountDeltas}) to the count tables: on
 * a thread of its own at a steady pace, and on a reader's thread before it reads
 * ({@link #settle}), so that an answer holds every count committed before it was asked
 * for. The two never fold at once on one member; members of a cluster fold rows apart.
 */
final class CountFolder implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CountFolder.class);

	/** How often the thread adds what was committed since. */
	static final Duration EVERY = Duration.ofMillis(500);

	private final ContextTable table;

	private final BooleanSupplier storeUp;

	private final long everyNanos;

	/**
	 * Folds on an embedded store take one lock of the process: H2's {@code MERGE} does
	 * not take concurrent inserts of one new row, and an embedded database serves a
	 * single process (several members of one process share it only in tests).
	 */
	private static final ReentrantLock EMBEDDED_FOLDS = new ReentrantLock();

	private final ReentrantLock folding;

	private final LogThrottle throttle = new LogThrottle(LogThrottle.MINUTE);

	private final Object sleep = new Object();

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * @param table the table whose commits append counts
	 * @param storeUp whether the store is up (the thread waits while it is not)
	 * @param every how often the thread folds
	 */
	CountFolder(ContextTable table, BooleanSupplier storeUp, Duration every) {
		this.table = table;
		this.storeUp = storeUp;
		this.everyNanos = every.toNanos();
		this.folding = table.isEmbedded() ? EMBEDDED_FOLDS : new ReentrantLock();
		this.thread = new Thread(this::run, "count-fold");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Adds every count committed before the call to the count tables, on the caller's
	 * thread.
	 * @throws DurableStoreException when the store refuses
	 */
	void settle() {
		this.folding.lock();
		try {
			this.table.foldCounts(true);
		}
		finally {
			this.folding.unlock();
		}
	}

	private void run() {
		while (!this.closed) {
			synchronized (this.sleep) {
				try {
					if (!this.closed) {
						this.sleep.wait(this.everyNanos / 1_000_000, (int) (this.everyNanos % 1_000_000));
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			if (this.closed || !this.storeUp.getAsBoolean()) {
				continue;
			}
			this.folding.lock();
			try {
				this.table.foldCounts(false);
			}
			catch (RuntimeException ex) {
				// Kept in the table and added by a later fold; the store's own failures
				// are reported where they are noticed (StoreRecovery).
				long heldBack = this.throttle.admit("count-fold");
				if (heldBack >= 0) {
					log.warn("Could not add the committed counts to the count tables; trying again{}",
							LogThrottle.heldBack(heldBack), ex);
				}
			}
			finally {
				this.folding.unlock();
			}
		}
	}

	/**
	 * Stops the thread, after adding what is committed if the store is up; counts it
	 * cannot add stay in the table for the next start.
	 */
	@Override
	public void close() {
		this.closed = true;
		synchronized (this.sleep) {
			this.sleep.notifyAll();
		}
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (this.storeUp.getAsBoolean()) {
			try {
				settle();
			}
			catch (RuntimeException ex) {
				log.info("Counts committed last are added to the count tables at the next start: {}", ex.getMessage());
			}
		}
	}

}
