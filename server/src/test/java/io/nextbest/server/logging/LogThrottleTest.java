package io.nextbest.server.logging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogThrottleTest {

	private final AtomicLong now = new AtomicLong(1_000);

	private final LogThrottle throttle = new LogThrottle(Duration.ofMinutes(1), this.now::get);

	@Test
	void oneLinePerKindAndIntervalThenTheCountOfThoseLeftOut() {
		assertThat(this.throttle.admit("malformed")).isZero();
		for (int i = 0; i < 41; i++) {
			assertThat(this.throttle.admit("malformed")).isEqualTo(-1);
		}
		this.now.addAndGet(Duration.ofSeconds(59).toNanos());
		assertThat(this.throttle.admit("malformed")).isEqualTo(-1);

		this.now.addAndGet(Duration.ofSeconds(1).toNanos());

		assertThat(this.throttle.admit("malformed")).isEqualTo(42);
		assertThat(this.throttle.admit("malformed")).isEqualTo(-1);
	}

	@Test
	void kindsAreThrottledApart() {
		assertThat(this.throttle.admit("malformed")).isZero();
		assertThat(this.throttle.admit("too-large")).isZero();
		assertThat(this.throttle.admit("malformed")).isEqualTo(-1);
	}

	@Test
	void theNoteSaysHowManyWereLeftOut() {
		assertThat(LogThrottle.heldBack(0)).isEmpty();
		assertThat(LogThrottle.heldBack(12_345)).isEqualTo(" (12,345 more like it since the last one logged)");
	}

}
