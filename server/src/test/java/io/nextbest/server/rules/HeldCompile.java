package io.nextbest.server.rules;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.nextbest.engine.ruleset.Cancellation;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;

/**
 * A compile in the server that, for files holding {@link #MARKER}, does not end until the
 * test lets it or it is cancelled: a compile that cannot finish within any time limit,
 * without timing. Other files compile as usual.
 */
public final class HeldCompile implements InServerCompiler.Compile {

	/** Files holding this text are held. */
	public static final String MARKER = "// held by the test";

	private final CountDownLatch released = new CountDownLatch(1);

	private final CountDownLatch entered = new CountDownLatch(1);

	/** Why each held compile stopped: a cancellation's reason, or "released". */
	final List<String> stopped = new CopyOnWriteArrayList<>();

	@Override
	public Validation run(RuleFiles files, String origin, Instant now, Cancellation cancellation) {
		boolean held = files.files()
			.values()
			.stream()
			.anyMatch((content) -> new String(content, StandardCharsets.UTF_8).contains(MARKER));
		if (held) {
			this.entered.countDown();
			try {
				// Polls the cancellation as a compile does between its steps.
				while (!this.released.await(10, TimeUnit.MILLISECONDS)) {
					if (cancellation.cancelled()) {
						this.stopped.add(cancellation.reason());
						cancellation.check();
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			this.stopped.add("released");
		}
		return RuleSetLoader.validate(files, origin, Clock.fixed(now, ZoneOffset.UTC), cancellation);
	}

	/** Waits until a held compile has started. */
	public void awaitEntered() throws InterruptedException {
		if (!this.entered.await(60, TimeUnit.SECONDS)) {
			throw new AssertionError("no held compile started");
		}
	}

	/** Lets held compiles go on. */
	public void release() {
		this.released.countDown();
	}

	/**
	 * @param limit the time limit
	 * @return a compiler in the server holding compiles as this does
	 */
	InServerCompiler compiler(java.time.Duration limit) {
		return new InServerCompiler(limit, "held-compile", 0, this);
	}

}
