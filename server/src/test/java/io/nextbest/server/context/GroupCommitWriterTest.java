package io.nextbest.server.context;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit: what waits during one commit goes into the next, acknowledged together.
 */
class GroupCommitWriterTest {

	@Test
	void writesQueuedDuringACommitGoIntoTheNextOne() throws InterruptedException {
		CountDownLatch firstCommitStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstCommit = new CountDownLatch(1);
		List<Integer> batchSizes = new ArrayList<>();
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes) -> {
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
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes) -> {
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
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes) -> {
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
		GroupCommitWriter writer = new GroupCommitWriter((stores, deletes) -> {
		});
		writer.close();

		assertThatThrownBy(() -> writer.store(context("late"))).isInstanceOf(DurableStoreException.class);
	}

	@Test
	void aCustomerRemovedAndStoredAgainInOneBatchIsRemovedFirst() throws InterruptedException {
		CountDownLatch firstCommitStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstCommit = new CountDownLatch(1);
		List<List<String>> deleted = new ArrayList<>();
		List<List<String>> stored = new ArrayList<>();
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes) -> {
			stored.add(stores.stream().map(StoredContext::customerId).toList());
			deleted.add(List.copyOf(deletes));
			firstCommitStarted.countDown();
			await(releaseFirstCommit);
		})) {
			writer.store(context("blocker"));
			assertThat(firstCommitStarted.await(10, TimeUnit.SECONDS)).isTrue();
			writer.store(context("ann"));
			writer.delete("ann");
			long again = writer.store(context("ann"));
			releaseFirstCommit.countDown();
			writer.committed(again).join();

			assertThat(deleted.get(1)).containsExactly("ann");
			assertThat(stored.get(1)).containsExactly("ann");
		}
	}

	@Test
	void theLastWriteOfACustomerInABatchWins() throws InterruptedException {
		CountDownLatch firstCommitStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstCommit = new CountDownLatch(1);
		List<List<String>> deleted = new ArrayList<>();
		List<List<String>> stored = new ArrayList<>();
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes) -> {
			stored.add(stores.stream().map(StoredContext::customerId).toList());
			deleted.add(List.copyOf(deletes));
			firstCommitStarted.countDown();
			await(releaseFirstCommit);
		})) {
			writer.store(context("blocker"));
			assertThat(firstCommitStarted.await(10, TimeUnit.SECONDS)).isTrue();
			writer.store(context("ann"));
			CompletableFuture<Void> erased = writer.committed(writer.delete("ann"));
			releaseFirstCommit.countDown();
			erased.join();

			assertThat(stored.get(1)).isEmpty();
			assertThat(deleted.get(1)).containsExactly("ann");
		}
	}

	private static StoredContext context(String customerId) {
		return StoredContext.of(CustomerContext.empty(customerId));
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
