package io.nextbest.server.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.nextbest.engine.ruleset.Cancellation;
import io.nextbest.engine.ruleset.CompileCancelledException;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;

/**
 * Compiles in the server, on a thread of its own at the reload's priority, within a time
 * limit. The caller waits for the outcome until the limit, or until the compile is
 * cancelled, and then goes on: the compile is abandoned. Java cannot stop a thread from
 * outside, so the abandoned compile stops itself at its next step (the next file, the
 * build, the next scenario, {@link Cancellation}); the step under way runs to its end,
 * its outcome unused. One file's parse is one step, so the file size limit bounds it. The
 * rule compiler process ({@link RuleCompilerProcess}) is ended at once instead.
 */
final class InServerCompiler implements RuleCompiler {

	private final Duration limit;

	private final Compile compile;

	private final ExecutorService threads;

	/** The compile the caller waits for, if any: the one {@link #cancel} stops. */
	private final AtomicReference<Running> running = new AtomicReference<>();

	/**
	 * @param limit the time limit of a compile
	 * @param name the compiling threads' name
	 * @param nice the Linux nice value they run at, 0 to 19
	 */
	InServerCompiler(Duration limit, String name, int nice) {
		this(limit, name, nice, (files, origin, now, cancellation) -> RuleSetLoader.validate(files, origin,
				Clock.fixed(now, ZoneOffset.UTC), cancellation));
	}

	/**
	 * @param compile what compiling is (tests stand in a compile of their own)
	 */
	InServerCompiler(Duration limit, String name, int nice, Compile compile) {
		this.limit = limit;
		this.compile = compile;
		// Cached: an abandoned compile keeps its thread until it stops, the next one
		// gets another.
		this.threads = Executors.newCachedThreadPool(ReloadThreads.factory(name, nice));
	}

	@Override
	public Validation validate(RuleFiles files, String origin, Instant now) {
		Running compiling = new Running(new Cancellation(), new CompletableFuture<>());
		this.running.set(compiling);
		try {
			this.threads.execute(() -> {
				try {
					compiling.outcome().complete(this.compile.run(files, origin, now, compiling.cancellation()));
				}
				catch (RuntimeException | Error ex) {
					compiling.outcome().completeExceptionally(ex);
				}
			});
			return compiling.outcome().get(this.limit.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			compiling.cancellation().cancel("took longer than " + RuleCompiler.text(this.limit));
			return RuleCompiler.tooSlow(files, origin, this.limit);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			// A stack or heap exhausted by the files (deeply nested junk) fails this
			// compile, not the reloading thread.
			throw new IllegalStateException("the rule compiler failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			compiling.cancellation().cancel("the server is stopping");
			Thread.currentThread().interrupt();
			throw new CompileCancelledException("the server is stopping");
		}
		finally {
			this.running.compareAndSet(compiling, null);
		}
	}

	@Override
	public void cancel(String reason) {
		Running compiling = this.running.get();
		if (compiling != null && compiling.cancellation().cancel(reason)) {
			compiling.outcome().completeExceptionally(new CompileCancelledException(reason));
		}
	}

	@Override
	public void close() {
		cancel("the server is stopping");
		this.threads.shutdown();
	}

	/** A compile, told when to stop. */
	@FunctionalInterface
	interface Compile {

		/**
		 * @return the outcome
		 * @throws CompileCancelledException when stopped by the cancellation
		 */
		Validation run(RuleFiles files, String origin, Instant now, Cancellation cancellation);

	}

	/** A compile in progress: how to stop it, and its outcome to come. */
	private record Running(Cancellation cancellation, CompletableFuture<Validation> outcome) {

	}

}
