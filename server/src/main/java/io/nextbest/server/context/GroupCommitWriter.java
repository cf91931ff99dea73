package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: every write waits in a queue, and one thread commits everything queued so
 * far in a single transaction, then completes every waiting write. Under load a commit
 * carries as many writes as arrived during the previous one, so throughput grows with
 * concurrency while each write is still acknowledged only once committed.
 */
final class GroupCommitWriter implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

	/** The most writes one transaction carries, to bound its size and latency. */
	static final int MAX_BATCH = 2_000;

	private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();

	private final Committer committer;

	private final Thread thread;

	private final LongAdder commits = new LongAdder();

	private final LongAdder writes = new LongAdder();

	private volatile boolean closed;

	GroupCommitWriter(Committer committer) {
		this.committer = committer;
		this.thread = new Thread(this::run, "context-group-commit");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Queues a context to store.
	 * @param context the new context
	 * @return completes once committed
	 */
	CompletableFuture<Void> store(CustomerContext context) {
		return enqueue(new Write(context.customerId(), context, new CompletableFuture<>()));
	}

	/**
	 * Queues the removal of a customer.
	 * @param customerId the customer
	 * @return completes once committed
	 */
	CompletableFuture<Void> delete(String customerId) {
		return enqueue(new Write(customerId, null, new CompletableFuture<>()));
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

	private CompletableFuture<Void> enqueue(Write write) {
		if (this.closed) {
			write.done().completeExceptionally(new DurableStoreException("The durable store is closed", null));
			return write.done();
		}
		this.queue.add(write);
		return write.done();
	}

	private void run() {
		List<Write> batch = new ArrayList<>();
		while (!this.closed || !this.queue.isEmpty()) {
			Write first;
			try {
				// A timed poll rather than interrupts: an interrupt would abort a JDBC
				// call
				// in flight (H2 closes its file on one).
				first = this.queue.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			if (first == null) {
				continue;
			}
			batch.add(first);
			this.queue.drainTo(batch, MAX_BATCH - 1);
			commit(batch);
			batch.clear();
		}
		failRemaining();
	}

	private void commit(List<Write> batch) {
		// Writes of one customer arrive in the order they happened (the partition thread
		// waits for each), so the last one of a batch is the one to keep.
		Map<String, Write> latest = new LinkedHashMap<>();
		for (Write write : batch) {
			latest.put(write.customerId(), write);
		}
		List<CustomerContext> stores = new ArrayList<>();
		List<String> deletes = new ArrayList<>();
		for (Write write : latest.values()) {
			if (write.context() != null) {
				stores.add(write.context());
			}
			else {
				deletes.add(write.customerId());
			}
		}
		try {
			this.committer.commit(stores, deletes);
		}
		catch (RuntimeException ex) {
			log.warn("Group commit of {} writes failed", batch.size(), ex);
			for (Write write : batch) {
				write.done().completeExceptionally(ex);
			}
			return;
		}
		this.commits.increment();
		this.writes.add(batch.size());
		for (Write write : batch) {
			write.done().complete(null);
		}
	}

	private void failRemaining() {
		List<Write> left = new ArrayList<>();
		this.queue.drainTo(left);
		for (Write write : left) {
			write.done().completeExceptionally(new DurableStoreException("The durable store is closed", null));
		}
	}

	/** Commits what is queued, then stops. */
	@Override
	public void close() {
		this.closed = true;
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

		void commit(List<CustomerContext> stores, List<String> deletes);

	}

	private record Write(String customerId, CustomerContext context, CompletableFuture<Void> done) {
	}

}
