package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Group commit: what waits during one commit goes into the next, acknowledged together.
 */
class GroupCommitWriterTest {

	@Test
	void writesQueuedDuringACommitGoIntoTheNextOne() throws InterruptedException {
		CountDownLatch firstCommitStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstCommit = new CountDownLatch(1);
		List<Integer> batchSizes = new ArrayList<>();
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
			batchSizes.add(stores.size() + deletes.size());
			firstCommitStarted.countDown();
			await(releaseFirstCommit);
		})) {
			CompletableFuture<Void> first = writer.committed(writer.store(context("c0")));
			assertThat(firstCommitStarted.await(10, TimeUnit.SECONDS)).isTrue();
			List<CompletableFuture<Void>> waiting = new ArrayList<>();
			for (int i = 1; i <= 50; i++) {
				waiting.add(writer.committed(writer.store(context("c" + i))));
			}
			assertThat(first).isNotDone();
			assertThat(waiting).noneMatch(CompletableFuture::isDone);

			releaseFirstCommit.countDown();
			CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).join();

			assertThat(first).isCompleted();
			assertThat(batchSizes).containsExactly(1, 50);
			assertThat(writer.commits()).isEqualTo(2);
			assertThat(writer.writes()).isEqualTo(51);
		}
	}

	@Test
	void aFailedCommitAcknowledgesNothing() {
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
			throw new DurableStoreException("disk full", null);
		})) {
			long ticket = writer.store(context("c1"));

			assertThatThrownBy(writer.committed(ticket)::join).hasCauseInstanceOf(DurableStoreException.class);
			assertThat(writer.writes()).isZero();
			// Asked again after the failure settled, the answer is the same.
			assertThatThrownBy(writer.committed(ticket)::join).hasCauseInstanceOf(DurableStoreException.class);
		}
	}

	@Test
	void aWaiterThatComesAfterTheCommitIsAnsweredAtOnce() {
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
		})) {
			long first = writer.store(context("c1"));
			long second = writer.store(context("c2"));
			writer.committed(second).join();

			assertThat(second).isGreaterThan(first);
			assertThat(writer.committed(first)).isCompleted();
		}
	}

	@Test
	void writesAfterCloseAreRefused() {
		GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
		});
		writer.close();

		assertThatThrownBy(() -> writer.store(context("late"))).isInstanceOf(DurableStoreException.class);
	}

	@Test
	void aCustomerRemovedAndStoredAgainInOneBatchIsRemovedFirst() {
		try (HeldFirstCommit held = new HeldFirstCommit()) {
			held.writer.store(context("ann"));
			held.writer.delete("ann");
			long again = held.writer.store(context("ann"));
			held.release();
			held.writer.committed(again).join();

			assertThat(held.deleted.get(1)).containsExactly("ann");
			assertThat(held.stored.get(1)).extracting(StoredContext::customerId).containsExactly("ann");
		}
	}

	@Test
	void theLastWriteOfACustomerInABatchWins() {
		try (HeldFirstCommit held = new HeldFirstCommit()) {
			held.writer.store(context("ann"));
			CompletableFuture<Void> erased = held.writer.committed(held.writer.delete("ann"));
			held.release();
			erased.join();

			assertThat(held.stored.get(1)).isEmpty();
			assertThat(held.deleted.get(1)).containsExactly("ann");
		}
	}

	@Test
	void aBatchWritesOneRowPerCustomerTheLatest() {
		try (HeldFirstCommit held = new HeldFirstCommit()) {
			held.writer.store(StoredContext.of(CustomerContext.empty("ann").withRevision(1)));
			held.writer.store(StoredContext.of(CustomerContext.empty("bob").withRevision(1)));
			long last = held.writer.store(StoredContext.of(CustomerContext.empty("ann").withRevision(2)));
			held.release();
			held.writer.committed(last).join();

			assertThat(held.stored.get(1)).extracting(StoredContext::customerId, StoredContext::revision)
				.containsExactly(tuple("ann", 2L), tuple("bob", 1L));
		}
	}

	@Test
	void theWritesAndCountsOfAFailedCommitGoWithTheNextOne() {
		// The rows of each customer in the order committed, and the moves counted.
		Map<String, List<Long>> stored = new ConcurrentHashMap<>();
		AtomicLong moves = new AtomicLong();
		CountDownLatch storeBack = new CountDownLatch(1);
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
			if (storeBack.getCount() > 0) {
				throw new DurableStoreException("disk full", null);
			}
			stores.forEach((row) -> stored.computeIfAbsent(row.customerId(), (id) -> new CopyOnWriteArrayList<>())
				.add(row.revision()));
			moves.addAndGet(tally.transitions().values().stream().mapToLong(Long::longValue).sum());
		}, () -> storeBack.getCount() == 0)) {
			long failed = writer.store(revision("ann", 1), moved());
			assertThatThrownBy(writer.committed(failed)::join).hasCauseInstanceOf(DurableStoreException.class);
			assertThat(writer.kept()).isEqualTo(1);

			storeBack.countDown();
			long next = writer.store(revision("bob", 1), moved());
			long newer = writer.store(revision("ann", 2), null);
			writer.committed(newer).join();

			// The kept write went alone once the store was back, or with the next batch:
			// either way before the newer row of the same customer, and counted once.
			assertThat(writer.committed(next)).isCompleted();
			assertThat(stored.get("ann")).endsWith(2L).isSorted();
			assertThat(stored.get("bob")).containsExactly(1L);
			assertThat(moves).hasValue(2);
			assertThat(writer.kept()).isZero();
		}
	}

	@Test
	void keptWritesAreCommittedOnceTheStoreIsBackWithoutNewOnes() {
		List<String> stored = new CopyOnWriteArrayList<>();
		CountDownLatch storeBack = new CountDownLatch(1);
		CountDownLatch committed = new CountDownLatch(1);
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
			if (storeBack.getCount() > 0) {
				throw new DurableStoreException("disk full", null);
			}
			stores.forEach((row) -> stored.add(row.customerId()));
			committed.countDown();
		}, () -> storeBack.getCount() == 0)) {
			long failed = writer.store(revision("ann", 1), moved());
			assertThatThrownBy(writer.committed(failed)::join).hasCauseInstanceOf(DurableStoreException.class);

			storeBack.countDown();

			await(committed);
			assertThat(stored).containsExactly("ann");
		}
	}

	@Test
	void writesThatFailWhileTheStoreIsUpAreGivenUp() {
		List<String> stored = new CopyOnWriteArrayList<>();
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
			if (stores.stream().anyMatch((row) -> row.customerId().equals("poison"))) {
				throw new DurableStoreException("value too long", null);
			}
			stores.forEach((row) -> stored.add(row.customerId()));
		})) {
			long failed = writer.store(context("poison"));
			assertThatThrownBy(writer.committed(failed)::join).hasCauseInstanceOf(DurableStoreException.class);
			// Tried again while idle until given up: a later write is then committed.
			long later;
			do {
				later = writer.store(context("ann"));
			}
			while (writer.committed(later).handle((ok, failure) -> failure != null).join());

			assertThat(stored).containsExactly("ann");
			assertThat(writer.kept()).isZero();
		}
	}

	private static StoredContext revision(String customerId, long revision) {
		return StoredContext.of(CustomerContext.empty(customerId).withRevision(revision));
	}

	private static JourneyTally moved() {
		JourneyTally tally = new JourneyTally();
		tally.transition(new JourneyTally.TransitionKey("broadband", "", "ONBOARDING", 20_000, "", "v1", 0, 202610));
		return tally;
	}

	private static StoredContext context(String customerId) {
		return StoredContext.of(CustomerContext.empty(customerId));
	}

	/**
	 * A writer whose first commit (of a customer of its own) waits until released, so
	 * that what a test queues meanwhile makes the second commit; records what each commit
	 * got.
	 */
	private static final class HeldFirstCommit implements AutoCloseable {

		final List<List<StoredContext>> stored = new CopyOnWriteArrayList<>();

		final List<List<String>> deleted = new CopyOnWriteArrayList<>();

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		final GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
			this.stored.add(List.copyOf(stores));
			this.deleted.add(List.copyOf(deletes));
			this.started.countDown();
			await(this.released);
		});

		HeldFirstCommit() {
			this.writer.store(context("blocker"));
			try {
				assertThat(this.started.await(10, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		void release() {
			this.released.countDown();
		}

		@Override
		public void close() {
			release();
			this.writer.close();
		}

	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
