package io.nextbest.server.context;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nextbest.server.logging.LogThrottle;

/**
 * Group commit: every write gets a ticket and waits in a queue, and one thread commits
 * everything queued so far in a single transaction. Under load a commit carries as many
 * writes as arrived during the previous one, so throughput grows with concurrency while
 * each write is still acknowledged only once committed.
 * <p>
 * Queuing never blocks: partition threads queue the writes of the updates they run and
 * move on, and whoever must answer a caller waits on the ticket ({@link #committed}).
 * Tickets are handed out in queue order and transactions commit in that order, so one
 * number (every ticket up to it is settled) says what is done.
 * <p>
 * A commit that fails fails its writes' callers, but its writes are kept and committed
 * again ahead of the next batch, or by themselves once the store is up again: the changes
 * they carry are in memory already (a caller's retry is a duplicate, which counts
 * nothing), so only then do the store and the journey counts catch up with memory. Writes
 * that fail {@value #REDO_ATTEMPTS} times in a row while the store is said to be up are
 * given up, with an error in the log.
 */
final class GroupCommitWriter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

	/** The most writes one transaction carries, to bound its size and latency. */
	static final int MAX_BATCH = 4_000;

	/** Failed ranges remembered for late waiters; a waiter comes within milliseconds. */
	private static final int REMEMBERED_FAILURES = 256;

	/**
	 * How often kept writes are tried again while the store is up before they are
	 * dropped.
	 */
	static final int REDO_ATTEMPTS = 5;

	private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();

	private final Object order = new Object();

	private final NavigableMap<Long, CompletableFuture<Void>> waiters = new ConcurrentSkipListMap<>();

	private final Deque<Failure> failures = new ArrayDeque<>();

	private final Committer committer;

	private final BooleanSupplier storeUp;

	/** The writes of failed commits, owned by the writer's thread. */
	private Redo redo = Redo.NONE;

	private int redoFailures;

	private final LogThrottle throttle = new LogThrottle(LogThrottle.MINUTE);

	private final Thread thread;

	private final LongAdder commits = new LongAdder();

	private final LongAdder writes = new LongAdder();

	/** Guarded by {@link #order}. */
	private long lastTicket;

	/** Every ticket up to this one is committed or failed. */
	private volatile long settledThrough;

	private volatile boolean closed;

	GroupCommitWriter(Committer committer) {
		this(committer, () -> true);
	}

	/**
	 * @param committer commits one batch
	 * @param storeUp whether the store is up, so that writes kept from a failed commit
	 * are tried again
	 */
	GroupCommitWriter(Committer committer, BooleanSupplier storeUp) {
		this.committer = committer;
		this.storeUp = storeUp;
		this.thread = new Thread(this::run, "context-group-commit");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Queues a context to store.
	 * @param context the row to write
	 * @return the write's ticket
	 */
	long store(StoredContext context) {
		return store(context, null);
	}

	/**
	 * Queues a context to store, and journey counts to add in the same transaction.
	 * @param context the row to write
	 * @param tally the counts to add, or null
	 * @return the write's ticket
	 */
	long store(StoredContext context, JourneyTally tally) {
		return enqueue(context.customerId(), context, tally);
	}

	/**
	 * Queues the removal of a customer.
	 * @param customerId the customer
	 * @return the write's ticket
	 */
	long delete(String customerId) {
		return delete(customerId, null);
	}

	/**
	 * Queues the removal of a customer, and journey counts to add in the same
	 * transaction.
	 * @param customerId the customer
	 * @param tally the counts to add, or null
	 * @return the write's ticket
	 */
	long delete(String customerId, JourneyTally tally) {
		return enqueue(customerId, null, tally);
	}

	/**
	 * When a write is committed.
	 * @param ticket the write's ticket
	 * @return completes once the write is committed, exceptionally if its transaction
	 * failed or the writer closed before it
	 */
	CompletableFuture<Void> committed(long ticket) {
		if (ticket <= this.settledThrough) {
			return outcome(ticket);
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.waiters.put(ticket, done);
		// The writer may have settled the ticket between the check and the put, and
		// then not seen this waiter: check again, and whoever removes it completes it.
		if (ticket <= this.settledThrough && this.waiters.remove(ticket, done)) {
			settle(done, ticket);
		}
		return done;
	}

	/**
	 * @return the number of transactions committed so far
	 */
	long commits() {
		return this.commits.sum();
	}

	/**
	 * @return the number of writes committed so far
	 */
	long writes() {
		return this.writes.sum();
	}

	private long enqueue(String customerId, StoredContext context, JourneyTally tally) {
		synchronized (this.order) {
			if (this.closed) {
				throw new DurableStoreException("The durable store is closed", null);
			}
			long ticket = ++this.lastTicket;
			this.queue.add(new Write(ticket, customerId, context, tally));
			return ticket;
		}
	}

	private void run() {
		List<Write> batch = new ArrayList<>();
		while (!this.closed || !this.queue.isEmpty()) {
			Write first;
			try {
				// A timed poll rather than interrupts: an interrupt would abort a JDBC
				// call in flight (H2 closes its file on one).
				first = this.queue.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (first == null) {
				if (!this.redo.isEmpty() && this.storeUp.getAsBoolean()) {
					commit(batch);
				}
				continue;
			}
			batch.add(first);
			this.queue.drainTo(batch, MAX_BATCH - 1);
			commit(batch);
			batch.clear();
		}
		settleAll(new DurableStoreException("The durable store is closed", null));
	}

	private void commit(List<Write> batch) {
		// Writes of one customer are queued in the order they happened (one partition
		// thread makes them), so the last store of a batch is the one to keep, and a
		// removal in the batch goes first (a customer forgotten and then seen again is
		// removed, then stored anew). Kept writes of failed commits are older than any
		// queued since, so they go first.
		Map<String, StoredContext> stores = new LinkedHashMap<>(this.redo.stores());
		Set<String> deletes = new LinkedHashSet<>(this.redo.deletes());
		JourneyTally tally = new JourneyTally();
		tally.add(this.redo.tally());
		for (Write write : batch) {
			if (write.tally() != null) {
				tally.add(write.tally());
			}
			if (write.context() != null) {
				stores.put(write.customerId(), write.context());
			}
			else {
				stores.remove(write.customerId());
				deletes.add(write.customerId());
			}
		}
		RuntimeException failure = null;
		try {
			this.committer.commit(List.copyOf(stores.values()), List.copyOf(deletes), tally);
			this.commits.increment();
			this.writes.add(batch.size());
			this.redo = Redo.NONE;
			this.redoFailures = 0;
		}
		catch (RuntimeException ex) {
			// The store's failures are logged where they are noticed (StoreRecovery).
			if (!(ex instanceof DurableStoreException)) {
				long heldBack = this.throttle.admit("group-commit");
				if (heldBack >= 0) {
					log.warn("Group commit of {} writes failed{}", batch.size(), LogThrottle.heldBack(heldBack), ex);
				}
			}
			failure = ex;
			keep(new Redo(stores, deletes, tally), ex);
		}
		if (batch.isEmpty()) {
			return;
		}
		long from = batch.get(0).ticket();
		long to = batch.get(batch.size() - 1).ticket();
		if (failure != null) {
			synchronized (this.failures) {
				this.failures.addLast(new Failure(from, to, failure));
				if (this.failures.size() > REMEMBERED_FAILURES) {
					this.failures.removeFirst();
				}
			}
		}
		this.settledThrough = to;
		NavigableMap<Long, CompletableFuture<Void>> settled = this.waiters.headMap(to, true);
		for (Map.Entry<Long, CompletableFuture<Void>> waiter : settled.entrySet()) {
			if (this.waiters.remove(waiter.getKey(), waiter.getValue())) {
				complete(waiter.getValue(), failure);
			}
		}
	}

	/**
	 * Keeps the writes of a failed commit for the next, unless they failed too often
	 * while the store was up (then the store is not what refuses them).
	 */
	private void keep(Redo failed, RuntimeException cause) {
		if (this.storeUp.getAsBoolean()) {
			this.redoFailures++;
		}
		if (this.redoFailures < REDO_ATTEMPTS) {
			this.redo = failed;
			return;
		}
		log.error(
				"Gave up {} context writes and {} journey counts after {} failed commits while the store was up;"
						+ " their changes stay in memory until the customers' next changes",
				failed.size(), failed.tally().size(), this.redoFailures, cause);
		this.redo = Redo.NONE;
		this.redoFailures = 0;
	}

	/**
	 * @return how many writes of failed commits wait to be committed again
	 */
	int kept() {
		return this.redo.size();
	}

	private CompletableFuture<Void> outcome(long ticket) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		settle(done, ticket);
		return done;
	}

	private void settle(CompletableFuture<Void> done, long ticket) {
		complete(done, failureOf(ticket));
	}

	private RuntimeException failureOf(long ticket) {
		synchronized (this.failures) {
			for (Failure failure : this.failures) {
				if (ticket >= failure.from() && ticket <= failure.to()) {
					return failure.cause();
				}
			}
		}
		return null;
	}

	private static void complete(CompletableFuture<Void> done, RuntimeException failure) {
		if (failure == null) {
			done.complete(null);
		}
		else {
			done.completeExceptionally(failure);
		}
	}

	private void settleAll(RuntimeException failure) {
		if (!this.redo.isEmpty()) {
			log.warn("Closed with {} context writes of failed commits not committed; their changes were in memory only",
					this.redo.size());
		}
		List<Write> left = new ArrayList<>();
		this.queue.drainTo(left);
		if (!left.isEmpty()) {
			synchronized (this.failures) {
				this.failures.addLast(new Failure(left.get(0).ticket(), left.get(left.size() - 1).ticket(), failure));
			}
			this.settledThrough = left.get(left.size() - 1).ticket();
		}
		for (Long ticket : List.copyOf(this.waiters.keySet())) {
			CompletableFuture<Void> waiter = this.waiters.remove(ticket);
			if (waiter != null) {
				waiter.completeExceptionally(failure);
			}
		}
	}

	/** Commits what is queued, then stops; later writes are refused. */
	@Override
	public void close() {
		synchronized (this.order) {
			this.closed = true;
		}
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Commits one batch in one transaction. */
	@FunctionalInterface
	interface Committer {

		/**
		 * Removes customers, then stores contexts and adds journey counts, in one
		 * transaction.
		 * @param stores the rows to write
		 * @param deletes the customers to remove
		 * @param tally the journey counts to add
		 */
		void commit(List<StoredContext> stores, List<String> deletes, JourneyTally tally);

	}

	private record Write(long ticket, String customerId, StoredContext context, JourneyTally tally) {
	}

	private record Failure(long from, long to, RuntimeException cause) {
	}

	/** The writes of a failed commit: what it stored, removed and counted. */
	private record Redo(Map<String, StoredContext> stores, Set<String> deletes, JourneyTally tally) {

		static final Redo NONE = new Redo(Map.of(), Set.of(), new JourneyTally());

		boolean isEmpty() {
			return this.stores.isEmpty() && this.deletes.isEmpty() && this.tally.isEmpty();
		}

		int size() {
			return this.stores.size() + this.deletes.size();
		}

	}

}
