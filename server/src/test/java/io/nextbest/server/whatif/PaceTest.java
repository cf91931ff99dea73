package io.nextbest.server.whatif;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The what-if's pace, on a clock the test moves: no real time is involved. */
class PaceTest {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final List<Long> slept = new ArrayList<>();

	@Test
	void aThreadAheadOfThePaceWaitsUntilThePaceCatchesUp() {
		Pace pace = new Pace(1_000, this.now::get, this.slept::add);

		// 500 customers at 1,000 a second are due after half a second; 0.1 s has passed.
		this.now.addAndGet(100_000_000L);
		pace.after(500);
		// Behind the pace: no wait.
		this.now.addAndGet(900_000_000L);
		pace.after(800);

		assertThat(this.slept).containsExactly(400_000_000L);
	}

	@Test
	void noLimitNeverWaits() {
		Pace pace = new Pace(0, this.now::get, this.slept::add);

		pace.after(1_000_000);

		assertThat(this.slept).isEmpty();
	}

	@Test
	void anInterruptedWaitCancelsTheWhatIf() {
		Pace pace = new Pace(10, this.now::get, (nanos) -> {
			throw new InterruptedException();
		});

		assertThatThrownBy(() -> pace.after(100)).isInstanceOf(CancellationException.class);
		assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
	}

}
