package io.nextbest.server.context;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.nextbest.engine.context.CustomerContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Voice counts travel with the journey counts through the group commit. */
class VoiceTallyTest {

	private static final VoiceTally.AnswerKey PROMOTER = new VoiceTally.AnswerKey("broadband", "ONBOARDING", "EMAIL",
			20_000, "NPS", 10, "", "v1");

	@Test
	void answersOfOneBatchAreSummedIntoOneRow() {
		JourneyTally batch = new JourneyTally();
		batch.add(JourneyTally.withVoice(null, answered()));
		batch.add(JourneyTally.withVoice(new JourneyTally(), answered()));
		batch.add(new JourneyTally());

		assertThat(batch.voice().answers()).containsExactly(java.util.Map.entry(PROMOTER, 2L));
		assertThat(batch.size()).isEqualTo(1);
		assertThat(batch.isEmpty()).isFalse();
		assertThat(JourneyTally.withVoice(null, null)).isNull();
	}

	@Test
	void theAnswersOfAFailedCommitAreCountedOnceWithTheNextOne() {
		AtomicLong answers = new AtomicLong();
		CountDownLatch storeBack = new CountDownLatch(1);
		try (GroupCommitWriter writer = new GroupCommitWriter((stores, deletes, tally) -> {
			if (storeBack.getCount() > 0) {
				throw new DurableStoreException("disk full", null);
			}
			if (tally.voice() != null) {
				answers.addAndGet(tally.voice().answers().values().stream().mapToLong(Long::longValue).sum());
			}
		}, () -> storeBack.getCount() == 0)) {
			long failed = writer.store(row("ann", 1), JourneyTally.withVoice(null, answered()));
			assertThatThrownBy(writer.committed(failed)::join).hasCauseInstanceOf(DurableStoreException.class);

			storeBack.countDown();
			writer.committed(writer.store(row("bob", 1), JourneyTally.withVoice(null, answered()))).join();
			writer.committed(writer.store(row("ann", 2), null)).join();

			assertThat(answers).hasValue(2);
		}
	}

	private static VoiceTally answered() {
		VoiceTally tally = new VoiceTally();
		tally.answer(PROMOTER);
		return tally;
	}

	private static StoredContext row(String customerId, long revision) {
		return StoredContext.of(CustomerContext.empty(customerId).withRevision(revision));
	}

}
